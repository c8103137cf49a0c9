"""Yearly update, the public diff between adopted versions, open data against its schema, the project pool."""

import csv
import io
import json

import jsonschema
import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cms.models import PlanStatus
from implementation.models import IntentStatus, ProjectIntent
from implementation.services import opendata, versions
from implementation.services.pool import assess_intent
from tests.factories import make_plan
from tests.implementation.helpers import build_world, complete_round, open_round, two_adopted_versions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_only_the_coordinator_starts_an_update(world):
    for user in (world.wg_member, world.steering_member, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            versions.start_update(world.plan, 2027, user)
    copy = versions.start_update(world.plan, 2027, world.coordinator)
    assert copy.status == PlanStatus.DRAFT and not copy.live
    assert copy.version_info.previous.pk == world.plan.pk
    assert [c.title for c in copy.get_children()] == [c.title for c in world.plan.get_children()]
    assert (
        versions.lineage(world.plan) == [world.plan.page_ptr.specific, copy] or len(versions.lineage(world.plan)) == 2
    )


def test_diff_compares_what_each_resolution_adopted(world, client):
    copy = two_adopted_versions(world)

    result = versions.compare(world.plan, copy)
    assert [i.title for i in result["activities"]["removed"]] == ["Odlehčovací služba v domácnosti"]
    assert [i.title for i in result["activities"]["added"]] == ["Sdílená doprava k lékaři"]
    [changed] = result["activities"]["changed"]
    fields = {f["field"]: (f["old"], f["new"]) for f in changed["fields"]}
    assert fields == {
        str(versions.FIELD_LABELS["title"]): (
            "Rozšíření pečovatelské služby",
            "Rozšíření pečovatelské služby do všech obcí",
        ),
        str(versions.FIELD_LABELS["estimated_cost"]): ("1250000", "1500000"),
    }
    [chapter] = result["chapters"]
    assert chapter["changes"] == [
        {"kind": "replace", "old": ["Platí tři roky."], "new": ["Platí tři roky a každý rok se aktualizuje."]}
    ]

    page = client.get(reverse("implementation_diff", args=[copy.pk, world.plan.pk])).content.decode()
    assert "do všech obcí" in page and "1500000" in page and "Sdílená doprava k lékaři" in page
    assert "ZM/1/2025" in page and "ZM/7/2027" in page
    assert "Po schválení přejmenováno" not in page and "Oprava po schválení" not in page
    # A draft version cannot be compared.
    type(copy).objects.filter(pk=copy.pk).update(status=PlanStatus.DRAFT)
    assert client.get(reverse("implementation_diff", args=[copy.pk, world.plan.pk])).status_code == 404


def test_open_data_matches_its_schema(world, client):
    from implementation.models import ActionPlanItem, ActionPlanPage

    action_plan = ActionPlanPage(title="Akční plán 2026", slug="akcni-plan-2026", year=2026)
    world.plan.add_child(instance=action_plan)
    action_plan.items.add(ActionPlanItem(activity=world.activities[0], planned_cost=400000, milestones="Jaro\nPodzim"))
    action_plan.save_revision().publish()
    complete_round(world, open_round(world))
    for name in opendata.DATASETS:
        query = "?rok=2026" if name in opendata.YEARLY else ""
        response = client.get(reverse("implementation_dataset", args=[world.plan.pk, name, "json"]) + query)
        document = json.loads(response.content)
        jsonschema.validate(document, opendata.schema(name))
        assert document["polozky"], name
        rows = list(
            csv.reader(
                io.StringIO(
                    client.get(
                        reverse("implementation_dataset", args=[world.plan.pk, name, "csv"]) + query
                    ).content.decode()
                )
            )
        )
        assert rows[0] == list(opendata.schema(name)["properties"]["polozky"]["items"]["properties"])
        assert len(rows) - 1 == len(document["polozky"])
    monitoring_doc = json.loads(
        client.get(reverse("implementation_dataset", args=[world.plan.pk, "monitoring", "json"]) + "?rok=2026").content
    )
    assert sum(r["vycerpano_kc"] for r in monitoring_doc["polozky"]) == 3_000_000
    bad = client.get(reverse("implementation_dataset", args=[world.plan.pk, "monitoring", "csv"]) + "?rok=1999")
    assert bad.status_code == 400
    schema = client.get(reverse("implementation_schema", args=["monitoring"]))
    assert json.loads(schema.content)["title"]
    other_site = client.get(
        reverse("implementation_dataset", args=[world.plan.pk, "strategie", "json"]), HTTP_HOST="jine-testserver"
    )
    assert other_site.status_code == 404


def _intent_post(**extra):
    data = {
        "title": "Sdílené auto pro terénní službu",
        "description": "<script>alert(1)</script> Auto pro pečovatelky.",
        "budget": "600000",
        "funding_sought": "400000",
        "funding_source": "IROP",
        "timeline": "2027",
        "submitter_name": "Spolek Soused",
        "submitter_kind": "citizens",
        "organisation": "Spolek Soused z. s.",
        "email": "spolek@example.cz",
        "phone": "",
        "website": "",
    }
    data.update(extra)
    return data


def test_project_pool_form_protection_and_public_list(world, client, settings):
    cache.clear()
    url = reverse("implementation_pool_form", args=[world.plan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _intent_post(website="http://spam")).status_code == 302
    assert not ProjectIntent.objects.exists()  # the honeypot stores nothing
    bad = client.post(url, _intent_post(funding_sought="900000"))
    assert bad.status_code == 400 and "nemůže převýšit" in bad.content.decode()
    assert not ProjectIntent.objects.exists()
    assert client.post(url, _intent_post()).status_code == 302
    intent = ProjectIntent.objects.get()
    assert intent.status == IntentStatus.NEW and intent.channel == "web"
    pool = reverse("implementation_pool", args=[world.plan.pk])
    assert "Sdílené auto" not in client.get(pool).content.decode()  # not assessed yet
    for user in (world.outsider, world.other_coordinator):
        with pytest.raises(PermissionDenied):
            assess_intent(intent, user, IntentStatus.ASSESSED)
    with pytest.raises(ValidationError):
        assess_intent(intent, world.wg_member, IntentStatus.REJECTED, "")  # a rejection needs its reason
    assess_intent(intent, world.wg_member, IntentStatus.ASSESSED)
    page = client.get(pool).content.decode()
    assert "Sdílené auto" in page and "spolek@example.cz" not in page
    assert [c.new_status for c in intent.status_changes.all()] == ["new", "assessed"]
    settings.TRIADA_COMMENT_RATE_LIMITS = {"ip": (1, 3600), "email": (1, 3600)}
    cache.clear()
    assert client.post(url, _intent_post(title="První")).status_code == 302
    assert client.post(url, _intent_post(title="Druhý")).status_code == 429
    assert not ProjectIntent.objects.filter(title="Druhý").exists()


def test_pool_admin_is_scoped_to_the_territory(world, client):
    intent = ProjectIntent.objects.create(
        plan=world.plan, title="Záměr", description="x", submitter_name="A", email="a@example.cz", channel="web"
    )
    index = reverse("project_intents:index")
    edit = reverse("project_intents:edit", args=[intent.pk])
    client.force_login(world.wg_member)
    assert "Záměr" in client.get(index).content.decode()
    assert client.get(edit).status_code == 200
    client.force_login(world.other_coordinator)
    assert client.get(edit).status_code in (403, 302)
    assert "Záměr" not in client.get(index).content.decode()


def test_pool_list_export_and_filter_hold_only_the_users_territory(world, client):
    """Another territory's coordinator with a plan of their own sees the pool, but none of our intents."""
    other_territory = world.other_coordinator.groups.get().coordinated_territories.get()
    other_plan = make_plan(other_territory, title="Plán Jiné 2026–2028")
    ours = ProjectIntent.objects.create(
        plan=world.plan, title="Denní stacionář Lipov", description="x", submitter_name="A", channel="web"
    )
    ProjectIntent.objects.create(plan=other_plan, title="Odlehčovací služba Jiné", description="x", submitter_name="B")
    index = reverse("project_intents:index")
    client.force_login(world.other_coordinator)
    listing = client.get(index)
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Odlehčovací služba Jiné" in page
    assert "Denní stacionář Lipov" not in page
    assert world.plan.title not in page  # the plan filter offers only their own plans
    export = client.get(index, {"export": "csv"})
    csv_text = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Odlehčovací služba Jiné" in csv_text and "Denní stacionář Lipov" not in csv_text
    assert "Denní stacionář Lipov" not in client.get(index, {"plan": world.plan.pk}).content.decode()
    assert client.get(reverse("project_intents:edit", args=[ours.pk])).status_code in (302, 403, 404)
