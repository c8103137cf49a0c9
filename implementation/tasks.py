"""Periodic work of the implementation app: reminders of monitoring rounds (scheduled in triada/periodic.py)."""

from celery import shared_task


@shared_task(name="implementation.send_monitoring_reminders")
def send_monitoring_reminders():
    """Beat job: due-soon and overdue notices for monitoring reports, through the notifications outbox."""
    from implementation.services.monitoring import send_due_reminders

    return send_due_reminders()


@shared_task(name="implementation.render_report_pdf", acks_late=True)
def render_report_pdf(round_id):
    """Render and store a closed round's report PDF (a no-op if the stored one is current)."""
    from implementation.services.report_pdf import render

    return render(round_id)


@shared_task(name="implementation.render_waiting_report_pdfs")
def render_waiting_report_pdfs():
    """Beat: re-enqueue report PDFs whose task was lost."""
    from implementation.services.report_pdf import render_waiting

    return render_waiting()
