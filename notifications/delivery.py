"""E-mail delivery from the outbox: once per notification, even when a task runs twice.

How a row is delivered exactly once
-----------------------------------
Each e-mail row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` filtered
on ``status = pending``, the message is handed to the mail backend, and the
row is marked *sent* in that same transaction. A second task that reaches the
same row meanwhile skips it (locked); one that comes later sees it is sent.

The one window left is a crash after the SMTP server accepted the message and
before the commit: the transaction rolls back and the row is sent again later.
We choose that (at-least-once) over the opposite (marking *sent* before
sending, which loses the message on a crash), because a lost notice about a
task is worse than a duplicate. The window is the length of one COMMIT, and
each message carries a stable Message-ID (``<notification-<pk>@host>``) so a
mail server or client that sees the repeat can drop it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.mail import DeliveryFailed, build_message, close_quietly, host, open_connection
from notifications.messages import absolute
from notifications.models import (
    Channel,
    Notification,
    NotificationEvent,
    NotificationStatus,
)
from notifications.outbox import fan_out
from notifications.subscriptions import owed_confirmations, send_confirmation

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = getattr(settings, "TRIADA_NOTIFICATION_MAX_ATTEMPTS", 6)


def deliver_one(notification_id, connection):
    """Send one pending e-mail row; True if this call sent it.

    Raises DeliveryFailed after recording the error, so the caller can retry.
    """
    error = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "subscription")
            .filter(pk=notification_id, status=NotificationStatus.PENDING, channel=Channel.EMAIL)
            .first()
        )
        if notification is None:
            return False  # sent already, taken by another worker, or not ours to send
        notification.attempts += 1
        try:
            build_message(notification, connection).send(fail_silently=False)
        except Exception as exc:  # any backend failure: record it, keep the row
            error = exc
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    if error is not None:
        logger.warning("Notification %s not sent: %s", notification_id, error)
        raise DeliveryFailed(str(error))
    return True


def deliver_many(notification_ids):
    """Send each pending row over one backend connection; count sent, collect failures."""
    sent = 0
    failures = []
    if not notification_ids:
        return sent
    connection = open_connection()
    try:
        for pk in notification_ids:
            try:
                sent += deliver_one(pk, connection)
            except DeliveryFailed as exc:
                failures.append(str(exc))
    finally:
        close_quietly(connection)
    if failures:
        raise DeliveryFailed(f"{len(failures)} e-mail(s) not sent: {failures[0]}")
    return sent


def pending_email_ids(event_id=None, older_than=None, limit=None):
    """E-mail rows still owed (optionally of one event or older than a moment), for delivery and the sweep."""
    rows = Notification.objects.undelivered_email().order_by("pk")
    if event_id is not None:
        rows = rows.filter(event_id=event_id)
    if older_than is not None:
        rows = rows.filter(created_at__lte=older_than)
    ids = rows.values_list("pk", flat=True)
    return list(ids[:limit] if limit else ids)


def process_event(event_id):
    """Fan out an event (once) and send its immediate e-mails."""
    if fan_out(event_id) is None:
        return 0
    return deliver_many(pending_email_ids(event_id=event_id))


def sweep(grace_seconds=None, limit=1000):
    """Deliver whatever an after-commit task did not: broker down, worker killed.

    Only rows older than a short grace period are taken, so the sweeper does
    not race the normal path for fresh events (which would be harmless, just
    wasted work).
    """
    grace = settings.TRIADA_NOTIFICATION_SWEEP_GRACE if grace_seconds is None else grace_seconds
    cutoff = timezone.now() - timedelta(seconds=grace)
    events = list(NotificationEvent.objects.not_fanned_out().filter(created_at__lte=cutoff).order_by("pk")[:limit])
    for event in events:
        fan_out(event.pk)
    fanned = [event.pk for event in events]
    confirmations = 0
    for subscription_id in owed_confirmations():
        try:
            confirmations += send_confirmation(subscription_id)
        except DeliveryFailed:
            logger.warning("Confirmation e-mail for subscription %s not sent", subscription_id)
    rows = Notification.objects.undelivered_email().filter(Q(created_at__lte=cutoff) | Q(event_id__in=fanned))
    sent = deliver_many(list(rows.order_by("pk").values_list("pk", flat=True)[:limit]))
    return {"events": len(events), "sent": sent, "confirmations": confirmations}


def send_digests(now=None):
    """One e-mail per user with every digested notice waiting for them."""
    now = now or timezone.now()
    user_ids = (
        Notification.objects.filter(status=NotificationStatus.DIGEST, channel=Channel.EMAIL, created_at__lte=now)
        .order_by()
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    connection = open_connection()
    try:
        for user_id in list(user_ids):
            sent += _send_digest(user_id, now, connection)
    finally:
        close_quietly(connection)
    return sent


def _send_digest(user_id, now, connection):
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(user_id=user_id, status=NotificationStatus.DIGEST, channel=Channel.EMAIL, created_at__lte=now)
            .order_by("created_at", "pk")
        )
        if not rows:
            return 0
        user = rows[0].user
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Triáda: your daily summary (%(count)s)") % {"count": len(rows)}
            context = {
                "subject": subject,
                "items": [{"subject": row.subject, "url": row.url} for row in rows],
                "preferences_url": absolute(reverse("notifications_preferences")),
            }
            text = render_to_string("notifications/email/digest.txt", context)
            html = render_to_string("notifications/email/digest.html", context)
        message = EmailMultiAlternatives(
            subject,
            text,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            headers={"Message-ID": f"<digest-{user_id}-{rows[0].pk}-{rows[-1].pk}@{host()}>"},
            connection=connection,
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send(fail_silently=False)
        except Exception as exc:
            for row in rows:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            Notification.objects.bulk_update(rows, ["attempts", "last_error"])
            logger.warning("Digest for user %s not sent: %s", user_id, exc)
            return 0
        stamp = timezone.now()
        for row in rows:
            row.status = NotificationStatus.SENT
            row.sent_at = stamp
            row.attempts += 1
            row.last_error = ""
        Notification.objects.bulk_update(rows, ["status", "sent_at", "attempts", "last_error"])
    return 1


def resend(notification_id):
    """Put a failed e-mail back in the queue with a fresh series of attempts; True if it was failed."""
    return bool(
        Notification.objects.filter(
            pk=notification_id, channel=Channel.EMAIL, status=NotificationStatus.FAILED
        ).update(status=NotificationStatus.PENDING, attempts=0, last_error="", sent_at=None)
    )
