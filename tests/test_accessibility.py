"""WCAG 2.1 AA in a real browser: axe-core on the public pages of both territories, and the keyboard.

Uses the demo (load_demo) when it is there, so what is checked is what people see;
otherwise the same page types built by tests/site_content.py.
"""

from urllib.parse import urlparse

import pytest
from django.core.management import call_command, get_commands
from wagtail.models import Site

from cms.models import ChapterPage, PlanPage, StrategicItem, StrategicPartPage, TerritoryHomePage
from tests.browser import assert_no_axe_violations
from tests.site_content import build_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HOSTS = ("127.0.0.1", "localhost")


def build_territories(live_server):
    """Two territories, one per loopback host name, on the live server's port."""
    port = urlparse(live_server.url).port
    if "load_demo" in get_commands():
        call_command("load_demo", port=port, verbosity=0)
    else:
        build_site("ORP Testov", hostname=HOSTS[0], default_site=True)
        build_site("Mikroregion Zkušebno", hostname=HOSTS[1])
    sites = list(Site.objects.filter(root_page__in=TerritoryHomePage.objects.all()).order_by("pk"))
    assert len(sites) >= 2, "two territories expected"
    for site, host in zip(sites, HOSTS, strict=False):
        site.hostname, site.port = host, port
        site.is_default_site = host == HOSTS[0]
        site.save()
    return [(f"http://{site.hostname}:{port}", site.root_page.specific) for site in sites[:2]]


def public_pages(territory):
    """Home, plan, the chapter with the most blocks, the strategic part and an activity page."""
    plan = PlanPage.objects.live().descendant_of(territory).order_by("-period_from").first()
    chapters = ChapterPage.objects.live().child_of(plan).filter(strategicpartpage__isnull=True)
    chapter = max(chapters, key=lambda page: len(page.body))
    part = StrategicPartPage.objects.live().child_of(plan).first()
    activity = StrategicItem.objects.filter(strategic_part=part).activities().current().first()
    return {
        "home": territory.url_path,
        "plan": plan.url_path,
        "chapter": chapter.url_path,
        "strategic part": part.url_path,
        "activity": activity.get_url(),
    }


def site_path(url_path, territory):
    """A page's path on its own site (Wagtail's url_path starts at the tree root)."""
    return "/" + url_path[len(territory.url_path) :] if url_path.startswith(territory.url_path) else url_path


def test_public_pages_of_both_territories_have_no_axe_violations(live_server, browser_page):
    checked = []
    for base, territory in build_territories(live_server):
        for name, path in public_pages(territory).items():
            url = path if path.startswith("http") else base + site_path(path, territory)
            response = browser_page.goto(url)
            assert response.status == 200, url
            assert browser_page.locator("h1").count() == 1, url
            assert browser_page.evaluate("document.documentElement.lang") == "cs"
            assert_no_axe_violations(browser_page)
            checked.append((territory.title, name))
    assert len(checked) == 10


def test_narrow_screen_has_no_axe_violations_and_no_sideways_scrolling(live_server, browser_page):
    (base, territory), _ = build_territories(live_server)
    browser_page.set_viewport_size({"width": 360, "height": 800})
    for name, path in public_pages(territory).items():
        url = path if path.startswith("http") else base + site_path(path, territory)
        browser_page.goto(url)
        assert_no_axe_violations(browser_page)
        overflow = browser_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"


def test_keyboard_skip_link_comes_first_and_moves_focus_to_main(live_server, browser_page):
    (base, territory), _ = build_territories(live_server)
    browser_page.goto(base + site_path(public_pages(territory)["chapter"], territory))

    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "(() => { const el = document.activeElement; const box = el.getBoundingClientRect();"
        " return {cls: el.className, text: el.textContent.trim(), top: box.top, height: box.height}; })()"
    )
    assert focused["cls"] == "skip-link"
    assert focused["text"] == "Přeskočit na obsah"
    assert focused["top"] >= 0 and focused["height"] > 0, "the focused skip link must be visible"

    browser_page.keyboard.press("Enter")
    assert browser_page.evaluate("document.activeElement.id") == "obsah"
    # The next Tab continues inside the content, not back in the header.
    browser_page.keyboard.press("Tab")
    assert browser_page.evaluate("!!document.activeElement.closest('main')")


def test_focus_is_visible_on_links_and_buttons(live_server, browser_page):
    (base, territory), _ = build_territories(live_server)
    browser_page.goto(base + site_path(public_pages(territory)["plan"], territory))
    styles = []
    for _ in range(8):
        browser_page.keyboard.press("Tab")
        styles.append(
            browser_page.evaluate(
                "(() => { const el = document.activeElement; const s = getComputedStyle(el);"
                " return {tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),"
                " shadow: s.boxShadow, background: s.backgroundColor}; })()"
            )
        )
    invisible = [
        style
        for style in styles
        if not (style["outline"] != "none" and style["width"] >= 2) and style["shadow"] == "none"
    ]
    assert invisible == []


def test_reading_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    page = context.new_page()
    try:
        (base, territory), _ = build_territories(live_server)
        page.goto(base + site_path(public_pages(territory)["plan"], territory))
        assert page.locator("nav.toc li").count() >= 2
        assert page.locator(".print-action").is_hidden()
        assert page.locator("nav.site-nav a").first.is_visible()
    finally:
        context.close()
