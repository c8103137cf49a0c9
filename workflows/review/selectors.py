"""Read models of the review workflow: who holds what, the plan matrix, history.

Nothing here changes state. The functions that list task states for a user
load pages and bodies in bulk (a few queries whatever the number of plans),
because they run on every admin page (menu, dashboard, Wagtail's task list).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Task, TaskState, WorkflowState

from workflows.models.review import (
    BodyRole,
    BodyTask,
    CouncilDecisionTask,
    CouncilResolution,
    SteeringApprovalTaskState,
    WorkingGroupReviewTask,
    territory_of,
    user_group_ids,
)


class NotStarted:
    """Status code of a stage that has no task state yet (TaskState has none for it)."""

    code = "not_started"


# --- who holds a stage ----------------------------------------------------------


class BodyResolver:
    """Which body holds a stage for many pages, with territories and bodies read once."""

    def __init__(self):
        from cms.models import PlanningBody, PlanningBodyKind, TerritoryHomePage

        self.territories = sorted(TerritoryHomePage.objects.only("pk", "path"), key=lambda t: -len(t.path))
        self.by_pk, self.bodies = {}, {}
        for body in PlanningBody.objects.order_by("-sort_order", "-pk"):
            self.by_pk[body.pk] = body
            self.bodies[(body.territory_id, body.kind)] = body  # the lowest sort_order wins
        self.steering_kind = PlanningBodyKind.STEERING_GROUP

    def territory_id(self, page):
        for territory in self.territories:
            if page.path.startswith(territory.path):
                return territory.pk
        return None

    def body(self, task, page):
        if task.body_role == BodyRole.OWN_WORKING_GROUP:
            group_id = getattr(page, "responsible_group_id", None)
            if group_id is not None:
                return self.by_pk.get(group_id)
            kind = self.steering_kind
        else:
            kind = task.body_role
        return self.bodies.get((self.territory_id(page), kind))


def task_states_held_by(user, task=None, limit=None):
    """In-progress task states of our body stages held by a body `user` belongs to.

    Returns a TaskState queryset (Wagtail ORs these across task types).
    """
    if not user.is_authenticated or not user.is_active:
        return TaskState.objects.none()
    ids = [state.pk for state, _page, _task in _held_states(user, task=task, limit=limit)]
    return TaskState.objects.filter(pk__in=ids)


def _held_states(user, task=None, limit=None):
    from cms.models import PlanningBody

    groups = user_group_ids(user)
    if not groups or not PlanningBody.objects.filter(group_id__in=groups).exists():
        return []
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__status=WorkflowState.STATUS_IN_PROGRESS
    ).select_related("workflow_state", "task")
    if task is not None:
        states = states.filter(task=task)
    states = list(states.order_by("started_at"))
    tasks = {t.pk: t for t in Task.objects.filter(pk__in={s.task_id for s in states}).specific()}
    states = [s for s in states if isinstance(tasks.get(s.task_id), BodyTask)]
    page_ids = {int(s.workflow_state.object_id) for s in states}
    pages = {p.pk: p for p in Page.objects.filter(pk__in=page_ids).specific()}
    resolver = BodyResolver()
    held = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        the_task = tasks[state.task_id]
        body = resolver.body(the_task, page) if page is not None else None
        if body is None or body.group_id not in groups:
            continue
        held.append((state, page, the_task))
        if limit and len(held) >= limit:
            break
    return held


def waiting_for_user(user, limit=50):
    """In-progress task states of our stages that the user's bodies hold."""
    if not user.is_authenticated:
        return []
    resolver = None
    items = []
    for state, page, task in _held_states(user, limit=limit):
        resolver = resolver or BodyResolver()
        body = resolver.body(task, page)
        items.append(
            {
                "page": page,
                "task": task,
                "task_state": state,
                "body": body.name if body else "",
                "due_at": task.get_due_at(state),
                "overdue": is_overdue(state, task=task),
            }
        )
    return items


def body_name(task, page, bodies=None):
    """The body that holds `task` for `page`; for the public-comment stage, who settles."""
    getter = getattr(task, "get_body", None)
    if getter is None:
        return public_comment_holder(page, bodies)
    body = getter(page) if bodies is None else getter(page, bodies=bodies)
    return body.name if body else ""


def public_comment_holder(page, bodies=None):
    """Who holds the public-comment stage, in words for the stage column (the working group settles, the steering group confirms).

    `bodies`: the territory's bodies in order, when a caller lists many pages and must not query per page.
    """
    from cms.models import PlanningBody, PlanningBodyKind

    if bodies is not None:
        group_id = getattr(page, "responsible_group_id", None)
        wg = next((body for body in bodies if body.pk == group_id), None) if group_id else None
        steering = next((body for body in bodies if body.kind == PlanningBodyKind.STEERING_GROUP), None)
    else:
        wg = getattr(page, "responsible_group", None)
        territory = territory_of(page)
        steering = (
            PlanningBody.objects.filter(territory=territory, kind=PlanningBodyKind.STEERING_GROUP).first()
            if territory
            else None
        )
    return _("The public comments; %(wg)s settles, %(sg)s confirms") % {
        "wg": wg.name if wg else (steering.name if steering else _("the working group")),
        "sg": steering.name if steering else _("the steering group"),
    }


# --- deadlines -------------------------------------------------------------------


def current_state(page):
    """(workflow_state, task_state.specific, task.specific) for an active review, or Nones."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.current_task_state is None:
        return workflow_state, None, None
    task_state = workflow_state.current_task_state.specific
    return workflow_state, task_state, task_state.task.specific


def due_at(task_state, task=None):
    """When the stage is due, if its task sets a deadline."""
    task = task or task_state.task.specific
    getter = getattr(task, "get_due_at", None)
    return getter(task_state) if getter else None


def is_overdue(task_state, now=None, task=None):
    """Whether a stage still in progress is past its deadline (the dashboards mark it, reminders go out)."""
    due = due_at(task_state, task=task)
    return bool(due and task_state.status == TaskState.STATUS_IN_PROGRESS and due < (now or timezone.now()))


# --- plans -----------------------------------------------------------------------------


def plan_chapters(plan):
    """The plan's chapters in their numbered order (the plan matrix, plan-wide transitions)."""
    from cms.models import ChapterPage

    return list(ChapterPage.objects.child_of(plan).specific().order_by("number", "path"))


def user_can_submit_plan(user, plan):
    """Coordinators of the territory (and superusers) may submit a whole plan."""
    from cms.access import is_coordinator_of

    return is_coordinator_of(user, plan)


def coordinated_plans(user):
    """Plans the user coordinates, in one query."""
    from cms.access import coordinated_territories, is_active_user, plans_in
    from cms.models import PlanPage

    if not is_active_user(user):
        return PlanPage.objects.none()
    if user.is_superuser:
        return PlanPage.objects.order_by("path")
    return plans_in(coordinated_territories(user))


def user_coordinates_any_plan(user):
    """Whether the user coordinates any territory, which decides whether the review menu is shown."""
    from cms.access import coordinated_territories

    return coordinated_territories(user).exists()


def plan_matrix(plan):
    """Rows of chapters × stages for the coordinator's view of a plan, in a fixed number of queries."""
    from cms.models import PlanningBody

    workflow = plan.get_workflow()
    tasks = list(workflow.tasks.specific()) if workflow else []
    chapters = plan_chapters(plan)
    territory = territory_of(plan)
    bodies = list(PlanningBody.objects.filter(territory=territory).order_by("sort_order", "pk")) if territory else []
    states_by_page = {}
    for state in WorkflowState.objects.filter(
        base_content_type=plan.get_base_content_type(), object_id__in=[str(c.pk) for c in chapters]
    ).order_by("created_at"):
        states_by_page[int(state.object_id)] = state  # the newest wins
    task_states = {}
    for state in (
        TaskState.objects.filter(workflow_state__in=list(states_by_page.values()))
        .order_by("started_at", "pk")
        .select_related("finished_by")
        .specific()
    ):
        task_states[(state.workflow_state_id, state.task_id)] = state
    rows = []
    for chapter in chapters:
        workflow_state = states_by_page.get(chapter.pk)
        cells = []
        for task in tasks:
            state = task_states.get((workflow_state.pk, task.pk)) if workflow_state else None
            cells.append(
                {
                    "task": task,
                    "state": state,
                    "status": state.get_status_display() if state else _("Not started"),
                    "status_code": state.status if state else NotStarted.code,
                    "due_at": due_at(state, task=task) if state else None,
                    "overdue": is_overdue(state, task=task) if state else False,
                    "holder": body_name(task, chapter, bodies),
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
                "first_body": tasks[0].get_body(chapter, bodies=bodies)
                if tasks and isinstance(tasks[0], BodyTask)
                else None,
            }
        )
    return tasks, rows


def people_to_notify_on_submit(plan, matrix=None):
    """How many people hear of a bulk submission: members of the first stage's bodies.

    `matrix`: the plan's `plan_matrix` when the caller already built it (the matrix page), so it is not built twice.
    """
    from django.contrib.auth import get_user_model

    _tasks, rows = matrix if matrix is not None else plan_matrix(plan)
    group_ids = set()
    for row in rows:
        body = row["first_body"]
        if row["can_submit"] and body is not None and body.group_id:
            group_ids.add(body.group_id)
    return get_user_model().objects.filter(groups__in=group_ids, is_active=True).distinct().count()


def plan_history(plan):
    """The public approval history of a plan: no personal names, ever.

    One row per completed stage of a chapter (or of the plan): stage, date,
    body, and for council stages the resolution number, meeting and scan.
    """
    from cms.models import PlanningBody

    pages = {page.pk: page for page in [plan, *plan_chapters(plan)]}
    page_ids = list(pages)
    territory = territory_of(plan)
    # One query each for the bodies and the tasks, whatever the number of chapters and stages.
    bodies = list(PlanningBody.objects.filter(territory=territory).order_by("sort_order", "pk")) if territory else []
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
    states = list(states)
    tasks = {task.pk: task for task in Task.objects.filter(pk__in={s.task_id for s in states}).specific()}
    rows = []
    for state in states:
        task = tasks[state.task_id]
        if not isinstance(task, BodyTask):
            continue
        page = pages.get(int(state.workflow_state.object_id))
        resolution = resolutions.get(state.pk)
        rows.append(
            {
                "page": page,
                "part": page.title if page is not None else "",
                "stage": task.get_verbose_name(),
                "purpose": task.get_purpose_display(),
                "date": resolution.date if resolution else timezone.localdate(state.finished_at),
                "body": body_name(task, page, bodies) if page is not None else "",
                "resolution_number": resolution.number if resolution else "",
                "meeting": resolution.meeting if resolution else "",
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


def restart_target(page):
    """The stage an edit of `page` now would send it back to, or None.

    Mirrors transitions.stage_needing_reapproval: the first guarding stage of
    the current one that has approved the text. During (and after) the
    public-comment stage the earlier approvals are of the draft, so nothing
    restarts.
    """
    from workflows.review.transitions import is_public_comment, restart_on_edit, stages_guarding

    if not restart_on_edit():
        return None
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.current_task_state is None:
        return None
    current = workflow_state.current_task_state.task.specific
    if is_public_comment(current):
        return None
    for earlier in stages_guarding(workflow_state.workflow, current):
        if workflow_state.task_states.filter(task=earlier, status=TaskState.STATUS_APPROVED).exists():
            return earlier
    return None
