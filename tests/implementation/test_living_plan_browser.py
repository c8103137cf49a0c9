"""In Chromium: the public "what changed" and action plan pages (axe, vnu, keyboard), and the coordinator's
admin screens of monitoring (reassigning a report by keyboard, history compare, the report PDFs' state)."""

from urllib.parse import urlparse

import pytest
from wagtail.models import Site

from implementation.models import ActionPlanItem, ActionPlanPage, ReportPdf
from implementation.services import monitoring
from tests.browser import assert_no_axe_violations, html_errors_many, open_admin_as
from tests.factories import PASSWORD, ensure_wagtail_roots
from tests.implementation.helpers import build_world, complete_round, open_round, report_data, two_adopted_versions
from tests.implementation.test_implementation_browser import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUS_JS = """() => { const el = document.activeElement; const s = getComputedStyle(el);
  return {tag: el.tagName, role: el.getAttribute('role'), text: (el.textContent || '').trim().slice(0, 40),
          inMain: !!el.closest('main'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          shadow: s.boxShadow}; }"""


def test_public_diff_and_action_plan_pages_and_the_coordinators_screens(live_server, browser):
    ensure_wagtail_roots()
    Site.objects.all().delete()
    world = build_world(hostname="localhost")
    Site.objects.filter(root_page=world.territory).update(port=urlparse(live_server.url).port)
    copy = two_adopted_versions(world)
    action_plan = ActionPlanPage(title="Akční plán 2026", slug="akcni-plan-2026", year=2026)
    world.plan.add_child(instance=action_plan)
    action_plan.items.add(
        ActionPlanItem(activity=world.activities[0], planned_cost=420000, funding_sources="rozpočet obce, MPSV")
    )
    action_plan.save_revision().publish()

    public = browser.new_context(locale="cs-CZ").new_page()
    diff_url = f"{live_server.url}/plneni/{copy.pk}/verze/{world.plan.pk}/"
    documents = {}
    action_plan_url = live_server.url + urlparse(ActionPlanPage.objects.get(pk=action_plan.pk).url).path
    for url in (diff_url, action_plan_url):
        public.goto(url)
        assert public.locator("h1").count() == 1, url
        documents[url] = public.content()
        assert_no_axe_violations(public)
    assert html_errors_many(documents) == {}

    # The diff page by keyboard: skip link, then every link and scrollable table inside main, focus visible.
    public.goto(diff_url)
    text = public.inner_text("main")
    assert "Sdílená doprava k lékaři" in text and "ZM/7/2027" in text and "Po schválení přejmenováno" not in text
    public.keyboard.press("Tab")
    assert public.evaluate("document.activeElement.className") == "skip-link"
    public.keyboard.press("Enter")
    reached = []
    for _ in range(15):
        public.keyboard.press("Tab")
        focused = public.evaluate(FOCUS_JS)
        if not focused["inMain"]:
            break
        reached.append(focused)
    assert reached[0]["text"] == "Verze plánu"
    assert [f for f in reached if f["role"] == "region"], reached  # the field-by-field table scrolls by keyboard
    assert [f for f in reached if f["outline"] == "none" and f["shadow"] == "none"] == []
    public.screenshot(path="/tmp/implementation-diff.png", full_page=True)

    # The coordinator's screens.
    complete_round(world, open_round(world))  # closes: the PDF is rendered
    round_ = open_round(world, year=2027)
    report_ = round_.reports.order_by("activity__sort_order").first()
    monitoring.save_report(report_, world.wg_member, report_data(status="ongoing", clients="120"))
    monitoring.save_report(report_, world.wg_member, report_data(status="partly", clients="131"))
    admin = open_admin_as(browser, live_server.url, "koordinatorka", PASSWORD)
    admin.goto(f"{live_server.url}/admin/plneni/zprava/{report_.pk}/")
    tab_to(admin, "el.id === 'id_body'")
    admin.keyboard.type("PS R")  # "PS Rodiny s dětmi"
    tab_to(admin, "el.closest('#zmena-skupiny') && el.type === 'submit'")
    with admin.expect_navigation():  # the form posts and the report page comes back with the message
        admin.keyboard.press("Enter")
    assert "Za aktivitu 1.1.1 nyní odpovídá PS Rodiny s dětmi." in admin.inner_text("body")
    report_.refresh_from_db()
    assert report_.body == world.territory.wg_families

    # History: from the first entry (arrow key in the "from" radio group) to the reassignment.
    tab_to(admin, "el.name === 'od'")
    admin.keyboard.press("ArrowUp")
    tab_to(admin, "el.textContent.trim() === 'Porovnat vybrané změny'")
    admin.keyboard.press("Enter")
    admin.wait_for_url(f"**/admin/plneni/zprava/{report_.pk}/historie/**")
    rows = admin.locator("#porovnani-historie tbody tr").all_inner_texts()
    assert any("průběžně plněno" in r and "částečně splněno" in r for r in rows), rows
    assert any("120.00" in r and "131.00" in r for r in rows), rows
    assert any("PS Senioři" in r and "PS Rodiny s dětmi" in r for r in rows), rows
    admin.screenshot(path="/tmp/implementation-history-compare.png", full_page=True)

    admin.goto(f"{live_server.url}/admin/plneni/pdf/")
    listing = admin.inner_text("main")
    assert "připraveno" in listing and "Vykreslit znovu" in listing
    stale = ReportPdf.objects.get()
    with admin.expect_navigation():
        admin.get_by_role("button", name="Vykreslit znovu").click()
    assert "se vykreslí znovu" in admin.inner_text("body")
    assert ReportPdf.objects.get().generated_at > stale.generated_at
    admin.screenshot(path="/tmp/implementation-pdfs.png", full_page=True)
