"""The action plan's approval: the steering group, then the council (or general assembly).

Built from the review app's own task models, so their rules (only the body
holding the stage acts, row locks, resolutions, notifications) apply unchanged.
Each new action plan page is assigned this workflow; its chapters-style
working-group stage and public consultation do not apply to an action plan.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Workflow, WorkflowPage, WorkflowTask


def workflow_name(territory):
    """The name of a territory's action-plan workflow, unique per territory so each can be found and repaired."""
    return _("Action plan approval – %(territory)s") % {"territory": territory.display_name}


def _task(model, name, **fields):
    task = model.objects.filter(name=name).first()
    if task is None:
        task = model.objects.create(name=name, **fields)
    return task


@transaction.atomic
def ensure_action_plan_workflow(territory):
    """Create (idempotently) the territory's action plan workflow and return it."""
    from cms.models import PlanningBodyKind
    from workflows.models.review import BodyRole, CouncilDecisionTask, SteeringGroupApprovalTask

    workflow, _created = Workflow.objects.get_or_create(name=workflow_name(territory), defaults={"active": True})
    label = territory.display_name
    council_role = (
        BodyRole.COUNCIL
        if territory.bodies.filter(kind=PlanningBodyKind.COUNCIL).exists()
        else BodyRole.GENERAL_ASSEMBLY
    )
    tasks = [
        _task(
            SteeringGroupApprovalTask,
            _("Action plan: steering group approval – %(t)s") % {"t": label},
            body_role=BodyRole.STEERING_GROUP,
            due_days=21,
        ),
        _task(
            CouncilDecisionTask,
            _("Action plan: council decision – %(t)s") % {"t": label},
            body_role=council_role,
            due_days=60,
        ),
    ]
    for order, task in enumerate(tasks):
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    return workflow


def on_action_plan_saved(sender, instance, created=False, raw=False, **kwargs):
    """A new action plan gets its territory's action plan workflow (not the chapters' one)."""
    if not created or raw:
        return
    territory = instance.territory
    if territory is None:
        return
    WorkflowPage.objects.update_or_create(
        page_id=instance.pk, defaults={"workflow": ensure_action_plan_workflow(territory)}
    )
