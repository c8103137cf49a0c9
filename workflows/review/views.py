"""Admin views of the review part: a chapter's review, a plan's matrix, conflicts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page, TaskState, WorkflowState

from cms.access import may_view_page_internals, territory_of
from cms.models import PlanPage
from workflows.models.review import BodyTask, CouncilResolution, SteeringApproval, SteeringApprovalTaskState
from workflows.review import feedback, plan_status, selectors, transitions


def _edit_or_explore_url(page, user):
    if page.permissions_for_user(user).can_edit():
        return reverse("wagtailadmin_pages:edit", args=[page.pk])
    parent = page.get_parent()
    return reverse("wagtailadmin_explore", args=[parent.pk if parent else page.pk])


def conflict(request, page_id):
    """Where Wagtail's workflow action view sends someone who lost a race."""
    page = get_object_or_404(Page, pk=page_id)
    if not may_view_page_internals(request.user, page.specific):
        raise Http404
    conflict = transitions.CONFLICT_KINDS.get(request.GET.get("kind"), transitions.ReviewConflict)
    messages.warning(request, str(conflict.message % {"title": page.get_admin_display_title()}))
    return redirect(_edit_or_explore_url(page, request.user))


def decided_by(request, page):
    """The task state of `page` named in ?rozhodnuti= that the user has just decided, else None.

    Where the dashboard's workflow actions land: the steering member whose approval
    moved the chapter on, or the secretary who recorded the adopting resolution, no
    longer holds its stage, yet sees what they did instead of a permission error.
    """
    pk = request.GET.get(transitions.DECIDED_PARAM, "")
    if not pk.isdigit() or not request.user.is_authenticated:
        return None
    states = TaskState.objects.filter(pk=int(pk), workflow_state__object_id=str(page.pk))
    mine = states.filter(Q(finished_by=request.user) | Q(pk__in=approvals_by(request.user)))
    return int(pk) if mine.exists() else None


def approvals_by(user):
    """Steering-group task states `user` approved (a quorum stage is finished by its last approver)."""
    return SteeringApproval.objects.filter(user=user).values("task_state_id")


def chapter_review(request, page_id):
    """Stages, deadlines, comments and revisions of a chapter's review."""
    page = get_object_or_404(Page, pk=page_id).specific
    decided = decided_by(request, page)
    if decided is None and not may_view_page_internals(request.user, page):
        raise PermissionDenied
    if decided is not None:
        feedback.report_decision(request, page, decided)
    workflow_state, current_task_state, current_task = selectors.current_state(page)
    history = []
    for workflow in page.workflow_states.order_by("-created_at"):
        states = workflow.task_states.select_related("task", "finished_by", "revision").order_by("-started_at", "-pk")
        for state in states:
            state = state.specific
            task = state.task.specific
            history.append(
                {
                    "workflow_state": workflow,
                    "task_state": state,
                    "task": task,
                    "body": selectors.body_name(task, page),
                    "due_at": task.get_due_at(state) if isinstance(task, BodyTask) else None,
                    "overdue": selectors.is_overdue(state),
                    "approvals": state.approvals.select_related("user").order_by("created_at")
                    if isinstance(state, SteeringApprovalTaskState)
                    else [],
                }
            )
    wg_revision, council_revision = selectors.approved_revisions(page)
    compare_url = None
    if wg_revision and council_revision:
        compare_url = reverse(
            "wagtailadmin_pages:revisions_compare", args=[page.pk, wg_revision.pk, council_revision.pk]
        )
    plan = page if isinstance(page, PlanPage) else getattr(page, "plan", None)
    context = {
        "page": page,
        "plan": plan,
        "territory": territory_of(page),
        "needs_changes": WorkflowState.STATUS_NEEDS_CHANGES,
        "workflow_state": workflow_state,
        "current_task_state": current_task_state,
        "current_task": current_task,
        "current_body": selectors.body_name(current_task, page) if current_task else "",
        "current_due_at": selectors.due_at(current_task_state) if current_task_state else None,
        "current_overdue": selectors.is_overdue(current_task_state) if current_task_state else False,
        "steering": selectors.steering_progress(current_task_state),
        "history": history,
        "resolutions": CouncilResolution.objects.filter(page=page).select_related("body", "scan"),
        "wg_revision": wg_revision,
        "council_revision": council_revision,
        "compare_url": compare_url,
        "last_request_for_changes": page.workflow_states.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
        .order_by("-created_at")
        .values_list("current_task_state__comment", flat=True)
        .first(),
    }
    return TemplateResponse(request, "workflows/review/chapter_review.html", context)


@require_POST
def submit_plan(request, plan_id):
    """Send every draft chapter of a plan to review at once, after the coordinator confirmed how many people hear of it."""
    plan = get_object_or_404(PlanPage, pk=plan_id)
    if not selectors.user_can_submit_plan(request.user, plan):
        raise PermissionDenied
    if plan.get_workflow() is None:
        messages.error(request, _("This plan has no approval workflow. Run “setup_workflows” first."))
        return redirect("workflows_review:plan_matrix", plan.pk)
    started, skipped = transitions.submit_plan(plan, request.user)
    if started:
        messages.success(
            request,
            ngettext(
                "%(count)d chapter was submitted for approval.",
                "%(count)d chapters were submitted for approval.",
                len(started),
            )
            % {"count": len(started)},
        )
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d chapter is already under review and was left as it is.",
                "%(count)d chapters are already under review and were left as they are.",
                len(skipped),
            )
            % {"count": len(skipped)},
        )
    return redirect("workflows_review:plan_matrix", plan.pk)


@require_POST
def change_plan_archive(request, plan_id, archive):
    """Archive an adopted plan (a newer one replaced it) or restore an archived one; the coordinator's call."""
    plan = get_object_or_404(PlanPage, pk=plan_id)
    if not selectors.user_can_submit_plan(request.user, plan):
        raise PermissionDenied
    if archive:
        changed = plan_status.archive_plan(plan, request.user)
        done, refused = _("The plan “%(title)s” is archived."), _("Only an adopted plan can be archived.")
    else:
        changed = plan_status.restore_plan(plan, request.user)
        done, refused = _("The plan “%(title)s” is adopted again."), _("Only an archived plan can be restored.")
    if changed:
        messages.success(request, done % {"title": plan.title})
    else:
        messages.error(request, refused)
    return redirect("workflows_review:plan_matrix", plan.pk)
