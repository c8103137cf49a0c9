"""The default "Schválení zápisu" workflow, created by code on every installation."""

from django.db import transaction
from wagtail.models import Workflow, WorkflowPage, WorkflowTask

from .models import ChairApprovalTask

MINUTES_WORKFLOW_NAME = "Schválení zápisu"
CHAIR_TASK_NAME = "Schválení předsedou skupiny"


@transaction.atomic
def ensure_minutes_workflow():
    """Return the minutes workflow, creating it and its chair task if missing."""
    task = ChairApprovalTask.objects.filter(name=CHAIR_TASK_NAME).first()
    if task is None:
        task = ChairApprovalTask.objects.create(name=CHAIR_TASK_NAME)
    workflow, _ = Workflow.objects.get_or_create(name=MINUTES_WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_minutes_workflow(index_page):
    """Make every meeting under `index_page` go through the chair's approval."""
    workflow = ensure_minutes_workflow()
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
