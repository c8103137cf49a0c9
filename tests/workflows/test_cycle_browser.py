"""One whole plan cycle in Chromium, as the demo's people run it, on a plan with a 150-activity strategic part.

The coordinator submits every chapter → the working group and the steering group approve → the
council's secretary records the resolution on the draft from the dashboard → a citizen comments by
keyboard on a paragraph and on an activity → the working group works the accepted comment into the
text during the public comment and settles both → the steering group confirms the settlements and
the final text → the secretary records the adopting resolution → the plan is published as
"schválený" with its resolutions. No stage ran twice, and each person was told what happened.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import Site, TaskState

from cms.models import ChapterPage, PlanPage, PlanStatus, StrategicPartPage
from cms.roles import coordinator_group
from tests.browser import assert_no_axe_violations, open_admin_as
from tests.factories import (
    PASSWORD,
    ensure_wagtail_roots,
    make_chapter,
    make_plan,
    make_strategic_part,
    make_territory,
    make_user,
)
from tests.workflows.review_setup import current, stage_of
from tests.workflows.test_consultation_support import fresh_rate_limits  # noqa: F401 (fixture)
from workflows.models import Comment
from workflows.review.provisioning import ensure_default_workflows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_rate_limits"),
]

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"


def build_plan():
    """The demo's territory roles and accounts (demo/data/territories.json) on a real-size plan."""
    Site.objects.all().delete()  # Wagtail's welcome site; ours becomes the default
    ensure_wagtail_roots()
    territory = make_territory("ORP Testov", hostname="localhost", default_site=True)
    plan = make_plan(territory)
    chapter = make_chapter(
        plan,
        "Senioři",
        number=1,
        group=territory.wg_seniors,
        paragraphs=("V území působí dva domovy pro seniory.", "Terénní služby pokrývají jen město."),
    )
    part = make_strategic_part(plan, size=(8, 30, 150), group=territory.wg_seniors, number=2)
    ensure_default_workflows(territory)
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for body in (territory.steering_group, territory.council, territory.wg_seniors):
        body.group.permissions.add(access_admin)
    people = {
        "koordinator": make_user("koordinator", groups=[coordinator_group(territory)], last_name="Horáková"),
        "clen-ps-seniori": make_user("clen-ps-seniori", groups=[territory.wg_seniors], last_name="Dvořák"),
        "clen-rs": make_user("clen-rs", groups=[territory.steering_group], last_name="Kratochvíl"),
        "tajemnik": make_user("tajemnik", groups=[territory.council], last_name="Procházková"),
    }
    return plan, chapter, part, people


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"cycle-{name}.png"), full_page=True)


def messages_text(page):
    return page.locator(".messages").inner_text() if page.locator(".messages").count() else ""


def edit(page, live_server, obj):
    page.goto(f"{live_server.url}/admin/pages/{obj.pk}/edit/")


def editor_action(page, name):
    """A workflow action of the editor's footer (opening its menu when the action sits there)."""
    button = page.locator(f"footer button[data-workflow-action-name='{name}']:not([data-workflow-action-modal-url])")
    if not button.first.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with page.expect_navigation():
        button.first.click()


def dashboard_action(page, live_server, obj, name, resolution=None):
    """A workflow action from the dashboard's list of what waits for me; returns where it landed."""
    page.goto(f"{live_server.url}/admin/")
    selector = f"button[data-workflow-action-url*='/workflow/action/{obj.pk}/{name}/']"
    if resolution is None:
        selector += ":not([data-launch-modal])"
    button = page.locator(selector).first
    button.locator("xpath=ancestor::*[@data-controller='w-dropdown'][1]").locator(
        "[data-w-dropdown-target='toggle']"
    ).first.click()
    if resolution is None:
        with page.expect_navigation():
            button.click()
        return page
    button.click()
    number, meeting = resolution
    page.fill(".modal input[name='number']", number)
    page.fill(".modal input[name='date']", "2026-06-15")
    page.fill(".modal input[name='meeting']", meeting)
    page.select_option(".modal select[name='outcome']", "adopted")
    # The adopting resolution publishes the chapter (a 150-activity part mirrors every item): slow here.
    with page.expect_navigation(timeout=120000):
        page.locator(".modal button[type='submit']").click()
    return page


def tab_to(page, condition, limit=250):
    """Press Tab until `condition` (JS on document.activeElement as `el`) holds; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({condition}); }})()"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def comment_by_keyboard(page, link_condition, name, text):
    """From the public text to a sent comment with nothing but Tab, typing and Enter."""
    tab_to(page, link_condition)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "el.name === 'author_name'")
    page.keyboard.type(name)
    tab_to(page, "el.name === 'text'")
    page.keyboard.type(text)
    tab_to(page, "el.type === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Děkujeme za připomínku" in page.inner_text("h1")


def test_the_whole_plan_cycle_as_its_people_run_it(browser, browser_page, live_server):
    plan, chapter, part, people = build_plan()
    login = {name: open_admin_as(browser, live_server.url, name, PASSWORD) for name in people}
    coordinator, wg, steering, secretary = (
        login["koordinator"],
        login["clen-ps-seniori"],
        login["clen-rs"],
        login["tajemnik"],
    )

    # The coordinator submits both parts of the plan from the matrix, after a confirmation.
    coordinator.goto(f"{live_server.url}/admin/schvalovani/plan/{plan.pk}/")
    coordinator.once("dialog", lambda dialog: dialog.accept())
    with coordinator.expect_navigation():
        coordinator.get_by_role("button", name="Předložit všechny kapitoly ke schválení").click()
    assert "2 kapitoly byly předloženy ke schválení" in messages_text(coordinator)
    assert PlanPage.objects.get(pk=plan.pk).status == PlanStatus.IN_REVIEW

    # The working group approves the chapter in its editor and the strategic part from the dashboard.
    edit(wg, live_server, chapter)
    editor_action(wg, "approve")
    assert "Schválili jste kapitolu „Senioři“" in messages_text(wg)
    assert "Nyní čeká na fázi" in messages_text(wg)
    dashboard_action(wg, live_server, part, "approve")
    assert "Schválili jste kapitolu „Strategická část“" in messages_text(wg)
    assert "ORP Testov" in wg.inner_text("main")  # the review page names the territory

    # The steering group approves both.
    for page in (chapter, part):
        dashboard_action(steering, live_server, page, "approve")
        assert "Schválili jste" in messages_text(steering)
    assert stage_of(chapter) == stage_of(part) == "CouncilDecisionTask"

    # The council's secretary records the resolution on the draft from the dashboard: no permission error.
    for page in (chapter, part):
        dashboard_action(secretary, live_server, page, "record_resolution", ("ZM/21/2026", "21. zasedání"))
        assert "Usnesení č. ZM/21/2026" in messages_text(secretary), secretary.url
        assert "/admin/schvalovani/page/" in secretary.url
    shot(secretary, "secretary-recorded-draft")
    assert stage_of(chapter) == stage_of(part) == "PublicCommentTask"
    assert PlanPage.objects.get(pk=plan.pk).status == PlanStatus.CONSULTATION

    # A citizen comments by keyboard only: on a paragraph of the chapter and on activity 3.2.1.
    _state, task_state = current(chapter)
    consultation = task_state.consultation
    citizen = browser_page
    citizen.goto(live_server.url + reverse("consultation_chapter", args=[consultation.pk, chapter.pk]))
    comment_by_keyboard(
        citizen,
        "el.tagName === 'A' && el.textContent.includes('Připomínkovat')",
        "Věra Klávesnicová",
        "Doplňte počet lůžek v domovech pro seniory.",
    )
    part_url = StrategicPartPage.objects.get(pk=part.pk).get_url_parts()[2]
    citizen.goto(live_server.url + part_url)
    activity = f"cil=activity:{part.pk}:1.1.2"
    comment_by_keyboard(
        citizen,
        f"el.tagName === 'A' && el.href.includes('{activity}')",
        "Karel Klávesnice",
        "Aktivita by měla začít už v roce 2026.",
    )
    shot(citizen, "citizen-comment-sent")
    on_paragraph = Comment.objects.get(chapter_id=chapter.pk)
    on_activity = Comment.objects.get(chapter_id=part.pk)
    assert on_paragraph.block_id and on_activity.target == "activity"

    # The working group works the accepted comment into the text during the public comment.
    edit(wg, live_server, chapter)
    assert "Uložením změny vrátíte" not in wg.inner_text("body")
    wg.fill("#id_lead", "V domovech pro seniory je 120 lůžek.")
    save = wg.locator("footer button.action-save").first
    if not save.is_visible():
        wg.locator("footer [data-w-dropdown-target='toggle']").first.click()
    with wg.expect_navigation():
        save.click()
    assert stage_of(chapter) == "PublicCommentTask"  # nothing restarted
    revision = ChapterPage.objects.get(pk=chapter.pk).get_latest_revision()

    wg.goto(live_server.url + reverse("consultation_admin:comment", args=[on_paragraph.pk]))
    wg.select_option("select[name=outcome]", "accepted")
    wg.fill("textarea[name=justification]", "Počet lůžek je doplněn do úvodu kapitoly.")
    wg.select_option("select[name=reflected_revision]", str(revision.pk))
    wg.select_option("select[name=reflected_block_id]", on_paragraph.block_id)
    with wg.expect_navigation():
        wg.get_by_role("button", name="Uložit vypořádání").click()
    assert "čeká na potvrzení" in wg.inner_text("body")
    wg.goto(live_server.url + reverse("consultation_admin:comment", args=[on_activity.pk]))
    wg.select_option("select[name=outcome]", "rejected")
    wg.fill("textarea[name=justification]", "Na rok 2026 nejsou peníze; aktivita začne v roce 2027.")
    with wg.expect_navigation():
        wg.get_by_role("button", name="Uložit vypořádání").click()

    # The steering group confirms both settlements.
    for comment in (on_paragraph, on_activity):
        steering.goto(live_server.url + reverse("consultation_admin:comment", args=[comment.pk]))
        with steering.expect_navigation():
            steering.get_by_role("button", name="Potvrdit vypořádání").click()
        assert "potvrzen" in messages_text(steering)
    shot(steering, "steering-confirmed-settlement")

    # The period ends (the beat job), every comment is settled: the stage completes.
    from workflows.consultation.services import close_due

    assert close_due(now=consultation.ends_at + timedelta(minutes=1)) == 1
    assert stage_of(chapter) == stage_of(part) == "SteeringGroupApprovalTask"
    assert PlanPage.objects.get(pk=plan.pk).status == PlanStatus.IN_REVIEW

    # The steering group confirms the final text; the council adopts the plan.
    edit(steering, live_server, chapter)
    editor_action(steering, "approve")
    assert "Schválení plánu" in messages_text(steering) or "Nyní čeká na fázi" in messages_text(steering)
    dashboard_action(steering, live_server, part, "approve")
    for page in (chapter, part):
        dashboard_action(secretary, live_server, page, "record_resolution", ("ZM/30/2026", "30. zasedání"))
        assert "kterým se plán schvaluje" in messages_text(secretary)
    shot(secretary, "secretary-adopted")

    # Published as adopted, and no stage ran twice or went back.
    published = ChapterPage.objects.get(pk=chapter.pk)
    assert published.live and "120 lůžek" in published.lead and not published.has_unpublished_changes
    for page in (chapter, part):
        states = TaskState.objects.for_instance(type(page).objects.get(pk=page.pk))
        assert not states.exclude(status=TaskState.STATUS_APPROVED).exists()
        assert states.count() == 6  # WG, SG, council, public comment, SG, council: each once
    plan = PlanPage.objects.get(pk=plan.pk)
    assert plan.status == PlanStatus.ADOPTED and plan.approval_resolution_number == "ZM/30/2026"

    public = browser.new_context(locale="cs-CZ").new_page()
    public.goto(f"{live_server.url}{plan.url}")
    assert "schválený" in public.locator(".facts").inner_text()
    assert re.search(r"ZM/30/2026", public.locator(".approval").inner_text())
    history = public.locator("#historie-schvalovani").inner_text()
    assert "ZM/21/2026" in history and "ZM/30/2026" in history
    for name in ("Dvořák", "Kratochvíl", "Procházková"):
        assert name not in history
    shot(public, "public-plan-adopted")
    assert_no_axe_violations(public)
