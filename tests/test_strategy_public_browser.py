"""Keyboard only, on the public strategic part of 150 activities during a consultation.

A citizen jumps to a priority from the overview, Tabs to the first activity's
"Připomínkovat" link, sees where the focus is, and opens the comment form
with that activity chosen. The page has no axe violations and no vnu errors.
"""

import re
from pathlib import Path

import pytest
from wagtail.models import Site

from tests.browser import assert_no_axe_violations, html_errors
from tests.factories import make_strategic_part
from tests.workflows.test_consultation_support import build, start_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"
FOCUS_BACKGROUND = "rgb(255, 221, 0)"  # --focus in static/css/triada.css


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {text: e.textContent.trim(), cls: e.className, href: e.getAttribute('href') || '',"
        " background: getComputedStyle(e).backgroundColor}; }"
    )


def test_an_activity_of_150_is_commented_on_by_keyboard(browser, live_server, client):
    Site.objects.all().delete()  # Wagtail's welcome site; ours becomes the default
    _territory, plan, _chapter, workflow, people = build("localhost")
    part = make_strategic_part(plan, size=(8, 30, 150), number=4)
    start_consultation(workflow, part, people["coordinator"])
    path = part.get_url_parts()[2]

    context = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)
    page.goto(live_server.url + path)
    assert page.locator("a.comment-link").count() == 150

    # Tab to "Priorita 6" in the overview of priorities and follow it with Enter.
    for _ in range(120):
        page.keyboard.press("Tab")
        if focused(page)["text"].startswith("Priorita 6"):
            break
    else:
        pytest.fail("Tab never reached the overview link of priority 6")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#priorita-6$"))

    # From there Tab reaches the first activity's own comment link (after its detail link).
    for _ in range(4):
        page.keyboard.press("Tab")
        if "comment-link" in focused(page)["cls"]:
            break
    now = focused(page)
    assert now["text"] == "Připomínkovat (aktivita 6.1.1: Aktivita 6.1.1)", now
    assert now["href"].endswith(f"?cil=activity:{part.pk}:6.1.1")
    # The focus is visible: the link takes the site's yellow focus background.
    assert now["background"] == FOCUS_BACKGROUND, now
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#aktivita-6-1-1").screenshot(path=str(SCREENSHOTS / "strategy-public-comment-link-focus.png"))

    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"cil=activity"))
    target = page.get_by_label(re.compile("^Čeho se připomínka týká"))
    assert target.input_value() == f"activity:{part.pk}:6.1.1"
    assert "6.1.1" in target.locator("option:checked").inner_text()

    page.goto(live_server.url + path)
    assert_no_axe_violations(page)
    context.close()
    assert html_errors(client.get(path, HTTP_HOST="localhost").content.decode()) == []
