"""One chapter through the whole chain in the real admin, driven in Chromium."""

from datetime import timedelta

import pytest
from wagtail.models import Site

from cms.models import ChapterPage
from tests.browser import assert_no_axe_violations, open_admin_as
from tests.factories import PASSWORD
from tests.workflows.review_setup import build_world, current, stage_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_as(browser, live_server, user):
    return open_admin_as(browser, live_server.url, user.username, PASSWORD)


def record_resolution_from_dashboard(secretary, live_server, number):
    secretary.goto(f"{live_server.url}/admin/")
    record = secretary.locator("button[data-workflow-action-url*='record_resolution']").first
    record.locator("xpath=ancestor::*[@data-controller='w-dropdown'][1]").locator(
        "[data-w-dropdown-target='toggle']"
    ).first.click()
    record.click()
    secretary.fill(".modal input[name='number']", number)
    secretary.fill(".modal input[name='date']", "2026-06-15")
    secretary.fill(".modal input[name='meeting']", "21. zasedání zastupitelstva")
    secretary.select_option(".modal select[name='outcome']", "adopted")
    with secretary.expect_navigation():
        secretary.locator(".modal button[type='submit']").click()


def open_actions(page):
    """Open the footer's "more actions" menu where there is one ("Odeslat ke schválení" is the main button)."""
    toggle = page.locator("footer [data-w-dropdown-target='toggle']")
    if toggle.count():
        toggle.first.click()


def edit(page, live_server, chapter):
    page.goto(f"{live_server.url}/admin/pages/{chapter.pk}/edit/")


def test_chapter_goes_through_the_whole_chain_in_the_admin(browser, live_server):
    Site.objects.all().delete()  # Wagtail's welcome site; ours becomes the default
    world = build_world(hostname="localhost")
    chapter = world.chapter

    # 1. The working group edits its chapter and submits it from the normal editor.
    wg = open_as(browser, live_server, world.wg_member)
    edit(wg, live_server, chapter)
    wg.fill("#id_lead", "Kapitola popisuje služby pro seniory.")
    open_actions(wg)
    with wg.expect_navigation():
        wg.click("button[name='action-submit']")
    assert stage_of(chapter) == "WorkingGroupReviewTask"

    # The working group approves its own stage.
    edit(wg, live_server, chapter)
    open_actions(wg)
    with wg.expect_navigation():
        wg.click("button[data-workflow-action-name='approve']")
    assert stage_of(chapter) == "SteeringGroupApprovalTask"

    # 2. The steering group: approve with a comment, through the modal.
    steering = open_as(browser, live_server, world.steering_member)
    edit(steering, live_server, chapter)
    open_actions(steering)
    steering.locator("button[data-workflow-action-name='approve'][data-workflow-action-modal-url]").click()
    steering.fill(".modal textarea[name='comment']", "Řídící skupina souhlasí.")
    with steering.expect_navigation():
        steering.locator(".modal button[type='submit']").click()
    _state, task_state = current(chapter)
    assert stage_of(chapter) == "CouncilDecisionTask", task_state

    # 3. The council's secretary records the resolution from the dashboard (never in the editor).
    secretary = open_as(browser, live_server, world.secretary)
    record_resolution_from_dashboard(secretary, live_server, "ZM/21/2026")
    assert stage_of(chapter) == "PublicCommentTask"

    # 4. Public comment: the period ends with nothing unsettled; the beat task completes it.
    from workflows.consultation.services import close_due

    _state, task_state = current(chapter)
    assert close_due(now=task_state.consultation.ends_at + timedelta(minutes=1)) == 1
    assert stage_of(chapter) == "SteeringGroupApprovalTask"

    # 5. The steering group confirms the final text; the council adopts it, which publishes the chapter.
    edit(steering, live_server, chapter)
    open_actions(steering)
    with steering.expect_navigation():
        steering.click("button[data-workflow-action-name='approve']")
    assert stage_of(chapter) == "CouncilDecisionTask"
    record_resolution_from_dashboard(secretary, live_server, "ZM/30/2026")
    published = ChapterPage.objects.get(pk=chapter.pk)
    assert published.live and published.lead == "Kapitola popisuje služby pro seniory."

    # The coordinator sees the matrix and the chapter's history with the compare link.
    coordinator = open_as(browser, live_server, world.coordinator)
    coordinator.goto(f"{live_server.url}/admin/schvalovani/plan/{world.plan.pk}/")
    assert "Předložit všechny kapitoly ke schválení" in coordinator.content()
    coordinator.goto(f"{live_server.url}/admin/schvalovani/page/{chapter.pk}/")
    assert "Řídící skupina souhlasí." in coordinator.content()
    coordinator.click("text=Porovnat text schválený pracovní skupinou")
    assert "/revisions/compare/" in coordinator.url

    # The public plan page shows the approval history, without anybody's name.
    public = browser.new_context(locale="cs-CZ").new_page()
    public.goto(f"{live_server.url}{world.plan.url}")
    history = public.locator("#historie-schvalovani")
    assert "ZM/21/2026" in history.inner_text()
    assert "Zastupitelstvo" in history.inner_text()
    for user in (world.wg_member, world.steering_member, world.secretary):
        assert user.last_name not in history.inner_text()
    assert_no_axe_violations(public)
