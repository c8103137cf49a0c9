"""A working-group member reports on an activity by keyboard; the public report page and its PDF show it."""

from io import BytesIO
from urllib.parse import urlparse

import pytest
from pypdf import PdfReader
from wagtail.models import Site

from implementation.models import ReportPdf
from implementation.services import monitoring
from tests.browser import assert_no_axe_violations, html_errors_many, open_admin_as
from tests.factories import PASSWORD, ensure_wagtail_roots
from tests.implementation.helpers import build_world, open_round, report_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tab_to(page, predicate_js, limit=250):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }}"):
            return
    raise AssertionError(f"Tab never reached {predicate_js}")


def test_working_group_reports_by_keyboard_and_report_shows_it(live_server, browser):
    ensure_wagtail_roots()
    Site.objects.all().delete()
    world = build_world(hostname="localhost")
    Site.objects.filter(root_page=world.territory).update(port=urlparse(live_server.url).port)
    round_ = open_round(world)
    first, *rest = round_.reports.order_by("activity__sort_order")

    page = open_admin_as(browser, live_server.url, "seniorka", PASSWORD)
    page.goto(f"{live_server.url}/admin/plneni/")
    tab_to(page, f"el.getAttribute('href') === '/admin/plneni/zprava/{first.pk}/'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/plneni/zprava/{first.pk}/")
    tab_to(page, "el.id === 'id_status'")
    page.keyboard.type("spl")  # "splněno"
    tab_to(page, "el.id === 'id_narrative'")
    page.keyboard.type("Pečovatelská služba jezdí nově do Horní Lhoty.")
    tab_to(page, "el.id === 'id_indicator_0'")
    page.keyboard.type("147")
    tab_to(page, "el.id === 'id_spent_0'")
    page.keyboard.type("210000")
    tab_to(page, "el.name === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/plneni/kolo/{round_.pk}/")
    first.refresh_from_db()
    assert first.state == "submitted" and first.status == "fulfilled"
    assert first.indicator_values.get().actual == 147

    monitoring.confirm_report(first, world.steering_member)
    for report in rest:
        monitoring.save_report(report, world.wg_member, report_data(status="ongoing"), submit=True)
        monitoring.confirm_report(report, world.steering_member)

    public = browser.new_context(locale="cs-CZ").new_page()
    urls = [
        f"/plneni/{world.plan.pk}/zprava/2026/",
        f"/plneni/{world.plan.pk}/",
        f"/plneni/{world.plan.pk}/zasobnik/",
        f"/plneni/{world.plan.pk}/zasobnik/navrh/",
        f"/plneni/{world.plan.pk}/data/",
        f"/plneni/{world.plan.pk}/verze/",
    ]
    documents = {}
    for path in urls:
        public.goto(live_server.url + path)
        assert public.locator("h1").count() == 1, path
        documents[path] = public.content()  # before axe injects its script
        assert_no_axe_violations(public)
    report_text = public.goto(live_server.url + urls[0]) and public.inner_text("main")
    assert "Pečovatelská služba jezdí nově do Horní Lhoty." in report_text
    assert "147" in report_text
    public.screenshot(path="/tmp/implementation-report.png", full_page=True)
    assert html_errors_many(documents) == {}

    # The PDF was rendered by the task when the round closed; the page links it with its size.
    link = public.get_by_role("link", name="Stáhnout jako PDF")
    assert "PDF, " in link.inner_text()
    pdf = public.request.get(live_server.url + link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.body())).pages)
    assert "Pečovatelská služba jezdí nově do Horní Lhoty." in text

    # Until the task has stored it, the PDF's URL answers with a short accessible Czech page.
    ReportPdf.objects.all().delete()
    pending_url = live_server.url + link.get_attribute("href")
    response = public.goto(pending_url)
    assert response.status == 503 and response.headers["retry-after"] == "60"
    assert "PDF se připravuje, zkuste to prosím za chvíli." in public.inner_text("main")
    pending = public.content()
    assert_no_axe_violations(public)
    assert html_errors_many({pending_url: pending}) == {}
