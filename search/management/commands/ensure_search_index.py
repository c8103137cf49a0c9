"""Create and fill the search server's indexes when one is missing; nothing when all exist.

Run by docker/bin/setup on every start of the web process: a fresh
Elasticsearch/OpenSearch (first start, or one whose data was lost) gets its
indexes built from the database, a running one is left alone (a full rebuild
stays `manage.py rebuild_search_index`).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from modelsearch.index import get_indexed_models
from wagtail.search.backends import get_search_backend

from search.models import SearchEntry


class Command(BaseCommand):
    """Run on deploy (docker/bin/setup): a new or wiped search node gets its indexes without a manual rebuild."""

    help = "Create and fill the search server's indexes if any is missing."

    def handle(self, *args, **options):
        from django.conf import settings

        for alias in settings.WAGTAILSEARCH_BACKENDS:
            backend = get_search_backend(alias)
            if not hasattr(backend, "es"):
                continue
            names = {backend.get_index_for_model(model).name for model in get_indexed_models()}
            names.add(backend.get_index_for_model(SearchEntry).name)
            missing = sorted(name for name in names if not backend.index_class(backend, name).exists())
            if not missing:
                self.stdout.write(f"{alias}: every search index exists.")
                continue
            self.stdout.write(f"{alias}: missing {', '.join(missing)}; building the indexes.")
            call_command("update_index", backend_name=alias, verbosity=0)
