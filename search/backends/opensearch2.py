"""Wagtail's OpenSearch 2 backend with the same Czech analysis as Elasticsearch 8.

The test run's live search node is OpenSearch 2.19 (Elasticsearch 8's
analysis module is not on Maven Central, see `docker/search-node/`), and a
site may run OpenSearch in production too: `SEARCH_ENGINE=opensearch2`.
"""

from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Index,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
)

from search.backends.czech_es import (
    EDGENGRAM_ANALYZER_CONFIG,
    CzechBackendMixin,
    CzechQueryCompilerMixin,
    PendingIndexMixin,
)


class CzechOpenSearch2Mapping(OpenSearch2Mapping):
    """OpenSearch mapping whose autocomplete uses the Czech edge-n-gram analyzer."""

    edgengram_analyzer_config = EDGENGRAM_ANALYZER_CONFIG


class CzechOpenSearch2Index(PendingIndexMixin, OpenSearch2Index):
    """OpenSearch index that records failed updates for the retry job, so an outage loses no change."""

    pass


class CzechOpenSearch2SearchQueryCompiler(CzechQueryCompilerMixin, OpenSearch2SearchQueryCompiler):
    """Full-text queries ranking entries with every word first (Czech mapping)."""

    mapping_class = CzechOpenSearch2Mapping


class CzechOpenSearch2AutocompleteQueryCompiler(OpenSearch2AutocompleteQueryCompiler):
    """Autocomplete against the Czech mapping."""

    mapping_class = CzechOpenSearch2Mapping


class CzechOpenSearch2SearchBackend(CzechBackendMixin, OpenSearch2SearchBackend):
    """The OpenSearch 2 backend with Czech analysis, the pending-update queue and facets (the node used in tests)."""

    mapping_class = CzechOpenSearch2Mapping
    index_class = CzechOpenSearch2Index
    query_compiler_class = CzechOpenSearch2SearchQueryCompiler
    autocomplete_query_compiler_class = CzechOpenSearch2AutocompleteQueryCompiler


SearchBackend = CzechOpenSearch2SearchBackend
