"""Admin screens of monitoring: history compare, reassigning a report, evidence, the report PDFs' state."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cms.models import PlanningBody, TriadaDocument
from implementation import access
from implementation.models import MonitoringRound, ReportPdf, ReportState
from implementation.services import monitoring
from tests.factories import make_plan, make_territory
from tests.implementation.helpers import admin_user, body, build_world, complete_round, open_round, report_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _document(territory, title, publicity="public"):
    document = TriadaDocument(title=title, publicity=publicity, collection=territory.collection)
    document.file.save("doklad.pdf", ContentFile(b"%PDF-1.4\n0"), save=False)
    document.save()
    return document


def test_history_compare_shows_two_entries_side_by_side(world, client):
    report_ = open_round(world).reports.order_by("activity__sort_order").first()
    monitoring.save_report(
        report_, world.wg_member, report_data(status="ongoing", clients="125", narrative="Začali jsme.")
    )
    monitoring.save_report(
        report_, world.wg_member, report_data(status="partly", clients="133", narrative="Začali jsme.")
    )
    monitoring.save_report(report_, world.coordinator, report_data(status="fulfilled", clients="151"), submit=True)
    first, _second, third = report_.history.order_by("at", "pk")
    form = reverse("implementation_report_edit", args=[report_.pk])
    url = reverse("implementation_report_history", args=[report_.pk])
    client.force_login(world.wg_member)
    assert url in client.get(form).content.decode()  # reachable from the report form
    page = client.get(url, {"od": first.pk, "do": third.pk}).content.decode()
    assert "průběžně plněno" in page and "splněno" in page  # status before → after
    assert "125.00" in page and "151.00" in page and "133.00" not in page
    assert "Začali jsme." in page and "Služba rozšířena do 4 obcí." in page
    assert "Test Koordinatorka" in page and "Test Seniorka" in page  # who
    rows = monitoring.compare_history(report_, first, third)
    assert {r["label"] for r in rows if r["changed"]} == {
        "Stav zprávy",
        "Stav plnění",
        "Co se v roce udělalo",
        "počet klientů",
    }
    # Another territory's coordinator learns nothing; entries of another report are ignored.
    client.force_login(world.other_coordinator)
    assert client.get(url).status_code in (302, 403)


def test_only_the_coordinator_reassigns_a_report(world, client):
    report_ = open_round(world).reports.order_by("activity__sort_order").first()
    families = body(world.territory, world.territory.wg_families.slug)
    url = reverse("implementation_report_reassign", args=[report_.pk])
    form = reverse("implementation_report_edit", args=[report_.pk])
    for user in (world.wg_member, world.steering_member, world.other_coordinator):
        client.force_login(user)
        client.post(url, {"body": families.pk})
        report_.refresh_from_db()
        assert report_.body == world.territory.wg_seniors, user
        if user == world.wg_member:
            assert url not in client.get(form).content.decode()
    client.force_login(world.coordinator)
    assert url in client.get(form).content.decode()
    other_group = PlanningBody.objects.working_groups().exclude(territory=world.territory).first()
    client.post(url, {"body": other_group.pk})  # another territory's group is refused
    report_.refresh_from_db()
    assert report_.body == world.territory.wg_seniors
    client.post(url, {"body": families.pk})
    report_.refresh_from_db()
    assert report_.body == families
    assert report_.history.get().comment == "PS Senioři → PS Rodiny s dětmi"
    # The new group fills it in, the old one no longer may.
    assert access.may_fill_report(world.other_wg_member, report_)
    assert not access.may_fill_report(world.wg_member, report_)
    monitoring.save_report(report_, world.other_wg_member, report_data(), submit=True)
    monitoring.confirm_report(report_, world.steering_member)
    client.post(url, {"body": world.territory.wg_seniors.pk})  # a confirmed report stays where it is
    report_.refresh_from_db()
    assert report_.body == families and report_.state == ReportState.CONFIRMED


def test_evidence_is_picked_with_the_document_chooser_and_only_public_documents_count(world, client):
    report_ = open_round(world).reports.order_by("activity__sort_order").first()
    public = _document(world.territory, "Výroční zpráva pečovatelské služby")
    internal = _document(world.territory, "Interní zápis", publicity="internal")
    url = reverse("implementation_report_edit", args=[report_.pk])
    client.force_login(world.wg_member)
    page = client.get(url).content.decode()
    assert reverse("wagtaildocs_chooser:choose") in page  # Wagtail's searchable document chooser
    data = {"status": "fulfilled", "narrative": "Hotovo.", "indicator_0": "140", "spent_0": "", "spent_1": ""}
    refused = client.post(url, {**data, "add_evidence": internal.pk, "save": "1"})
    assert refused.status_code == 400 and "veřejný dokument knihovny" in refused.content.decode()
    assert not report_.evidence.exists()
    client.post(url, {**data, "add_evidence": public.pk, "save": "1"})
    assert list(report_.evidence.all()) == [public]
    page = client.get(url).content.decode()
    assert "Výroční zpráva pečovatelské služby" in page
    client.post(url, {**data, "save": "1"})  # unticked: removed
    assert not report_.evidence.exists()


def _rows(client, index, **filters):
    """The round labels of the listing's rows (the table body only, not the filter's choices)."""
    page = client.get(index, filters).content.decode()
    listing = page.split('class="listing', 1)[1] if 'class="listing' in page else ""
    return listing.split("<tbody", 1)[1].split("</tbody>", 1)[0] if "<tbody" in listing else ""


def test_report_pdf_screen_per_role_and_territory(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complete_round(world, open_round(world))
    pdf = ReportPdf.objects.get()
    other = make_territory("ORP Druhé", hostname="druhe")
    other_coordinator = admin_user("druha-koordinatorka", [other.coordinator_group])
    # Closed in another territory, its rendering failed: waiting, with the error.
    other_plan = make_plan(other, title="Plán Druhé 2026–2028")
    MonitoringRound.objects.create(plan=other_plan, year=2026, due_date=date(2027, 1, 31), status="closed")
    ReportPdf.objects.exclude(pk=pdf.pk).update(error="RuntimeError: font missing")
    index = reverse("implementation_pdfs")
    render = reverse("implementation_pdf_render", args=[pdf.pk])
    mine = "Monitoring 2026 – Komunitní plán 2026–2028"

    client.force_login(world.coordinator)
    rows = _rows(client, index)
    assert mine in rows and "připraveno" in rows and render in rows
    assert "Plán Druhé" not in rows and "font missing" not in rows  # another territory's PDF is not listed
    assert mine in _rows(client, index, state="ready") and mine not in _rows(client, index, state="error")

    client.force_login(world.wg_member)  # sees the state, may not render again
    rows = _rows(client, index)
    assert mine in rows and "připraveno" in rows and render not in rows
    client.post(render)
    assert not ReportPdf.objects.get(pk=pdf.pk).needs_render

    client.force_login(other_coordinator)
    rows = _rows(client, index)
    assert "vykreslení selhalo" in rows and "RuntimeError: font missing" in rows and mine not in rows
    assert "Plán Druhé" in _rows(client, index, state="error")
    assert client.post(render).status_code == 404  # not theirs
    assert not ReportPdf.objects.get(pk=pdf.pk).needs_render

    client.force_login(world.outsider)  # a member of a body of a territory without a plan
    assert client.get(index).status_code in (302, 403)

    client.force_login(world.coordinator)
    stale = ReportPdf.objects.get(pk=pdf.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(render).status_code == 302
    again = ReportPdf.objects.get(pk=pdf.pk)
    assert not again.needs_render and again.generated_at > stale.generated_at  # rendered although unchanged
