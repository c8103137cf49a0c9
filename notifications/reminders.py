"""Deadline reminders: raise task_due_soon / task_overdue for open review stages.

Every specific Task model of the review part says when a stage is due through
`get_due_at(task_state)`. The beat task runs hourly; the outbox's event keys
make each reminder go out once per stage, however often it runs.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import TaskState

from workflows import signals

DUE_SOON = timedelta(days=2)


def raise_deadline_events(now=None):
    """Beat job: raise due-soon and overdue events for review stages in progress; the outbox turns them into notices."""
    now = now or timezone.now()
    raised = 0
    states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("task", "workflow_state")
    for task_state in states.iterator():
        task = task_state.task.specific
        get_due_at = getattr(task, "get_due_at", None)
        if get_due_at is None:
            continue
        due_at = get_due_at(task_state)
        if due_at is None or due_at - now > DUE_SOON:
            continue
        page = task_state.workflow_state.content_object
        if page is None:
            continue
        page = getattr(page, "specific", page)
        signal = signals.task_overdue if due_at <= now else signals.task_due_soon
        with transaction.atomic():
            signal.send(sender=type(page), task_state=task_state, task=task, instance=page, due_at=due_at)
        raised += 1
    return raised
