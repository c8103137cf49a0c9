"""The results page in Chromium: axe-clean, valid HTML, usable by keyboard alone."""

import pytest
from wagtail.models import Site

from tests.browser import assert_no_axe_violations, html_errors
from tests.factories import make_chapter, make_plan, make_territory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def site(live_server):
    Site.objects.filter(hostname="localhost").delete()  # Wagtail's initial site
    territory = make_territory("ORP Klatovy", hostname="localhost", default_site=True)
    plan = make_plan(territory)
    make_chapter(
        plan,
        "Analýza potřeb seniorů",
        group=territory.wg_seniors,
        paragraphs=("Pečovatelská služba zajišťuje péči o seniory v jejich domácnostech.",),
    )
    make_chapter(plan, "Rodiny s dětmi", number=2, paragraphs=("Služby pro rodiny s dětmi.",))
    return live_server.url


def test_keyboard_search_and_accessible_results(site, browser_page):
    page = browser_page
    page.goto(f"{site}/hledat/")
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")  # the skip link first
    field = page.get_by_label("Hledat", exact=True)
    field.focus()
    page.keyboard.type("pecovatelska sluzba")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hledat/?q=pecovatelska*")
    heading = page.locator("#search-count")
    assert heading.inner_text().startswith("1 výsledek")
    assert page.locator(".search-hit mark").first.inner_text() == "Pečovatelská"
    assert_no_axe_violations(page)
    # The server's HTML (page.content() would include the injected axe script).
    assert html_errors(page.request.get(page.url).text()) == []
    # Filters are a labelled form: choose a type with the keyboard and apply.
    page.get_by_label("Typ").select_option("chapter")
    page.get_by_role("button", name="Použít filtry").press("Enter")
    page.wait_for_url("**kind=chapter*")
    assert page.locator(".search-hit").count() == 1
