"""Celery tasks of the notifications app (take primary keys, re-fetch); the schedule is in triada/periodic.py.

Every task is idempotent, so late acknowledgement (a task redelivered after
a worker died) and retries never send an e-mail twice.
"""

from celery import shared_task

from notifications import delivery
from notifications.reminders import raise_deadline_events
from notifications.subscriptions import send_confirmation

RETRY = {
    "autoretry_for": (delivery.DeliveryFailed,),
    "retry_backoff": 30,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="notifications.process_event", **RETRY)
def process_event(event_id):
    """Fan out one outbox event and send its immediate e-mails."""
    return delivery.process_event(event_id)


@shared_task(name="notifications.deliver", **RETRY)
def deliver_notifications(notification_ids):
    """Send the given pending e-mail rows (used by resend)."""
    return delivery.deliver_many(list(notification_ids))


@shared_task(name="notifications.sweep_outbox")
def sweep_outbox():
    """Beat: deliver whatever the after-commit path missed."""
    return delivery.sweep()


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests():
    """Beat, once a day: one e-mail per user with the day's digested notices."""
    return delivery.send_digests()


@shared_task(name="notifications.send_deadline_reminders")
def send_deadline_reminders():
    """Beat: raise task_due_soon / task_overdue for review stages near or past their deadline."""
    return raise_deadline_events()


@shared_task(name="notifications.send_subscription_confirmation", **RETRY)
def send_subscription_confirmation(subscription_id):
    """The double opt-in e-mail; the only message an unconfirmed address ever gets."""
    return send_confirmation(subscription_id)


__all__ = [
    "deliver_notifications",
    "process_event",
    "send_daily_digests",
    "send_deadline_reminders",
    "send_subscription_confirmation",
    "sweep_outbox",
]
