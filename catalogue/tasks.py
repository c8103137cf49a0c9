"""Celery tasks of the catalogue; they take primary keys."""

from celery import shared_task


@shared_task
def run_import(run_pk):
    """Run a queued registry import in the worker (a national file is too large for a request); skips a run already taken."""
    from .importer import Importer
    from .models import ImportRun, ImportStatus

    run = ImportRun.objects.select_related("territory").filter(pk=run_pk, status=ImportStatus.QUEUED).first()
    if run is not None:
        Importer(run).execute()


@shared_task
def build_catalogue_pdf(pdf_pk):
    """Render a catalogue PDF in the worker; the page serves it from storage once ready."""
    from .pdf import build_pdf

    build_pdf(pdf_pk)


@shared_task
def index_territory_services(territory_pk):
    """Re-index a territory's services in one task after an import, instead of one entry per imported record."""
    from .search_entries import sync_territory

    sync_territory(territory_pk)


@shared_task
def index_service(service_pk):
    """Re-index one service after it is published, unpublished or deleted."""
    from .search_entries import sync_service

    sync_service(service_pk)
