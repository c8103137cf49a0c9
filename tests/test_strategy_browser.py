"""A steering-group member edits and moves one activity of a 150-activity strategic part in Chromium."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from cms.models import StrategicPartPage
from tests.browser import open_admin_as
from tests.factories import PASSWORD, make_plan, make_strategic_part, make_territory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def test_steering_member_edits_and_moves_one_activity_of_150(browser, live_server):
    territory = make_territory("ORP Strategov", default_site=True)
    territory.steering_group.group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    plan = make_plan(territory)
    part = make_strategic_part(plan, size=(8, 30, 150), group=territory.steering_group)
    make_user("clen-rs-strategie", groups=[territory.steering_group])

    page = open_admin_as(browser, live_server.url, "clen-rs-strategie", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{part.pk}/edit/")
    # The page's own editor holds the priorities; the outline leads to any item.
    outline = page.locator(".strategy-scope__outline")
    outline.get_by_role("link", name=re.compile(r"^Opatření 6\.2 ")).click()
    page.wait_for_url(re.compile(r"/admin/strategie/"))
    page.get_by_role("link", name="Upravit jen tuto položku").nth(1).click()
    page.wait_for_url(re.compile(r"/admin/strategie/"))
    assert "Upravujete: aktivita 6.2.2" in page.locator(".strategy-scope").inner_text()

    title = page.locator("input[name='strategy_entries-0-title']")
    assert title.input_value() == "Aktivita 6.2.2"
    title.fill("Terénní sociální práce v malých obcích")
    # Wagtail's "Save draft" ("Uložit koncept"; the team's catalogue may call it "Uložit návrh"),
    # in the menu beside the primary action.
    save = page.locator("button.action-save").first
    if not save.is_visible():
        menu = page.locator("[data-controller~='w-dropdown']").filter(has=save).last
        menu.locator("[data-w-dropdown-target='toggle']").first.click()
    assert re.match(r"^\s*Uložit (návrh|koncept)\s*$", save.inner_text()), save.inner_text()
    save.click()
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "strategy-edit-one-activity.png"), full_page=True)

    assert "Upravujete: aktivita 6.2.2" in page.locator(".strategy-scope").inner_text()
    assert page.locator(".messages").get_by_text(re.compile("uložen|aktualizován", re.I)).count() >= 1
    draft = StrategicPartPage.objects.get(pk=part.pk).get_latest_revision_as_object()
    titles = {code: entry.title for code, entry in draft.ordered_entries()}
    assert titles["6.2.2"] == "Terénní sociální práce v malých obcích"
    assert titles["6.2.1"] == "Aktivita 6.2.1"
    assert sum(1 for code in titles if code.count(".") == 2) == 150

    # Headings and the add button name the kind of item, in Czech.
    assert page.get_by_role("heading", name=re.compile(r"^Aktivita 6\.2\.2")).count() == 1
    assert page.locator("#id_strategy_entries-ADD").count() == 0  # an activity has no items under it

    # Moving the activity to measure 6.1, where 6.1.2 exists: refused in Czech, nothing stored.
    parent = page.get_by_label("Patří pod")
    parent.select_option(label="Opatření 6.1 Opatření 6.1")
    _save_draft(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("input[name='strategy_entries-0-number']").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "strategy-move-refused.png"))
    assert page.get_by_text(re.compile(r"Kód 6\.1\.2 používá více položek")).first.is_visible()
    draft = StrategicPartPage.objects.get(pk=part.pk).get_latest_revision_as_object()
    assert dict(draft.ordered_entries())["6.2.2"].title == "Terénní sociální práce v malých obcích"

    # With a free number the move is saved: same item, new code.
    page.get_by_label("Patří pod").select_option(label="Opatření 6.1 Opatření 6.1")
    page.locator("input[name='strategy_entries-0-number']").fill("9")
    _save_draft(page)
    page.locator(".strategy-scope").screenshot(path=str(SCREENSHOTS / "strategy-move-saved.png"))
    assert "Upravujete: aktivita 6.1.9" in page.locator(".strategy-scope").inner_text()
    draft = StrategicPartPage.objects.get(pk=part.pk).get_latest_revision_as_object()
    moved = dict(draft.ordered_entries())["6.1.9"]
    assert moved.title == "Terénní sociální práce v malých obcích"
    assert "6.2.2" not in dict(draft.ordered_entries())

    # The measure's editor: its activities headed "Aktivita 6.1.x", and "Přidat aktivitu".
    page.locator(".strategy-scope__trail").get_by_role("link", name=re.compile(r"^6\.1 ")).click()
    page.wait_for_url(re.compile(r"/admin/strategie/"))
    assert page.get_by_role("heading", name=re.compile(r"^Aktivita 6\.1\.9")).count() == 1
    assert page.get_by_role("heading", name=re.compile(r"^Opatření 6\.1$")).count() == 1
    add = page.locator("#id_strategy_entries-ADD")
    assert add.inner_text().strip() == "Přidat aktivitu"
    page.get_by_role("heading", name=re.compile(r"^Aktivita 6\.1\.1")).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "strategy-measure-editor.png"))
    add.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "strategy-measure-editor-add.png"))
    page.locator(".strategy-scope__trail").get_by_role("link", name="Všechny priority").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{part.pk}/edit/"))
    assert page.locator("#id_strategy_entries-ADD").inner_text().strip() == "Přidat prioritu"
    assert page.get_by_role("heading", name=re.compile(r"^Priorita 8$")).count() == 1
    page.context.close()


def _save_draft(page):
    # Wagtail's "Save draft" ("Uložit koncept"), in the menu beside the primary action.
    save = page.locator("button.action-save").first
    if not save.is_visible():
        menu = page.locator("[data-controller~='w-dropdown']").filter(has=save).last
        menu.locator("[data-w-dropdown-target='toggle']").first.click()
    save.click()
    page.wait_for_load_state("networkidle")
