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
The shared parts live in `search.backends.czech_es` (also used by OpenSearch).
"""

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from search.backends.czech_es import (
    CZECH_ANALYSIS,
    EDGENGRAM_ANALYZER_CONFIG,
    CzechBackendMixin,
    CzechQueryCompilerMixin,
    PendingIndexMixin,
)

__all__ = ["CZECH_ANALYSIS", "CzechElasticsearch8Mapping", "CzechElasticsearch8SearchBackend", "SearchBackend"]


class CzechElasticsearch8Mapping(Elasticsearch8Mapping):
    """Elasticsearch mapping whose autocomplete uses the Czech edge-n-gram analyzer."""

    edgengram_analyzer_config = EDGENGRAM_ANALYZER_CONFIG


class CzechElasticsearch8Index(PendingIndexMixin, Elasticsearch8Index):
    """Elasticsearch index that records failed updates for the retry job, so an outage loses no change."""

    pass


class CzechElasticsearch8SearchQueryCompiler(CzechQueryCompilerMixin, Elasticsearch8SearchQueryCompiler):
    """Full-text queries ranking entries with every word first (Czech mapping)."""

    mapping_class = CzechElasticsearch8Mapping


class CzechElasticsearch8AutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    """Autocomplete against the Czech mapping."""

    mapping_class = CzechElasticsearch8Mapping


class CzechElasticsearch8SearchBackend(CzechBackendMixin, Elasticsearch8SearchBackend):
    """The Elasticsearch 8 backend of production, with Czech analysis, the pending-update queue and facets."""

    mapping_class = CzechElasticsearch8Mapping
    index_class = CzechElasticsearch8Index
    query_compiler_class = CzechElasticsearch8SearchQueryCompiler
    autocomplete_query_compiler_class = CzechElasticsearch8AutocompleteQueryCompiler


SearchBackend = CzechElasticsearch8SearchBackend
