"""A territory with its default review chain and one person per role.

Shared by the review tests; builds everything through the same code paths
the application uses (factories, roles, `ensure_default_workflows`).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import TaskState

from tests.factories import ensure_wagtail_roots, make_chapter, make_plan, make_territory, make_user
from workflows.review.provisioning import ensure_default_workflows


@dataclass
class ReviewWorld:
    territory: object
    plan: object
    chapter: object
    other_chapter: object
    workflow: object
    coordinator: object
    wg_member: object
    other_wg_member: object
    steering: list
    secretary: object
    superuser: object

    @property
    def steering_member(self):
        return self.steering[0]


def build_world(hostname="testserver", title="ORP Testov", steering_count=3):
    ensure_wagtail_roots()
    territory = make_territory(title, hostname=hostname, default_site=True)
    plan = make_plan(territory)
    chapter = make_chapter(plan, "Senioři", number=1, group=territory.wg_seniors, paragraphs=("Původní text.",))
    other = make_chapter(plan, "Rodiny s dětmi", number=2, group=territory.wg_families)
    workflow = ensure_default_workflows(territory)
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for body in (territory.steering_group, territory.council, territory.wg_seniors, territory.wg_families):
        body.group.permissions.add(access_admin)
    territory.refresh_from_db()
    coordinators = territory.coordinator_group
    coordinator = make_user("koordinatorka", groups=[coordinators] if coordinators else [])
    return ReviewWorld(
        territory=territory,
        plan=plan,
        chapter=chapter,
        other_chapter=other,
        workflow=workflow,
        coordinator=coordinator,
        wg_member=make_user("seniorka", groups=[territory.wg_seniors]),
        other_wg_member=make_user("rodic", groups=[territory.wg_families]),
        steering=[make_user(f"ridici{i}", groups=[territory.steering_group]) for i in range(steering_count)],
        secretary=make_user("tajemnice", groups=[territory.council]),
        superuser=make_user("spravce", is_superuser=True),
    )


def submit(world, page=None, user=None):
    page = page or world.chapter
    page = type(page).objects.get(pk=page.pk)
    page.save_revision(user=user or world.wg_member)
    return world.workflow.start(page, user or world.wg_member)


def current(page):
    page = type(page).objects.get(pk=page.pk)
    state = page.current_workflow_state
    task_state = state.current_task_state.specific if state and state.current_task_state else None
    return state, task_state


def act(page, user, action, **data):
    """Perform a workflow action the way the admin does: through the current task's on_action."""
    _state, task_state = current(page)
    return task_state.task.specific.on_action(task_state, user, action, **data)


def resolution_data(outcome="adopted", number="ZM/12/2026", reasons=""):
    return {
        "number": number,
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "meeting": "12. zasedání zastupitelstva",
        "outcome": outcome,
        "reasons": reasons,
        "scan": None,
    }


def stage_of(page):
    _state, task_state = current(page)
    return type(task_state.task.specific).__name__ if task_state else None


def approve_through_council(world, page=None):
    page = page or world.chapter
    act(page, world.wg_member, "approve")
    act(page, world.steering_member, "approve")
    act(page, world.secretary, "record_resolution", **resolution_data())


def in_progress_count(page):
    return TaskState.objects.for_instance(page).filter(status=TaskState.STATUS_IN_PROGRESS).count()
