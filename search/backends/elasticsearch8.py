"""Wagtail's Elasticsearch 8 backend with Czech analysis, for production.

Text fields use the index's default analyzer `czech`:
standard tokenizer → lowercase → Czech stop words → Czech stemmer →
asciifolding. The stemmer works on words with diacritics, so folding comes
after it; a query typed without diacritics goes through the same chain.

Autocomplete: Wagtail's stock edge-n-gram analyzer folds only the indexed
text and searches with `standard`, so "péč" would not match. Here both the
index analyzer and the search analyzer fold.

If Elasticsearch is unreachable when a page or document is saved, the update
is written to `search.PendingIndexUpdate` and retried by a Celery task, so
publishing never fails because of the search server and the index catches up.
"""

import logging

from django.db import DatabaseError
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

logger = logging.getLogger(__name__)

CZECH_ANALYSIS = {
    "filter": {
        "czech_stop": {"type": "stop", "stopwords": "_czech_"},
        "czech_stemmer": {"type": "stemmer", "language": "czech"},
        "autocomplete_edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    },
    "analyzer": {
        "czech": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "czech_stop", "czech_stemmer", "asciifolding"],
        },
        # Wagtail's own names, so every mapping that refers to them is Czech too.
        "default": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "czech_stop", "czech_stemmer", "asciifolding"],
        },
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "autocomplete_edgengram"],
        },
        "autocomplete_search": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding"],
        },
    },
}


class CzechElasticsearch8Mapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "autocomplete_search",
    }


class CzechElasticsearch8Index(Elasticsearch8Index):
    """Records single-object updates that fail, for `retry_pending_index_updates`."""

    def add_item(self, item):
        try:
            super().add_item(item)
        except Exception as error:
            self.backend.record_pending(item, "update", error)
            raise

    def delete_item(self, item):
        try:
            super().delete_item(item)
        except Exception as error:
            self.backend.record_pending(item, "delete", error)
            raise


class CzechElasticsearch8SearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = CzechElasticsearch8Mapping


class CzechElasticsearch8AutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = CzechElasticsearch8Mapping


class CzechElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    mapping_class = CzechElasticsearch8Mapping
    index_class = CzechElasticsearch8Index
    query_compiler_class = CzechElasticsearch8SearchQueryCompiler
    autocomplete_query_compiler_class = CzechElasticsearch8AutocompleteQueryCompiler

    def __init__(self, params):
        params = dict(params)
        self.queue_name = params.pop("QUEUE_NAME", "default")
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for section, values in CZECH_ANALYSIS.items():
            analysis.setdefault(section, {}).update(values)

    def record_pending(self, item, action, error):
        from search.models import PendingIndexUpdate

        logger.warning("Elasticsearch refused %s of %r (%s); queued for retry.", action, item, error)
        try:
            PendingIndexUpdate.objects.update_or_create(
                backend_name=self.queue_name,
                model_label=item._meta.label_lower,
                object_pk=str(item.pk),
                defaults={"action": action, "last_error": str(error)[:500]},
            )
        except DatabaseError:
            logger.exception("Could not queue the index update of %r", item)


SearchBackend = CzechElasticsearch8SearchBackend
