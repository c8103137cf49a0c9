from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SearchConfig(AppConfig):
    """Registers cms's search sources and connects the index-following receivers (search imports no app but cms)."""

    name = "search"
    verbose_name = pgettext_lazy("search page", "Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals, sources

        sources.register_cms_sources()
        signals.connect()
