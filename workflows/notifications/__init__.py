"""Notifications: a transactional outbox delivered by Celery, an admin inbox, subscriptions."""


def connect():
    """Called from WorkflowsConfig.ready(): receivers, beat schedule, Wagtail's e-mails, embedded scheduler."""
    from triada.celery import app
    from workflows.notifications import receivers
    from workflows.notifications.periodic import maybe_start_in_process_scheduler
    from workflows.notifications.tasks import beat_schedule
    from workflows.notifications.wagtail_mail import silence_wagtail_workflow_emails

    receivers.connect()
    silence_wagtail_workflow_emails()
    app.conf.beat_schedule = {**(app.conf.beat_schedule or {}), **beat_schedule()}
    maybe_start_in_process_scheduler()
