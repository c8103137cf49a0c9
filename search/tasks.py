"""Background work of the search: text extraction and index catch-up.

Tasks take primary keys and re-fetch, so a task that runs late or twice does
the right thing. A document whose task never ran (Redis down, worker killed)
stays `pending` and is picked up by `extract_pending_documents` from beat.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.index import insert_or_update_object

from cms.models import TriadaDocument
from cms.models.media import ExtractionStatus
from search.extraction import extract
from search.models import ExtractedText, IndexAction, PendingIndexUpdate, PendingPageSync
from triada.enqueue import enqueue_on_commit

logger = logging.getLogger(__name__)


def enqueue_extraction(document_pk):
    """Queue the extraction after the current transaction commits; never fail or stall the save.

    With Redis down the document stays `pending` and `extract_pending_documents` takes it later.
    """
    enqueue_on_commit(extract_document_text, document_pk)


def text_for_hash(file_hash, read_file, extension):
    """The ExtractedText for this content, extracting it only if no row exists yet."""
    existing = ExtractedText.objects.filter(file_hash=file_hash).first()
    if existing:
        return existing
    result = extract(read_file(), extension)
    extracted, _created = ExtractedText.objects.get_or_create(
        file_hash=file_hash,
        defaults={
            "status": result.status,
            "text": result.text,
            "error": result.error[:500],
            "pages": result.pages,
            "truncated": result.truncated,
            "seconds": result.seconds,
        },
    )
    return extracted


@shared_task(acks_late=True)
def extract_document_text(document_pk):
    """Extract a document's text in the worker (bounded by the limits) and re-describe its search entry."""
    document = TriadaDocument.objects.filter(pk=document_pk).first()
    if document is None or not document.file:
        return None
    if not document.file_hash:
        document._set_file_hash()
        TriadaDocument.objects.filter(pk=document.pk).update(file_hash=document.file_hash)

    def read_file():
        with document.open_file() as handle:
            return handle.read()

    extracted = text_for_hash(document.file_hash, read_file, document.file_extension)
    from search.sources import sync_object

    # Status and searchable text change together: nobody sees "done" without the text.
    with transaction.atomic():
        TriadaDocument.objects.filter(pk=document.pk, file_hash=document.file_hash).update(
            extracted_text=extracted.text,
            extraction_status=extracted.status,
            extraction_error=extracted.error,
        )
        document.refresh_from_db()
        # Wagtail's index (admin document search) and the public search entries.
        # A text PostgreSQL cannot index (a tsvector is at most 1 MB) must not undo
        # the status: the document stays findable by title and the error says why.
        try:
            with transaction.atomic():
                insert_or_update_object(document)
                sync_object(document)
        except DatabaseError as error:
            logger.exception("Indexing the text of document %s failed", document.pk)
            TriadaDocument.objects.filter(pk=document.pk).update(
                extracted_text="", extraction_error=str(error).splitlines()[0][:500]
            )
            document.refresh_from_db()
            insert_or_update_object(document)
            sync_object(document)
    return extracted.status


@shared_task
def extract_pending_documents(older_than_minutes=5, limit=200):
    """Extract documents left pending (their task was lost); run by beat."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pending = TriadaDocument.objects.filter(
        extraction_status=ExtractionStatus.PENDING, created_at__lt=cutoff
    ).values_list("pk", flat=True)[:limit]
    done = 0
    for pk in pending:
        extract_document_text(pk)
        done += 1
    return done


@shared_task
def retry_pending_index_updates(limit=500):
    """Replay index updates an external search server refused; keep those that fail again."""
    done = 0
    for pending in PendingIndexUpdate.objects.order_by("created_at")[:limit]:
        backend = get_search_backend(pending.backend_name)
        model = apps.get_model(pending.model_label)
        obj = model._default_manager.filter(pk=pending.object_pk).first()
        try:
            if pending.action == IndexAction.UPDATE and obj is not None:
                backend.add(obj)
            else:
                stub = obj or model(pk=pending.object_pk)
                backend.delete(stub)
        except Exception as error:  # noqa: BLE001 (still down: count and keep)
            PendingIndexUpdate.objects.filter(pk=pending.pk).update(
                attempts=pending.attempts + 1, last_error=str(error)[:500], updated_at=timezone.now()
            )
            continue
        PendingIndexUpdate.objects.filter(pk=pending.pk, updated_at=pending.updated_at).delete()
        done += 1
    return done


@shared_task(acks_late=True)
def sync_page_entries(page_pk):
    """Write the search entries owed for a published or unpublished page (and its followers)."""
    from search.signals import sync_page

    owed = PendingPageSync.objects.filter(page_id=page_pk).first()
    sync_page(page_pk)
    if owed is not None:
        # A publish that came in meanwhile re-dated the row: keep it for its own task.
        PendingPageSync.objects.filter(pk=owed.pk, requested_at=owed.requested_at).delete()


@shared_task
def sync_pending_pages(older_than_minutes=2, limit=200):
    """Write the entries of pages whose sync task was lost (Redis down, worker killed); run by beat."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    pages = list(
        PendingPageSync.objects.filter(requested_at__lte=cutoff)
        .order_by("requested_at")
        .values_list("page_id", flat=True)[:limit]
    )
    for page_pk in pages:
        sync_page_entries(page_pk)
    return len(pages)
