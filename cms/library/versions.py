"""Versions of a document: every file a document ever had, numbered from 1.

The document row always holds the current file (what public links serve);
each DocumentVersion keeps its own copy, because Wagtail deletes a
document's previous file when a new one is uploaded.
"""

import os

from django.core.files import File
from django.db import transaction

from cms.models import DocumentVersion


def version_file_name(document, number):
    """Storage name of a version's file: per document and numbered, so versions never overwrite each other."""
    return f"{document.pk}/v{number}-{os.path.basename(document.file.name)}"


@transaction.atomic
def record_version(document, *, user=None, note=""):
    """Record the document's current file as a new version unless it already is the latest.

    Idempotent: saving a document without a new file adds nothing.
    """
    if not document.file:
        return None
    if not document.file_hash:
        document._set_file_hash()
        type(document).objects.filter(pk=document.pk).update(file_hash=document.file_hash)
    latest = document.versions.select_for_update().order_by("-number").first()
    if latest is not None and latest.file_hash == document.file_hash:
        changed = []
        if user is not None and latest.uploaded_by_id is None:
            latest.uploaded_by = user
            changed.append("uploaded_by")
        if note and not latest.note:
            latest.note = note
            changed.append("note")
        if changed:
            latest.save(update_fields=changed)
        return latest
    number = (latest.number if latest else 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        file_hash=document.file_hash,
        uploaded_by=user if user is not None else document.uploaded_by_user,
        note=note,
    )
    with document.open_file() as handle:
        version.file.save(version_file_name(document, number), File(handle), save=False)
    version.file_size = version.file.size
    version.save()
    return version


def current_version(document):
    """The newest stored version of a document (None before the first save)."""
    return document.versions.order_by("-number").first()


def version_filename(version):
    """The file name a version is offered under for download."""
    return os.path.basename(version.file.name) if version.file else ""
