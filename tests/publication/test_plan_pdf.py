"""The whole plan as an accessible PDF: structure, versions, regeneration, serving and the link."""

import re

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import PageViewRestriction

from cms.models import PlanPage
from publication.models import PlanPublication, PublicationStatus
from publication.services import request_plan_pdf
from tests.factories import make_plan, make_territory
from tests.pdf_ua import pdf_ua_failures
from tests.publication.pdf_structure import (
    outline,
    page_texts,
    pdfinfo,
    reader,
    structure_elements,
    toc_entries,
)
from tests.site_content import build_site

pytestmark = pytest.mark.django_db
HOST = "pdf-testov.localhost"


def action_plan_annex(plan, as_of=None):
    """Stands in for the implementation app's action plan, attached through the hook."""
    return [
        {
            "id": "akcni-plan",
            "title": "Akční plán 2026",
            "html": format_html(
                '<table><caption>Aktivity roku 2026</caption><thead><tr><th scope="col">Kód</th>'
                '<th scope="col">Aktivita</th></tr></thead><tbody><tr><th scope="row">1.1.1</th>'
                "<td>{}</td></tr></tbody></table>",
                "Rozšíření pečovatelské služby",
            ),
        }
    ]


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    """A plan with chapters, strategic part, figure and an annex, rendered once (eager Celery task)."""
    annex_hook = hooks.register_temporarily("triada_publication_annexes", action_plan_annex)
    with django_db_blocker.unblock(), transaction.atomic(), annex_hook:
        site = build_site("ORP PDF Testov", hostname=HOST)
        plan = site["plan"]
        plan.approval_resolution_number = "ZM/12/2026"
        plan.approval_body = "Zastupitelstvo města Testov"
        plan.save_revision().publish()
        with TestCase.captureOnCommitCallbacks(execute=True):
            publication = request_plan_pdf(PlanPage.objects.get(pk=plan.pk))
        publication.refresh_from_db()
        site["publication"] = publication
        site["pdf"] = publication.file.open("rb").read()
        yield site
        transaction.set_rollback(True)


def test_pdf_is_tagged_czech_and_titled(published):
    publication = published["publication"]
    assert publication.status == PublicationStatus.READY, publication.error
    info = pdfinfo(published["pdf"])
    assert info["Tagged"] == "yes"
    assert info["Title"].startswith(published["plan"].title)
    assert int(info["Pages"]) == publication.page_count
    pdf = reader(published["pdf"])
    catalog = pdf.trailer["/Root"]
    assert catalog["/Lang"] == "cs"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog


def test_pdf_passes_verapdf_pdf_ua_1(published):
    """Every machine-checkable rule of PDF/UA-1 (veraPDF), e.g. contents links tagged as Link, not Span."""
    assert pdf_ua_failures(published["pdf"]) == []


def test_headings_are_in_order_figures_have_alt_and_tables_header_cells(published):
    elements = structure_elements(reader(published["pdf"]))
    levels = [int(role[1]) for role, _attrs in elements if re.fullmatch(r"H[1-6]", role)]
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False)), levels
    figures = [attrs for role, attrs in elements if role == "Figure"]
    assert figures and all(str(attrs.get("/Alt", "")).strip() for attrs in figures)
    roles = [role for role, _attrs in elements]
    assert roles.count("Table") >= 3  # the data table, the activities, the annex
    assert "TH" in roles


def test_bookmarks_cover_chapters_priorities_measures_and_annexes(published):
    marks = outline(reader(published["pdf"]))
    titles = {title: level for level, title, _page in marks}
    assert titles["1. Úvod"] == 1
    assert titles["3. Strategická část"] == 1
    priority = next(title for title in titles if "Dostupné služby pro seniory" in title)
    measure = next(title for title in titles if "Terénní služby v obcích" in title)
    assert titles[priority] == 2 and priority.endswith("1: Dostupné služby pro seniory")
    assert titles[measure] == 3 and "1.1" in measure
    annex = next(title for title in titles if "Akční plán 2026" in title)
    assert titles[annex] == 1


def test_contents_page_numbers_match_where_chapters_start(published):
    pages = page_texts(published["pdf"])
    marks = {title: page for _level, title, page in outline(reader(published["pdf"]))}
    entries = toc_entries(pages[1])
    assert len(entries) >= 5
    for title, page in entries:
        if title in marks:
            assert marks[title] == page, title
        # The heading is printed on the page the contents give.
        assert title.split(": ")[-1][:25] in pages[page - 1], (title, page)


def test_cover_names_territory_period_and_resolution_and_pages_are_numbered(published):
    pages = page_texts(published["pdf"])
    cover = pages[0]
    assert "ORP PDF Testov" in cover
    assert "2026–2028" in cover
    assert "ZM/12/2026" in cover
    total = published["publication"].page_count
    assert f"Strana 3 z {total}" in pages[2]
    # Running header: the plan's title and the current chapter.
    assert published["plan"].title in pages[2]


def test_strategic_part_is_a_readable_table(published):
    text = "\n".join(page_texts(published["pdf"]))
    assert "1.1.1" in text and "Rozšíření pečovatelské" in text
    assert "Charita Testov" in text
    assert "1 250 000" in text or "1 250 000" in text


def test_each_activity_is_a_headed_row_with_its_description_across_the_table(published):
    # Six column headers plus one row header per activity (3 in the plan) in the activities' tables.
    elements = structure_elements(reader(published["pdf"]))
    assert [role for role, _attrs in elements].count("TH") >= 6 + 3
    pages = page_texts(published["pdf"])
    page = next(text for text in pages if "1.1.1" in text and "Rozšíření pečovatelské" in text)
    # The description runs across the whole width under its activity (one line), not squeezed
    # into the first column, and stays on the activity's page.
    assert "Rozšíření kapacity služby v menších obcích." in page
    lines = page.splitlines()
    row = next(number for number, line in enumerate(lines) if "1.1.1" in line)
    description = next(number for number, line in enumerate(lines) if "Rozšíření kapacity služby" in line)
    assert 0 < description - row <= 3


def test_same_text_gives_the_same_pdf_and_a_new_text_a_new_one(published, settings):
    settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS = True  # as in the embedded mode: a publish renders
    plan = PlanPage.objects.get(pk=published["plan"].pk)
    first = published["publication"]
    assert request_plan_pdf(plan).pk == first.pk
    assert PlanPublication.objects.filter(plan=plan).count() == 1

    chapter = published["chapters"][1]
    chapter.title = "Analýza potřeb uživatelů (aktualizace)"
    with TestCase.captureOnCommitCallbacks(execute=True):
        chapter.save_revision().publish()  # the page_published hook asks for the new PDF
    versions = list(PlanPublication.objects.filter(plan=plan).order_by("pk"))
    assert len(versions) == 2
    newest = versions[-1]
    assert newest.status == PublicationStatus.READY, newest.error
    assert "(aktualizace)" in "\n".join(page_texts(newest.file.open("rb").read()))
    assert versions[0].is_ready  # the earlier version stays downloadable


def test_plan_page_links_the_pdf_with_its_size(client, published):
    plan = published["plan"]
    html = client.get(plan.url, HTTP_HOST=HOST).content.decode()
    link = re.search(r'<a class="download-link" href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    assert link, "no PDF link on the plan page"
    assert re.search(r"PDF, \d+(,\d)?\s(kB|KB|MB)", link.group(2)), link.group(2)
    response = client.get(link.group(1), HTTP_HOST=HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_pdf_is_not_served_for_other_territories_drafts_or_restricted_plans(client, published):
    plan = published["plan"]
    url = f"/publikace/plan-{plan.pk}.pdf"
    other = make_territory("ORP Jinde", hostname="jinde.localhost")
    assert client.get(url, HTTP_HOST="jinde.localhost").status_code == 404

    draft = make_plan(other, "Návrh plánu", publish=False)
    PlanPublication.objects.create(plan=draft, fingerprint="x" * 64, status=PublicationStatus.READY, file="x.pdf")
    assert client.get(f"/publikace/plan-{draft.pk}.pdf", HTTP_HOST="jinde.localhost").status_code == 404

    PageViewRestriction.objects.create(page=plan, restriction_type=PageViewRestriction.PASSWORD, password="tajne")
    assert client.get(url, HTTP_HOST=HOST).status_code == 404
    assert (
        client.get(f"/publikace/plan-{plan.pk}-{published['publication'].pk}.pdf", HTTP_HOST=HOST).status_code == 404
    )


def test_unpublished_plan_gets_no_pdf(published):
    territory = make_territory("ORP Koncept", hostname="koncept.localhost")
    draft = make_plan(territory, "Koncept", publish=False)
    assert request_plan_pdf(draft) is None
