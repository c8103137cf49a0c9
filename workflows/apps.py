from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    """The review and consultation workflows; their receivers of page events connect in ready()."""

    name = "workflows"
    verbose_name = _("Review and consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each part connects its signal handlers (with a dispatch_uid) here.
        from workflows.review.receivers import connect as connect_review

        connect_review()
