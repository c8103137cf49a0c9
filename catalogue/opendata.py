"""The territory's catalogue as open data (CSV and JSON): what the public pages show."""

import csv
import json

from .models import Service

COLUMNS = [
    "id",
    "identifikator_registr",
    "nazev",
    "druh",
    "paragraf",
    "formy",
    "cilove_skupiny",
    "zivotni_situace",
    "obce",
    "poskytovatel",
    "ico",
    "email",
    "telefon",
    "web",
    "kapacita",
    "doprovodna_sluzba",
]


def public_services(territory):
    """The public services of a territory with everything open data needs, in one query set."""
    return (
        Service.objects.public()
        .in_territory(territory)
        .select_related("provider", "service_type")
        .prefetch_related("forms", "target_groups", "life_situations", "municipalities", "capacities")
        .order_by("name", "pk")
    )


def service_row(service):
    """One service as an open-data record (Czech keys, documented for re-users)."""
    return {
        "id": service.pk,
        "identifikator_registr": service.registry_id,
        "nazev": service.name,
        "druh": service.service_type.name if service.service_type else "",
        "paragraf": service.service_type.paragraph if service.service_type else "",
        "formy": [f.name for f in service.forms.all()],
        "cilove_skupiny": [g.name for g in service.target_groups.all()],
        "zivotni_situace": [s.name for s in service.life_situations.all()],
        "obce": [m.name for m in service.municipalities.all()],
        "poskytovatel": service.provider.name,
        "ico": service.provider.ico,
        "email": service.email,
        "telefon": service.phone,
        "web": service.web,
        "kapacita": [{"typ": c.capacity_type, "pocet": c.count} for c in service.capacities.all()],
        "doprovodna_sluzba": not service.is_registered,
    }


def write_csv(stream, territory):
    """The territory's public services as CSV (semicolon, as Czech spreadsheets expect)."""
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(COLUMNS)
    for service in public_services(territory):
        row = service_row(service)
        row["kapacita"] = ", ".join(f"{c['pocet']} {c['typ']}" for c in row["kapacita"])
        writer.writerow(
            [
                "; ".join(value)
                if isinstance(value, list)
                else ("ano" if value is True else "ne" if value is False else value)
                for value in (row[c] for c in COLUMNS)
            ]
        )


def as_json(territory, request=None):
    """The territory's public services as a JSON document for re-users."""
    items = []
    for service in public_services(territory):
        row = service_row(service)
        items.append(row)
    return json.dumps({"uzemi": territory.title, "polozky": items}, ensure_ascii=False, indent=1)
