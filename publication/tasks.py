"""Background rendering of the plan's PDF."""

import datetime
import logging
import time

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import PlanPublication, PublicationStatus

logger = logging.getLogger(__name__)


@shared_task(name="publication.tasks.render_plan_pdf", acks_late=True)
def render_plan_pdf(publication_id):
    """Render one PlanPublication; a second run of the same task does nothing."""
    from .rendering import render_plan

    with transaction.atomic():
        publication = (
            PlanPublication.objects.select_for_update(of=("self",))
            .select_related("plan", "plan_revision")
            .filter(pk=publication_id)
            .first()
        )
        if publication is None or publication.is_ready:
            return None
        started = time.perf_counter()
        try:
            revision = publication.plan_revision if publication.as_of else None
            result = render_plan(publication.plan.specific, revision)
        except Exception as error:  # noqa: BLE001 (recorded for the admin, then re-raised)
            logger.exception("PDF of plan %s failed", publication.plan_id)
            publication.status = PublicationStatus.FAILED
            publication.error = f"{type(error).__name__}: {error}"[:2000]
            publication.save(update_fields=["status", "error"])
            return None
        name = f"plan-{publication.plan_id}-{publication.fingerprint[:12]}.pdf"
        publication.file.save(name, ContentFile(result.pdf), save=False)
        publication.file_size = len(result.pdf)
        publication.page_count = result.page_count
        publication.render_seconds = time.perf_counter() - started
        publication.status = PublicationStatus.READY
        publication.error = ""
        publication.generated_at = timezone.now()
        publication.save()
    return publication.pk


@shared_task(name="publication.tasks.render_pending_publications")
def render_pending_publications(older_than_seconds=120):
    """Beat: render the PDFs whose task was lost (broker down, worker killed)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    pending = PlanPublication.objects.filter(status=PublicationStatus.PENDING, created_at__lt=cutoff)
    count = 0
    for publication_pk in pending.values_list("pk", flat=True)[:20]:
        render_plan_pdf.delay(publication_pk)
        count += 1
    return count
