"""What a person is told after a workflow action in the page editor.

Wagtail's editor calls `Task.on_action` and ignores what it returns, so the
editor hooks read the outcome from the database instead: the stage acted on
is remembered before the action (on the request), and afterwards its state
says whether this person's decision counted, and what happens next.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import TaskState, WorkflowState

from workflows.models.review import (
    CouncilResolution,
    ResolutionOutcome,
    ReviewPurpose,
    SteeringApprovalTaskState,
)
from workflows.review import selectors
from workflows.review.transitions import ALREADY_APPROVED_MESSAGE, CONFLICT_MESSAGE

REQUEST_KEY = "_triada_review_stage_acted_on"


def remember_stage(request, page):
    """Note which stage the person acted on before Wagtail moves the workflow on, so the confirmation can name it."""
    if not request.POST.get("action-workflow-action"):
        return
    state = page.current_workflow_state
    if state is not None and state.current_task_state_id:
        setattr(request, REQUEST_KEY, (state.current_task_state_id, request.POST.get("workflow-action-name", "")))


def report_action(request, page):
    """Tell the person in Czech what their decision did, using the stage remembered before the action."""
    acted_on = getattr(request, REQUEST_KEY, None)
    if acted_on is None:
        return None
    task_state_pk, action = acted_on
    return report_decision(request, page, task_state_pk, action)


def report_decision(request, page, task_state_pk, action=""):
    """The Czech confirmation of a decision on `task_state_pk`, for the editor and the dashboard alike."""
    state = (
        TaskState.objects.filter(pk=task_state_pk, workflow_state__object_id=str(page.pk))
        .select_related("task")
        .first()
    )
    if state is None:
        return None
    state = state.specific
    user = request.user
    title = page.get_admin_display_title()
    values = {"title": title, "stage": state.task.name}
    mine = state.finished_by_id == user.pk
    if state.status == TaskState.STATUS_IN_PROGRESS:
        if isinstance(state, SteeringApprovalTaskState) and state.approvals.filter(user=user).exists():
            values.update(count=state.approvals.count(), needed=state.approvals_needed)
            messages.success(
                request,
                _(
                    "Your approval of “%(title)s” was recorded (%(count)s of %(needed)s); "
                    "the stage waits for the other members."
                )
                % values,
            )
        elif action == "approve" and isinstance(state, SteeringApprovalTaskState):
            messages.warning(request, ALREADY_APPROVED_MESSAGE % values)
        else:
            messages.warning(request, CONFLICT_MESSAGE % values)
    elif not mine:
        messages.warning(request, CONFLICT_MESSAGE % values)
    else:
        messages.success(request, _decision_message(page, state, values))
    if not page.permissions_for_user(user).can_edit():
        # e.g. the council's secretary: the chapter's review page, never a permission error.
        return redirect(reverse("workflows_review:chapter_review", args=[page.pk]))
    return None


def _decision_message(page, state, values):
    resolution = CouncilResolution.objects.filter(task_state_id=state.pk).first()
    if resolution is not None:
        values["number"] = resolution.number
        if resolution.outcome == ResolutionOutcome.RETURNED:
            return _("Resolution no. %(number)s was recorded; “%(title)s” goes back to its working group.") % values
        if resolution.purpose == ReviewPurpose.FINAL:
            text = _("Resolution no. %(number)s adopting the plan was recorded for “%(title)s”.") % values
        else:
            text = _("Resolution no. %(number)s approving the draft was recorded for “%(title)s”.") % values
        return f"{text} {_next_step(page)}"
    if state.status == TaskState.STATUS_REJECTED:
        return _("You returned “%(title)s” for changes; the working group sees your request in the editor.") % values
    approved = _("You approved “%(title)s” at the stage “%(stage)s”.") % values
    return f"{approved} {_next_step(page)}"


def _next_step(page):
    page = type(page).objects.get(pk=page.pk)
    workflow_state = page.workflow_states.order_by("-created_at").first()
    if workflow_state is None:
        return ""
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        return _("The approval is complete and the chapter is published.")
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and workflow_state.current_task_state_id:
        task = workflow_state.current_task_state.task.specific
        return _("It now waits for the stage “%(stage)s” (%(body)s).") % {
            "stage": task.name,
            "body": selectors.body_name(task, page),
        }
    return ""
