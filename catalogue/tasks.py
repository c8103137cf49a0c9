"""Celery tasks of the catalogue; they take primary keys."""

from celery import shared_task


@shared_task
def run_import(run_pk):
    from .importer import Importer
    from .models import ImportRun, ImportStatus

    run = ImportRun.objects.select_related("territory").filter(pk=run_pk, status=ImportStatus.QUEUED).first()
    if run is not None:
        Importer(run).execute()


@shared_task
def build_catalogue_pdf(pdf_pk):
    from .pdf import build_pdf

    build_pdf(pdf_pk)


@shared_task
def index_territory_services(territory_pk):
    from .search_entries import sync_territory

    sync_territory(territory_pk)


@shared_task
def index_service(service_pk):
    from .search_entries import sync_service

    sync_service(service_pk)
