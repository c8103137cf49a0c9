"""The Celery application; configuration is read from Django settings (CELERY_*).

The beat schedule comes from triada/periodic.py, the one place periodic jobs are listed.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triada.settings.dev")

app = Celery("triada")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def install_beat_schedule(sender, **kwargs):
    """Install the periodic jobs of triada.periodic once Celery is configured (the one list of beat jobs)."""
    from triada.periodic import beat_schedule

    sender.conf.beat_schedule = {**(sender.conf.beat_schedule or {}), **beat_schedule()}
