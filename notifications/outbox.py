"""The transactional outbox: record an event with the change, deliver after commit.

`record_event()` is called by the signal receivers inside the transaction
that makes the change. It writes one NotificationEvent row (recipients
already resolved to ids) and asks for delivery with transaction.on_commit, so
a rolled-back change notifies nobody and a committed one is never forgotten:
if the broker is down at that moment, the request still succeeds and the
periodic sweeper delivers later.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from notifications.messages import render_for_recipient
from notifications.models import (
    TASK_KINDS,
    Channel,
    DeliveryMode,
    Notification,
    NotificationEvent,
    NotificationPreference,
    NotificationStatus,
    Subscription,
)
from triada.enqueue import enqueue_on_commit

logger = logging.getLogger(__name__)


def record_event(kind, key, *, territory=None, context=None, user_ids=(), emails=()):
    """Write the outbox row for one event (idempotent by `key`) and enqueue it after commit.

    `emails` holds plain addresses or (address, subscription id) pairs.
    """
    pairs = []
    seen = set()
    for item in emails:
        address, subscription_id = (item, None) if isinstance(item, str) else item
        if address and address.lower() not in seen:
            seen.add(address.lower())
            pairs.append([address, subscription_id])
    try:
        with transaction.atomic():
            event, created = NotificationEvent.objects.get_or_create(
                key=key[:255],
                defaults={
                    "kind": kind,
                    "territory": territory,
                    "context": context or {},
                    "recipient_user_ids": list(dict.fromkeys(user_ids)),
                    "recipient_emails": pairs,
                },
            )
    except IntegrityError:  # the same event recorded concurrently
        return NotificationEvent.objects.get(key=key[:255])
    if created:
        enqueue_on_commit("notifications.process_event", event.pk)
    return event


# --- fan-out -------------------------------------------------------------------


def preferences_for(user_ids, kind):
    """How each user wants notices of this kind (immediate, digest, off), in one query for all recipients."""
    modes = dict(NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "mode"))
    return {pk: effective_mode(kind, modes.get(pk, DeliveryMode.IMMEDIATE)) for pk in user_ids}


def effective_mode(kind, mode):
    """A notice that hands someone a task cannot be switched off, only digested."""
    if mode == DeliveryMode.OFF and kind in TASK_KINDS:
        return DeliveryMode.DIGEST
    return mode


def fan_out(event_id):
    """Create the per-recipient rows of an event, once; returns the event.

    The event row is locked, so two workers fanning out the same event wait
    for each other and the second finds it done. Rows are rendered in Czech
    here, off the editor's request.
    """
    with transaction.atomic():
        event = NotificationEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None or event.fanned_out_at is not None:
            return event
        users = get_user_model().objects.filter(pk__in=event.recipient_user_ids, is_active=True).order_by("pk")
        modes = preferences_for([user.pk for user in users], event.kind)
        now = timezone.now()
        rows = []
        with translation.override(settings.LANGUAGE_CODE):
            for user in users:
                message = render_for_recipient(event, user=user)
                common = {
                    "event": event,
                    "kind": event.kind,
                    "user": user,
                    "email": user.email or "",
                    "subject": message["subject"][:255],
                    "body_text": message["text"],
                    "body_html": message["html"],
                    "url": message["url"][:500],
                    "created_at": now,
                }
                rows.append(
                    Notification(
                        channel=Channel.INBOX,
                        status=NotificationStatus.SENT,
                        sent_at=now,
                        dedupe_key=f"{event.pk}:u{user.pk}:{Channel.INBOX}",
                        **common,
                    )
                )
                mode = modes[user.pk]
                if mode != DeliveryMode.OFF and user.email:
                    status = NotificationStatus.DIGEST if mode == DeliveryMode.DIGEST else NotificationStatus.PENDING
                    rows.append(
                        Notification(
                            channel=Channel.EMAIL,
                            status=status,
                            dedupe_key=f"{event.pk}:u{user.pk}:{Channel.EMAIL}",
                            **common,
                        )
                    )
            subscriptions = Subscription.objects.in_bulk([sid for _, sid in event.recipient_emails if sid])
            for address, subscription_id in event.recipient_emails:
                subscription = subscriptions.get(subscription_id)
                message = render_for_recipient(event, email=address, subscription=subscription)
                rows.append(
                    Notification(
                        event=event,
                        kind=event.kind,
                        channel=Channel.EMAIL,
                        email=address,
                        subscription=subscription,
                        subject=message["subject"][:255],
                        body_text=message["text"],
                        body_html=message["html"],
                        url=message["url"][:500],
                        created_at=now,
                        dedupe_key=f"{event.pk}:e{address.lower()}:{Channel.EMAIL}",
                    )
                )
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        event.fanned_out_at = now
        event.save(update_fields=["fanned_out_at"])
    return event
