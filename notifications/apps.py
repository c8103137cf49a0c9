from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """E-mail and admin-inbox notifications of review and consultation events."""

    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications import receivers
        from notifications.wagtail_mail import silence_wagtail_workflow_emails
        from triada.periodic import maybe_start_in_process_scheduler

        receivers.connect()
        silence_wagtail_workflow_emails()
        maybe_start_in_process_scheduler()
