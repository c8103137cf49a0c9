"""Publishing a strategic part leaves its search entries to a real Celery worker, and loses none.

The publish only records what is owed (`PendingPageSync`, in the publishing
transaction) and enqueues `sync_page_entries` after the commit; the worker
writes every item's entry in one batch. With Redis stopped the publish still
succeeds, and beat's sweep (`sync_pending_pages`) makes the entries up later.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from search.models import EntryKind, PendingPageSync, SearchEntry
from search.query import run_search
from tests.factories import ensure_wagtail_roots, make_plan, make_strategic_part, make_territory

ITEMS = 3 + 8 + 21  # priorities, measures, activities
ACTIVITIES = 21


def found_activities():
    """What a visitor finds: every activity is titled "Aktivita p.m.a"."""
    return run_search("aktivita", AnonymousUser(), filters={"kind": EntryKind.STRATEGIC_ITEM}).total


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_makes_a_published_part_findable_and_a_stopped_redis_loses_nothing(celery_worker):
    from search.tasks import sync_pending_pages
    from tests.celery_worker import wait_until
    from tests.services import start_redis, stop_redis

    ensure_wagtail_roots()  # an earlier transactional test flushed the migration data
    territory = make_territory("ORP Sušice", hostname="testserver")
    plan = make_plan(territory)
    first = make_strategic_part(plan, size=(3, 8, 21), title="Strategická část")
    wait_until(lambda: found_activities() == ACTIVITIES, timeout=180, message="the worker to index the part's items")
    entries = SearchEntry.objects.filter(source_key__startswith="item:", kind=EntryKind.STRATEGIC_ITEM)
    assert entries.count() == ITEMS
    assert all(f"/{first.slug}/" in entry.url for entry in entries)
    wait_until(lambda: not PendingPageSync.objects.exists(), timeout=180, message="the owed sync to be cleared")

    stop_redis()
    try:
        second = make_strategic_part(plan, size=(3, 8, 21), title="Strategická část B", number=11)
    finally:
        start_redis()
    second.refresh_from_db()
    assert second.live  # the publish itself did not fail
    assert PendingPageSync.objects.filter(page_id=second.pk).exists()
    assert found_activities() == ACTIVITIES  # the second part's items are owed, not yet findable
    celery_worker.ensure_running()  # if the lost broker made the worker exit, its supervisor restarts it
    # Beat's sweep (run here at once instead of waiting two minutes) catches up.
    sync_pending_pages.delay(older_than_minutes=0)
    wait_until(
        lambda: found_activities() == 2 * ACTIVITIES,
        timeout=180,
        message="the sweep to index the part published without Redis",
    )
    assert SearchEntry.objects.filter(source_key__startswith="item:").count() == 2 * ITEMS
    assert not PendingPageSync.objects.exists()
