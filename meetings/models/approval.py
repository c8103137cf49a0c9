"""The chair's approval of minutes, as a Wagtail workflow task.

Wagtail publishes the approved revision when the workflow finishes; we also
record what exactly the chair approved (MinutesApproval.fingerprint), so
minutes published any other way are never shown as approved.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState, WorkflowState
from wagtail.signals import workflow_approved


def _meeting_of(obj):
    from .pages import MeetingPage

    specific = getattr(obj, "specific", obj)
    return specific if isinstance(specific, MeetingPage) else None


class ChairApprovalTask(Task):
    """Only the chair of the meeting's body may approve or send back the minutes."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("Approval by the body's chair")
        verbose_name_plural = _("Approvals by the body's chair")

    @classmethod
    def get_description(cls):
        return _("The chair of the meeting's planning body approves the minutes")

    def is_chair(self, obj, user):
        meeting = _meeting_of(obj)
        return bool(
            meeting is not None
            and user is not None
            and user.is_authenticated
            and user.is_active
            and meeting.body.chair_id == user.pk
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        from workflows.signals import submitted_to_stage

        meeting = _meeting_of(workflow_state.content_object)
        if meeting is not None:
            submitted_to_stage.send(
                sender=type(meeting),
                instance=meeting,
                task=self,
                task_state=task_state,
                workflow_state=workflow_state,
                user=user,
            )
        return task_state

    def user_can_access_editor(self, obj, user):
        return self.is_chair(obj, user)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or self.is_chair(obj, user))

    def user_can_lock(self, obj, user):
        return self.is_chair(obj, user)

    def get_actions(self, obj, user):
        if self.is_chair(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve the minutes"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        meeting = _meeting_of(task_state.workflow_state.content_object)
        if not self.is_chair(meeting, user):
            raise PermissionDenied(_("Only the chair of the meeting's body may approve its minutes."))
        from workflows.signals import changes_requested, stage_approved

        comment = kwargs.get("comment", "") or ""
        if action_name == "approve":
            approved = task_state.revision.as_object()
            MinutesApproval.objects.create(
                page=meeting,
                revision=task_state.revision,
                fingerprint=approved.minutes_fingerprint(),
                approved_by=user,
                comment=comment,
            )
            self.approve_and_publish(task_state, user, comment=comment)
            result = None
            stage_approved.send(
                sender=type(meeting), instance=meeting, task=self, task_state=task_state, user=user, comment=comment
            )
            return result
        result = super().on_action(task_state, user, action_name, **kwargs)
        if action_name == "reject":
            changes_requested.send(
                sender=type(meeting), instance=meeting, task=self, task_state=task_state, user=user, comment=comment
            )
        return result

    def approve_and_publish(self, task_state, user, comment=""):
        """Approve; if this was the last step, publish the approved revision.

        Wagtail's own finish publishes with the approver's page permissions,
        which a chair does not have: the chair's approval is itself the
        authority to publish the minutes, so the permission check is skipped
        here, and only here.
        """
        task_state.approve(user=user, update=False, comment=comment)
        workflow_state = task_state.workflow_state
        if workflow_state.get_next_task() is not None:
            workflow_state.update(user=user)
            return
        workflow_state.status = WorkflowState.STATUS_APPROVED
        workflow_state.save(update_fields=["status"])
        task_state.revision.publish(user=user, skip_permission_checks=True)
        workflow_approved.send(sender=WorkflowState, instance=workflow_state, user=user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .pages import MeetingPage

        if not user.is_authenticated:
            return TaskState.objects.none()
        chaired = [str(pk) for pk in MeetingPage.objects.filter(body__chair=user).values_list("pk", flat=True)]
        return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS, workflow_state__object_id__in=chaired)


class MinutesApproval(models.Model):
    """The record that a chair approved one version of a meeting's minutes."""

    page = models.ForeignKey("meetings.MeetingPage", on_delete=models.CASCADE, related_name="approvals")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.SET_NULL, null=True, related_name="+")
    fingerprint = models.CharField(max_length=64, db_index=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-approved_at"]
        verbose_name = _("approval of minutes")
        verbose_name_plural = _("approvals of minutes")

    def __str__(self):
        return f"{self.page} ({self.approved_at:%d.%m.%Y})"
