"""The review chain on PostgreSQL: full path, rejections, quorum, restart on edit, defaults."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone
from wagtail.models import TaskState, Workflow, WorkflowPage, WorkflowState

from cms.models import ChapterPage, PlanningBodyKind, PlanPage, PlanStatus, TerritoryKind
from tests.factories import make_body, make_territory
from tests.workflows.review_setup import (
    act,
    approve_through_council,
    build_world,
    current,
    resolution_data,
    stage_of,
    submit,
)
from workflows import signals
from workflows.models import CouncilResolution, SteeringApprovalTaskState, SteeringGroupApprovalTask
from workflows.review.provisioning import ensure_default_workflows
from workflows.review.selectors import plan_history

pytestmark = pytest.mark.django_db

CHAIN = [
    "WorkingGroupReviewTask",
    "SteeringGroupApprovalTask",
    "CouncilDecisionTask",
    "PublicCommentTask",
    "SteeringGroupApprovalTask",
    "CouncilDecisionTask",
]


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def events():
    received = []

    def recorder(signal_name):
        def receive(sender, **kwargs):
            received.append((signal_name, kwargs))

        return receive

    handlers = {
        name: recorder(name)
        for name in ("submitted_to_stage", "stage_approved", "changes_requested", "council_resolution_recorded")
    }
    for name, handler in handlers.items():
        getattr(signals, name).connect(handler, weak=False, dispatch_uid=f"test-{name}")
    yield received
    for name in handlers:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


def close_consultation(page):
    from workflows.consultation.services import close_due

    _state, task_state = current(page)
    consultation = task_state.consultation
    return close_due(now=consultation.ends_at + timedelta(minutes=1))


def test_default_chain_has_six_stages_in_order(world):
    assert [type(task.specific).__name__ for task in world.workflow.tasks] == CHAIN
    purposes = [getattr(task.specific, "purpose", None) for task in world.workflow.tasks]
    assert purposes == ["draft", "draft", "draft", None, "final", "final"]
    assert WorkflowPage.objects.get(page=world.plan).workflow == world.workflow
    assert ChapterPage.objects.get(pk=world.chapter.pk).get_workflow() == world.workflow


def test_ensure_default_workflows_is_idempotent(world):
    again = ensure_default_workflows(world.territory)
    assert again.pk == world.workflow.pk
    assert Workflow.objects.filter(name=world.workflow.name).count() == 1
    assert [t.pk for t in again.tasks] == [t.pk for t in world.workflow.tasks]


def test_microregion_gets_general_assembly_as_second_council_step(db):
    territory = make_territory("Mikroregion Podhůří")
    type(territory).objects.filter(pk=territory.pk).update(kind=TerritoryKind.MICROREGION)
    territory.refresh_from_db()
    make_body(territory, PlanningBodyKind.GENERAL_ASSEMBLY, "Valná hromada")
    workflow = ensure_default_workflows(territory)
    roles = [getattr(task.specific, "body_role", None) for task in workflow.tasks]
    assert roles[:4] == ["own_working_group", "steering_group", "council", "general_assembly"]
    assert roles[-2:] == ["council", "general_assembly"]


def test_full_path_through_all_stages_publishes_the_chapter(world, events):
    chapter = world.chapter
    draft = ChapterPage.objects.get(pk=chapter.pk)
    draft.body = [{"type": "paragraph", "value": "<p>Nový text ke schválení.</p>"}]
    draft.save_revision(user=world.wg_member)
    world.workflow.start(draft, world.wg_member)
    assert stage_of(chapter) == "WorkingGroupReviewTask"

    act(chapter, world.wg_member, "approve")
    assert stage_of(chapter) == "SteeringGroupApprovalTask"
    act(chapter, world.steering_member, "approve", comment="Souhlasíme.")
    assert stage_of(chapter) == "CouncilDecisionTask"
    act(chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/7/2026"))
    assert stage_of(chapter) == "PublicCommentTask"
    assert "Nový text" not in str(ChapterPage.objects.get(pk=chapter.pk).body)  # not published yet

    assert close_consultation(chapter) == 1
    assert stage_of(chapter) == "SteeringGroupApprovalTask"  # confirms the final text
    assert "Nový text" not in str(ChapterPage.objects.get(pk=chapter.pk).body)  # still not published
    act(chapter, world.steering_member, "approve")
    assert stage_of(chapter) == "CouncilDecisionTask"  # adopts the plan
    act(chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/9/2026"))
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    assert chapter.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert "Nový text ke schválení" in str(chapter.body)
    assert chapter.live and not chapter.has_unpublished_changes

    draft_resolution, final_resolution = CouncilResolution.objects.filter(page=chapter).order_by("pk")
    assert (draft_resolution.number, draft_resolution.purpose) == ("ZM/7/2026", "draft")
    assert (final_resolution.number, final_resolution.outcome, final_resolution.plan_id) == (
        "ZM/9/2026",
        "adopted",
        world.plan.pk,
    )
    names = [name for name, _kwargs in events]
    assert names.count("submitted_to_stage") == 5  # our five stages; the consultation announces its own
    assert names.count("stage_approved") == 5
    assert "council_resolution_recorded" in names
    started = [kw for name, kw in events if name == "submitted_to_stage"]
    assert started[0]["user"] == world.wg_member and started[0]["instance"].pk == chapter.pk


def test_public_history_lists_stages_without_personal_names(world):
    submit(world)
    approve_through_council(world)
    rows = plan_history(world.plan)
    assert len(rows) == 3
    assert [row["body"] for row in rows] == ["PS Senioři", "Řídící skupina", "Zastupitelstvo"]
    council = rows[-1]
    assert council["resolution_number"] == "ZM/12/2026"
    assert council["body"] == "Zastupitelstvo"
    text = repr(rows)
    for user in (world.wg_member, world.steering_member, world.secretary):
        assert user.last_name not in text and user.username not in text


def test_plan_is_adopted_when_every_chapter_was_adopted_by_the_final_resolution(world):
    for page in (world.chapter, world.other_chapter):
        submit(world, page, world.superuser)
    approve_through_council(world, world.chapter)
    act(world.other_chapter, world.other_wg_member, "approve")
    act(world.other_chapter, world.steering_member, "approve")
    act(world.other_chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/13/2026"))
    plan = PlanPage.objects.get(pk=world.plan.pk)
    assert plan.approval_resolution_number == ""  # the draft went to public comment; nothing adopted
    assert close_consultation(world.chapter) == 1  # one consultation for the chapters submitted the same day
    for page in (world.chapter, world.other_chapter):
        act(page, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/20/2026"))
    plan = PlanPage.objects.get(pk=world.plan.pk)
    assert plan.approval_resolution_number == ""  # one chapter still waits
    act(world.other_chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/21/2026"))
    plan = PlanPage.objects.get(pk=world.plan.pk)
    assert plan.approval_resolution_number == "ZM/21/2026"
    assert plan.approval_body == "Zastupitelstvo"
    assert plan.status == PlanStatus.ADOPTED


@pytest.mark.parametrize(
    "stage, reject",
    [
        ("WorkingGroupReviewTask", lambda w: act(w.chapter, w.wg_member, "reject", comment="Doplňte data.")),
        ("SteeringGroupApprovalTask", lambda w: act(w.chapter, w.steering_member, "reject", comment="Doplňte data.")),
        (
            "CouncilDecisionTask",
            lambda w: act(
                w.chapter,
                w.secretary,
                "record_resolution",
                **resolution_data(outcome="returned", reasons="Doplňte data."),
            ),
        ),
    ],
)
def test_rejection_and_resubmission_at_every_stage(world, events, stage, reject):
    submit(world)
    to_reach = CHAIN.index(stage)
    actors = [
        lambda: act(world.chapter, world.wg_member, "approve"),
        lambda: act(world.chapter, world.steering_member, "approve"),
    ]
    for step in actors[:to_reach]:
        step()
    assert stage_of(world.chapter) == stage
    reject(world)

    state, _ = current(world.chapter)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "Doplňte data." in state.current_task_state.comment
    assert any(name == "changes_requested" and "Doplňte data." in kw["comment"] for name, kw in events)
    # Back with the working group: nobody's workflow lock, the WG edits and resubmits.
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert chapter.get_lock() is None
    chapter.body = [{"type": "paragraph", "value": "<p>Doplněná data.</p>"}]
    chapter.save_revision(user=world.wg_member)
    state.resume(user=world.wg_member)
    # The text changed, so the chain restarts at the working group (TRIADA_REVIEW_RESTART_ON_EDIT).
    assert stage_of(world.chapter) == "WorkingGroupReviewTask"
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data())
    assert stage_of(world.chapter) == "PublicCommentTask"
    close_consultation(world.chapter)
    act(world.chapter, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/30/2026"))
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert "Doplněná data." in str(chapter.body) and chapter.live


@override_settings(TRIADA_REVIEW_RESTART_ON_EDIT=False, WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT=False)
def test_without_restart_setting_resubmission_resumes_at_the_rejecting_stage(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "reject", comment="Upravte tabulku.")
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    chapter.save_revision(user=world.wg_member)
    chapter.current_workflow_state.resume(user=world.wg_member)
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"


def test_edit_after_approval_sends_the_chapter_back_to_the_working_group(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    # A steering member (who may edit now) changes the text, then approves it.
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    chapter.body = [{"type": "paragraph", "value": "<p>Úprava řídící skupiny.</p>"}]
    chapter.save_revision(user=world.steering_member)
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "WorkingGroupReviewTask"
    act(world.chapter, world.wg_member, "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"  # steering approved this very text


def test_quorum_m_of_n_keeps_partial_state(world):
    task = SteeringGroupApprovalTask.objects.get(pk=world.workflow.tasks[1].pk)
    task.quorum = 2
    task.save()
    submit(world)
    act(world.chapter, world.wg_member, "approve")

    act(world.chapter, world.steering[0], "approve", comment="Za mě ano.")
    _state, task_state = current(world.chapter)
    assert isinstance(task_state, SteeringApprovalTaskState)
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert task_state.approvers() == [world.steering[0]]
    # The same member cannot count twice: no approve action is offered, and a forced one changes nothing.
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert "approve" not in [a[0] for a in task.get_actions(chapter, world.steering[0])]
    act(world.chapter, world.steering[0], "approve")
    assert current(world.chapter)[1].approvals.count() == 1

    act(world.chapter, world.steering[1], "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"
    approved = TaskState.objects.get(pk=task_state.pk).specific
    assert approved.status == TaskState.STATUS_APPROVED
    assert approved.approvers() == [world.steering[0], world.steering[1]]
    assert "Za mě ano." in approved.comment


def test_reject_requires_a_comment(world):
    submit(world)
    with pytest.raises(PermissionDenied):
        act(world.chapter, world.wg_member, "reject", comment="   ")
    assert stage_of(world.chapter) == "WorkingGroupReviewTask"


def test_returned_resolution_requires_reasons(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    with pytest.raises(PermissionDenied):
        act(world.chapter, world.secretary, "record_resolution", **resolution_data(outcome="returned"))
    assert stage_of(world.chapter) == "CouncilDecisionTask"
    assert not CouncilResolution.objects.exists()


def test_due_dates_and_overdue(world):
    from workflows.review.selectors import is_overdue, waiting_for_user

    submit(world)
    _state, task_state = current(world.chapter)
    due = task_state.task.specific.get_due_at(task_state)
    assert due == task_state.started_at + timedelta(days=14)
    assert not is_overdue(task_state)
    TaskState.objects.filter(pk=task_state.pk).update(started_at=timezone.now() - timedelta(days=15))
    task_state.refresh_from_db()
    assert is_overdue(task_state)
    waiting = waiting_for_user(world.wg_member)
    assert [item["page"].pk for item in waiting] == [world.chapter.pk] and waiting[0]["overdue"]
    assert waiting_for_user(world.other_wg_member) == []


def test_chapter_without_a_responsible_group_is_held_by_the_steering_group(world):
    ChapterPage.objects.filter(pk=world.chapter.pk).update(responsible_group=None)
    submit(world, user=world.superuser)
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    task = chapter.current_workflow_task
    assert task.get_body(chapter) == world.territory.steering_group
    assert task.get_actions(chapter, world.wg_member) == []
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"


def test_new_plan_inherits_the_territory_workflow(world):
    from tests.factories import make_plan

    plan = make_plan(world.territory, "Komunitní plán 2029–2031", period=(2029, 2031))
    assert PlanPage.objects.get(pk=plan.pk).get_workflow() == world.workflow


def test_setup_workflows_command_creates_the_default_workflow(db):
    from io import StringIO

    from django.core.management import call_command

    from tests.factories import make_plan

    territory = make_territory("ORP Lipov")
    plan = make_plan(territory)
    ensure_default_workflows(territory)
    workflow = Workflow.objects.get(name="Schválení kapitoly – ORP Lipov")
    assert PlanPage.objects.get(pk=plan.pk).get_workflow() == workflow
    out = StringIO()
    call_command("setup_workflows", stdout=out)
    call_command("setup_workflows", stdout=out)
    assert Workflow.objects.filter(name__startswith="Schválení kapitoly").count() == 1
    assert "Projednání v pracovní skupině – ORP Lipov" in out.getvalue()


def test_resolution_scan_must_be_a_document_of_the_same_territory(world):
    from django.core.files.base import ContentFile

    from cms.models import TriadaDocument

    foreign_territory = make_territory("ORP Jinde")

    def document(title, body):
        return TriadaDocument.objects.create(
            title=title,
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="usneseni.pdf"),
            document_type="usneseni",
            owning_body=body,
        )

    ours = document("Usnesení ZM/12/2026", world.territory.council)
    foreign = document("Cizí usnesení", foreign_territory.council)
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    with pytest.raises(PermissionDenied):
        act(world.chapter, world.secretary, "record_resolution", **{**resolution_data(), "scan": foreign.pk})
    assert stage_of(world.chapter) == "CouncilDecisionTask" and not CouncilResolution.objects.exists()
    act(world.chapter, world.secretary, "record_resolution", **{**resolution_data(), "scan": ours.pk})
    assert CouncilResolution.objects.get().scan == ours
    assert plan_history(world.plan)[-1]["scan"] == ours  # public document: linked from the plan page
