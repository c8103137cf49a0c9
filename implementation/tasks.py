"""Periodic work of the implementation app: reminders of monitoring rounds (scheduled in triada/periodic.py)."""

from celery import shared_task


@shared_task(name="implementation.send_monitoring_reminders")
def send_monitoring_reminders():
    from implementation.services.monitoring import send_due_reminders

    return send_due_reminders()
