"""Shared set-up of the catalogue tests: code lists, a territory with municipalities, registry files."""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from catalogue.registry_testdata import generate_records, write_registry_file
from cms.models import Municipality
from tests.factories import make_territory

FIXTURE = Path(settings.BASE_DIR) / "catalogue" / "fixtures" / "rpss_test.json"
LIPOV = [
    "lipov",
    "dubnice_nad_lipovkou",
    "horni_lhota",
    "kamenna_ves",
    "olsany_u_lipova",
    "racice",
    "studenka",
    "vrbova_lhota",
    "zahori",
]


def load_taxonomy():
    call_command("load_taxonomy", stdout=io.StringIO())


def territory_with_municipalities(title="ORP Lipov", codes=LIPOV, **kwargs):
    territory = make_territory(title, **kwargs)
    territory.municipalities.set(Municipality.objects.filter(code__in=codes))
    territory.save()
    return territory


def write_records(path, records):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"polozky": records}, handle, ensure_ascii=False)
    return path


def fixture_records():
    with open(FIXTURE, encoding="utf-8") as handle:
        return json.load(handle)["polozky"]


__all__ = ["FIXTURE", "generate_records", "write_registry_file"]
