"""The project pool: intents from the public form or staff, assessed by the working group."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from implementation import access
from implementation.models import IntentChannel, IntentStatus, IntentStatusChange, ProjectIntent
from implementation.models.pool import STATUSES_NEEDING_REASON

# The notification kind whose words are implementation/templates/notifications/kinds/intent_status_changed.txt.
INTENT_STATUS_KIND = "intent_status_changed"


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
    """Change an intent's status under a row lock: reason required for postponing or rejecting, the change recorded, the web submitter told."""
    intent = ProjectIntent.objects.select_for_update().get(pk=intent.pk)
    if not access.may_assess_intent(user, intent):
        raise PermissionDenied
    if status not in IntentStatus.values:
        raise ValidationError(_("Choose a status."))
    if status in STATUSES_NEEDING_REASON and not (reason or "").strip():
        raise ValidationError(_("Give the reason for postponing or rejecting the intent."))
    change = IntentStatusChange.objects.create(
        intent=intent, old_status=intent.status, new_status=status, reason=reason, changed_by=user
    )
    old_status = intent.status
    intent.status = status
    intent.status_reason = reason
    intent.save(update_fields=["status", "status_reason", "updated_at"])
    if status != old_status:
        notify_submitter(intent, change)
    return intent


def notify_submitter(intent, change):
    """E-mail the new status and its reason to whoever proposed the intent on the public form.

    Through the notifications outbox, in this transaction: the mail goes out
    after the commit and survives a stopped broker. Intents entered by staff
    were not sent by the person named in them, so nobody is written to.
    """
    if intent.channel != IntentChannel.WEB or not intent.email:
        return None
    from notifications.outbox import record_event

    plan = intent.plan
    site = plan.get_site()
    url = site.root_url + reverse("implementation_pool", args=[plan.pk]) if site is not None else ""
    with translation.override(settings.LANGUAGE_CODE):
        status = str(IntentStatus(intent.status).label)
    return record_event(
        INTENT_STATUS_KIND,
        f"implementation:intent:{intent.pk}:change:{change.pk}",
        territory=plan.territory,
        context={"title": intent.title, "plan": plan.title, "status": status, "comment": change.reason, "url": url},
        emails=[intent.email],
    )
