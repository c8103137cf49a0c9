"""The data migration from the former StreamField keeps every item's identity (its block id)."""

import importlib
import json

MIGRATION = importlib.import_module("cms.migrations.0005_strategy_entries")

PRIORITY_ID = "6d1f3f0e-1111-4c2b-9a55-000000000001"
MEASURE_ID = "6d1f3f0e-1111-4c2b-9a55-000000000011"
ACTIVITY_ID = "6d1f3f0e-1111-4c2b-9a55-000000000111"

STORED = [
    {
        "type": "priority",
        "id": PRIORITY_ID,
        "value": {
            "number": 2,
            "title": "Dostupné služby",
            "description": "<p>Popis.</p>",
            "measures": [
                {
                    "type": "item",
                    "id": MEASURE_ID,
                    "value": {
                        "number": 3,
                        "title": "Terénní služby",
                        "description": "",
                        "activities": [
                            {
                                "type": "item",
                                "id": ACTIVITY_ID,
                                "value": {
                                    "number": 4,
                                    "title": "Pečovatelská služba",
                                    "responsible_organisation": "Charita",
                                    "year_from": 2026,
                                    "year_to": 2027,
                                    "estimated_cost": "1000",
                                    "funding_sources": [
                                        {"type": "item", "value": {"source": "MPSV", "amount": "900"}}
                                    ],
                                    "indicators": [],
                                    "target_groups": [{"type": "item", "value": 7}],
                                    "service_types": [],
                                },
                            },
                            # Stored before list items had ids: it gets a new one.
                            {"number": 5, "title": "Bez id", "activities": []},
                        ],
                    },
                }
            ],
        },
    }
]


def test_block_ids_become_uids_and_the_tree_is_kept():
    entries = MIGRATION.flatten(json.dumps(STORED))
    by_title = {entry["title"]: entry for entry in entries}
    assert [(e["kind"], e["number"]) for e in entries] == [
        ("priority", 2),
        ("measure", 3),
        ("activity", 4),
        ("activity", 5),
    ]
    activity = by_title["Pečovatelská služba"]
    assert activity["uid"] == ACTIVITY_ID
    assert activity["parent_uid"] == MEASURE_ID
    assert by_title["Terénní služby"]["parent_uid"] == PRIORITY_ID
    assert by_title["Dostupné služby"]["parent_uid"] is None
    assert activity["funding_sources"][0]["value"] == {"source": "MPSV", "amount": "900"}
    assert activity["target_groups"] == [7]
    assert by_title["Bez id"]["uid"] not in (PRIORITY_ID, MEASURE_ID, ACTIVITY_ID)


# --- The migration run on a database that holds a strategic part in the old shape. ---
# A throwaway SQLite database (the embedded default) in a subprocess, so the test
# database is never migrated backwards: migrate cms to 0004, write an old-shape page,
# a published StrategicItem and a revision with the StreamField, migrate forward.

OLD_STATE = ("cms", "0004_collections_by_key")


def _write_old_shape():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    # The executor, not `manage.py migrate`: other apps' post_migrate handlers need their tables.
    executor = MigrationExecutor(connection)
    executor.migrate([OLD_STATE])
    apps = MigrationExecutor(connection).loader.project_state(OLD_STATE).apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    Revision = apps.get_model("wagtailcore", "Revision")
    PlanPage = apps.get_model("cms", "PlanPage")
    StrategicPartPage = apps.get_model("cms", "StrategicPartPage")
    StrategicItem = apps.get_model("cms", "StrategicItem")
    TargetGroup = apps.get_model("cms", "TargetGroup")
    locale = Locale.objects.first() or Locale.objects.create(language_code="cs")
    group = TargetGroup.objects.create(pk=7, code="seniori", name="Senioři")

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="cms", model=model)[0]

    common = {"locale": locale, "live": True, "has_unpublished_changes": False}
    plan = PlanPage.objects.create(
        title="Plán", draft_title="Plán", slug="plan", path="00010099", depth=2, numchild=1,
        url_path="/plan/", content_type=content_type("planpage"), period_from=2026, period_to=2028, **common,
    )  # fmt: skip
    part = StrategicPartPage.objects.create(
        title="Strategická část", draft_title="Strategická část", slug="strategie", path="000100990001",
        depth=3, numchild=0, url_path="/plan/strategie/", content_type=content_type("strategicpartpage"),
        number=4, strategy=json.dumps(STORED), **common,
    )  # fmt: skip
    item = StrategicItem.objects.create(
        plan=plan,
        strategic_part=part,
        block_id=ACTIVITY_ID,
        kind="activity",
        code="2.3.4",
        title="Pečovatelská služba",
    )
    Revision.objects.create(
        content_type=content_type("strategicpartpage"),
        base_content_type=ContentType.objects.get(app_label="wagtailcore", model="page"),
        object_id=str(part.pk),
        object_str=part.title,
        created_at=timezone.now(),
        content={"pk": part.pk, "title": part.title, "strategy": json.dumps(STORED)},
    )
    return {"part": part.pk, "item": item.pk, "group": group.pk}


def _read_new_shape(pks):
    from cms.models import StrategicItem, StrategicPartPage, StrategyEntry

    part = StrategicPartPage.objects.get(pk=pks["part"])
    revision = part.revisions.get()
    draft = revision.as_object()
    activity = StrategyEntry.objects.get(uid=ACTIVITY_ID)
    return {
        "codes": [code for code, _entry in part.ordered_entries()],
        "revision_codes": [code for code, _entry in draft.ordered_entries()],
        "revision_uids": [str(entry.uid) for _code, entry in draft.ordered_entries()],
        "activity": [activity.title, activity.responsible_organisation, str(activity.parent_uid)],
        "activity_groups": list(activity.target_groups.values_list("pk", flat=True)),
        "funding": [dict(block.value) for block in activity.funding_sources],
        "item": list(StrategicItem.objects.filter(block_id=ACTIVITY_ID).values_list("pk", flat=True)),
        "strategy_text": part.strategy_text(),
    }


def test_the_migration_converts_a_database_holding_the_old_shape(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "triada.settings.dev",
        "TRIADA_SQLITE_PATH": str(tmp_path / "old.sqlite3"),
    }

    def run(*args):
        done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    pks = run("-m", "tests.test_strategy_migration", "old").strip().splitlines()[-1]
    run("manage.py", "migrate", "-v0")
    result = json.loads(run("-m", "tests.test_strategy_migration", "new", pks).strip().splitlines()[-1])

    assert result["codes"] == ["2", "2.3", "2.3.4", "2.3.5"]
    assert result["revision_codes"] == result["codes"]
    assert result["revision_uids"][:3] == [PRIORITY_ID, MEASURE_ID, ACTIVITY_ID]
    assert result["activity"] == ["Pečovatelská služba", "Charita", MEASURE_ID]
    assert result["activity_groups"] == [7]
    assert [(f["source"], str(f["amount"])) for f in result["funding"]] == [("MPSV", "900")]
    # The published item keeps its primary key: comments and monitoring still point at it.
    assert result["item"] == [json.loads(pks)["item"]]
    assert "2.3.4 Pečovatelská služba" in result["strategy_text"]


if __name__ == "__main__":
    import sys

    import django

    django.setup()
    if sys.argv[1] == "old":
        print(json.dumps(_write_old_shape()))
    else:
        print(json.dumps(_read_new_shape(json.loads(sys.argv[2])), default=str))
