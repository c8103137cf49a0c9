"""The review workflow's transitions, defaults and read models.

Every transition runs in one transaction holding a row lock on the chapter's
WorkflowState, checks the actor's membership of the body that holds the
stage, and sends the domain events of workflows.signals inside that
transaction (so a receiver's outbox row commits with the change).
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log
from wagtail.models import Page, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from workflows import signals
from workflows.models.review import (
    BodyRole,
    BodyTask,
    CouncilDecisionTask,
    CouncilResolution,
    ResolutionOutcome,
    SteeringApproval,
    SteeringApprovalTaskState,
    SteeringGroupApprovalTask,
    WorkingGroupReviewTask,
    territory_of,
)

logger = logging.getLogger(__name__)

CONFLICT_MESSAGE = gettext_lazy(
    "Someone else has already decided this stage of “%(title)s” a moment ago. Nothing was changed; "
    "the chapter's current state is shown below."
)


ALREADY_APPROVED_MESSAGE = gettext_lazy(
    "You have already approved “%(title)s”; the stage is waiting for the other members' approvals."
)


class ReviewConflict(Exception):
    """The task state was decided by someone else while this request waited."""

    message = CONFLICT_MESSAGE


class AlreadyApproved(ReviewConflict):
    message = ALREADY_APPROVED_MESSAGE


def restart_on_edit():
    return getattr(settings, "TRIADA_REVIEW_RESTART_ON_EDIT", True)


# --- transitions --------------------------------------------------------------


def perform_action(task, task_state, user, action_name, data):
    """Entry point from Wagtail's `Task.on_action` (both admin paths and our views).

    Returns a redirect URL for Wagtail's workflow action view: on a conflict,
    our conflict view, which tells the user in Czech what happened.
    """
    try:
        with transaction.atomic():
            _perform_locked(task, task_state, user, action_name, data)
    except ReviewConflict as conflict:
        page = task_state.workflow_state.content_object
        if user is not None:
            # The page editor ignores on_action's return value; the hook
            # `after_edit_page` picks this up from request.user.
            user._triada_review_conflict = str(conflict.message % {"title": page.get_admin_display_title()})
        return reverse("workflows_review:conflict", args=[page.pk])
    return None


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
    """Store the council's resolution; adopt → approve the stage, returned → reject it."""
    from cms.models import PlanPage

    plan = page if isinstance(page, PlanPage) else getattr(page, "plan", None)
    body = task.get_body(page)
    if data.get("scan"):
        from cms.models import TriadaDocument

        scan = TriadaDocument.objects.select_related("owning_body").get(pk=data["scan"])
        if scan.owning_body is not None and scan.owning_body.territory_id != body.territory_id:
            raise PermissionDenied  # another territory's document
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
        if plan is not None:
            update_plan_approval(plan)
    else:
        request_changes(task, task_state, page, user, f"{comment}: {resolution.reasons}")
    return resolution


def update_plan_approval(plan):
    """Fill PlanPage.approval_* once the council adopted the plan.

    The plan counts as adopted when the plan page itself was adopted, or when
    every chapter of the plan has an adopted resolution; the latest such
    resolution is the plan's.
    """
    from cms.models import ChapterPage, PlanStatus

    adopted = CouncilResolution.objects.adopted().for_plan(plan)
    own = adopted.filter(page_id=plan.pk).order_by("-date", "-recorded_at").first()
    latest = own
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


def stage_needing_reapproval(workflow_state, task):
    """The first stage before `task` whose approval predates the latest revision.

    Only with TRIADA_REVIEW_RESTART_ON_EDIT; None when every earlier stage
    approved the current text (or the setting is off).
    """
    if not restart_on_edit():
        return None
    latest = workflow_state.content_object.get_latest_revision()
    if latest is None:
        return None
    for earlier in workflow_state.workflow.tasks.filter(active=True).specific():
        if earlier.pk == task.pk:
            return None
        states = workflow_state.task_states.filter(task=earlier, status=TaskState.STATUS_APPROVED)
        if states.exists() and not states.filter(revision=latest).exists():
            return earlier
    return None


def stage_started(task, task_state, page, user):
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


# --- the default workflow -------------------------------------------------------


def _task(model, name, **fields):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, **fields)
    else:
        changed = [key for key, value in fields.items() if getattr(task, key) != value]
        for key in changed:
            setattr(task, key, fields[key])
        if changed or not task.active:
            task.active = True
            task.save()
    return task


def default_chain(territory):
    """(model, name, fields) of each stage for `territory`, in order."""
    from cms.models import PlanningBodyKind, TerritoryKind

    label = territory.display_name
    chain = [
        (
            WorkingGroupReviewTask,
            _("Working group review – %(t)s") % {"t": label},
            {"body_role": BodyRole.OWN_WORKING_GROUP, "due_days": 14},
        ),
        (
            SteeringGroupApprovalTask,
            _("Steering group approval – %(t)s") % {"t": label},
            {"body_role": BodyRole.STEERING_GROUP, "due_days": 21, "quorum": 1},
        ),
    ]
    has_council = territory.bodies.filter(kind=PlanningBodyKind.COUNCIL).exists()
    has_assembly = territory.bodies.filter(kind=PlanningBodyKind.GENERAL_ASSEMBLY).exists()
    if has_council or territory.kind != TerritoryKind.MICROREGION:
        chain.append(
            (
                CouncilDecisionTask,
                _("Council decision – %(t)s") % {"t": label},
                {"body_role": BodyRole.COUNCIL, "due_days": 60},
            )
        )
    if territory.kind == TerritoryKind.MICROREGION or has_assembly:
        chain.append(
            (
                CouncilDecisionTask,
                _("General assembly decision – %(t)s") % {"t": label},
                {"body_role": BodyRole.GENERAL_ASSEMBLY, "due_days": 60},
            )
        )
    public_comment = public_comment_task_model()
    if public_comment is not None:
        chain.append((public_comment, _("Public comment – %(t)s") % {"t": label}, {}))
    return chain


def public_comment_task_model():
    """The consultation part's PublicCommentTask, once it exists."""
    from workflows.models import consultation

    return getattr(consultation, "PublicCommentTask", None)


def workflow_name(territory):
    return _("Chapter approval – %(territory)s") % {"territory": territory.display_name}


@transaction.atomic
def ensure_default_workflows(territory):
    """Create or update the territory's default chain; assign it to its plans.

    Idempotent: tasks are found by name, the order is reset to the chain's,
    and every PlanPage of the territory gets a WorkflowPage, so its chapters
    inherit the workflow.
    """
    from cms.models import PlanPage

    workflow = Workflow.objects.filter(name=workflow_name(territory)).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=workflow_name(territory), active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    tasks = [_task(model, name, **fields) for model, name, fields in default_chain(territory)]
    existing = {wt.task_id: wt for wt in WorkflowTask.objects.filter(workflow=workflow)}
    for order, task in enumerate(tasks):
        link = existing.pop(task.pk, None)
        if link is None:
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
        elif link.sort_order != order:
            link.sort_order = order
            link.save(update_fields=["sort_order"])
    for stale in existing.values():
        stale.delete()
    for plan in PlanPage.objects.descendant_of(territory):
        WorkflowPage.objects.update_or_create(page=plan, defaults={"workflow": workflow})
    return workflow


def on_demo_territory_built(sender, territory, **kwargs):
    ensure_default_workflows(territory)


def on_plan_created(sender, instance, created=False, **kwargs):
    """A new plan of a territory that has a default workflow gets it too."""
    if not created:
        return
    territory = territory_of(instance)
    if territory is None:
        return
    workflow = Workflow.objects.filter(name=workflow_name(territory), active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=instance.pk, defaults={"workflow": workflow})


# --- read models ----------------------------------------------------------------


def current_state(page):
    """(workflow_state, task_state.specific, task.specific) for an active review, or Nones."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.current_task_state is None:
        return workflow_state, None, None
    task_state = workflow_state.current_task_state.specific
    return workflow_state, task_state, task_state.task.specific


def due_at(task_state):
    task = task_state.task.specific
    getter = getattr(task, "get_due_at", None)
    return getter(task_state) if getter else None


def is_overdue(task_state, now=None):
    due = due_at(task_state)
    return bool(due and task_state.status == TaskState.STATUS_IN_PROGRESS and due < (now or timezone.now()))


def body_name(task, page):
    getter = getattr(task, "get_body", None)
    body = getter(page) if getter else None
    return body.name if body else ""


def plan_chapters(plan):
    from cms.models import ChapterPage

    return list(ChapterPage.objects.child_of(plan).specific().order_by("number", "path"))


def plan_matrix(plan):
    """Rows of chapters × stages for the coordinator's view of a plan."""
    workflow = plan.get_workflow()
    tasks = list(workflow.tasks.specific()) if workflow else []
    rows = []
    for chapter in plan_chapters(plan):
        workflow_state = chapter.workflow_states.order_by("-created_at").first()
        by_task = {}
        if workflow_state is not None:
            for state in workflow_state.task_states.order_by("started_at", "pk").select_related("finished_by"):
                by_task[state.task_id] = state.specific
        cells = []
        for task in tasks:
            state = by_task.get(task.pk)
            cells.append(
                {
                    "task": task,
                    "state": state,
                    "status": state.get_status_display() if state else _("Not started"),
                    "status_code": state.status if state else "not_started",
                    "due_at": due_at(state) if state else None,
                    "overdue": is_overdue(state) if state else False,
                    "holder": body_name(task, chapter),
                    "current": bool(
                        state
                        and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
                        and workflow_state.current_task_state_id == state.pk
                    ),
                }
            )
        rows.append(
            {
                "chapter": chapter,
                "workflow_state": workflow_state,
                "cells": cells,
                "can_submit": workflow_state is None or not workflow_state.is_active,
            }
        )
    return tasks, rows


def user_can_submit_plan(user, plan):
    """Coordinators of the territory (and superusers) may submit a whole plan."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    territory = territory_of(plan)
    return bool(
        territory and territory.coordinator_group_id and user.groups.filter(pk=territory.coordinator_group_id).exists()
    )


def submit_plan(plan, user):
    """Start the plan's workflow on every chapter not already under review.

    Returns (started, skipped) lists of chapters. A chapter whose review was
    returned for changes is resumed at the stage that returned it.
    """
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


def waiting_for_user(user, limit=50):
    """In-progress task states of our stages that the user's bodies hold."""
    if not user.is_authenticated:
        return []
    from cms.models import PlanningBody

    if not PlanningBody.objects.of_user(user).exists():
        return []
    items = []
    states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__status="in_progress")
        .select_related("workflow_state", "task")
        .order_by("started_at")
    )
    for state in states:
        task = state.task.specific
        if not isinstance(task, BodyTask):
            continue
        page = state.workflow_state.content_object
        if page is None or not task.user_in_body(page, user):
            continue
        page = page.specific
        items.append(
            {
                "page": page,
                "task": task,
                "task_state": state,
                "body": body_name(task, page),
                "due_at": task.get_due_at(state),
                "overdue": is_overdue(state),
            }
        )
        if len(items) >= limit:
            break
    return items


def plan_history(plan):
    """The public approval history of a plan: no personal names, ever.

    One row per completed stage of a chapter (or of the plan): stage, date,
    body, and for council stages the resolution number.
    """
    page_ids = [plan.pk] + [chapter.pk for chapter in plan_chapters(plan)]
    resolutions = {
        r.task_state_id: r for r in CouncilResolution.objects.filter(page_id__in=page_ids).select_related("scan")
    }
    states = (
        TaskState.objects.filter(
            workflow_state__object_id__in=[str(pk) for pk in page_ids],
            workflow_state__base_content_type=plan.get_base_content_type(),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("task", "workflow_state")
        .order_by("finished_at", "pk")
    )
    pages = {page.pk: page.specific for page in Page.objects.filter(pk__in=page_ids)}
    rows = []
    for state in states:
        task = state.task.specific
        if not isinstance(task, BodyTask):
            continue
        page = pages.get(int(state.workflow_state.object_id))
        resolution = resolutions.get(state.pk)
        rows.append(
            {
                "page": page,
                "part": page.title if page is not None else "",
                "stage": task.get_verbose_name(),
                "date": resolution.date if resolution else timezone.localdate(state.finished_at),
                "body": body_name(task, page) if page is not None else "",
                "resolution_number": resolution.number if resolution else "",
                "scan": resolution.scan if resolution and resolution.scan and resolution.scan.is_public else None,
            }
        )
    return rows


def approved_revisions(page):
    """(revision the working group approved, revision the council adopted) of the latest review."""
    workflow_state = page.workflow_states.order_by("-created_at").first()
    if workflow_state is None:
        return None, None
    states = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED).select_related("task")
    wg = council = None
    for state in states.order_by("finished_at"):
        task = state.task.specific
        if isinstance(task, WorkingGroupReviewTask):
            wg = state.revision
        elif isinstance(task, CouncilDecisionTask):
            council = state.revision
    return wg, council


def steering_progress(task_state):
    """(approvers, needed) for a steering-group state, else None."""
    if not isinstance(task_state, SteeringApprovalTaskState):
        return None
    return task_state.approvers(), task_state.approvals_needed
