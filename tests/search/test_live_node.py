"""Against the live search node of the test run (OpenSearch 2.19, `tests/services.py`).

What the index was created with is read back from the node, the Czech chain
is shown on a real sentence by `_analyze`, facets come from aggregations over
every match, and stopping the node never stops publishing.
"""

import json
import urllib.request
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from cms.models import NewsPage
from search.models import PendingIndexUpdate, SearchEntry
from search.query import MAX_HITS, run_search
from search.tasks import retry_pending_index_updates
from tests.services import ensure_search_node, start_search_node, stop_search_node

pytestmark = pytest.mark.live_elasticsearch

PREFIX = f"triada_live_{uuid.uuid4().hex[:8]}_"


def node_get(path, body=None):
    url = ensure_search_node() + path
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def live_params(queue="live"):
    return {
        "BACKEND": "search.backends.opensearch2",
        "URLS": [ensure_search_node()],
        "INDEX_PREFIX": PREFIX,
        "TIMEOUT": 30,
        "QUEUE_NAME": queue,
    }


@pytest.fixture(scope="module")
def live_index(django_db_blocker):
    params = live_params()
    backend = get_search_backend(params.pop("BACKEND"), **params)
    index = backend.get_index_for_model(SearchEntry)
    index.reset()
    index.add_model(SearchEntry)
    yield backend, index
    index.delete()


def test_the_node_keeps_the_czech_settings_and_mappings_it_was_sent(live_index):
    backend, index = live_index
    sent_analysis = backend.settings["settings"]["analysis"]
    stored = node_get(f"/{index.name}/_settings")[index.name]["settings"]["index"]
    assert stored["analysis"]["analyzer"]["czech"]["filter"] == [
        "lowercase",
        "czech_stop",
        "czech_forms",
        "remove_duplicates",
    ]
    assert stored["analysis"]["filter"]["czech_forms"]["filters"] == [
        "czech_stemmer, asciifolding",
        "asciifolding, czech_stemmer",
    ]
    assert stored["analysis"]["filter"]["czech_stemmer"] == {"type": "stemmer", "language": "czech"}
    assert stored["analysis"]["filter"]["czech_stop"] == {"type": "stop", "stopwords": "_czech_"}
    assert set(stored["analysis"]["analyzer"]) == set(sent_analysis["analyzer"])
    sent_mapping = backend.mapping_class(SearchEntry).get_mapping()["properties"]
    stored_mapping = node_get(f"/{index.name}/_mapping")[index.name]["mappings"]["properties"]
    assert stored_mapping["kind_filter"] == {"type": "keyword"}
    assert stored_mapping["target_groups_filter"] == {"type": "keyword"}
    assert stored_mapping["title_edgengrams"]["search_analyzer"] == "autocomplete_search"
    for name, field in sent_mapping.items():
        assert stored_mapping[name]["type"] == field.get("type", "object"), name


def test_the_czech_chain_applied_to_a_sentence(live_index):
    _backend, index = live_index

    def tokens(text):
        """The forms the node indexes for each word position of `text`."""
        analysed = node_get(f"/{index.name}/_analyze", {"analyzer": "czech", "text": text})
        positions = {}
        for token in analysed["tokens"]:
            positions.setdefault(token["position"], set()).add(token["token"])
        return [positions[position] for position in sorted(positions)]

    # Lower-cased, "se" and "v" dropped as stop words, stemmed, diacritics folded.
    assert tokens("Valné hromady se konají v zasedací místnosti") == [
        {"valn"},
        {"hromad"},
        {"konaj"},
        {"zasedak"},
        {"mistnost"},
    ]
    # Both stacked forms: stemmed-then-folded and folded-then-stemmed, so a query typed
    # without diacritics ("rodinam") meets the text on the second one.
    assert tokens("rodinám s dětmi") == [{"rodin", "rodinam"}, {"det", "dt"}]
    assert tokens("rodinam") == [{"rodinam"}]
    # The same stems whatever the case ending, so the inflected forms find each other.
    assert tokens("valná hromada") == tokens("valné hromady")
    assert tokens("zasedaci mistnost") == tokens("zasedací místnosti")


@pytest.mark.django_db
def test_facets_count_every_match_not_only_the_first_thousand(live_index, settings):
    backend, index = live_index
    entries = [
        SearchEntry(
            source_key=f"live-facet:{number}",
            kind="document" if number % 12 < 5 else "chapter",
            title=f"Rozpočet sociálních služeb {number}",
            text="Rozpočet na rok.",
            url=f"/r/{number}/",
            year=2024 + number % 3,
            target_groups=["seniors"] if number % 4 == 0 else [],
        )
        for number in range(1200)
    ]
    SearchEntry.objects.bulk_create(entries)
    created = list(SearchEntry.objects.filter(source_key__startswith="live-facet:"))
    index.add_items(SearchEntry, created)
    index.refresh()
    settings.WAGTAILSEARCH_BACKENDS = {"default": live_params()}

    outcome = run_search("sociální služby", AnonymousUser())
    assert outcome.total == 1200 > MAX_HITS
    assert not outcome.capped
    facets = {facet.name: {value: count for value, _label, count, _sel in facet.options} for facet in outcome.facets}
    assert facets["kind"] == {"chapter": 700, "document": 500}
    assert facets["year"] == {"2024": 400, "2025": 400, "2026": 400}
    assert facets["target_group"] == {"seniors": 300}
    assert outcome.page.paginator.num_pages == 120

    documents = run_search(
        "sociální služby", AnonymousUser(), filters={"kind": "document", "year": "2025"}, page_number=3
    )
    expected = sum(1 for n in range(1200) if n % 12 < 5 and n % 3 == 1)
    assert documents.total == expected
    assert all(hit.kind == "document" and hit.year == 2025 for hit in documents.page.object_list)
    assert documents.page.number == 3
    kind_counts = {value: count for value, _l, count, _s in documents.facets[0].options}
    # The kind facet ignores its own filter: what switching to chapters would give.
    assert kind_counts == {"document": expected, "chapter": sum(1 for n in range(1200) if n % 12 >= 5 and n % 3 == 1)}


@pytest.mark.django_db
def test_publishing_survives_the_node_going_down_and_the_index_catches_up(corpus, live_index, settings):
    backend, index = live_index
    settings.WAGTAILSEARCH_BACKENDS = {**settings.WAGTAILSEARCH_BACKENDS, "live": live_params()}
    stop_search_node()
    try:
        news_index = corpus["news"].get_parent()
        with TestCase.captureOnCommitCallbacks(execute=True):
            news = NewsPage(title="Burza dobrovolnictví v Lipově", slug="burza-dobrovolnictvi")
            news_index.add_child(instance=news)
            news.save_revision().publish()
        news.refresh_from_db()
        assert news.live
        queued = PendingIndexUpdate.objects.filter(backend_name="live", model_label="search.searchentry")
        assert queued.exists()
        assert retry_pending_index_updates() == 0  # still down: kept for the next round
    finally:
        start_search_node()
    assert retry_pending_index_updates() >= 1
    # (This test's node has only the SearchEntry index, which is what the public search reads.)
    assert not queued.exists()
    index.refresh()
    found = get_search_backend("live").search("burza dobrovolnictvi", SearchEntry.objects.all())
    assert [entry.title for entry in found[:3]] == ["Burza dobrovolnictví v Lipově"]
