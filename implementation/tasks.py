"""Periodic work of the implementation app: reminders of monitoring rounds."""

from celery import shared_task
from celery.schedules import crontab


@shared_task(name="implementation.send_monitoring_reminders")
def send_monitoring_reminders():
    from implementation.services.monitoring import send_due_reminders

    return send_due_reminders()


def beat_schedule():
    return {
        "implementation-monitoring-reminders": {
            "task": "implementation.send_monitoring_reminders",
            "schedule": crontab(minute=30),
        }
    }


def register_periodic():
    """Merge our schedule into the Celery app's, as the notifications app does with its own."""
    from triada.celery import app

    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **beat_schedule()}
