"""Upload checks in the admin: allowed types, content matching the extension, size, names.

A refused upload gets a Czech message and leaves nothing behind: no row, no file.
"""

import json

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Collection, UploadedFile

from cms.models import DocumentVersion, TriadaDocument
from tests.document_samples import SAMPLES, docx_bytes, pdf_bytes, stored_files, upload
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("spravce", is_superuser=True))
    return client


def post_single(client, name, content, **extra):
    data = {
        "title": extra.pop("title", "Dokument"),
        "collection": Collection.get_first_root_node().pk,
        "file": upload(name, content),
        **extra,
    }
    return client.post(reverse("wagtaildocs:add"), data)


def post_multiple(client, name, content):
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload(name, content), "collection": Collection.get_first_root_node().pk},
    )
    return json.loads(response.content)


def assert_nothing_left(before):
    assert not TriadaDocument.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not UploadedFile.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == before


@pytest.mark.parametrize("extension", sorted(SAMPLES))
def test_every_allowed_type_is_accepted(admin_client, extension):
    response = post_single(admin_client, f"Soubor.{extension}", SAMPLES[extension]())
    assert response.status_code == 302, response.content.decode()[:2000]
    document = TriadaDocument.objects.get()
    assert document.file_extension == extension
    assert document.versions.count() == 1


REFUSALS = [
    # name, content, the Czech message
    ("zapis.pdf", b"MZ\x90\x00 this is a program", "neodpovídá jeho příponě .pdf"),
    ("tabulka.xlsx", docx_bytes(), "neodpovídá jeho příponě .xlsx"),
    ("dopis.docx", b"PK\x03\x04 not really a zip", "neodpovídá jeho příponě .docx"),
    ("obrazek.png", pdf_bytes(), "neodpovídá jeho příponě .png"),
    ("program.exe", b"MZ\x90\x00", "Soubory typu „EXE“ nelze nahrát"),
    ("poznamky.txt", b"hello", "Soubory typu „TXT“ nelze nahrát"),
    ("archiv.zip", b"PK\x03\x04", "Soubory typu „ZIP“ nelze nahrát"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS)
def test_refused_single_upload(admin_client, name, content, message):
    before = stored_files(settings.MEDIA_ROOT)
    response = post_single(admin_client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert_nothing_left(before)


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS)
def test_refused_multiple_upload(admin_client, name, content, message):
    before = stored_files(settings.MEDIA_ROOT)
    result = post_multiple(admin_client, name, content)
    assert result["success"] is False
    assert message in result["error_message"]
    assert_nothing_left(before)


@override_settings(TRIADA_MAX_UPLOAD_BYTES=2000)
def test_oversize_upload_is_refused(admin_client):
    before = stored_files(settings.MEDIA_ROOT)
    response = post_single(admin_client, "velky.pdf", pdf_bytes(size=2500))
    assert "Soubor je příliš velký (2,4\xa0KB). Největší povolená velikost je 2,0\xa0KB." in response.content.decode()
    result = post_multiple(admin_client, "velky.pdf", pdf_bytes(size=2500))
    assert result["success"] is False and "příliš velký" in result["error_message"]
    assert_nothing_left(before)
    # Just under the limit passes.
    assert post_single(admin_client, "maly.pdf", pdf_bytes(size=1900)).status_code == 302


def test_file_names_are_sanitised(admin_client):
    post_single(admin_client, "Zápis č. 3 (koncept)!.PDF", pdf_bytes())
    document = TriadaDocument.objects.get()
    assert document.filename.startswith("Zapis_c._3_koncept")
    assert document.filename.endswith(".pdf")
    assert document.filename.isascii()
