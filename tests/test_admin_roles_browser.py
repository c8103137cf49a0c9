"""Each demo role logs into the Czech admin in Chromium and meets exactly its rights."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from cms.models import ChapterPage, PlanPage, TerritoryHomePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = ["admin", "koordinator", "clen-ps-seniori", "clen-rs", "tajemnik", "podhuri-tajemnik"]


@pytest.fixture
def demo(live_server, transactional_db):
    call_command("load_demo", "--port", str(live_server.thread.port), stdout=io.StringIO())
    lipov = TerritoryHomePage.objects.get(slug="lipov")
    # The current plan; the territory also keeps its earlier adopted plan.
    plan = PlanPage.objects.descendant_of(lipov).get(slug="komunitni-plan-2026-2028")
    chapters = ChapterPage.objects.descendant_of(plan)
    # PS Senioři is responsible for the socio-demographic analysis, PS Rodiny for the needs analysis.
    seniors = chapters.get(slug="sociodemograficka-analyza").responsible_group
    member = User.objects.get(username="clen-ps-seniori")
    # The demo puts chapters at every review stage; the member edits one the workflow does not lock for them.
    own = next(
        chapter
        for chapter in chapters.filter(responsible_group=seniors).specific()
        if not (chapter.get_lock() and chapter.get_lock().for_user(member))
    )
    return {"url": live_server.url, "own_chapter": own, "other_chapter": chapters.get(slug="analyza-potreb-uzivatelu")}


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    assert page.locator("html").get_attribute("lang") == "cs"
    page.fill("#id_username", username)
    page.fill("#id_password", settings.TRIADA_DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def test_each_role_reaches_the_czech_dashboard(browser, demo):
    for username in ROLES:
        context = browser.new_context(locale="cs-CZ")
        page = context.new_page()
        page.set_default_timeout(15000)
        log_in(page, demo["url"], username)
        assert page.locator("html").get_attribute("lang") == "cs", username
        html = page.content()
        assert "Hledat" in html, username  # the admin speaks Czech to every role
        if username in ("tajemnik", "podhuri-tajemnik"):
            # A council secretary has no page editing at all.
            page.goto(f"{demo['url']}/admin/pages/{demo['own_chapter'].pk}/edit/")
            assert page.locator("#id_title").count() == 0
        context.close()


def test_wg_member_opens_own_chapter_but_not_another_groups(browser_page, demo):
    log_in(browser_page, demo["url"], "clen-ps-seniori")

    own = demo["own_chapter"]
    browser_page.goto(f"{demo['url']}/admin/pages/{own.pk}/edit/")
    assert browser_page.locator("#id_title").input_value() == own.title
    # Save draft is there, publishing is not.
    assert browser_page.get_by_role("button", name=re.compile("Uložit koncept|Uložit")).count() >= 1
    assert browser_page.locator("button[name=action-publish]").count() == 0

    other = demo["other_chapter"]
    browser_page.goto(f"{demo['url']}/admin/pages/{other.pk}/edit/")
    assert not browser_page.url.endswith(f"/admin/pages/{other.pk}/edit/")
    assert browser_page.locator("#id_title").count() == 0

    # The coordinator opens the same chapter; a chapter is published only by approval (issue 10).
    context = browser_page.context.browser.new_context(locale="cs-CZ")
    coordinator = context.new_page()
    log_in(coordinator, demo["url"], "koordinator")
    coordinator.goto(f"{demo['url']}/admin/pages/{other.pk}/edit/")
    assert coordinator.locator("#id_title").input_value() == other.title
    assert coordinator.locator("button[name=action-publish]").count() == 0
    context.close()
