from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Meetings of the bodies; ready() connects its receivers and registers its search source (search does not import meetings)."""

    name = "meetings"
    verbose_name = _("Meetings and minutes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_source, signals

        signals.connect()
        search_source.register()
