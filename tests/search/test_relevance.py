"""The Czech relevance suite: query → the entry a person expects among the first hits.

Runs on PostgreSQL (the `czech` configuration), and again against the test
run's live search node (OpenSearch 2.19 with the Czech analysis of the
Elasticsearch 8 backend, `tests/services.py`).
"""

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from search.models import SearchEntry
from search.query import ranked_entries, run_search
from tests.services import ensure_search_node

TOP = 3

# (query, what must be among the first TOP hits)
CASES = [
    ("pečovatelská služba", "chapter:seniors"),
    ("pecovatelska sluzba", "chapter:seniors"),
    ("PEČOVATELSKÉ SLUŽBY", "chapter:seniors"),
    ("seniorům", "chapter:seniors"),
    ("seniory", "chapter:seniors"),
    ("městech", "chapter:funding"),
    ("mestech", "chapter:funding"),
    ("rodinám s dětmi", "chapter:families"),
    ("rodinam s detmi", "chapter:families"),
    ("dluhové poradny", "chapter:families"),
    ("chráněném bydlení", "chapter:disability"),
    ("chranene bydleni", "chapter:disability"),
    ("osobní asistenci", "chapter:disability"),
    ("dotacím kraje", "chapter:funding"),
    ("odlehčovací služby", "item:1.1.1"),
    ("odlehcovaci sluzba", "item:1.1.1"),
    ("terénních služeb", "item:1.1"),
    ("terenni sluzby", "item:1.1"),
    ("domácím prostředí", "item:1"),
    ("veřejném projednání", "news"),
    ("verejne projednani", "news"),
    ("sokolovně", "news"),
    ("bezbariérovost", "event"),
    ("kulturní dům Sušice", "event"),
    ("hospicové péče", "document:pdf"),
    ("hospicova pece", "document:pdf"),
    ("Klatovské nemocnici", "document:pdf"),
    ("přepravní služba", "document:docx"),
    ("prepravni sluzby", "document:docx"),
    ("respondentů", "document:docx"),
    ("senior taxi", "document:docx"),
    ("azylového zařízení", "chapter:funding"),
    ("azylovém", "document:odt"),
    ("azylovy dum", "document:odt"),
    ("matkám s dětmi", "document:odt"),
    ("Horažďovice", "document:odt"),
]


def expected_key(corpus, target):
    kind, _, name = target.partition(":")
    if kind == "chapter":
        return f"page:{corpus['chapters'][name].pk}"
    if kind == "item":
        return f"item:{corpus['items'][name].pk}"
    if kind == "document":
        return f"document:{corpus['documents'][name].pk}"
    return f"page:{corpus[kind].pk}"


def check_case(corpus, query, target):
    hits = ranked_entries(query, AnonymousUser(), corpus["territory"])
    keys = [hit.source_key for hit in hits[:TOP]]
    assert expected_key(corpus, target) in keys, f"{query!r}: expected {target} in {[h.title for h in hits[:TOP]]}"


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "target"), CASES, ids=[query for query, _ in CASES])
def test_postgresql(corpus, query, target):
    check_case(corpus, query, target)


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "target"), CASES, ids=[query for query, _ in CASES])
def test_postgresql_results_page(corpus, query, target):
    """The results page ranks in one statement with the body ranked for the best candidates only:
    the first hits a visitor reads must be the same ones."""
    outcome = run_search(query, AnonymousUser(), territory=corpus["territory"])
    hits = list(outcome.page.object_list)[:TOP]
    assert expected_key(corpus, target) in [hit.source_key for hit in hits], f"{query!r}: {[h.title for h in hits]}"


@pytest.mark.django_db
def test_strategic_item_hits_link_to_the_item(corpus):
    hits = ranked_entries("odlehčovací služby", AnonymousUser(), corpus["territory"])
    item_hit = next(hit for hit in hits if hit.source_key.startswith("item:"))
    assert item_hit.url.endswith("/strategicka-cast/polozka/1.1.1/")


@pytest.fixture(scope="module")
def elasticsearch_backend(corpus, django_db_blocker):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(
        "search.backends.opensearch2", URLS=[ensure_search_node()], INDEX_PREFIX=f"triada_test_{uuid.uuid4().hex[:8]}_"
    )
    index = backend.get_index_for_model(SearchEntry)
    with django_db_blocker.unblock():
        index.reset()
        index.add_model(SearchEntry)
        index.add_items(SearchEntry, list(SearchEntry.objects.all()))
        index.refresh()
    yield backend
    index.delete()


@pytest.mark.live_elasticsearch
@pytest.mark.django_db
@pytest.mark.parametrize(("query", "target"), CASES, ids=[query for query, _ in CASES])
def test_elasticsearch(corpus, elasticsearch_backend, query, target):
    entries = SearchEntry.objects.visible_to(AnonymousUser()).filter(territory=corpus["territory"])
    hits = list(elasticsearch_backend.search(query, entries)[:TOP])
    assert expected_key(corpus, target) in [hit.source_key for hit in hits], f"{query!r}: {[h.title for h in hits]}"
