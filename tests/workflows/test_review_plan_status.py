"""The plan's status follows the cycle, and the public plan page and the coordinator's list show it."""

from datetime import timedelta

import pytest
from django.test import Client
from wagtail.models import Revision

from cms.models import PlanPage, PlanStatus
from tests.workflows.review_setup import act, build_world, current, resolution_data
from workflows.review.transitions import submit_plan

pytestmark = pytest.mark.django_db


def status_of(world):
    return PlanPage.objects.get(pk=world.plan.pk).status


def shown_publicly(world):
    return Client().get(world.plan.url).content.decode()


def test_the_plan_status_follows_its_chapters_through_the_cycle(world_with_plan):
    from workflows.consultation.services import close_due

    world = world_with_plan
    assert status_of(world) == PlanStatus.DRAFT
    assert "rozpracovaný" in shown_publicly(world)

    submit_plan(world.plan, world.coordinator)
    assert status_of(world) == PlanStatus.IN_REVIEW
    assert "ve schvalování" in shown_publicly(world)

    chapters = ((world.chapter, world.wg_member), (world.other_chapter, world.other_wg_member))
    for page, member in chapters:
        act(page, member, "approve")
        act(page, world.steering_member, "approve")
    assert status_of(world) == PlanStatus.IN_REVIEW  # the council has not decided yet
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/5/2026"))
    assert status_of(world) == PlanStatus.CONSULTATION  # one chapter is out for comment
    assert "v připomínkovém řízení" in shown_publicly(world)
    act(world.other_chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/5/2026"))

    _state, task_state = current(world.chapter)
    assert close_due(now=task_state.consultation.ends_at + timedelta(minutes=1)) == 1
    assert status_of(world) == PlanStatus.IN_REVIEW  # the steering group confirms the final text

    for page, _member in chapters:
        act(page, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/9/2026"))
    assert status_of(world) == PlanStatus.IN_REVIEW  # one chapter still waits for the final resolution
    act(world.other_chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/9/2026"))
    plan = PlanPage.objects.get(pk=world.plan.pk)
    assert plan.status == PlanStatus.ADOPTED and plan.approval_resolution_number == "ZM/9/2026"
    assert "schválený" in shown_publicly(world)


def test_a_returned_chapter_keeps_the_plan_in_review_and_a_withdrawn_one_makes_it_a_draft_again(world_with_plan):
    world = world_with_plan
    submit_plan(world.plan, world.coordinator)
    act(world.chapter, world.wg_member, "reject", comment="Doplňte data.")
    assert status_of(world) == PlanStatus.IN_REVIEW
    for page in (world.chapter, world.other_chapter):
        page.current_workflow_state.cancel(user=world.superuser)
    assert status_of(world) == PlanStatus.DRAFT


def test_publishing_an_old_revision_of_the_plan_page_does_not_undo_its_status(world_with_plan):
    world = world_with_plan
    plan = PlanPage.objects.get(pk=world.plan.pk)
    old = plan.save_revision(user=world.superuser)  # saved while the plan was a draft
    submit_plan(world.plan, world.coordinator)
    Revision.objects.get(pk=old.pk).publish(user=world.superuser)  # as the admin loads it
    assert status_of(world) == PlanStatus.IN_REVIEW


@pytest.fixture
def world_with_plan():
    return build_world()
