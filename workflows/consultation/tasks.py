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


@shared_task(name="workflows.consultation.complete_consultation_if_ready")
def complete_consultation_if_ready(consultation_pk):
    from workflows.consultation.services import complete_if_ready

    return complete_if_ready(consultation_pk)
