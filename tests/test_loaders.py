"""The taxonomy and demo loaders: idempotent, complete, and refused where they must be."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Collection, GroupPagePermission, Page, Revision, Site

from cms.management.commands.load_taxonomy import FIXTURE
from cms.models import (
    ChapterPage,
    PlanningBody,
    PlanningBodyKind,
    PlanPage,
    ServiceType,
    StrategicItem,
    StrategicPartPage,
    TerritoryHomePage,
)
from demo.registry import step, unregister

pytestmark = pytest.mark.django_db

TAXONOMY_MODELS = ["cms.ServiceForm", "cms.ServiceType", "cms.TargetGroup", "cms.AgeGroup", "cms.LifeSituation"]
DEMO_MODELS = [Page, Site, Revision, Collection, GroupPagePermission, StrategicItem, PlanningBody]
DEMO_MODELS += ["catalogue.Service", "catalogue.Provider", "catalogue.PlannedChange", "catalogue.ImportRun"]
DEMO_MODELS += ["implementation.MonitoringRound", "implementation.ActivityReport", "implementation.ReportHistory"]
DEMO_MODELS += ["implementation.ProjectIntent", "implementation.ActionPlanItem", "implementation.PlanVersion"]


def counts(models):
    return {str(m): (apps.get_model(m) if isinstance(m, str) else m).objects.count() for m in models}


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_load_taxonomy_twice_gives_the_same_rows():
    output = run("load_taxonomy")
    first = counts(TAXONOMY_MODELS + ["cms.Municipality"])
    assert ": 34" in output  # one line per vocabulary with its count
    run("load_taxonomy")
    assert counts(TAXONOMY_MODELS + ["cms.Municipality"]) == first
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert first["cms.ServiceType"] == len(fixture["service_types"])
    assert first["cms.TargetGroup"] == len(fixture["target_groups"])


def test_taxonomy_content():
    run("load_taxonomy")
    home_care = ServiceType.objects.get(code="pecovatelska_sluzba")
    assert home_care.paragraph == "§40"
    assert home_care.category == "služby sociální péče"
    assert home_care.registry_code == "DruhSocialniSluzby/4"
    assert sorted(home_care.allowed_forms.values_list("code", flat=True)) == ["ambulantni", "terenni"]
    assert home_care.source
    assert all(st.source for st in ServiceType.objects.all())


def test_reloading_taxonomy_repairs_an_edited_name():
    run("load_taxonomy")
    ServiceType.objects.filter(code="pecovatelska_sluzba").update(name="Přejmenováno")
    run("load_taxonomy")
    assert ServiceType.objects.get(code="pecovatelska_sluzba").name == "Pečovatelská služba"


def test_load_demo_twice_gives_the_same_counts_and_a_complete_demo():
    received = []

    # A step added the way another app's demo module adds one runs after the built-in ones.
    @step(order=1000, name="test_loaders.record")
    def record(demo):
        received.append((demo.territory.pk, demo.plan.pk, sorted(demo.users), demo.password))

    try:
        output = run("load_demo", "--port", "8123")
        first = counts(DEMO_MODELS + TAXONOMY_MODELS) | {"users": get_user_model().objects.count()}
        run("load_demo", "--port", "8123")
        second = counts(DEMO_MODELS + TAXONOMY_MODELS) | {"users": get_user_model().objects.count()}
    finally:
        unregister("test_loaders.record")
    assert first == second

    # Two territories, each a Site on the given port; Lipov is the default site.
    territories = list(TerritoryHomePage.objects.order_by("path"))
    assert len(territories) == 2
    sites = {site.hostname: site for site in Site.objects.all()}
    assert set(sites) == {"127.0.0.1", "localhost"}
    assert all(site.port == 8123 for site in sites.values())
    assert sites["127.0.0.1"].is_default_site
    assert {t.kind for t in territories} == {"orp", "microregion"}

    for territory in territories:
        # Each territory also has earlier adopted plans; the current one is 2026–2028.
        plan = PlanPage.objects.descendant_of(territory).live().get(slug="komunitni-plan-2026-2028")
        chapters = ChapterPage.objects.child_of(plan).live()
        assert chapters.count() >= 10
        assert all(chapter.responsible_group_id for chapter in chapters)
        assert all(chapter.target_groups.exists() for chapter in chapters)
        part = StrategicPartPage.objects.child_of(plan).get()
        items = StrategicItem.objects.filter(plan=plan, is_current=True)
        assert items.filter(kind="priority").count() >= 3
        assert items.filter(kind="measure").count() >= 8
        assert items.filter(kind="activity").count() >= 20
        activity = items.filter(kind="activity").first()
        assert activity.data["responsible_organisation"] and activity.data["indicators"]
        assert activity.data["funding_sources"] and activity.data["target_groups"]
        assert part.get_url()
        bodies = PlanningBody.objects.filter(territory=territory)
        assert bodies.filter(kind=PlanningBodyKind.WORKING_GROUP).count() == 4
        assert bodies.filter(kind=PlanningBodyKind.STEERING_GROUP).count() == 1
        assert bodies.councils().count() == 1
        assert all(body.chair_id and body.members.count() >= 3 for body in bodies)
        assert territory.partner_logos.count() >= 2
        assert all(logo.logo and logo.logo.description == logo.name for logo in territory.partner_logos.all())
        assert territory.municipalities.count() >= 5
        children = {type(page.specific).__name__ for page in territory.get_children()}
        assert {"PlanPage", "NewsIndexPage", "ContactPage", "StandardPage"} <= children
        assert Page.objects.descendant_of(territory).type(apps.get_model("cms.NewsPage")).count() >= 3
        assert Page.objects.descendant_of(territory).type(apps.get_model("cms.EventPage")).count() >= 2
        assert Page.objects.descendant_of(territory).filter(title="Prohlášení o přístupnosti").exists()

    microregion = TerritoryHomePage.objects.get(kind="microregion")
    assert PlanningBody.objects.filter(territory=microregion, kind=PlanningBodyKind.GENERAL_ASSEMBLY).exists()

    # One account per role, all with the one demo password, printed at the end.
    from django.conf import settings

    password = settings.TRIADA_DEMO_PASSWORD
    for username in ["admin", "koordinator", "clen-ps-seniori", "clen-rs", "tajemnik"]:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password)
        assert username in output
    assert get_user_model().objects.get(username="admin").is_superuser
    assert not get_user_model().objects.get(username="koordinator").is_superuser
    assert "http://127.0.0.1:8123/" in output and "http://localhost:8123/" in output
    assert "/admin/" in output and password in output

    # Every registered step ran once per territory and run, with the territory's plan and accounts.
    assert len(received) == 4
    assert {r[0] for r in received} == {t.pk for t in territories}
    assert all(r[2] == sorted(received[0][2]) and r[3] == password for r in received)

    # The demo accounts can log in and see the Czech admin.
    client = Client()
    assert client.login(username="clen-ps-seniori", password=password)
    assert 'lang="cs"' in client.get("/admin/").content.decode()

    # The admin's search finds the demo's pages: the demo indexes what it saved once, at the end ...
    admin = Client()
    assert admin.login(username="admin", password=password)
    chapter = ChapterPage.objects.live().filter(responsible_group__isnull=False).first()
    found = admin.get("/admin/pages/search/", {"q": chapter.title}).content.decode()
    assert f"/admin/pages/{chapter.pk}/edit/" in found
    # ... and after the load a save indexes at once again.
    chapter.title = "Kapitola Zvonek"
    chapter.save()
    found = admin.get("/admin/pages/search/", {"q": "Zvonek"}).content.decode()
    assert f"/admin/pages/{chapter.pk}/edit/" in found


def test_load_demo_refuses_without_demo_password(settings):
    settings.TRIADA_DEMO_PASSWORD = None
    with pytest.raises(CommandError, match="TRIADA_DEMO_PASSWORD"):
        run("load_demo")
    assert not TerritoryHomePage.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()


def test_setup_roles_is_idempotent():
    from tests.factories import make_territory

    make_territory("ORP Rolov")
    run("setup_roles")
    first = counts([GroupPagePermission, "auth.Group", "wagtailcore.GroupCollectionPermission"])
    output = run("setup_roles")
    assert output.strip() == "Roles set up for 1 territories."
    assert counts([GroupPagePermission, "auth.Group", "wagtailcore.GroupCollectionPermission"]) == first
