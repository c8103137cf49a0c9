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
