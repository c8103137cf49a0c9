"""Rebuilding the index, and the extraction report in the admin."""

import io

import pytest
from django.core.management import call_command
from django.test import TestCase

from cms.models import TriadaDocument
from search.models import SearchEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_rebuild_recreates_entries_and_drops_stale_ones(corpus):
    expected = set(SearchEntry.objects.values_list("source_key", flat=True))
    SearchEntry.objects.filter(kind="chapter").delete()
    SearchEntry.objects.create(source_key="page:999999", kind="page", title="Zmizelá stránka", url="/x/")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert set(SearchEntry.objects.values_list("source_key", flat=True)) == expected
    output = out.getvalue()
    assert "100%" in output and "1 odstraněno" in output


def test_extraction_report_lists_failures_for_editors_only(client):
    from django.core.files.base import ContentFile

    with TestCase.captureOnCommitCallbacks(execute=True):
        document = TriadaDocument(title="Poškozený zápis")
        document.file.save("poskozeny.pdf", ContentFile(b"%PDF-1.4 broken"), save=False)
        document.save()
    response = client.get("/admin/search/extraction/")
    assert response.status_code == 302
    client.force_login(make_user(is_superuser=True))
    html = client.get("/admin/search/extraction/", {"status": "failed"}).content.decode()
    assert "Poškozený zápis" in html
    assert "Soubor se nepodařilo přečíst" in html


def test_document_contents_are_found_by_the_admin_document_search(corpus, client):
    client.force_login(make_user(is_superuser=True))
    html = client.get("/admin/documents/", {"q": "hospicova pece"}).content.decode()
    assert "Zápis PS Senioři" in html
    assert "Dotazníkové šetření" not in html


def test_extraction_report_filters_and_exports_through_the_report_view(client):
    from django.core.files.base import ContentFile

    with TestCase.captureOnCommitCallbacks(execute=True):
        broken = TriadaDocument(title="Poškozený zápis")
        broken.file.save("poskozeny.pdf", ContentFile(b"%PDF-1.4 broken"), save=False)
        broken.save()
    TriadaDocument.objects.filter(pk=broken.pk).update(extraction_status="failed", extraction_error="Soubor vadný")
    fine = TriadaDocument(title="Čitelný zápis")
    fine.file.save("citelny.pdf", ContentFile(b"%PDF-1.4"), save=False)
    fine.save()
    TriadaDocument.objects.filter(pk=fine.pk).update(extraction_status="done")
    client.force_login(make_user(is_superuser=True))
    done = client.get("/admin/search/extraction/", {"status": "done"}).content.decode()
    assert "Čitelný zápis" in done and "Poškozený zápis" not in done
    export = client.get("/admin/search/extraction/", {"status": "failed", "export": "csv"})
    rows = b"".join(export.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 2 and "Poškozený zápis" in rows[1] and "Soubor vadný" in rows[1]
