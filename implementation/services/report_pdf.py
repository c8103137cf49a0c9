"""The stored PDF of a closed round's monitoring report: asked for on change, rendered by a task.

A round's PDF is requested when the round closes and whenever one of its
reports is saved while it is closed. The request is a durable row
(`ReportPdf.needs_render`) plus a task enqueued after the commit; if the
broker is down, `render_waiting` (beat) picks the row up later.
"""

import datetime
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from implementation.models import ActivityReport, MonitoringRound, ReportPdf
from triada.enqueue import enqueue_on_commit

from . import report

logger = logging.getLogger(__name__)

TASK = "implementation.render_report_pdf"


def request_render(round_id, force=False):
    """Mark the round's PDF as waiting and enqueue its rendering once this transaction commits.

    `force` forgets the stored fingerprint, so the task renders even if the HTML did not change.
    """
    defaults = {"needs_render": True, **({"fingerprint": ""} if force else {})}
    ReportPdf.objects.update_or_create(round_id=round_id, defaults=defaults)
    enqueue_on_commit(TASK, round_id)


def render(round_id):
    """Render and store the round's PDF unless the stored one was made from the same HTML.

    Returns True if a new file was stored.
    """
    round_ = MonitoringRound.objects.select_related("plan").filter(pk=round_id).first()
    if round_ is None or not round_.is_closed:
        ReportPdf.objects.filter(round_id=round_id).update(needs_render=False)
        return False
    html = report.pdf_html(round_)
    fingerprint = hashlib.sha256(html.encode()).hexdigest()
    current = ReportPdf.objects.filter(round_id=round_id).first()
    if current is not None and current.is_ready and current.fingerprint == fingerprint:
        ReportPdf.objects.filter(pk=current.pk).update(needs_render=False)
        return False
    try:
        pdf = report.pdf_bytes(round_, html)  # slow: outside any transaction
    except Exception as error:
        # Kept waiting: the sweep tries again; the error is there for whoever looks at the row.
        ReportPdf.objects.filter(round_id=round_id).update(error=f"{type(error).__name__}: {error}"[:2000])
        raise
    with transaction.atomic():
        stored, _created = ReportPdf.objects.select_for_update().get_or_create(round_id=round_id)
        old = stored.file.name if stored.file else ""
        stored.file.save(f"zprava-{round_.plan_id}-{round_.year}-{fingerprint[:12]}.pdf", ContentFile(pdf), save=False)
        stored.file_size = len(pdf)
        stored.fingerprint = fingerprint
        stored.needs_render = False
        stored.generated_at = timezone.now()
        stored.error = ""
        stored.save()
    if old and old != stored.file.name:
        stored.file.storage.delete(old)
    return True


def render_waiting(older_than_seconds=300, limit=20):
    """The rounds whose rendering was asked for but never done (lost message, crashed worker)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = ReportPdf.objects.waiting().filter(requested_at__lt=cutoff)
    ids = list(waiting.values_list("round_id", flat=True)[:limit])
    for round_id in ids:
        enqueue_on_commit(TASK, round_id)
    return len(ids)


def on_round_saved(sender, instance, created=False, **kwargs):
    """A closed round gets its report PDF rendered (again, if its content changed)."""
    if instance.is_closed:
        request_render(instance.pk)


def on_report_saved(sender, instance, **kwargs):
    # The status read from the database: the last confirmation saves its report before closing the round.
    """A report of a closed round changed: its round's PDF is rendered again."""
    if MonitoringRound.objects.closed().filter(pk=instance.round_id).exists():
        request_render(instance.round_id)


def on_strategic_part_published(sender, instance, **kwargs):
    """The plan's strategic items changed (titles, codes, targets): its closed rounds' PDFs are made again.

    The task compares the new HTML's hash with the stored one, so a publish
    that changes nothing the report shows stores no new file.
    """
    plan = instance.plan
    for round_id in MonitoringRound.objects.closed().filter(plan=plan).values_list("pk", flat=True):
        request_render(round_id)


def on_report_value_saved(sender, instance, **kwargs):
    """An indicator value or amount of a report (corrected after the round closed)."""
    round_id = ActivityReport.objects.filter(pk=instance.report_id).values_list("round_id", flat=True).first()
    if round_id is not None and MonitoringRound.objects.closed().filter(pk=round_id).exists():
        request_render(round_id)
