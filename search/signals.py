"""Keep search entries and document texts in step with content.

Handlers only schedule work for after the commit and re-read by primary key,
so they see the state other handlers (e.g. the meetings app's approval flag,
the strategic item mirror) leave behind.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from cms.models import StrategicItem, TriadaDocument
from cms.models.media import ExtractionStatus

logger = logging.getLogger(__name__)


def _after_commit(function, *args):
    def run():
        try:
            function(*args)
        except Exception:  # noqa: BLE001 (search must never break publishing; rebuild repairs)
            logger.exception("Updating the search entries failed for %r", args)

    transaction.on_commit(run)


def sync_page(page_pk):
    """Refresh the entries of the page and of the objects whose findability follows it, in one batch."""
    from search.registry import page_followers
    from search.sources import sync_objects

    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        return
    # Objects whose findability follows the page (a part's items, a meeting's attachments).
    sync_objects([page.specific, *page_followers(page_pk)])


def sync_pk(model, pk):
    """Re-describe one object in the search entries from its current row (after commit, so the entry matches what was saved)."""
    from search.sources import sync_object

    obj = model.objects.filter(pk=pk).first()
    if obj is not None:
        sync_object(obj)


def remove_entries(prefix):
    """Remove the search entries of a source key prefix (a deleted page, item or document)."""
    from search.models import SearchEntry

    for entry in SearchEntry.objects.filter(source_key__startswith=prefix):
        if entry.source_key == prefix or entry.source_key.startswith(prefix + ":"):
            entry.delete()


def on_page_changed(sender, instance, **kwargs):
    """Owe the page's entries in this transaction; a Celery task writes them after the commit.

    A 150-activity strategic part took ~28 s to re-describe and re-index inside the
    publish request. The owed row commits with the publish, so a lost task (Redis
    down) is made up by the `sync_pending_pages` sweep.
    """
    from django.utils import timezone

    from search.models import PendingPageSync
    from search.tasks import sync_page_entries
    from triada.enqueue import enqueue_on_commit

    PendingPageSync.objects.update_or_create(page_id=instance.pk, defaults={"requested_at": timezone.now()})
    enqueue_on_commit(sync_page_entries, instance.pk)


def on_page_deleted(sender, instance, **kwargs):
    """A deleted page leaves search after commit."""
    _after_commit(remove_entries, f"page:{instance.pk}")


def on_item_saved(sender, instance, raw=False, **kwargs):
    """A saved strategic item is re-described after commit."""
    if not raw:
        _after_commit(sync_pk, StrategicItem, instance.pk)


def on_item_deleted(sender, instance, **kwargs):
    """A deleted strategic item leaves search after commit."""
    _after_commit(remove_entries, f"item:{instance.pk}")


def on_document_init(sender, instance, **kwargs):
    """Remember the file's hash as loaded, so a save can tell whether the file changed."""
    instance._search_file_hash = instance.file_hash if instance.pk else None


def on_document_saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """A saved document: text extraction again only when its file changed, and its entry re-described after commit."""
    if raw:
        return
    from search.tasks import enqueue_extraction

    file_changed = created or instance.file_hash != getattr(instance, "_search_file_hash", None)
    instance._search_file_hash = instance.file_hash
    if file_changed or instance.extraction_status == ExtractionStatus.PENDING:
        if instance.extraction_status != ExtractionStatus.PENDING:
            TriadaDocument.objects.filter(pk=instance.pk).update(
                extraction_status=ExtractionStatus.PENDING, extraction_error=""
            )
        enqueue_extraction(instance.pk)
    _after_commit(sync_pk, TriadaDocument, instance.pk)


def on_document_deleted(sender, instance, **kwargs):
    """A deleted document leaves search after commit."""
    _after_commit(remove_entries, f"document:{instance.pk}")


def connect():
    """Connect search's receivers of pages, items and documents; called from SearchConfig.ready()."""
    page_published.connect(on_page_changed, dispatch_uid="search.page_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="search.page_unpublished")
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="search.page_deleted")
    post_save.connect(on_item_saved, sender=StrategicItem, dispatch_uid="search.item_saved")
    post_delete.connect(on_item_deleted, sender=StrategicItem, dispatch_uid="search.item_deleted")
    post_init.connect(on_document_init, sender=TriadaDocument, dispatch_uid="search.document_init")
    post_save.connect(on_document_saved, sender=TriadaDocument, dispatch_uid="search.document_saved")
    post_delete.connect(on_document_deleted, sender=TriadaDocument, dispatch_uid="search.document_deleted")
