from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """The plan as a PDF, the public read API, feeds and the site's basics (sitemap, robots, favicon)."""

    name = "publication"
    verbose_name = _("Publication and open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
