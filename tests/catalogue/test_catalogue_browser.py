"""The public catalogue in Chromium: axe-core, vnu, and filtering with the keyboard alone."""

from urllib.parse import urlparse

import pytest

from catalogue.importer import import_file
from catalogue.models import Service
from catalogue.setup import ensure_catalogue_page
from tests.browser import assert_no_axe_violations, html_errors_many

from .helpers import FIXTURE, load_taxonomy, territory_with_municipalities

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_catalogue_pages_are_accessible_and_filter_with_the_keyboard(live_server, browser_page):
    load_taxonomy()
    territory = territory_with_municipalities(hostname="127.0.0.1", default_site=True)
    site = territory.get_site()
    site.port = urlparse(live_server.url).port
    site.save()
    import_file(territory, FIXTURE)
    page = ensure_catalogue_page(territory)
    service = Service.objects.public().in_territory(territory).first()
    base = f"http://127.0.0.1:{site.port}/katalog/"
    group = service.target_groups.first()

    documents = {}
    for name, url in {
        "catalogue": base,
        "filtered": f"{base}?skupina={group.code}&strana=1",
        "situations": f"{base}zivotni-situace/",
        "service": f"{base}sluzba/{service.pk}/",
    }.items():
        response = browser_page.goto(url)
        assert response.status == 200, url
        assert browser_page.locator("h1").count() == 1
        assert browser_page.evaluate("document.documentElement.lang") == "cs"
        documents[name] = browser_page.content()  # before axe-core's script is injected
        assert_no_axe_violations(browser_page)
        browser_page.screenshot(path=f"/tmp/catalogue-{name.replace(' ', '-')}.png", full_page=False)
    assert html_errors_many(documents) == {}

    # Keyboard only: tick the first option of "who it is for", submit, land on a shareable URL.
    browser_page.goto(base)
    first_box = browser_page.locator("input[name=skupina]").first
    first_box.focus()
    browser_page.keyboard.press("Space")
    assert first_box.is_checked()
    submit = browser_page.get_by_role("button", name="Zobrazit služby")
    for _ in range(200):
        browser_page.keyboard.press("Tab")
        if submit.evaluate("el => el === document.activeElement"):
            break
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/katalog/?skupina=*")
    code = urlparse(browser_page.url).query.split("=", 1)[1]
    expected = Service.objects.public().in_territory(territory).filter(target_groups__code=code).distinct().count()
    assert browser_page.locator("#vysledky-nadpis").inner_text().startswith(str(expected))
    # The situation entry point leads to a filtered list.
    browser_page.goto(f"{base}zivotni-situace/")
    browser_page.locator(".situation-list a").first.focus()
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/katalog/?situace=*")
    assert page.title in browser_page.title()
