"""The territory's approval workflow: its stages, their order, and who gets it.

A territory chooses the order of its cycle in the admin (Settings → plan
approval cycle, `ReviewCycleSettings`); saving that setting rebuilds the
territory's workflow here, so no code changes between the two orders.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from workflows.models.review import (
    BodyRole,
    ChainOrder,
    CouncilDecisionTask,
    ReviewCycleSettings,
    ReviewPurpose,
    SteeringGroupApprovalTask,
    WorkingGroupReviewTask,
    territory_of,
)


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


def council_roles(territory):
    """The bodies whose resolution the plan needs: council and/or general assembly."""
    from cms.models import PlanningBodyKind, TerritoryKind

    kinds = set(territory.bodies.values_list("kind", flat=True))
    roles = []
    if PlanningBodyKind.COUNCIL in kinds or territory.kind != TerritoryKind.MICROREGION:
        roles.append(BodyRole.COUNCIL)
    if territory.kind == TerritoryKind.MICROREGION or PlanningBodyKind.GENERAL_ASSEMBLY in kinds:
        roles.append(BodyRole.GENERAL_ASSEMBLY)
    return roles


def _council_stages(territory, purpose):
    label = territory.display_name
    names = {
        (BodyRole.COUNCIL, ReviewPurpose.DRAFT): _("Council approves the draft for public comment – %(t)s"),
        (BodyRole.GENERAL_ASSEMBLY, ReviewPurpose.DRAFT): _(
            "General assembly approves the draft for public comment – %(t)s"
        ),
        (BodyRole.COUNCIL, ReviewPurpose.FINAL): _("Council adopts the plan – %(t)s"),
        (BodyRole.GENERAL_ASSEMBLY, ReviewPurpose.FINAL): _("General assembly adopts the plan – %(t)s"),
    }
    return [
        (
            CouncilDecisionTask,
            names[(role, purpose)] % {"t": label},
            {"body_role": role, "purpose": purpose, "due_days": 60},
        )
        for role in council_roles(territory)
    ]


def default_chain(territory, order=None):
    """(model, name, fields) of each stage for `territory`, in the territory's chosen order.

    COUNCIL_FIRST: working group → steering group → council (the draft) →
    public comment → steering group (the final text) → council (adopts).
    CONSULTATION_FIRST: working group → steering group → public comment →
    steering group (the final text) → council (its only resolution adopts).
    """
    cycle = ReviewCycleSettings.for_territory(territory)
    order = order or cycle.order
    label = territory.display_name
    chain = [
        (
            WorkingGroupReviewTask,
            _("Working group review – %(t)s") % {"t": label},
            {"body_role": BodyRole.OWN_WORKING_GROUP, "purpose": ReviewPurpose.DRAFT, "due_days": 14},
        ),
        (
            SteeringGroupApprovalTask,
            _("Steering group approval – %(t)s") % {"t": label},
            {"body_role": BodyRole.STEERING_GROUP, "purpose": ReviewPurpose.DRAFT, "due_days": 21, "quorum": 1},
        ),
    ]
    if order == ChainOrder.COUNCIL_FIRST:
        chain += _council_stages(territory, ReviewPurpose.DRAFT)
    public_comment = public_comment_task_model()
    if public_comment is not None:
        chain.append(
            (
                public_comment,
                _("Public comment – %(t)s") % {"t": label},
                {"period_days": cycle.min_consultation_days},
            )
        )
        chain.append(
            (
                SteeringGroupApprovalTask,
                _("Steering group confirms the final text – %(t)s") % {"t": label},
                {"body_role": BodyRole.STEERING_GROUP, "purpose": ReviewPurpose.FINAL, "due_days": 21, "quorum": 1},
            )
        )
    chain += _council_stages(territory, ReviewPurpose.FINAL)
    return chain


def public_comment_task_model():
    """The consultation part's PublicCommentTask, once it exists."""
    from workflows.models import consultation

    return getattr(consultation, "PublicCommentTask", None)


def workflow_name(territory):
    """The name of a territory's chapter workflow, unique per territory so each can be found and repaired."""
    return _("Chapter approval – %(territory)s") % {"territory": territory.display_name}


@transaction.atomic
def ensure_default_workflows(territory):
    """Create or update the territory's chain; assign it to its plans.

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


def on_cycle_settings_saved(sender, instance, **kwargs):
    """The territory changed the order of its cycle in the admin: rebuild its workflow."""
    from cms.models import TerritoryHomePage

    root = instance.site.root_page
    territory = TerritoryHomePage.objects.filter(pk=root.pk).first() if root else None
    if territory is not None:
        ensure_default_workflows(territory)
