"""PostgreSQL: the results page counts every match, not the first 1,000 (GROUP BY over the matched set).

1,300 entries match "rozpočet služeb", more than the 1,000 hits the facets were once counted
from; the announced total, every facet's counts (each ignoring its own filter) and the page
of hits after a filter are checked through the page a visitor reads and through `run_search`.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from wagtail.search.backends import get_search_backend

from search.models import SearchEntry
from search.query import MAX_HITS, run_search

MATCHES = 1300


def kind_of(number):
    return "document" if number % 13 < 5 else "chapter"


def year_of(number):
    return 2024 + number % 3


@pytest.fixture(scope="module")
def many_matches(django_db_setup, django_db_blocker):
    """1,300 matching entries (10 % internal, never counted for visitors) and 200 that do not match."""
    with django_db_blocker.unblock(), transaction.atomic():
        rows = [
            SearchEntry(
                source_key=f"facet:{number}",
                kind=kind_of(number),
                title=f"Rozpočet sociálních služeb {number}",
                text="Kolik stojí pečovatelská služba a osobní asistence.",
                url=f"/rozpocet/{number}/",
                year=year_of(number),
                target_groups=["seniori"] if number % 4 == 0 else [],
                is_public=True,
            )
            for number in range(MATCHES)
        ]
        rows += [
            SearchEntry(
                source_key=f"facet:internal:{number}",
                kind="chapter",
                title=f"Rozpočet sociálních služeb, interní {number}",
                url=f"/interni/{number}/",
                year=2024,
                is_public=False,
            )
            for number in range(130)
        ]
        rows += [
            SearchEntry(
                source_key=f"facet:other:{number}",
                kind="chapter",
                title=f"Doprava do škol {number}",
                url=f"/doprava/{number}/",
                year=2024,
            )
            for number in range(200)
        ]
        created = SearchEntry.objects.bulk_create(rows)
        get_search_backend().add_bulk(SearchEntry, created)
        yield
        transaction.set_rollback(True)


def counts(outcome):
    return {
        facet.name: {value: count for value, _label, count, _selected in facet.options} for facet in outcome.facets
    }


@pytest.mark.django_db
def test_total_and_facets_count_all_1300_matches(many_matches):
    outcome = run_search("rozpočet služeb", AnonymousUser())
    assert outcome.total == MATCHES > MAX_HITS
    assert not outcome.capped
    facets = counts(outcome)
    documents = sum(1 for n in range(MATCHES) if kind_of(n) == "document")
    assert facets["kind"] == {"chapter": MATCHES - documents, "document": documents}
    assert facets["year"] == {
        str(year): sum(1 for n in range(MATCHES) if year_of(n) == year) for year in (2024, 2025, 2026)
    }
    assert facets["target_group"] == {"seniori": len(range(0, MATCHES, 4))}
    assert outcome.page.paginator.num_pages == 130


@pytest.mark.django_db
def test_filters_narrow_the_page_and_each_facet_ignores_its_own_filter(many_matches):
    outcome = run_search(
        "rozpočet služeb", AnonymousUser(), filters={"kind": "document", "year": "2025"}, page_number=3
    )
    expected = sum(1 for n in range(MATCHES) if kind_of(n) == "document" and year_of(n) == 2025)
    assert outcome.total == expected
    assert outcome.page.number == 3
    assert len(outcome.page.object_list) == 10
    assert all(hit.kind == "document" and hit.year == 2025 for hit in outcome.page.object_list)
    facets = counts(outcome)
    # What switching the type would give (the year filter still applies) …
    assert facets["kind"] == {
        "document": expected,
        "chapter": sum(1 for n in range(MATCHES) if kind_of(n) == "chapter" and year_of(n) == 2025),
    }
    # … and what switching the year would give (the type filter still applies).
    assert facets["year"] == {
        str(year): sum(1 for n in range(MATCHES) if kind_of(n) == "document" and year_of(n) == year)
        for year in (2024, 2025, 2026)
    }
    seniors = run_search("rozpočet služeb", AnonymousUser(), filters={"target_group": "seniori", "kind": "chapter"})
    assert seniors.total == sum(1 for n in range(0, MATCHES, 4) if kind_of(n) == "chapter")
    assert {hit.kind for hit in seniors.page.object_list} == {"chapter"}


@pytest.mark.django_db
def test_page_beyond_the_last_shows_the_last(many_matches):
    outcome = run_search("rozpočet služeb", AnonymousUser(), filters={"year": "2026"}, page_number=1000)
    expected = sum(1 for n in range(MATCHES) if year_of(n) == 2026)
    assert outcome.total == expected
    assert outcome.page.number == -(-expected // 10)
    assert outcome.page.object_list


@pytest.mark.django_db
def test_the_results_page_announces_the_exact_count(many_matches, client):
    response = client.get("/hledat/", {"q": "rozpočet služeb", "scope": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    heading = re.search(r'<h2 id="search-count">(.*?)</h2>', html, re.S).group(1)
    assert "1300" in heading.replace("\xa0", "").replace(" ", "")
    assert "Zobrazeny jsou jen nejrelevantnější" not in html


@pytest.mark.django_db
def test_a_query_without_words_finds_nothing_and_says_so(many_matches, client):
    response = client.get("/hledat/", {"q": "!!! ?", "scope": "all"})
    assert response.status_code == 200
    assert run_search("!!! ?", AnonymousUser()).total == 0
