"""Two people deciding the same stage at the same moment: exactly one transition.

The proof that the two requests really met: while the first holds the workflow's row lock inside
its transaction, PostgreSQL itself reports the second request's backend blocked by it
(`pg_blocking_pids`). Without that evidence the tests fail, so a run where the requests happened
one after the other cannot pass for a race.
"""

import threading
import time

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState

from tests.factories import PASSWORD, make_user
from tests.workflows.review_setup import build_world, current, stage_of, submit
from workflows.models import SteeringApproval, SteeringGroupApprovalTask

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BLOCKED_BY = """
    SELECT pid, query FROM pg_stat_activity
    WHERE %s = ANY(pg_blocking_pids(pid)) AND query ILIKE %s
"""


class Overlap:
    """Holds the first transition open until PostgreSQL shows the other request waiting on its lock."""

    def __init__(self):
        self.armed = False
        self.evidence = None
        self._lock = threading.Lock()

    def hold(self, sender, **kwargs):
        if not self.armed or self.evidence is not None or not connection.in_atomic_block:
            return
        with self._lock:  # one holder watches; a second save in the same thread returns above
            if self.evidence is not None:
                return
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                holder = cursor.fetchone()[0]
            observer = connections.create_connection("default")
            try:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    with observer.cursor() as cursor:
                        cursor.execute(BLOCKED_BY, [holder, "%wagtailcore_workflowstate%FOR UPDATE%"])
                        blocked = cursor.fetchall()
                    if blocked:
                        self.evidence = {"holder": holder, "blocked": blocked}
                        return
                    time.sleep(0.02)
            finally:
                observer.close()


@pytest.fixture
def overlap():
    """Armed only around the simultaneous requests (setup also saves task states)."""
    watcher = Overlap()
    post_save.connect(watcher.hold, sender=TaskState, weak=False, dispatch_uid="test-overlap-state")
    post_save.connect(watcher.hold, sender=SteeringApproval, weak=False, dispatch_uid="test-overlap-approval")
    yield watcher
    post_save.disconnect(sender=TaskState, dispatch_uid="test-overlap-state")
    post_save.disconnect(sender=SteeringApproval, dispatch_uid="test-overlap-approval")


def assert_they_met(watcher):
    assert watcher.evidence is not None, "the second request never waited on the first one's lock"
    (pid, query), *_ = watcher.evidence["blocked"]
    assert pid != watcher.evidence["holder"]
    assert "FOR UPDATE" in query


def run_together(users, page, task_state, watcher, action="approve"):
    """POST the same workflow action for each user from its own thread and connection."""
    watcher.armed = True
    barrier = threading.Barrier(len(users))
    results, errors = {}, []
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])

    def worker(user):
        try:
            client = Client()
            assert client.login(username=user.username, password=PASSWORD)
            barrier.wait(timeout=30)
            results[user.username] = client.post(url, {"comment": ""})
        except Exception as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


def test_two_working_group_members_approve_at_once(overlap):
    world = build_world()
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    submit(world)
    _state, task_state = current(world.chapter)

    results = run_together([world.wg_member, second], world.chapter, task_state, overlap)

    assert_they_met(overlap)

    assert sorted(r.status_code for r in results.values()) == [302, 302]  # nobody sees an error page
    conflict_url = reverse("workflows_review:conflict", args=[world.chapter.pk])
    assert sum(r["Location"].startswith(conflict_url) for r in results.values()) == 1
    states = TaskState.objects.for_instance(world.chapter)
    assert states.filter(task=task_state.task, status=TaskState.STATUS_APPROVED).count() == 1
    assert states.filter(status=TaskState.STATUS_IN_PROGRESS).count() == 1
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"


def test_quorum_reached_by_two_simultaneous_approvals_moves_on_once(overlap):
    world = build_world()
    task = SteeringGroupApprovalTask.objects.get(pk=world.workflow.tasks[1].pk)
    task.quorum = 2
    task.save()
    submit(world)
    _state, wg_state = current(world.chapter)
    wg_state.task.specific.on_action(wg_state, world.wg_member, "approve")
    _state, steering_state = current(world.chapter)

    results = run_together(world.steering[:2], world.chapter, steering_state, overlap)

    assert_they_met(overlap)

    assert all(r.status_code == 302 for r in results.values())
    steering_state = TaskState.objects.get(pk=steering_state.pk).specific
    assert steering_state.status == TaskState.STATUS_APPROVED
    assert {u.pk for u in steering_state.approvers()} == {u.pk for u in world.steering[:2]}
    council_states = TaskState.objects.for_instance(world.chapter).filter(status=TaskState.STATUS_IN_PROGRESS)
    assert council_states.count() == 1
    assert stage_of(world.chapter) == "CouncilDecisionTask"
