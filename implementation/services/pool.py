"""The project pool: intents from the public form or staff, assessed by the working group."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from implementation import access
from implementation.models import IntentChannel, IntentStatus, IntentStatusChange, ProjectIntent
from implementation.models.pool import STATUSES_NEEDING_REASON


@transaction.atomic
def submit_intent(form, *, channel=IntentChannel.WEB, user=None):
    """Store a validated ProjectIntentForm; staff entries need a coordinator or body member."""
    if channel == IntentChannel.STAFF and not (user and access.may_assess_intent(user, ProjectIntent(plan=form.plan))):
        raise PermissionDenied
    intent = form.save(commit=False)
    intent.plan = form.plan
    intent.channel = channel
    intent.save()
    form.save_m2m()
    IntentStatusChange.objects.create(intent=intent, new_status=intent.status, changed_by=user)
    return intent


@transaction.atomic
def assess_intent(intent, user, status, reason=""):
    intent = ProjectIntent.objects.select_for_update().get(pk=intent.pk)
    if not access.may_assess_intent(user, intent):
        raise PermissionDenied
    if status not in IntentStatus.values:
        raise ValidationError(_("Choose a status."))
    if status in STATUSES_NEEDING_REASON and not (reason or "").strip():
        raise ValidationError(_("Give the reason for postponing or rejecting the intent."))
    IntentStatusChange.objects.create(
        intent=intent, old_status=intent.status, new_status=status, reason=reason, changed_by=user
    )
    intent.status = status
    intent.status_reason = reason
    intent.save(update_fields=["status", "status_reason", "updated_at"])
    return intent
