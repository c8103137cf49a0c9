"""Signal handlers of the document library; connected from cms.signals.connect()."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def on_document_saved(sender, instance, raw=False, **kwargs):
    """Every save of a document keeps a version (who, when, note), so earlier files of a governed document stay retrievable."""
    if raw:
        return
    from .versions import record_version

    record_version(
        instance,
        user=getattr(instance, "_version_user", None),
        note=getattr(instance, "_version_note", "") or "",
    )


def on_version_deleted(sender, instance, **kwargs):
    """Remove a version's file with its row, once the deletion is committed."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    """Connect the library's receivers; called from cms.signals.connect()."""
    from cms.models import DocumentVersion, TriadaDocument

    post_save.connect(on_document_saved, sender=TriadaDocument, dispatch_uid="cms.library.record_version")
    post_delete.connect(on_version_deleted, sender=DocumentVersion, dispatch_uid="cms.library.delete_version_file")
