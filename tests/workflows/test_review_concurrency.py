"""Two people deciding the same stage at the same moment: exactly one transition."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import TaskState

from tests.factories import PASSWORD, make_user
from tests.workflows.review_setup import build_world, current, stage_of, submit
from workflows import signals
from workflows.models import SteeringGroupApprovalTask

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def slow_transitions():
    """Hold each transition open a little, so the two requests surely overlap."""

    def linger(sender, **kwargs):
        time.sleep(0.3)

    signals.submitted_to_stage.connect(linger, weak=False, dispatch_uid="test-linger")
    signals.stage_approved.connect(linger, weak=False, dispatch_uid="test-linger-approved")
    yield
    signals.submitted_to_stage.disconnect(dispatch_uid="test-linger")
    signals.stage_approved.disconnect(dispatch_uid="test-linger-approved")


def run_together(users, page, task_state, action="approve"):
    """POST the same workflow action for each user from its own thread and connection."""
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


def test_two_working_group_members_approve_at_once(slow_transitions):
    world = build_world()
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    submit(world)
    _state, task_state = current(world.chapter)

    results = run_together([world.wg_member, second], world.chapter, task_state)

    assert sorted(r.status_code for r in results.values()) == [302, 302]  # nobody sees an error page
    conflict_url = reverse("workflows_review:conflict", args=[world.chapter.pk])
    assert sum(r["Location"].startswith(conflict_url) for r in results.values()) == 1
    states = TaskState.objects.for_instance(world.chapter)
    assert states.filter(task=task_state.task, status=TaskState.STATUS_APPROVED).count() == 1
    assert states.filter(status=TaskState.STATUS_IN_PROGRESS).count() == 1
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"


def test_quorum_reached_by_two_simultaneous_approvals_moves_on_once(slow_transitions):
    world = build_world()
    task = SteeringGroupApprovalTask.objects.get(pk=world.workflow.tasks[1].pk)
    task.quorum = 2
    task.save()
    submit(world)
    _state, wg_state = current(world.chapter)
    wg_state.task.specific.on_action(wg_state, world.wg_member, "approve")
    _state, steering_state = current(world.chapter)

    results = run_together(world.steering[:2], world.chapter, steering_state)

    assert all(r.status_code == 302 for r in results.values())
    steering_state = TaskState.objects.get(pk=steering_state.pk).specific
    assert steering_state.status == TaskState.STATUS_APPROVED
    assert {u.pk for u in steering_state.approvers()} == {u.pk for u in world.steering[:2]}
    council_states = TaskState.objects.for_instance(world.chapter).filter(status=TaskState.STATUS_IN_PROGRESS)
    assert council_states.count() == 1
    assert stage_of(world.chapter) == "CouncilDecisionTask"
