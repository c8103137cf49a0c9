"""In Chromium: the plan's PDF link and the restyled search page, axe-clean, valid, keyboard only."""

import os

import pytest
from django.db import transaction
from wagtail.models import Site

from tests.browser import assert_no_axe_violations, html_errors_many
from tests.site_content import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("TRIADA_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.fixture
def site(live_server):
    Site.objects.filter(hostname="localhost").delete()  # Wagtail's initial site
    # One transaction, as one publishing session: the PDF is rendered once, after the commit.
    with transaction.atomic():
        built = build_site("ORP Prohlížeč", hostname="localhost", default_site=True)
    return live_server.url, built


def test_plan_page_offers_the_pdf_and_search_results_come_first(site, browser_page):
    base, built = site
    page = browser_page
    page.goto(f"{base}{built['plan'].url}")
    link = page.locator("a.download-link")
    assert "PDF," in link.inner_text() and "stran" in link.inner_text()
    shot(page, "plan-pdf-link")
    assert_no_axe_violations(page)
    link.focus()
    pdf = page.request.get(f"{base}{link.get_attribute('href')}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # Search by keyboard: the form, then results, then the filters beside them.
    page.goto(f"{base}/hledat/")
    page.get_by_label("Hledat", exact=True).focus()
    page.keyboard.type("pecovatelska")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hledat/?q=pecovatelska*")
    results = page.locator(".search-results").bounding_box()
    filters = page.locator(".search-filters").bounding_box()
    assert filters["x"] > results["x"] + results["width"] - 1  # beside, to the right
    assert page.locator("#filter-kind").is_visible()
    assert "(" in page.locator("#filter-kind option").nth(1).inner_text()  # counts
    shot(page, "search-wide")
    assert_no_axe_violations(page)
    page.get_by_label("Typ").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Použít filtry").press("Enter")
    page.wait_for_url("**kind=*")
    assert page.locator(".search-hit").count() >= 1

    page.set_viewport_size({"width": 380, "height": 800})
    results = page.locator(".search-results").bounding_box()
    filters = page.locator(".search-filters").bounding_box()
    assert filters["y"] > results["y"]  # narrow screen: results first, filters below
    shot(page, "search-narrow")
    assert_no_axe_violations(page)

    documents = {
        "plan": page.request.get(f"{base}{built['plan'].url}").text(),
        "search": page.request.get(f"{base}/hledat/?q=pecovatelska").text(),
    }
    assert html_errors_many(documents) == {}
