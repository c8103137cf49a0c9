"""One plan cycle as the bodies run it: the two orders, saves that change nothing, publication rules.

Through the real admin views where a person would notice (the editor's
messages, a refused publication), through `on_action` elsewhere.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from cms.models import ChapterPage, PlanPage, PlanStatus
from tests.workflows.review_setup import act, build_world, current, resolution_data, stage_of, submit
from workflows.models.consultation import Comment, Outcome
from workflows.models.review import ChainOrder, ReviewCycleSettings, UnapprovedPublication

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def streamfield(blocks):
    """What the editor posts for a chapter body: type, value (Draftail JSON), block id."""
    data = {
        str(index): {"type": kind, "value": rich_text(html), "id": block_id or "", "deleted": "", "order": str(index)}
        for index, (kind, html, block_id) in enumerate(blocks)
    }
    data["count"] = str(len(blocks))
    return data


def chapter_form(page, *, body=None, publish=False):
    page = ChapterPage.objects.get(pk=page.pk)
    revision = page.get_latest_revision_as_object()
    data = {
        "title": revision.title,
        "slug": revision.slug,
        "number": revision.number,
        "lead": revision.lead,
        "responsible_group": revision.responsible_group_id or "",
        "body": streamfield(
            body if body is not None else [("paragraph", block.value.source, block.id) for block in revision.body]
        ),
        "comments": inline_formset([]),
    }
    form = nested_form_data(data)
    if publish:
        form["action-publish"] = "action-publish"
    return form


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def task_states_of(page, task_class_name):
    return [
        state
        for state in TaskState.objects.for_instance(ChapterPage.objects.get(pk=page.pk)).select_related("task")
        if type(state.task.specific).__name__ == task_class_name
    ]


def test_a_save_that_changes_nothing_restarts_nothing(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    steering = client_of(world.steering_member)
    # The steering member opens the chapter and saves it without touching anything.
    response = steering.post(f"/admin/pages/{world.chapter.pk}/edit/", chapter_form(world.chapter))
    assert response.status_code == 302
    assert ChapterPage.objects.get(pk=world.chapter.pk).revisions.count() >= 2  # a new revision, same text
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"
    assert len(task_states_of(world.chapter, "WorkingGroupReviewTask")) == 1


def test_an_edit_that_restarts_stages_says_so_first(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    steering = client_of(world.steering_member)
    page = steering.get(f"/admin/pages/{world.chapter.pk}/edit/", follow=True)
    warnings = " ".join(messages_of(page))
    assert "Uložením změny vrátíte kapitolu do fáze „Projednání v pracovní skupině – ORP Testov“" in warnings
    assert "PS Senioři" in warnings

    steering.post(
        f"/admin/pages/{world.chapter.pk}/edit/",
        chapter_form(world.chapter, body=[("paragraph", "<p>Text upravený řídící skupinou.</p>", None)]),
    )
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "WorkingGroupReviewTask"  # as announced
    act(world.chapter, world.wg_member, "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"

    # During the public comment, nothing is announced: edits restart nothing.
    act(world.chapter, world.secretary, "record_resolution", **resolution_data())
    wg = client_of(world.wg_member)
    page = wg.get(f"/admin/pages/{world.chapter.pk}/edit/", follow=True)
    assert not any("Uložením změny vrátíte" in message for message in messages_of(page))


def settle_every_comment(world, consultation, revision):
    from workflows.consultation.services import confirm_settlement, settle_comment

    for comment in Comment.objects.filter(consultation=consultation):
        settle_comment(
            comment,
            user=world.wg_member,
            outcome=Outcome.ACCEPTED,
            justification="Zapracováno do textu.",
            reflected_revision=revision,
            reflected_block_id=str(revision.as_object().body[0].id),
        )
        confirm_settlement(comment, user=world.steering_member)


def comment_on(consultation, chapter, text):
    from workflows.consultation.services import submit_public_comment

    return submit_public_comment(
        consultation,
        data={
            "target": "chapter",
            "chapter_id": chapter.pk,
            "author_name": "Jana Nováková",
            "triad_side": "user",
            "text": text,
        },
    )


def work_in_comment_and_close(world):
    """A comment arrives, the working group works it into the text, the steering group confirms."""
    from workflows.consultation.services import close_due

    _state, task_state = current(world.chapter)
    consultation = task_state.consultation
    comment_on(consultation, world.chapter, "Doplňte počet lůžek v domovech pro seniory.")
    wg = client_of(world.wg_member)
    body = [("paragraph", "<p>Původní text. V domovech pro seniory je 120 lůžek.</p>", None)]
    response = wg.post(f"/admin/pages/{world.chapter.pk}/edit/", chapter_form(world.chapter, body=body))
    assert response.status_code == 302
    assert stage_of(world.chapter) == "PublicCommentTask"  # nothing restarted
    revision = ChapterPage.objects.get(pk=world.chapter.pk).get_latest_revision()
    settle_every_comment(world, consultation, revision)
    assert close_due(now=consultation.ends_at + timedelta(minutes=1)) == 1
    return consultation


def test_council_first_cycle_with_edits_during_public_comment_restarts_nothing(world):
    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/5/2026"))
    assert stage_of(world.chapter) == "PublicCommentTask"

    work_in_comment_and_close(world)
    assert stage_of(world.chapter) == "SteeringGroupApprovalTask"  # confirms the final text
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/9/2026"))

    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert chapter.workflow_states.get().status == WorkflowState.STATUS_APPROVED
    assert "120 lůžek" in str(chapter.body) and not chapter.has_unpublished_changes
    for stage in ("WorkingGroupReviewTask", "CouncilDecisionTask"):
        assert all(state.status == TaskState.STATUS_APPROVED for state in task_states_of(chapter, stage))
    assert len(task_states_of(chapter, "WorkingGroupReviewTask")) == 1  # no stage ran twice
    assert len(task_states_of(chapter, "CouncilDecisionTask")) == 2  # the draft, then the adoption
    assert not UnapprovedPublication.objects.exists()
    # The settlement table says where the comment went in a citizen's words, never a block id.
    consultation = Comment.objects.get().consultation
    table = Client().get(reverse("consultation_settlement", args=[consultation.pk])).content.decode()
    assert "odstavec 1 („Původní text. V domovech" in table
    assert "odstavec #blok" not in table


def test_consultation_first_order_is_chosen_in_the_admin_settings(world):
    site = Site.objects.get(root_page=world.territory)
    settings = ReviewCycleSettings.for_site(site)
    settings.order = ChainOrder.CONSULTATION_FIRST
    settings.save()  # what the admin's settings form does; the workflow is rebuilt
    world.workflow.refresh_from_db()
    chain = [type(task.specific).__name__ for task in world.workflow.tasks]
    assert chain == [
        "WorkingGroupReviewTask",
        "SteeringGroupApprovalTask",
        "PublicCommentTask",
        "SteeringGroupApprovalTask",
        "CouncilDecisionTask",
    ]

    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "PublicCommentTask"
    work_in_comment_and_close(world)
    act(world.chapter, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/11/2026"))
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert chapter.live and "120 lůžek" in str(chapter.body)
    assert len(task_states_of(chapter, "WorkingGroupReviewTask")) == 1


def test_the_plan_is_adopted_only_by_the_final_resolution(world):
    for page in (world.chapter, world.other_chapter):
        submit(world, page, world.superuser)
    for page, member in ((world.chapter, world.wg_member), (world.other_chapter, world.other_wg_member)):
        act(page, member, "approve")
        act(page, world.steering_member, "approve")
        act(page, world.secretary, "record_resolution", **resolution_data(number="ZM/5/2026"))
    assert PlanPage.objects.get(pk=world.plan.pk).status != PlanStatus.ADOPTED


def test_a_coordinator_cannot_publish_a_chapter_outside_the_workflow(world):
    coordinator = client_of(world.coordinator)
    body = [("paragraph", "<p>Neschválený text.</p>", None)]
    response = coordinator.post(
        f"/admin/pages/{world.chapter.pk}/edit/", chapter_form(world.chapter, body=body, publish=True), follow=True
    )
    assert "Neschválený text" not in str(ChapterPage.objects.get(pk=world.chapter.pk).body)
    assert any("lze zveřejnit jen schválením" in message for message in messages_of(response))
    page = coordinator.get(f"/admin/pages/{world.chapter.pk}/edit/")
    assert b'name="action-publish"' not in page.content
    assert "Odeslat ke schválení" in page.content.decode()
    assert not UnapprovedPublication.objects.exists()


def test_a_superuser_may_publish_outside_the_workflow_and_the_public_page_says_so(world):
    admin = client_of(world.superuser)
    body = [("paragraph", "<p>Text zveřejněný správcem.</p>", None)]
    admin.post(f"/admin/pages/{world.chapter.pk}/edit/", chapter_form(world.chapter, body=body, publish=True))
    chapter = ChapterPage.objects.get(pk=world.chapter.pk)
    assert "Text zveřejněný správcem" in str(chapter.body)
    record = UnapprovedPublication.objects.get(page_id=chapter.pk)
    assert record.published_by == world.superuser and record.revision_id == chapter.live_revision_id
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(page=chapter, action="triada.review.published_outside_workflow").exists()
    public = Client().get(chapter.url)
    assert "nebyl schválen" in public.content.decode()


def test_the_consultation_period_cannot_end_in_the_past_or_be_shortened_without_a_reason(world):
    from workflows.consultation.forms import ConsultationForm

    submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    act(world.chapter, world.secretary, "record_resolution", **resolution_data())
    _state, task_state = current(world.chapter)
    consultation = task_state.consultation
    assert consultation.ends_at - consultation.starts_at >= timedelta(days=14)
    coordinator = client_of(world.coordinator)
    url = reverse("consultation_admin:edit", args=[consultation.pk])
    fmt = "%Y-%m-%dT%H:%M"
    local = timezone.localtime
    base = {
        "starts_at": local(consultation.starts_at).strftime(fmt),
        "hearing_at": "",
        "hearing_place": "",
        "instructions": "",
        "moderation": "immediate",
    }
    past = {**base, "ends_at": local(timezone.now() - timedelta(days=1)).strftime(fmt)}
    short = {**base, "ends_at": local(consultation.starts_at + timedelta(days=7)).strftime(fmt)}
    assert not ConsultationForm(past, consultation=consultation).is_valid()
    assert "period_change_reason" in ConsultationForm(short, consultation=consultation).errors
    before = consultation.ends_at
    coordinator.post(url, short)
    consultation.refresh_from_db()
    assert consultation.ends_at == before  # nothing changed

    reason = "Zastupitelstvo zasedá dříve; plán musí být schválen do konce roku."
    response = coordinator.post(url, {**short, "period_change_reason": reason})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.ends_at < before and consultation.period_change_reason == reason
    table = Client().get(reverse("consultation_settlement", args=[consultation.pk]))
    assert reason in table.content.decode()
