"""Silence Wagtail's own workflow e-mails for our review workflow.

Wagtail sends them synchronously inside the editor's request, one SMTP call
per recipient, and drops them when the mail server is down. Our outbox sends
the same news reliably, so for a workflow that contains any of our tasks the
stock notifiers step aside and nobody gets two messages. Workflows built only
from Wagtail's stock tasks keep the stock behaviour.
"""

from wagtail.models import TaskState, WorkflowState

OUR_APP_LABEL = "workflows"


def _workflow_is_ours(workflow):
    if workflow is None:
        return False
    return any(task.specific._meta.app_label == OUR_APP_LABEL for task in workflow.tasks.all())


def is_our_workflow_instance(instance):
    """Whether a task state or workflow state belongs to one of our workflows, whose e-mails the outbox sends instead."""
    if isinstance(instance, TaskState):
        if instance.task.specific._meta.app_label == OUR_APP_LABEL:
            return True
        return _workflow_is_ours(instance.workflow_state.workflow)
    if isinstance(instance, WorkflowState):
        return _workflow_is_ours(instance.workflow)
    return False


def _guarded(notifier):
    original = type(notifier).can_handle

    def can_handle(instance, **kwargs):
        if is_our_workflow_instance(instance):
            return False
        return original(notifier, instance, **kwargs)

    return can_handle


def silence_wagtail_workflow_emails():
    """Wrap the four stock notifier instances; idempotent.

    Wrapping the instances (rather than disconnecting them) works whatever the
    order of AppConfig.ready() calls, because wagtail.admin connects these very
    objects when its own ready() runs.
    """
    from wagtail.admin import signal_handlers

    for name in (
        "task_submission_email_notifier",
        "workflow_submission_email_notifier",
        "workflow_approval_email_notifier",
        "workflow_rejection_email_notifier",
    ):
        notifier = getattr(signal_handlers, name)
        if not getattr(notifier, "_triada_guarded", False):
            notifier.can_handle = _guarded(notifier)
            notifier._triada_guarded = True
