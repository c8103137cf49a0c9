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


def page_url(base, territory, path):
    return path if path.startswith("http") else base + site_path(path, territory)


def test_public_pages_of_both_territories_have_no_axe_violations(live_server, browser_page):
    """Each territory's home, plan, chapter, strategic part and activity; the first also on a phone."""
    territories = build_territories(live_server)
    checked = []
    for base, territory in territories:
        for name, path in public_pages(territory).items():
            url = page_url(base, territory, path)
            response = browser_page.goto(url)
            assert response.status == 200, url
            assert browser_page.locator("h1").count() == 1, url
            assert browser_page.evaluate("document.documentElement.lang") == "cs"
            assert_no_axe_violations(browser_page)
            checked.append((territory.title, name))
    assert len(checked) == 10

    base, territory = territories[0]
    browser_page.set_viewport_size({"width": 360, "height": 800})
    for name, path in public_pages(territory).items():
        browser_page.goto(page_url(base, territory, path))
        assert_no_axe_violations(browser_page)
        overflow = browser_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px on a narrow screen"


def test_keyboard_only_use_and_reading_without_javascript(live_server, browser_page, browser):
    (base, territory), _ = build_territories(live_server)
    pages = public_pages(territory)

    # Tab from the top: the skip link comes first, is visible, and Enter moves focus to main.
    browser_page.goto(page_url(base, territory, pages["chapter"]))
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

    # Every element reached by Tab shows where the focus is.
    browser_page.goto(page_url(base, territory, pages["plan"]))
    styles = []
    for _ in range(12):
        browser_page.keyboard.press("Tab")
        styles.append(
            browser_page.evaluate(
                "(() => { const el = document.activeElement; const s = getComputedStyle(el);"
                " return {tag: el.tagName, text: el.textContent.trim().slice(0, 30), outline: s.outlineStyle,"
                " width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; })()"
            )
        )
    invisible = [
        style
        for style in styles
        if not (style["outline"] != "none" and style["width"] >= 2) and style["shadow"] == "none"
    ]
    assert invisible == []

    # Printing the whole plan: no navigation, each chapter on a new sheet, tables with borders.
    browser_page.goto(page_url(base, territory, pages["plan"]) + "?cely=1")
    browser_page.emulate_media(media="print")
    printed = browser_page.evaluate(
        "(() => { const css = (sel, prop) => { const el = document.querySelector(sel);"
        " return el ? getComputedStyle(el)[prop] : null; };"
        " return {nav: css('.site-nav', 'display'), crumbs: css('.breadcrumbs', 'display'),"
        " chapters: document.querySelectorAll('.plan-chapter').length,"
        " breakBefore: css('.plan-chapter', 'breakBefore'), cell: css('.data-table td', 'borderTopStyle')}; })()"
    )
    assert printed["nav"] == "none" and printed["crumbs"] == "none"
    assert printed["chapters"] >= 10
    assert printed["breakBefore"] == "page"
    assert printed["cell"] == "solid"
    browser_page.emulate_media(media="screen")

    # No JavaScript: everything still reads; the print button (which needs it) stays hidden.
    context = browser.new_context(java_script_enabled=False, locale="cs-CZ")
    try:
        page = context.new_page()
        page.goto(page_url(base, territory, pages["plan"]))
        assert page.locator("nav.toc li").count() >= 2
        assert page.locator(".print-action").is_hidden()
        assert page.locator("nav.site-nav a").first.is_visible()
        page.goto(page_url(base, territory, pages["strategic part"]))
        assert page.locator("article.activity").count() >= 1
    finally:
        context.close()
