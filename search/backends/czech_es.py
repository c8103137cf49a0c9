"""What the Czech Elasticsearch 8 and OpenSearch 2 backends share.

Elasticsearch 8 is the production engine of the design card; the test run
starts an OpenSearch 2.19 node assembled from Maven Central (see
`docker/search-node/`), because Elasticsearch 8's analysis module is not
published there. Both speak the same index settings, mappings and query DSL,
so everything that matters — the Czech analysis chain, the pending-update
queue, facets from aggregations — lives here once.
"""

import logging

from django.db import DatabaseError

logger = logging.getLogger(__name__)

# Each word is indexed (and queried) as two stacked forms: stemmed then folded ("rodinám" →
# "rodin") and folded then stemmed ("rodinam"), so a query typed without diacritics — which the
# Czech stemmer reads differently — meets the text on one of them.
CZECH_CHAIN = ["lowercase", "czech_stop", "czech_forms", "remove_duplicates"]
ALL_TERMS_BOOST = 4.0

CZECH_ANALYSIS = {
    "filter": {
        "czech_stop": {"type": "stop", "stopwords": "_czech_"},
        "czech_stemmer": {"type": "stemmer", "language": "czech"},
        "czech_forms": {
            "type": "multiplexer",
            "filters": ["czech_stemmer, asciifolding", "asciifolding, czech_stemmer"],
            "preserve_original": False,
        },
        "autocomplete_edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    },
    "analyzer": {
        "czech": {"type": "custom", "tokenizer": "standard", "filter": CZECH_CHAIN},
        # Wagtail's own names, so every mapping that refers to them is Czech too.
        "default": {"type": "custom", "tokenizer": "standard", "filter": CZECH_CHAIN},
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "autocomplete_edgengram"],
        },
        "autocomplete_search": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
}

# Both sides of autocomplete fold, so "péč" finds "péče" typed either way.
EDGENGRAM_ANALYZER_CONFIG = {"analyzer": "edgengram_analyzer", "search_analyzer": "autocomplete_search"}

FACET_SIZE = 500


class CzechQueryCompilerMixin:
    """Entries that contain every word of the query rank first; the others still count."""

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        any_word = super()._compile_plaintext_query(query, fields, boost)
        if query.operator != "or":
            return any_word
        every_word = super()._compile_plaintext_query(query, fields, boost * ALL_TERMS_BOOST)
        clause = next(iter(every_word.values()))
        (clause if "query" in clause else next(iter(clause.values())))["operator"] = "and"
        return {"bool": {"should": [every_word, any_word], "minimum_should_match": 1}}


class PendingIndexMixin:
    """Records updates that fail (one object or a bulk), for `retry_pending_index_updates`."""

    def add_item(self, item):
        try:
            super().add_item(item)
        except Exception as error:
            self.backend.record_pending(item, "update", error)
            raise

    def add_items(self, model, items):
        try:
            super().add_items(model, items)
        except Exception as error:
            for item in items:
                self.backend.record_pending(item, "update", error)
            raise

    def delete_item(self, item):
        try:
            super().delete_item(item)
        except Exception as error:
            self.backend.record_pending(item, "delete", error)
            raise


class CzechBackendMixin:
    """Czech analysis in the index settings, the pending queue, aggregation facets."""

    supports_facet_aggregations = True

    def __init__(self, params):
        params = dict(params)
        self.queue_name = params.pop("QUEUE_NAME", "default")
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        for section, values in CZECH_ANALYSIS.items():
            analysis.setdefault(section, {}).update(values)

    def record_pending(self, item, action, error):
        from search.models import PendingIndexUpdate

        logger.warning("The search server refused %s of %r (%s); queued for retry.", action, item, error)
        try:
            PendingIndexUpdate.objects.update_or_create(
                backend_name=self.queue_name,
                model_label=item._meta.label_lower,
                object_pk=str(item.pk),
                defaults={"action": action, "last_error": str(error)[:500]},
            )
        except DatabaseError:
            logger.exception("Could not queue the index update of %r", item)

    def faceted_search(self, query, queryset, filters, facet_names, start, size, by_relevance=True):
        """One request: the page of hits that pass every filter, the exact total, and per facet
        the counts over *all* matches that pass the other facets' filters (aggregations).

        `filters` maps a filter field name of `queryset.model` to one selected value.
        Returns (total, objects in rank order, {facet: {value: count}}).
        """
        results = self.search(query, queryset, order_by_relevance=by_relevance)
        compiler = results.query_compiler
        mapping = compiler.mapping

        def column(name):
            return mapping.get_field_column_name(compiler._get_filterable_field(name))

        terms = {name: {"term": {column(name): value}} for name, value in filters.items() if value}
        aggregations = {}
        for name in facet_names:
            others = [term for other, term in terms.items() if other != name]
            aggregations[name] = {
                "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
                "aggs": {"values": {"terms": {"field": column(name), "size": FACET_SIZE}}},
            }
        body = {
            "query": compiler.get_query(),
            "aggs": aggregations,
            "track_total_hits": True,
            "from": start,
            "size": size,
        }
        if terms:
            body["post_filter"] = {"bool": {"filter": list(terms.values())}}
        sort = compiler.get_sort()
        if sort is not None:
            body["sort"] = sort
        index = self.get_index_for_model(queryset.model).name
        if getattr(self, "use_new_elasticsearch_api", False):
            body["from_"] = body.pop("from")
            response = self.es.search(index=index, **body, _source=False, stored_fields="pk")
        else:
            response = self.es.search(index=index, body=body, _source=False, stored_fields="pk")
        pks = [hit["fields"]["pk"][0] for hit in response["hits"]["hits"]]
        objects = queryset.in_bulk([int(pk) for pk in pks])
        hits = [objects[int(pk)] for pk in pks if int(pk) in objects]
        counts = {
            name: {str(b["key"]): b["doc_count"] for b in response["aggregations"][name]["values"]["buckets"]}
            for name in facet_names
        }
        return response["hits"]["total"]["value"], hits, counts
