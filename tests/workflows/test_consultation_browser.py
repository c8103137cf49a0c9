"""A citizen comments on a paragraph by keyboard only; staff settle it in the admin; the table shows it."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from tests.browser import assert_no_axe_violations, open_admin_as
from tests.factories import PASSWORD
from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    block_ids,
    build,
    fresh_rate_limits,
    start_consultation,
)
from workflows.models import Comment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_rate_limits"),
]


def tab_to(page, condition, limit=120):
    """Press Tab until `condition` (JS on document.activeElement as `el`) holds; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def open_as(browser, live_server, user):
    return open_admin_as(browser, live_server.url, user.username, PASSWORD)


def test_citizen_comments_by_keyboard_staff_settle_table_shows_it(browser, browser_page, live_server):
    Site.objects.all().delete()  # Wagtail's welcome site; ours becomes the default
    _territory, _plan, chapter, workflow, people = build(hostname="localhost")
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    second = block_ids(chapter)[1]
    page = browser_page

    # The citizen reads the draft and reaches the control beside the second paragraph with Tab.
    page.goto(live_server.url + reverse("consultation_chapter", args=[consultation.pk, chapter.pk]))
    assert "Návrh k připomínkám" in page.inner_text("body")
    assert_no_axe_violations(page)
    tab_to(page, f"el.tagName === 'A' && el.href.includes('{second}')")
    assert "Připomínkovat tento odstavec" in page.evaluate("document.activeElement.textContent")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # A normal form page, the paragraph preselected and quoted.
    assert "Druhý odstavec o terénních službách." in page.inner_text("blockquote")
    assert page.input_value("select[name=target]") == f"paragraph:{chapter.pk}:{second}"
    assert_no_axe_violations(page)
    tab_to(page, "el.name === 'author_name'")
    page.keyboard.type("Věra Klávesnicová")
    tab_to(page, "el.name === 'author_email'")
    page.keyboard.type("vera@example.cz")
    tab_to(page, "el.name === 'triad_side'")
    page.keyboard.press("ArrowDown")  # public → … the radio group moves with arrows
    page.keyboard.press("ArrowDown")
    tab_to(page, "el.name === 'consent_publish_name'")
    page.keyboard.press("Space")
    tab_to(page, "el.name === 'text'")
    page.keyboard.type("Chybí zmínka o odlehčovacích službách.")
    tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Děkujeme za připomínku" in page.inner_text("h1")
    assert "číslem 1" in page.inner_text("main")

    comment = Comment.objects.get()
    assert comment.block_id == second and comment.consent_publish_name
    assert comment.author_name == "Věra Klávesnicová"
    assert comment.triad_side != "public"

    # The coordinator tries to close the stage from the page editor: refused, with the reason.
    coordinator = open_as(browser, live_server, people["coordinator"])
    coordinator.goto(f"{live_server.url}/admin/pages/{chapter.pk}/edit/")
    coordinator.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with coordinator.expect_navigation():
        coordinator.click("button[data-workflow-action-name='close_and_publish']")
    assert "/admin/pripominky/" in coordinator.url
    assert "nelze uzavřít před koncem lhůty" in coordinator.inner_text("body")
    chapter.refresh_from_db()
    assert chapter.current_workflow_task_state.status == "in_progress"

    # The working group settles it in the admin; the steering group confirms.
    wg = open_as(browser, live_server, people["wg"])
    wg.goto(live_server.url + reverse("consultation_admin:comment", args=[comment.pk]))
    wg.select_option("select[name=outcome]", "partly_accepted")
    wg.fill("textarea[name=justification]", "Doplněno do druhého odstavce.")
    wg.select_option("select[name=reflected_block_id]", second)
    with wg.expect_navigation():
        wg.click("button:has-text('Uložit vypořádání')")
    assert "čeká na potvrzení" in wg.inner_text("body")

    steering = open_as(browser, live_server, people["steering"])
    steering.goto(live_server.url + reverse("consultation_admin:comment", args=[comment.pk]))
    with steering.expect_navigation():
        steering.click("button:has-text('Potvrdit vypořádání')")
    comment.refresh_from_db()
    assert comment.is_settled and comment.outcome == "partly_accepted"

    # The public table shows the settlement, with the commenter's name (consent given).
    page.goto(live_server.url + reverse("consultation_settlement", args=[consultation.pk]))
    row = page.locator("tbody tr").first.inner_text()
    assert "Věra Klávesnicová" in row
    assert "částečně vyhověno" in row
    assert "Doplněno do druhého odstavce." in row
    assert "vera@example.cz" not in page.content()
    assert_no_axe_violations(page)
