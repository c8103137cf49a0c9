"""Celery tasks of the consultation part (take primary keys, re-fetch)."""

from celery import shared_task


@shared_task(name="workflows.consultation.close_due_consultations")
def close_due_consultations():
    """Complete consultations that are over and settled; announce those closing soon.

    Runs every five minutes (triada/periodic.py); idempotent, so a missed or repeated run
    changes nothing but the delay.
    """
    from workflows.consultation.services import close_due, notify_closing_soon

    notify_closing_soon()
    return close_due()
