"""The public documents page: only public documents of the territory, filters, type and size on links."""

import pytest
from django.core.files.base import ContentFile

from cms.models import DocumentIndexPage, DocumentType, Publicity, TriadaDocument
from tests.document_samples import docx_bytes, pdf_bytes
from tests.factories import make_territory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def add_document(title, name, content, **fields):
    document = TriadaDocument(title=title, **fields)
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def library():
    from datetime import date

    territory = make_territory("ORP Knihovna", hostname="testserver")
    other = make_territory("ORP Jinde")
    page = DocumentIndexPage(title="Dokumenty", slug="dokumenty")
    territory.add_child(instance=page)
    page.save_revision().publish()
    docs = {
        "plan": add_document(
            "Komunitní plán 2026–2028",
            "plan.pdf",
            pdf_bytes(size=int(1.2 * MB)),
            document_type=DocumentType.PLAN,
            date=date(2026, 1, 15),
            owning_body=territory.steering_group,
        ),
        "analysis": add_document(
            "Analýza potřeb",
            "analyza.docx",
            docx_bytes(),
            document_type=DocumentType.ANALYSIS,
            date=date(2025, 5, 2),
            owning_body=territory.wg_seniors,
        ),
        "internal": add_document(
            "Interní rozpočty",
            "rozpocty.pdf",
            pdf_bytes(),
            publicity=Publicity.INTERNAL,
            date=date(2026, 2, 1),
            owning_body=territory.wg_seniors,
        ),
        "elsewhere": add_document("Plán jiného území", "jiny.pdf", pdf_bytes(), owning_body=other.wg_seniors),
    }
    return page, docs


def titles(client, url):
    html = client.get(url).content.decode()
    return {
        title
        for title in ("Komunitní plán 2026–2028", "Analýza potřeb", "Interní rozpočty", "Plán jiného")
        if title in html
    }


def test_lists_public_documents_of_the_territory_with_type_and_size(client, library):
    page, docs = library
    html = client.get(page.url).content.decode()
    assert titles(client, page.url) == {"Komunitní plán 2026–2028", "Analýza potřeb"}
    assert f'href="{docs["plan"].url}"' in html
    assert "(PDF, 1,2\xa0MB)" in html
    assert "(DOCX, " in html


def test_filters_by_type_year_and_body(client, library):
    page, _docs = library
    assert titles(client, page.url + "?typ=plan") == {"Komunitní plán 2026–2028"}
    assert titles(client, page.url + "?rok=2025") == {"Analýza potřeb"}
    assert titles(client, page.url + "?skupina=ps-seniori") == {"Analýza potřeb"}
    assert titles(client, page.url + "?typ=plan&rok=2025") == set()
    html = client.get(page.url + "?typ=plan").content.decode()
    assert "Nalezen 1 dokument." in html
    # The filter form is a labelled GET form keeping the chosen values.
    assert 'method="get"' in html and '<label for="id_typ">' in html
    assert '<option value="plan" selected>' in html


def test_bad_filter_values_are_refused_with_a_czech_message(client, library):
    page, _docs = library
    html = client.get(page.url + "?rok=abc&typ=zlomyslny").content.decode()
    assert "Vyberte platnou možnost" in html
    assert titles(client, page.url + "?rok=abc") == {"Komunitní plán 2026–2028", "Analýza potřeb"}
