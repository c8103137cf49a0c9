"""The periodic work in the embedded mode (`make run`): an in-process scheduler.

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

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)

_started = threading.Event()
TICK_SECONDS = 5


def run_schedule(stop, tick=TICK_SECONDS):
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
    """Start the scheduler thread in the serving runserver process of the embedded mode."""
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
