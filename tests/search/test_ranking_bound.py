"""PostgreSQL ranks the long body vectors of a few hundred candidates only, and nothing is lost by it.

More entries match than the backend ranks by body (RANK_CANDIDATES): the one whose title
says what the visitor asked for still comes first although it is the oldest, and paging to
the end shows every match exactly once (the candidates are ranked in whole blocks).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from wagtail.search.backends import get_search_backend

from search.backends.postgres import RANK_CANDIDATES
from search.models import SearchEntry
from search.query import PAGE_SIZE, run_search

BODY_ONLY = RANK_CANDIDATES + 45


@pytest.fixture
def entries(db):
    rows = [
        SearchEntry(
            source_key="bound:title",
            kind="chapter",
            title="Hospicová péče v Klatovech",
            text="Kapitola o tom, kdo pomáhá v posledních dnech.",
            url="/hospic/",
        )
    ]
    rows += [
        SearchEntry(
            source_key=f"bound:body:{number}",
            kind="document",
            title=f"Zápis z jednání {number}",
            text="Skupina projednala, jak rozšířit hospicovou péči v regionu.",
            url=f"/zapis/{number}/",
        )
        for number in range(BODY_ONLY)
    ]
    rows += [SearchEntry(source_key="bound:other", kind="chapter", title="Doprava do škol", url="/doprava/")]
    created = SearchEntry.objects.bulk_create(rows)
    get_search_backend().add_bulk(SearchEntry, created)
    return created


def test_the_title_match_leads_although_more_match_than_are_ranked(entries):
    outcome = run_search("hospicová péče", AnonymousUser())
    assert outcome.total == BODY_ONLY + 1 > RANK_CANDIDATES
    assert next(iter(outcome.page.object_list)).source_key == "bound:title"


def test_paging_to_the_end_shows_every_match_once(entries):
    seen = []
    for number in range(1, -(-(BODY_ONLY + 1) // PAGE_SIZE) + 1):
        outcome = run_search("hospicova pece", AnonymousUser(), page_number=number)
        assert outcome.page.number == number
        seen += [hit.source_key for hit in outcome.page.object_list]
    assert len(seen) == len(set(seen)) == BODY_ONLY + 1
    assert "bound:other" not in seen
