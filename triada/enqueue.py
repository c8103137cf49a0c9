"""Safe enqueueing of Celery tasks, for every app: the one place that talks to the broker.

A request must never fail or hang because Redis is down. Every task in this
project is backed by a durable row (an outbox event, a pending document, an
owed e-mail) that a periodic sweep picks up, so a message that cannot be sent
now is logged and left to the sweep:

- the connection is tried once with a short timeout (`BROKER_TIMEOUT`), from
  Celery's connection pool, and a dead pooled connection is closed;
- in the embedded mode (CELERY_TASK_ALWAYS_EAGER) the task runs in-process
  exactly once: its autoretry is not run in a loop inside the request (that
  burnt every attempt in milliseconds), the sweep retries later instead.

Imports nothing from our apps; tasks are named by their registered name or
passed as task objects.
"""

import logging
from functools import partial

from django.db import transaction

logger = logging.getLogger(__name__)

# Seconds to wait for the broker before leaving the work to the sweep.
BROKER_TIMEOUT = 2


def _task(app, task):
    """The task object; a name is looked up after importing every app's tasks module, as a worker does."""
    if not isinstance(task, str):
        return task
    if task not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[task]


def enqueue(task, *args):
    """Send `task` (object or registered name) with `args` now; True if it was sent or run.

    Never raises: a broker failure is logged and the caller's durable row
    waits for its sweep.
    """
    from triada.celery import app

    name = task if isinstance(task, str) else task.name
    try:
        if app.conf.task_always_eager:
            task = _task(app, task)
            # One attempt: with the retry counter at its maximum, a failure ends
            # the eager run instead of retrying at once; the sweep retries later.
            max_retries = getattr(task, "max_retries", None) or 0
            result = task.apply(args=args, retries=max_retries, throw=False)
            if result.failed():
                logger.warning("Task %s%r failed in-process (%s); its sweep retries it.", name, args, result.result)
            return True
        with app.pool.acquire(block=True, timeout=BROKER_TIMEOUT) as connection:
            try:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
                _task(app, task).apply_async(args=args, connection=connection, retry=False)
            except Exception:
                connection.close()  # the next request reconnects instead of reusing a dead socket
                raise
        return True
    except Exception as exc:  # noqa: BLE001 - the broker is down: the sweep sends it later
        logger.warning("Could not enqueue %s%r (%s); its periodic sweep will pick it up.", name, args, exc)
        return False


def enqueue_on_commit(task, *args):
    """`enqueue(task, *args)` once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(enqueue, task, *args))
