"""The monitoring round: opening, reminders, reporting, confirmation, history, the report's numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from cms.models import StrategicPartPage
from cms.models.strategy import forget_items
from implementation.models import ReportState, RoundStatus
from implementation.services import monitoring, report
from notifications.models import NotificationEvent
from tests.implementation.helpers import build_world, complete_round, open_round, report_data
from tests.pdf_ua import pdf_ua_failures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_round_opens_one_report_per_activity_for_the_responsible_group(world):
    round_ = open_round(world)
    reports = list(round_.reports.order_by("activity__sort_order"))
    assert [r.activity for r in reports] == world.activities
    assert {r.body for r in reports} == {world.territory.wg_seniors}, reports[0].activity.data
    assert [v.target for v in reports[0].indicator_values.all()] == [Decimal("150")]
    assert [a.source for a in reports[0].spending.all()] == ["rozpočet obce", "MPSV"]
    # Opening again changes nothing.
    assert open_round(world).reports.count() == 3


def test_only_the_coordinator_opens_a_round(world, client):
    for user in (world.wg_member, world.steering_member, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            monitoring.open_round(world.plan, 2026, date.today(), user)
    with pytest.raises(ValidationError):
        monitoring.open_round(world.plan, 2031, date.today(), world.coordinator)
    client.force_login(world.wg_member)
    response = client.post(
        reverse("implementation_open_round", args=[world.plan.pk]),
        {f"round-{world.plan.pk}-year": 2026, f"round-{world.plan.pk}-due_date": "2027-01-31"},
    )
    assert response.status_code in (302, 403)  # Wagtail's admin answers a refusal with a redirect and a message
    assert not world.plan.monitoring_rounds.exists()


def test_from_reminder_to_confirmed_report(world, client):
    round_ = open_round(world, due=date.today() + timedelta(days=3))
    assert monitoring.send_due_reminders() == 1
    event = NotificationEvent.objects.get(key__startswith=f"implementation:round:{round_.pk}:soon")
    assert world.wg_member.pk in event.recipient_user_ids
    assert world.other_wg_member.pk not in event.recipient_user_ids
    assert monitoring.send_due_reminders() == 0  # each reminder once

    # The coordinator sees who has not reported.
    client.force_login(world.coordinator)
    page = client.get(reverse("implementation_round", args=[round_.pk])).content.decode()
    assert "PS Senioři" in page and "1.1.1" in page

    first, *rest = round_.reports.order_by("activity__sort_order")
    monitoring.save_report(first, world.wg_member, report_data(), submit=True)
    first.refresh_from_db()
    assert first.state == ReportState.SUBMITTED
    with pytest.raises(PermissionDenied):
        monitoring.confirm_report(first, world.wg_member)
    monitoring.return_report(first, world.steering_member, "Doplňte počet obcí.")
    first.refresh_from_db()
    assert first.state == ReportState.RETURNED
    monitoring.save_report(first, world.wg_member, report_data(narrative="Služba rozšířena do 5 obcí."), submit=True)
    monitoring.confirm_report(first, world.steering_member)
    for other in rest:
        monitoring.save_report(other, world.wg_member, report_data(status="partly"), submit=True)
        monitoring.confirm_report(other, world.steering_member)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert monitoring.missing_by_body(round_) == []
    public = client.get(reverse("implementation_report", args=[world.plan.pk, 2026])).content.decode()
    assert "Služba rozšířena do 5 obcí." in public


def test_overdue_reminder_reaches_coordinators_too(world):
    round_ = open_round(world, due=date.today() - timedelta(days=1))
    monitoring.send_due_reminders()
    event = NotificationEvent.objects.get(key__startswith=f"implementation:round:{round_.pk}:overdue")
    assert {world.wg_member.pk, world.coordinator.pk} <= set(event.recipient_user_ids)


def test_who_may_fill_and_confirm(world, client):
    round_ = open_round(world)
    report_ = round_.reports.first()
    for user in (world.other_wg_member, world.steering_member, world.outsider, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            monitoring.save_report(report_, user, report_data())
    monitoring.save_report(report_, world.coordinator, report_data(clients="10"))  # coordinators may help out
    url = reverse("implementation_report_edit", args=[report_.pk])
    client.force_login(world.other_wg_member)
    assert client.post(url, {"status": "fulfilled", "submit": "1"}).status_code in (302, 403)
    report_.refresh_from_db()
    assert report_.state == "pending"
    client.force_login(world.outsider)
    assert client.get(url).status_code in (302, 403)
    client.force_login(world.wg_member)
    assert client.get(url).status_code == 200
    monitoring.save_report(report_, world.wg_member, report_data(), submit=True)
    client.force_login(world.wg_member)
    decide = reverse("implementation_report_decide", args=[report_.pk])
    client.post(decide, {"confirm": "1"})
    report_.refresh_from_db()
    assert report_.state == ReportState.SUBMITTED  # the working group cannot confirm its own report
    client.force_login(world.steering_member)
    client.post(decide, {"confirm": "1"})
    report_.refresh_from_db()
    assert report_.state == ReportState.CONFIRMED
    with pytest.raises(PermissionDenied):
        monitoring.save_report(report_, world.wg_member, report_data(status="not_fulfilled"))


def test_bad_input_changes_nothing(world):
    report_ = open_round(world).reports.first()
    with pytest.raises(ValidationError):
        monitoring.save_report(report_, world.wg_member, report_data(clients="sto"))
    with pytest.raises(ValidationError):
        monitoring.save_report(report_, world.wg_member, report_data(status=""), submit=True)
    report_.refresh_from_db()
    assert report_.status == "" and report_.history.count() == 0
    assert report_.indicator_values.get().actual is None


def test_history_keeps_every_status_and_indicator_value(world):
    report_ = open_round(world).reports.first()
    monitoring.save_report(report_, world.wg_member, report_data(status="ongoing", clients="125"))
    monitoring.save_report(report_, world.wg_member, report_data(status="partly", clients="133"))
    monitoring.save_report(report_, world.wg_member, report_data(status="fulfilled", clients="151"), submit=True)
    values = [
        (e.values["status"], e.values["indicators"]["počet klientů"]) for e in report_.history.order_by("at", "pk")
    ]
    assert values == [("ongoing", "125.00"), ("partly", "133.00"), ("fulfilled", "151.00")]
    changes = monitoring.history_of(report_)
    assert ("status", "ongoing", "partly") in changes[1][1]
    assert ("indicators:počet klientů", "125.00", "133.00") in changes[1][1]
    assert changes[2][0].user == world.wg_member


def test_report_numbers_equal_the_data(world):
    round_ = complete_round(world, open_round(world))
    data = report.build(round_, confirmed_only=True)
    by_code = {node.item.code: node for node in data["priorities"]}
    # Priority 1 has activities 1.1.1 (fulfilled) and 1.1.2 (partly); priority 2 has 2.1.1 (ongoing).
    assert by_code["1"].counts["fulfilled"] == 1 and by_code["1"].counts["partly"] == 1
    assert by_code["2"].counts["ongoing"] == 1 and by_code["2"].total == 1
    assert by_code["1"].spent == Decimal("2000000") and by_code["2"].spent == Decimal("1000000")
    assert data["total"].spent == sum(node.spent for node in data["priorities"])
    spent_in_db = sum(a.spent for r in round_.reports.all() for a in r.spending.all())
    assert data["total"].spent == spent_in_db
    assert data["status_chart"].startswith("<svg") and 'role="img"' in data["status_chart"]


def _pdf_text(response):
    from io import BytesIO

    from pypdf import PdfReader

    content = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(BytesIO(content))
    return reader, "".join(page.extract_text() for page in reader.pages)


def test_report_pdf_is_stored_when_the_round_closes_tagged_and_shows_the_numbers(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete_round(world, open_round(world))
    response = client.get(reverse("implementation_report_pdf", args=[world.plan.pk, 2026]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    reader, text = _pdf_text(response)
    assert "Služba rozšířena do 4 obcí." in text
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower().startswith("cs")
    stored = client.get(reverse("implementation_report_pdf", args=[world.plan.pk, 2026]))
    assert pdf_ua_failures(b"".join(stored.streaming_content)) == []  # veraPDF: PDF/UA-1's machine checks
    # The report page links the stored PDF with its size.
    page = client.get(reverse("implementation_report", args=[world.plan.pk, 2026])).content.decode()
    with translation.override("cs"):
        size = filesizeformat(world.plan.monitoring_rounds.get().pdf.file_size)
    assert f"PDF, {size}" in page and reverse("implementation_report_pdf", args=[world.plan.pk, 2026]) in page


def test_report_pdf_is_never_rendered_in_the_request(world, client):
    # Without the commit the task never ran: the round is closed but no PDF is stored yet.
    complete_round(world, open_round(world))
    url = reverse("implementation_report_pdf", args=[world.plan.pk, 2026])
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "PDF se připravuje, zkuste to prosím za chvíli" in response.content.decode()
    page = client.get(reverse("implementation_report", args=[world.plan.pk, 2026])).content.decode()
    assert url not in page  # no link to a PDF that does not exist yet
    assert client.get(url).status_code == 503  # asking again does not render it either


def test_a_change_after_closing_regenerates_the_pdf(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = complete_round(world, open_round(world))
    first = round_.pdf
    url = reverse("implementation_report_pdf", args=[world.plan.pk, 2026])
    # A correction of a confirmed report (made by the coordinator outside the form).
    report_ = round_.reports.order_by("activity__sort_order").first()
    report_.narrative = "Služba rozšířena do 5 obcí."
    with django_capture_on_commit_callbacks(execute=True):
        report_.save()
    stored = type(first).objects.get(pk=first.pk)
    assert stored.fingerprint != first.fingerprint and not stored.needs_render
    _reader, text = _pdf_text(client.get(url))
    assert "Služba rozšířena do 5 obcí." in text
    # Saving without a change keeps the stored file.
    with django_capture_on_commit_callbacks(execute=True):
        report_.save()
    assert type(first).objects.get(pk=first.pk).file.name == stored.file.name

    # Publishing the strategic part with a renamed activity makes the closed round's PDF again.
    part = StrategicPartPage.objects.get(pk=world.part.pk)
    entries = list(part.strategy_entries.all())
    next(
        e for e in entries if e.title == "Rozšíření pečovatelské služby"
    ).title = "Pečovatelská služba ve všech obcích"
    part.strategy_entries = entries
    forget_items(part)
    with django_capture_on_commit_callbacks(execute=True):
        part.save_revision().publish()
    renamed = type(first).objects.get(pk=first.pk)
    assert renamed.fingerprint != stored.fingerprint and not renamed.needs_render
    _reader, text = _pdf_text(client.get(url))
    assert "Pečovatelská služba ve všech obcích" in text


def test_unconfirmed_round_is_not_public(world, client):
    open_round(world)
    assert client.get(reverse("implementation_report", args=[world.plan.pk, 2026])).status_code == 404
    assert client.get(reverse("implementation_report_pdf", args=[world.plan.pk, 2026])).status_code == 404
    complete_round(world, world.plan.monitoring_rounds.get())
    # Another territory's site does not serve this plan's report.
    assert (
        client.get(
            reverse("implementation_report", args=[world.plan.pk, 2026]), HTTP_HOST="jine-testserver"
        ).status_code
        == 404
    )
