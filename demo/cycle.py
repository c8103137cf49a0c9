"""The plan cycle in the demo: a new user sees every state without doing the cycle.

The current plan's chapters stand in each review stage (a draft, the working
group, the steering group, the council, returned for changes) and the rest are
out for public comment, with a handful of comments (one on an activity, one
received by post). An earlier plan went through the whole cycle: its
consultation is closed with a published settlement table, and the council's
final resolution adopted it. Everything goes through the workflow's and the
consultation's own functions, as the people would.
"""

import datetime

from django.utils import timezone, translation
from wagtail.models import TaskState, WorkflowState

from cms.models import (
    ChapterPage,
    PlanningBody,
    PlanningBodyKind,
    PlanPage,
    PlanStatus,
    StrategicItem,
    StrategicPartPage,
)
from workflows.consultation import services as consultation
from workflows.models.consultation import CommentChannel, CommentTarget, Consultation, Outcome
from workflows.review.selectors import plan_chapters
from workflows.review.transitions import perform_action

from .registry import step

EARLIER_SLUG = "komunitni-plan-2023-2025"


def member_of(body):
    """A demo person of `body` (a login account first), to act for it."""
    if body is None:
        return None
    return body.group.user_set.filter(is_active=True).order_by("-last_login", "pk").first()


def holder(page):
    """(task, task_state, someone of the body holding the current stage) of `page`."""
    page = type(page).objects.get(pk=page.pk)
    state = page.current_workflow_state
    task_state = state.current_task_state.specific
    task = task_state.task.specific
    body = task.get_body(page) if hasattr(task, "get_body") else None
    return task, task_state, member_of(body)


def act(page, action, **data):
    """Perform `action` as whoever holds the page's current stage, through the same transition code the admin uses."""
    task, task_state, person = holder(page)
    perform_action(task, task_state, person, action, data)


def resolution(number, date, meeting):
    """The council resolution data a demo stage records (adopted), in the shape the review forms accept."""
    return {"number": number, "date": date.isoformat(), "meeting": meeting, "outcome": "adopted", "reasons": ""}


def submit(page, user):
    """Start the page's review workflow as `user`, on a fresh instance (the caller's may be stale)."""
    page = type(page).objects.get(pk=page.pk)
    page.get_workflow().start(page, user)


def stage_name(page):
    """The class name of the stage the page waits in, to steer the demo's walk through the cycle."""
    task, _state, _person = holder(page)
    return type(task).__name__


def advance(page, council_meeting, *, to):
    """Approve stage by stage until `page` stands at the stage class named `to`."""
    number = 1
    while stage_name(page) != to:
        task, _state, _person = holder(page)
        if type(task).__name__ == "CouncilDecisionTask":
            act(page, "record_resolution", **resolution(f"ZM/{number}/2026", timezone.localdate(), council_meeting))
            number += 1
        else:
            act(page, "approve")


@step(order=95)
def plan_cycle(demo):
    """The current plan's chapters in every stage and out for comment; an earlier plan adopted."""
    with translation.override("cs"):
        _plan_cycle(demo)


def _plan_cycle(demo):
    plan = demo.plan
    if plan is None or plan.get_workflow() is None:
        return
    chapters = plan_chapters(plan)
    started = WorkflowState.objects.filter(
        base_content_type=plan.get_base_content_type(), object_id__in=[str(c.pk) for c in chapters]
    )
    if not started.exists():
        current_plan_in_every_state(demo, plan, chapters)
    if PlanPage.objects.child_of(demo.territory).filter(slug=EARLIER_SLUG).exists():
        return
    earlier_plan_adopted(demo, chapters)


def current_plan_in_every_state(demo, plan, chapters):
    """Spread the current plan's chapters over every stage of the cycle, so each role finds work waiting."""
    coordinator = demo.coordinator
    meeting = "12. zasedání"
    text_chapters = [c for c in chapters if not isinstance(c, StrategicPartPage)]
    draft, at_wg, at_sg, at_council, returned, *out_for_comment = text_chapters
    for chapter in (at_wg, at_sg, at_council, returned):
        submit(chapter, coordinator)
    advance(at_sg, meeting, to="SteeringGroupApprovalTask")
    advance(at_council, meeting, to="CouncilDecisionTask")
    advance(returned, meeting, to="SteeringGroupApprovalTask")
    act(returned, "reject", comment="Doplňte prosím kapacity služeb podle posledního zjišťování.")

    strategic = [c for c in chapters if isinstance(c, StrategicPartPage)]
    for chapter in out_for_comment + strategic:
        submit(chapter, coordinator)
        advance(chapter, meeting, to="PublicCommentTask")
    state = holder(out_for_comment[0])[1]
    open_consultation = state.consultation
    comments_on_current_plan(demo, plan, open_consultation, out_for_comment, strategic)


def comments_on_current_plan(demo, plan, open_consultation, chapters, strategic):
    """Public comments on the open consultation (a paragraph, a strategic item) and settlements, so the settlement table has rows."""
    first = ChapterPage.objects.get(pk=chapters[0].pk)
    paragraph = next((block for block in first.body if block.block_type == "paragraph"), None)
    if paragraph is not None:
        consultation.submit_public_comment(
            open_consultation,
            data={
                "target": CommentTarget.PARAGRAPH,
                "chapter_id": first.pk,
                "block_id": str(paragraph.id),
                "author_name": "Marie Svobodová",
                "triad_side": "user",
                "text": "Chybí zmínka o odlehčovacích službách pro pečující rodiny.",
                "proposed_wording": "Doplnit odstavec o odlehčovacích službách.",
            },
        )
    consultation.submit_public_comment(
        open_consultation,
        data={
            "target": CommentTarget.CHAPTER,
            "chapter_id": chapters[1].pk,
            "author_name": "Spolek Rodiče sobě",
            "organisation": "Spolek Rodiče sobě, z. s.",
            "author_email": "spolek@example.invalid",
            "triad_side": "provider",
            "text": "Prosíme uvést i dostupnost služeb v menších obcích.",
        },
    )
    activity = StrategicItem.objects.for_plan(plan).activities().current().order_by("sort_order").first()
    if strategic and activity is not None:
        consultation.submit_public_comment(
            open_consultation,
            data={
                "target": CommentTarget.ACTIVITY,
                "chapter_id": strategic[0].pk,
                "activity_code": activity.code,
                "author_name": "Karel Dušek",
                "triad_side": "public",
                "text": "Aktivita by měla mít i ukazatel počtu podpořených osob.",
            },
        )
    by_post = consultation.record_comment(
        open_consultation,
        data={
            "target": CommentTarget.CHAPTER,
            "chapter_id": chapters[0].pk,
            "channel": CommentChannel.POST,
            "received_at": timezone.now() - datetime.timedelta(days=1),
            "author_name": "Anna Veselá",
            "triad_side": "user",
            "text": "Dopisem: v kapitole chybí kontakt na pečovatelskou službu v Horní Lhotě.",
        },
        user=demo.coordinator,
    )
    consultation.settle_comment(
        by_post,
        user=member_of(ChapterPage.objects.get(pk=chapters[0].pk).responsible_group),
        outcome=Outcome.ACCEPTED,
        justification="Kontakt doplníme do přehledu služeb kapitoly.",
    )


def earlier_plan_adopted(demo, current_chapters):
    """The plan 2023–2025: the whole cycle, its consultation settled and closed, adopted by the council."""
    territory, coordinator = demo.territory, demo.coordinator
    plan = PlanPage(
        title="Komunitní plán 2023–2025",
        slug=EARLIER_SLUG,
        period_from=2023,
        period_to=2025,
        status=PlanStatus.DRAFT,
        summary="<p>Předchozí komunitní plán sociálních služeb, schválený zastupitelstvem.</p>",
    )
    territory.add_child(instance=plan)
    plan.save_revision().publish()
    plan = PlanPage.objects.get(pk=plan.pk)
    chapters = []
    for source in [c for c in current_chapters if not isinstance(c, StrategicPartPage)][:2]:
        chapter = ChapterPage(
            title=source.title,
            slug=source.slug,
            number=source.number,
            lead=source.lead,
            responsible_group=source.responsible_group,
            body=source.body.raw_data,
        )
        plan.add_child(instance=chapter)
        chapter.save_revision(user=coordinator)
        chapters.append(chapter)
    meeting = "5. zasedání zastupitelstva (2022)"
    for chapter in chapters:
        submit(chapter, coordinator)
        while stage_name(chapter) != "PublicCommentTask":
            task, _state, _person = holder(chapter)
            if type(task).__name__ == "CouncilDecisionTask":
                act(chapter, "record_resolution", **resolution("ZM/5/2022", datetime.date(2022, 9, 5), meeting))
            else:
                act(chapter, "approve")
    closed = holder(chapters[0])[1].consultation
    start = timezone.make_aware(datetime.datetime(2022, 9, 20, 8, 0))
    Consultation.objects.filter(pk=closed.pk).update(starts_at=start, ends_at=start + datetime.timedelta(days=21))
    closed.refresh_from_db()
    comment = consultation.record_comment(
        closed,
        data={
            "target": CommentTarget.CHAPTER,
            "chapter_id": chapters[0].pk,
            "channel": CommentChannel.HEARING,
            "received_at": start + datetime.timedelta(days=3),
            "author_name": "Josef Malý",
            "triad_side": "user",
            "text": "Na veřejném projednání: doplnit denní stacionář.",
        },
        user=coordinator,
    )
    # The working group works the comment into the text during the public-comment stage.
    wg = member_of(chapters[0].responsible_group)
    chapter = ChapterPage.objects.get(pk=chapters[0].pk)
    revision = chapter.get_latest_revision_as_object()
    revision.lead = (revision.lead + " Doplněn denní stacionář.").strip()
    new_revision = revision.save_revision(user=wg)
    consultation.settle_comment(
        comment,
        user=wg,
        outcome=Outcome.ACCEPTED,
        justification="Denní stacionář byl doplněn do úvodu kapitoly.",
        reflected_revision=new_revision,
    )
    steering_body = PlanningBody.objects.filter(territory=territory, kind=PlanningBodyKind.STEERING_GROUP).first()
    steering = member_of(steering_body)
    consultation.confirm_settlement(comment, user=steering)
    consultation.complete_if_ready(closed.pk, user=coordinator, now=closed.ends_at + datetime.timedelta(days=1))
    for chapter in chapters:
        while TaskState.objects.for_instance(chapter).filter(status=TaskState.STATUS_IN_PROGRESS).exists():
            task, _state, _person = holder(chapter)
            if type(task).__name__ == "CouncilDecisionTask":
                act(
                    chapter,
                    "record_resolution",
                    **resolution("ZM/9/2022", datetime.date(2022, 11, 14), "9. zasedání zastupitelstva (2022)"),
                )
            else:
                act(chapter, "approve")
