"""Load the reference vocabularies from the project's own fixture.

Idempotent: every row is matched on its stable `code`, so running the command
again updates names and sources in place instead of adding duplicates.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.models import AgeGroup, LifeSituation, Municipality, ServiceForm, ServiceType, TargetGroup

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taxonomy.json"

# fixture key -> (model, fields copied from the item besides code/name/source)
SECTIONS = [
    ("service_forms", ServiceForm, ["registry_code"]),
    ("service_types", ServiceType, ["paragraph", "category", "registry_code"]),
    ("target_groups", TargetGroup, ["registry_code"]),
    ("age_groups", AgeGroup, []),
    ("life_situations", LifeSituation, []),
    ("municipalities", Municipality, ["district", "population"]),
]


@transaction.atomic
def load_taxonomy(path=FIXTURE):
    """Create or update every item of the fixture; return {model: count in the database}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    forms_by_code = {}
    for key, model, extra_fields in SECTIONS:
        for order, item in enumerate(data.get(key, []), start=1):
            defaults = {"name": item["name"], "source": item.get("source", ""), "sort_order": order, "is_active": True}
            defaults.update({field: item.get(field) if item.get(field) is not None else "" for field in extra_fields})
            if model is Municipality and defaults.get("population") == "":
                defaults["population"] = None
            obj, _created = model.objects.update_or_create(code=item["code"], defaults=defaults)
            if model is ServiceForm:
                forms_by_code[obj.code] = obj
            elif model is ServiceType:
                obj.allowed_forms.set([forms_by_code[code] for code in item.get("allowed_forms", [])])
    return {model: model.objects.count() for _key, model, _fields in SECTIONS}


class Command(BaseCommand):
    """Run by `make run` and the demo: the shared code lists come from cms/fixtures/taxonomy.json, repaired where edited."""

    help = "Load the taxonomy (service types, forms, target groups, age groups, life situations, municipalities)."

    def add_arguments(self, parser):
        parser.add_argument("--fixture", default=str(FIXTURE), help="Path to a taxonomy JSON file.")

    def handle(self, *args, **options):
        counts = load_taxonomy(options["fixture"])
        for model, count in counts.items():
            self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
