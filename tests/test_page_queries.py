"""Queries of the public plan pages on a real-size plan: a fixed number, never one per chapter or item.

The plan (tests/real_plan.py) has 12 chapters, each approved by its working
group, the steering group and the council (36 rows of approval history; each
chapter is now in its public consultation, so the chapter page serves the
draft asked about), and a strategic part of 150 activities. A query per
chapter or per activity would add 12 or 150 queries and break these limits.
Time is measured in bench/bench_pages.py, not here.
"""

import pytest
from django.db import transaction

from tests.real_plan import CHAPTERS, build_real_plan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def plan_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_real_plan()
        transaction.set_rollback(True)


def test_plan_page_shows_the_whole_approval_history_without_a_query_per_chapter(
    plan_world, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40):
        response = client.get(plan_world.plan.url)
    html = response.content.decode()
    assert response.status_code == 200
    # Every chapter's three stages are in the table: working group, steering group, council.
    assert html.count('<th scope="row">') >= 3 * CHAPTERS
    for number in range(1, CHAPTERS + 1):
        assert f"ZM/{number}/2026" in html
    assert "PS Senioři" in html and "PS Rodiny s dětmi" in html and "Řídící skupina" in html


def test_chapter_page_under_consultation_has_a_fixed_number_of_queries(
    plan_world, client, django_assert_max_num_queries
):
    chapter = plan_world.chapters[5]
    with django_assert_max_num_queries(32):
        response = client.get(chapter.url)
    assert response.status_code == 200
    assert "Odstavec 8 kapitoly 6." in response.content.decode()


def test_strategic_part_of_150_activities_has_no_query_per_item(plan_world, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get(plan_world.part.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aktivita 8.4.3" in html or html.count("Aktivita ") >= 150
