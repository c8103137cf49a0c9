from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The content model every other app builds on; its ready() connects only cms's own receivers and policies (cms imports no app)."""

    name = "cms"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks, permissions, signals  # noqa: F401 (checks registers itself)

        signals.connect()
        permissions.register()

        from .admin.timesince import patch_wagtail_admin_timesince

        patch_wagtail_admin_timesince()
