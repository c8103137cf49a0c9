"""Every periodic job of the project, in one place, and the in-process scheduler of the embedded mode.

`beat_schedule()` is the whole Celery beat schedule: triada/celery.py installs it
when the Celery app is configured, for `celery beat` in production and for the
scheduler thread below. A new app adds its jobs here (task names, not imports,
so this module imports none of our apps).

The embedded mode (`make run`):

With CELERY_TASK_ALWAYS_EAGER there is no broker and no beat, yet the outbox
sweeper, deadline reminders, daily digests and the consultation's closing
work must still happen. `runserver` therefore starts one daemon thread that
reads the very same Celery beat schedule and runs each due task in-process
(eagerly), so the embedded mode exercises the production code paths.
"""

import logging
import os
import sys
import threading

from celery.schedules import crontab
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

_started = threading.Event()
TICK_SECONDS = 5


def beat_schedule():
    """The periodic jobs of every app: name -> Celery beat entry."""
    return {
        # Search: documents whose extraction task was lost, index updates the search server refused.
        "search-extract-pending-documents": {"task": "search.tasks.extract_pending_documents", "schedule": 300.0},
        "search-retry-pending-index-updates": {"task": "search.tasks.retry_pending_index_updates", "schedule": 60.0},
        # Search: pages whose entry sync task was lost (the owed row committed with the publish).
        "search-sync-pending-pages": {"task": "search.tasks.sync_pending_pages", "schedule": 60.0},
        # Notifications: what the after-commit path missed, deadline reminders, the morning digest.
        "notifications-sweep-outbox": {
            "task": "notifications.sweep_outbox",
            "schedule": float(settings.TRIADA_NOTIFICATION_SWEEP_SECONDS),
        },
        "notifications-deadline-reminders": {
            "task": "notifications.send_deadline_reminders",
            "schedule": crontab(minute=15),
        },
        "notifications-daily-digests": {
            "task": "notifications.send_daily_digests",
            "schedule": crontab(hour=settings.TRIADA_NOTIFICATION_DIGEST_HOUR, minute=0),
        },
        # Consultation: close those that are over and settled, announce those closing soon.
        "close-due-consultations": {
            "task": "workflows.consultation.close_due_consultations",
            "schedule": crontab(minute="*/5"),
        },
        # Implementation: reminders of monitoring rounds.
        "implementation-monitoring-reminders": {
            "task": "implementation.send_monitoring_reminders",
            "schedule": crontab(minute=30),
        },
        # Implementation: monitoring report PDFs whose rendering task was lost.
        "implementation-report-pdfs": {"task": "implementation.render_waiting_report_pdfs", "schedule": 300.0},
        # Publication: plan PDFs whose rendering task was lost.
        "publication-render-pending": {"task": "publication.tasks.render_pending_publications", "schedule": 300.0},
    }


def run_schedule(stop, tick=TICK_SECONDS):
    """The embedded mode's scheduler loop: runs every job of the beat schedule in-process when no Celery beat runs."""
    from celery.schedules import maybe_schedule

    from triada.celery import app

    # A worker imports every app's tasks module at start; this thread must too.
    app.loader.import_default_modules()

    entries = {}
    for name, entry in app.conf.beat_schedule.items():
        schedule = maybe_schedule(entry["schedule"], app=app)
        entries[name] = (schedule, entry, schedule.now())
    while not stop.wait(tick):
        for name, (schedule, entry, last_run) in list(entries.items()):
            due, _next = schedule.is_due(last_run)
            if not due:
                continue
            entries[name] = (schedule, entry, schedule.now())
            try:
                app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
            except Exception:
                logger.exception("Periodic task %s failed", name)
            finally:
                close_old_connections()


def maybe_start_in_process_scheduler(argv=None):
    """Start the scheduler thread in the serving runserver process of the embedded mode.

    Called from NotificationsConfig.ready() (its outbox sweeper is what most needs it).
    """
    argv = argv if argv is not None else sys.argv
    if not (settings.CELERY_TASK_ALWAYS_EAGER and settings.TRIADA_PERIODIC_IN_PROCESS):
        return None
    if "runserver" not in argv:
        return None
    # With the autoreloader, only the child that serves requests (RUN_MAIN) runs it.
    if "--noreload" not in argv and os.environ.get("RUN_MAIN") != "true":
        return None
    if _started.is_set():
        return None
    _started.set()
    stop = threading.Event()
    thread = threading.Thread(target=run_schedule, args=(stop,), name="triada-periodic", daemon=True)
    thread.start()
    return stop
