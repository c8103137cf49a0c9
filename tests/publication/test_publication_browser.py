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
def site(live_server, settings):
    settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS = True  # as in the embedded mode: publishing renders
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


def test_coordinator_requests_the_pdf_of_an_earlier_version_in_the_admin(live_server, browser, settings):
    """The admin list of the plan's PDFs: ask for a version, see it listed with its state and size."""
    import datetime

    from wagtail.models import PageLogEntry

    from cms.models import PlanPage
    from tests.browser import open_admin_as
    from tests.factories import PASSWORD, make_chapter, make_plan, make_territory, make_user

    settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS = False
    with transaction.atomic():
        territory = make_territory("ORP Verze v prohlížeči", hostname="verze-prohlizec.localhost")
        plan = make_plan(territory, "Plán ve dvou verzích")
        make_chapter(plan, "Úvod", paragraphs=("Původní znění.",))
        PageLogEntry.objects.all().update(timestamp=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC))
        PlanPage.objects.get(pk=plan.pk).save_revision().publish()
        coordinator = make_user(groups=[territory.coordinator_group])
    page = open_admin_as(browser, live_server.url, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/admin/plan-pdf/")
    page.get_by_role("link", name="Vyžádat PDF").click()
    select = page.get_by_label("Verze plánu")
    select.wait_for()  # the request form has loaded (all_inner_texts does not wait)
    options = select.locator("option").all_inner_texts()
    assert any("Zveřejněno 5." in option for option in options), options
    earlier = next(option for option in options if "Zveřejněno 5." in option)
    select.select_option(label=earlier)
    shot(page, "admin-request-pdf")
    page.get_by_role("button", name="Vyžádat PDF").click()
    page.wait_for_url(f"{live_server.url}/admin/plan-pdf/")
    row = page.locator("table.listing tbody tr").first
    assert "Plán ve dvou verzích" in row.inner_text() and "jak bylo zveřejněno" in row.inner_text()
    for _ in range(60):  # rendered by the (eager) task after the commit
        page.reload()
        if "připraveno" in page.locator("table.listing tbody tr").first.inner_text():
            break
    text = page.locator("table.listing tbody tr").first.inner_text()
    assert "připraveno" in text and ("KB" in text or "kB" in text), text
    shot(page, "admin-plan-pdfs")
    page.context.close()
