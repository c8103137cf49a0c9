import importlib
import pkgutil

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo, installed only by the dev and test settings (never in production)."""

    name = "demo"
    verbose_name = "Demo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every module of this package may register steps; importing them is enough,
        # so an app's engineer adds `demo/<app>.py` without touching a shared list.
        for module in pkgutil.iter_modules([self.path]):
            if not module.ispkg:
                importlib.import_module(f"demo.{module.name}")
