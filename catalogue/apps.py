from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The catalogue of services; ready() connects the receivers that keep its search entries and PDF current."""

    name = "catalogue"
    verbose_name = _("Catalogue of services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
