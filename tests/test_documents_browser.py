"""In Chromium: the documents page passes axe-core; the admin multiple upload of our document model works."""

import tempfile
from datetime import date
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import Site

from cms.models import DocumentIndexPage, DocumentType, TriadaDocument
from tests.browser import assert_no_axe_violations
from tests.document_samples import docx_bytes, pdf_bytes
from tests.factories import ensure_wagtail_roots, make_territory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def serve_territory(live_server, title):
    ensure_wagtail_roots()
    Site.objects.all().delete()  # Wagtail's initial localhost:80 site, if the migrations left it
    territory = make_territory(title, hostname="localhost", default_site=True)
    Site.objects.filter(root_page=territory).update(port=urlparse(live_server.url).port)
    return territory


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_documents_page_has_no_axe_violations(live_server, browser_page):
    territory = serve_territory(live_server, "ORP Přístupnov")
    index = DocumentIndexPage(title="Dokumenty", slug="dokumenty")
    territory.add_child(instance=index)
    index.save_revision().publish()
    for title, name, content, kind in (
        ("Komunitní plán", "plan.pdf", pdf_bytes(), DocumentType.PLAN),
        ("Analýza potřeb", "analyza.docx", docx_bytes(), DocumentType.ANALYSIS),
    ):
        document = TriadaDocument(
            title=title, document_type=kind, date=date(2026, 1, 5), owning_body=territory.wg_seniors
        )
        document.file.save(name, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()

    browser_page.goto(live_server.url + "/dokumenty/")
    assert browser_page.locator("h1").inner_text() == "Dokumenty"
    assert_no_axe_violations(browser_page)

    # Choose a type, then reach the submit button with Tab and press Enter.
    browser_page.select_option("#id_typ", "plan")
    browser_page.focus("#id_skupina")
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("document.activeElement.type") == "submit"
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**typ=plan**")
    links = browser_page.locator(".document-list a")
    assert links.count() == 1
    assert "(PDF, " in links.first.inner_text()
    assert_no_axe_violations(browser_page)


def test_admin_multiple_upload_of_our_document_model(live_server, browser_page):
    ensure_wagtail_roots()
    admin = make_user("spravce", is_superuser=True)
    log_in(browser_page, live_server, admin)
    server_errors = []
    browser_page.on("response", lambda r: server_errors.append(r.url) if r.status >= 500 else None)
    browser_page.goto(live_server.url + "/admin/documents/multiple/add/")
    assert browser_page.url.endswith("/admin/documents/multiple/add/"), browser_page.url
    browser_page.wait_for_selector("#fileupload", state="attached", timeout=60000)

    tmp = tempfile.mkdtemp()
    good, bad = f"{tmp}/Zápis z jednání.pdf", f"{tmp}/podvrh.docx"
    with open(good, "wb") as handle:
        handle.write(pdf_bytes("multi"))
    with open(bad, "wb") as handle:
        handle.write(pdf_bytes("podvrh"))
    browser_page.set_input_files("#fileupload", [good, bad])

    success = browser_page.locator("#upload-list > li.upload-success")
    failure = browser_page.locator("#upload-list > li.upload-failure")
    success.wait_for()
    failure.wait_for()
    assert "neodpovídá jeho příponě .docx" in failure.inner_text()

    # The edit step: fill our metadata and save.
    form = success.locator("form")
    form.locator("input[name$='title']").fill("Zápis z 3. jednání")
    form.locator("select[name$='document_type']").select_option("zapis")
    form.locator("select[name$='publicity']").select_option("internal")
    form.locator("button[type=submit], input[type=submit]").first.click()
    browser_page.wait_for_function("document.querySelectorAll('#upload-list > li.upload-success').length === 0")

    assert server_errors == []
    document = TriadaDocument.objects.get()
    assert document.title == "Zápis z 3. jednání"
    assert document.document_type == DocumentType.MINUTES
    assert document.publicity == "internal"
    assert document.filename.isascii() and document.filename.endswith(".pdf")
    assert document.versions.get().uploaded_by == admin
