"""Text extraction: real files in, a status out; bad files fail cleanly."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.search.backends import get_search_backend

from cms.models import TriadaDocument
from cms.models.media import ExtractionStatus
from search.extraction import Limits, extract
from search.models import ExtractedText, SearchEntry
from tests.factories import ensure_wagtail_roots
from tests.search.corpus import docx_bytes, odt_bytes, pdf_bytes


def encrypted_pdf():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes("Tajný obsah zápisu"))).pages:
        writer.add_page(page)
    writer.encrypt(user_password="heslo123", owner_password="vlastnik456")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx():
    """A DOCX whose members unpack to far more than they weigh."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(docx_bytes("x"))) as original:
            for item in original.infolist():
                archive.writestr(item, original.read(item))
        archive.writestr("word/padding.bin", b"\0" * (5 * 1024 * 1024))
    return buffer.getvalue()


def test_pdf_docx_odt_text_is_extracted():
    assert "Hospicová péče" in extract(pdf_bytes("Hospicová péče v nemocnici"), "pdf").text
    assert "přepravní služby" in extract(docx_bytes("Nedostatek přepravní služby"), "docx").text
    odt = extract(odt_bytes("Azylový dům v Horažďovicích"), "odt")
    assert odt.status == ExtractionStatus.DONE
    assert "Horažďovicích" in odt.text and "Analýza poskytovatelů" in odt.text


@pytest.mark.parametrize(
    ("content", "extension", "status", "reason"),
    [
        (b"%PDF-1.7\nthis is not really a pdf", "pdf", ExtractionStatus.FAILED, "nepodařilo přečíst"),
        (b"PK\x03\x04 broken zip", "docx", ExtractionStatus.FAILED, "nepodařilo přečíst"),
        (b"not an odt at all", "odt", ExtractionStatus.FAILED, "nepodařilo přečíst"),
        ("encrypted", "pdf", ExtractionStatus.FAILED, "zašifrované heslem"),
        ("blank", "pdf", ExtractionStatus.NO_TEXT, "neobsahuje žádný text"),
        (b"\x89PNG\r\n", "png", ExtractionStatus.SKIPPED, "nevytahuje"),
    ],
    ids=["broken-pdf", "broken-docx", "broken-odt", "encrypted-pdf", "scan-without-text", "image"],
)
def test_bad_files_fail_cleanly(content, extension, status, reason):
    content = {"encrypted": encrypted_pdf, "blank": blank_pdf}.get(content, lambda: content)()
    result = extract(content, extension)
    assert result.status == status
    assert reason in result.error.lower()
    assert result.text == ""


def test_oversized_files_are_refused():
    small = Limits(max_file_bytes=1024)
    result = extract(pdf_bytes("Dlouhý zápis " * 200), "pdf", small)
    assert result.status == ExtractionStatus.FAILED
    assert "větší než" in result.error


def test_zip_bombs_are_refused():
    result = extract(zip_bomb_docx(), "docx", Limits(max_unpacked_bytes=1024 * 1024))
    assert result.status == ExtractionStatus.FAILED
    assert "rozbalí na více než" in result.error


def test_page_and_character_caps_truncate():
    long_pdf = pdf_bytes("<br>".join(f"Odstavec číslo {n}" for n in range(400)))
    result = extract(long_pdf, "pdf", Limits(max_pages=1, max_chars=100))
    assert result.status == ExtractionStatus.DONE
    assert result.truncated
    assert len(result.text) <= 100


@pytest.mark.django_db
def test_failed_extraction_is_shown_on_the_document_and_nothing_else_breaks():
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = TriadaDocument(title="Zašifrovaný zápis")
        document.file.save("sifra.pdf", ContentFile(encrypted_pdf()), save=False)
        document.save()
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_error == "PDF je zašifrované heslem."
    # The document itself is still findable by its title.
    assert SearchEntry.objects.filter(source_key=f"document:{document.pk}", title="Zašifrovaný zápis").exists()


@pytest.mark.django_db
def test_the_same_file_is_extracted_once():
    content = docx_bytes("Kapacita chráněného bydlení")
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = TriadaDocument(title="První")
        first.file.save("a.docx", ContentFile(content), save=False)
        first.save()
        second = TriadaDocument(title="Druhá kopie")
        second.file.save("b.docx", ContentFile(content), save=False)
        second.save()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.file_hash == second.file_hash
    assert ExtractedText.objects.filter(file_hash=first.file_hash).count() == 1
    assert "chráněného bydlení" in second.extracted_text
    assert second.extraction_status == ExtractionStatus.DONE


@pytest.mark.django_db
def test_replacing_the_file_extracts_again_and_reindexes():
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = TriadaDocument(title="Leták")
        document.file.save("letak.odt", ContentFile(odt_bytes("Půjčovna kompenzačních pomůcek")), save=False)
        document.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = TriadaDocument.objects.get(pk=document.pk)
        document.file.save("letak2.odt", ContentFile(odt_bytes("Senior taxi jezdí každý den")), save=False)
        document._set_file_hash()
        document.save()
    document.refresh_from_db()
    assert "Senior taxi" in document.extracted_text
    # Also findable in the admin's document search (Wagtail's own index).
    assert document in list(get_search_backend().search("seniorům taxi", TriadaDocument))
    entry = SearchEntry.objects.get(source_key=f"document:{document.pk}")
    assert "Senior taxi" in entry.text and "kompenzačních" not in entry.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_extracts_and_a_stopped_redis_loses_nothing(celery_worker):
    from search.tasks import extract_pending_documents
    from tests.celery_worker import wait_until
    from tests.services import start_redis, stop_redis

    ensure_wagtail_roots()  # an earlier transactional test flushed the migration data
    document = TriadaDocument(title="Šetření potřeb")
    document.file.save("setreni.docx", ContentFile(docx_bytes("Dobrovolnické centrum v Nýrsku")), save=False)
    document.save()
    wait_until(
        lambda: TriadaDocument.objects.get(pk=document.pk).extraction_status == ExtractionStatus.DONE,
        message="the worker to extract the DOCX",
    )
    assert "Nýrsku" in SearchEntry.objects.get(source_key=f"document:{document.pk}").text

    stop_redis()
    try:
        lost = TriadaDocument(title="Nahráno bez Redisu")
        lost.file.save("bez.odt", ContentFile(odt_bytes("Klub seniorů v Plánici")), save=False)
        lost.save()  # the upload itself must not fail
    finally:
        start_redis()
    assert TriadaDocument.objects.get(pk=lost.pk).extraction_status == ExtractionStatus.PENDING
    # Beat's sweep (run here at once instead of waiting five minutes) catches up.
    extract_pending_documents.delay(older_than_minutes=0)
    wait_until(
        lambda: TriadaDocument.objects.get(pk=lost.pk).extraction_status == ExtractionStatus.DONE,
        message="the sweep to extract the document uploaded while Redis was down",
    )
    assert "Plánici" in SearchEntry.objects.get(source_key=f"document:{lost.pk}").text


@pytest.mark.django_db
def test_text_too_big_for_the_index_keeps_the_document_findable_by_title():
    import random

    rng = random.Random(7)
    # ~1.6 MB of distinct numbers: more lexemes than one PostgreSQL tsvector may hold.
    numbers = " ".join(str(rng.randint(10**8, 10**9)) for _ in range(160_000))
    with TestCase.captureOnCommitCallbacks(execute=True):
        document = TriadaDocument(title="Tabulka plateb")
        document.file.save("tabulka.docx", ContentFile(docx_bytes(numbers)), save=False)
        document.save()
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.DONE
    assert "tsvector" in document.extraction_error
    assert SearchEntry.objects.filter(source_key=f"document:{document.pk}", title="Tabulka plateb").exists()
    assert document in list(get_search_backend().search("tabulka plateb", TriadaDocument))
