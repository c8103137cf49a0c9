"""The review workflow's transitions: every change of a chapter's review state.

Every transition runs in one transaction holding a row lock on the chapter's
WorkflowState, checks the actor's membership of the body that holds the
stage, and sends the domain events of workflows.signals inside that
transaction (so a receiver's outbox row commits with the change).
"""

import json
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

from workflows import signals
from workflows.models.review import (
    BodyTask,
    CouncilResolution,
    ResolutionOutcome,
    ReviewPurpose,
    SteeringApproval,
    SteeringApprovalTaskState,
)

logger = logging.getLogger(__name__)

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else has already decided this stage of “%(title)s” a moment ago. Nothing was changed; "
    "the chapter's current state is shown below."
)
ALREADY_APPROVED_MESSAGE = gettext_lazy(
    "You have already approved “%(title)s”; the stage is waiting for the other members' approvals."
)

# Revision content keys that say nothing about the text: two revisions that differ only
# here are the same text, so saving without a change never restarts a stage.
VOLATILE_KEYS = frozenset(
    {
        "pk",
        "id",
        "path",
        "depth",
        "numchild",
        "url_path",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "live_revision",
        "latest_revision",
        "latest_revision_created_at",
        "owner",
        "locked",
        "locked_at",
        "locked_by",
        "expired",
        "draft_title",
        "content_type",
        "translation_key",
        "locale",
        "alias_of",
        "comments",
        "wagtail_admin_comments",
    }
)


class ReviewConflict(Exception):
    """The task state was decided by someone else while this request waited."""

    kind = "decided"
    message = CONFLICT_MESSAGE


class AlreadyApproved(ReviewConflict):
    """A second approval by the same steering member: refused so a quorum is never reached by one person."""

    kind = "approved"
    message = ALREADY_APPROVED_MESSAGE


# The review page's query parameter naming the task state a person just decided from the dashboard.
DECIDED_PARAM = "rozhodnuti"

CONFLICT_KINDS = {cls.kind: cls for cls in (ReviewConflict, AlreadyApproved)}


@dataclass(frozen=True)
class ActionResult:
    """What a workflow action did; `conflict` is the ReviewConflict class when it lost a race."""

    conflict: type | None = None
    redirect_url: str | None = None

    @property
    def ok(self):
        return self.conflict is None


def restart_on_edit():
    """Whether a changed text sends approved stages back; a territory may switch it off in settings."""
    return getattr(settings, "TRIADA_REVIEW_RESTART_ON_EDIT", True)


# --- comparing texts -----------------------------------------------------------


# The rich-text editor adds block keys to paragraphs it saves; they are not text.
BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


def _normalised(value):
    """StreamFields are stored as JSON strings whose key order varies: compare their structure."""
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, str):
        if value[:1] in "[{":
            try:
                return _normalised(json.loads(value))
            except ValueError:
                pass
        return BLOCK_KEY.sub("", value)
    return value


def text_of(revision):
    """The part of a revision that is the text people approve, in a comparable form."""
    return _normalised({key: value for key, value in (revision.content or {}).items() if key not in VOLATILE_KEYS})


def same_text(first, second):
    """Compare two revisions by their text, not their ids, so a save that changes nothing restarts nothing."""
    if first is None or second is None:
        return first is second
    return first.pk == second.pk or text_of(first) == text_of(second)


# --- actions --------------------------------------------------------------------


def perform_action(task, task_state, user, action_name, data):
    """Entry point from Wagtail's `Task.on_action` (both admin paths and our views).

    Returns an ActionResult; on a conflict its `redirect_url` is our conflict
    view, which tells the user in Czech what happened (Wagtail's workflow
    action view redirects there).
    """
    try:
        with transaction.atomic():
            _perform_locked(task, task_state, user, action_name, data)
    except ReviewConflict as conflict:
        page_id = task_state.workflow_state.object_id
        url = reverse("workflows_review:conflict", args=[page_id]) + f"?kind={conflict.kind}"
        return ActionResult(conflict=type(conflict), redirect_url=url)
    # Wagtail's workflow action view (the dashboard) follows this; the editor ignores it and
    # confirms through its after_edit_page hook. The review page says what was decided.
    url = reverse("workflows_review:chapter_review", args=[task_state.workflow_state.object_id])
    return ActionResult(redirect_url=f"{url}?{DECIDED_PARAM}={task_state.pk}")


def _perform_locked(task, task_state, user, action_name, data):
    workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
    page = workflow_state.content_object.specific
    task = task.specific
    if not isinstance(task, BodyTask):
        raise PermissionDenied
    # Authorise against the task state's own page, never the page in the URL.
    if not task.user_in_body(page, user):
        raise PermissionDenied
    if action_name not in {name for name, _label, _modal in task.get_actions(page, user)}:
        # A member who already approved under a quorum, or an unknown action.
        state = TaskState.objects.get(pk=task_state.pk).specific
        if state.status != TaskState.STATUS_IN_PROGRESS:
            raise ReviewConflict
        if isinstance(state, SteeringApprovalTaskState) and state.approvals.filter(user=user).exists():
            raise AlreadyApproved
        raise PermissionDenied
    fresh = TaskState.objects.get(pk=task_state.pk).specific
    if (
        workflow_state.status != WorkflowState.STATUS_IN_PROGRESS
        or workflow_state.current_task_state_id != fresh.pk
        or fresh.status != TaskState.STATUS_IN_PROGRESS
        or fresh.task_id != task.pk
    ):
        raise ReviewConflict
    form_class = task.get_form_for_action(action_name)
    form = form_class.from_action_data(data) if hasattr(form_class, "from_action_data") else form_class(data=data)
    if not form.is_valid():
        raise PermissionDenied(form.errors.as_text())
    fresh.workflow_state = workflow_state
    task.do_action(fresh, page, user, action_name, form.cleaned_data)


def approve(task, task_state, page, user, comment=""):
    """Approve the revision the approver actually saw or saved, so the record matches the text approved."""
    latest = page.get_latest_revision()
    if latest is not None and latest.pk != task_state.revision_id:
        # The approver (the only kind of user who may edit now) saved changes
        # with the approval: what they approved is the latest revision.
        task_state.revision = latest
        task_state.save(update_fields=["revision"])
    task_state.approve(user=user, comment=comment)
    signals.stage_approved.send(
        sender=type(page), instance=page, task=task, task_state=task_state, user=user, comment=comment
    )


def request_changes(task, task_state, page, user, comment):
    """Send the chapter back and announce it, so the working group hears why it came back."""
    task_state.reject(user=user, comment=comment)
    signals.changes_requested.send(
        sender=type(page), instance=page, task=task, task_state=task_state, user=user, comment=comment
    )


def approve_with_quorum(task, task_state, page, user, comment=""):
    """Record one steering member's approval; complete the stage at the quorum."""
    _approval, created = SteeringApproval.objects.get_or_create(
        task_state=task_state, user=user, defaults={"comment": comment}
    )
    if not created:
        raise AlreadyApproved
    count = task_state.approvals.count()
    if count >= max(1, task.quorum):
        approvals = list(task_state.approvals.select_related("user").order_by("created_at"))
        summary = "\n".join(a.comment for a in approvals if a.comment)
        approve(task, task_state, page, user, summary or comment)
    else:
        log(
            instance=page,
            action="triada.review.partial_approval",
            user=user,
            revision=task_state.revision,
            data={
                "task": {"id": task.pk, "title": task.name},
                "approvals": count,
                "needed": task.quorum,
                "comment": comment,
            },
        )


def record_resolution(task, task_state, page, user, data):
    """Store the council's resolution; adopt → approve the stage, returned → reject it.

    A resolution on the final text (`ReviewPurpose.FINAL`) adopts the plan and
    is recorded on it; one on the draft sends the draft to public comment.
    """
    from cms.models import PlanPage, TriadaDocument

    plan = page if isinstance(page, PlanPage) else getattr(page, "plan", None)
    body = task.get_body(page)
    if data.get("scan"):
        scan = TriadaDocument.objects.select_related("owning_body").get(pk=data["scan"])
        if scan.owning_body is not None and scan.owning_body.territory_id != body.territory_id:
            raise PermissionDenied  # another territory's document
    latest = page.get_latest_revision()
    if latest is not None and latest.pk != task_state.revision_id:
        task_state.revision = latest
        task_state.save(update_fields=["revision"])
    resolution = CouncilResolution.objects.create(
        page=page,
        plan=plan,
        body=body,
        task_state=task_state,
        revision=task_state.revision,
        number=data["number"],
        date=data["date"],
        meeting=data["meeting"],
        scan_id=data.get("scan"),
        outcome=data["outcome"],
        purpose=task.purpose,
        reasons=data.get("reasons", ""),
        recorded_by=user,
    )
    comment = _("Resolution no. %(number)s of %(date)s (%(meeting)s)") % {
        "number": resolution.number,
        "date": resolution.date.strftime("%d.%m.%Y"),
        "meeting": resolution.meeting,
    }
    signals.council_resolution_recorded.send(
        sender=type(page), instance=page, task_state=task_state, resolution=resolution, user=user
    )
    if resolution.outcome == ResolutionOutcome.ADOPTED:
        approve(task, task_state, page, user, comment)
        if plan is not None and resolution.purpose == ReviewPurpose.FINAL:
            update_plan_approval(plan)
    else:
        request_changes(task, task_state, page, user, f"{comment}: {resolution.reasons}")
    return resolution


def update_plan_approval(plan):
    """Fill PlanPage.approval_* once the council adopted the plan by its final resolution.

    The plan counts as adopted when the plan page itself was adopted, or when
    every chapter of the plan has an adopted final resolution; the latest such
    resolution is the plan's.
    """
    from cms.models import ChapterPage, PlanStatus

    adopted = CouncilResolution.objects.adopted().final().for_plan(plan)
    latest = adopted.filter(page_id=plan.pk).order_by("-date", "-recorded_at").first()
    if latest is None:
        chapter_ids = set(ChapterPage.objects.child_of(plan).values_list("pk", flat=True))
        if not chapter_ids or not chapter_ids <= set(adopted.values_list("page_id", flat=True)):
            return False
        latest = adopted.order_by("-date", "-recorded_at").first()
    plan = type(plan).objects.get(pk=plan.pk)
    plan.approval_resolution_number = latest.number
    plan.approval_date = latest.date
    plan.approval_body = latest.body.name
    plan.status = PlanStatus.ADOPTED
    # Only these columns: a draft in progress on the plan page stays a draft.
    plan.save(update_fields=["approval_resolution_number", "approval_date", "approval_body", "status"])
    return True


# --- restarting -------------------------------------------------------------------


def is_public_comment(task):
    """Whether a task is the public-comment stage, during which edits never restart the chain."""
    from workflows.review.provisioning import public_comment_task_model

    model = public_comment_task_model()
    return model is not None and isinstance(task, model)


def stages_guarding(workflow, task):
    """The earlier stages whose approval must still hold when `task` starts.

    Stages before a public-comment stage approved the *draft*: once the
    public-comment stage has begun, the working group works comments into
    the text, so those approvals are not asked for again.
    """
    guarding = []
    for earlier in workflow.tasks.filter(active=True).specific():
        if earlier.pk == task.pk:
            return guarding
        guarding = [] if is_public_comment(earlier) else guarding + [earlier]
    return guarding


def stage_needing_reapproval(workflow_state, task):
    """The first guarding stage whose approvals all predate a change of the text.

    Texts are compared, not revision ids: a save that changes nothing never
    sends the chapter back. None with TRIADA_REVIEW_RESTART_ON_EDIT off.
    """
    if not restart_on_edit():
        return None
    latest = workflow_state.content_object.get_latest_revision()
    if latest is None:
        return None
    for earlier in stages_guarding(workflow_state.workflow, task):
        states = list(
            workflow_state.task_states.filter(task=earlier, status=TaskState.STATUS_APPROVED).select_related(
                "revision"
            )
        )
        if states and not any(same_text(state.revision, latest) for state in states):
            return earlier
    return None


def stage_started(task, task_state, page, user):
    """Announce that a stage began; the notifications app listens and tells the stage's body."""
    workflow_state = task_state.workflow_state
    signals.submitted_to_stage.send(
        sender=type(page),
        instance=page,
        task=task,
        task_state=task_state,
        workflow_state=workflow_state,
        user=workflow_state.requested_by,
        actor=user,
    )


# --- the whole plan ---------------------------------------------------------------


def submit_plan(plan, user):
    """Start the plan's workflow on every chapter not already under review.

    Returns (started, skipped) lists of chapters. A chapter whose review was
    returned for changes is resumed at the stage that returned it.
    """
    from workflows.review.selectors import plan_chapters, user_can_submit_plan

    if not user_can_submit_plan(user, plan):
        raise PermissionDenied
    workflow = plan.get_workflow()
    if workflow is None:
        raise PermissionDenied
    started, skipped = [], []
    for chapter in plan_chapters(plan):
        with transaction.atomic():
            chapter = type(chapter).objects.select_for_update().get(pk=chapter.pk)
            state = chapter.current_workflow_state
            if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
                skipped.append(chapter)
                continue
            if chapter.get_latest_revision() is None:
                chapter.save_revision(user=user)
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(user=user)
            else:
                workflow.start(chapter, user)
            started.append(chapter)
    return started, skipped
