"""A test file in the national registry's open-data format (rpss.json).

There is no internet where Triáda is developed and tested, so the importer is
exercised with a file built here from our own code lists
(cms/fixtures/taxonomy.json): the documented shape (root key `polozky`, one
record per service, nested code-list references `{"id", "nazev": {"cs"}}`,
forms with capacities by the registry's capacity types, facilities with
addresses, provider with IČO), plus the kinds of broken records a real
open-data file has. The same generator makes the 6,000-service file of the
benchmark. `manage.py generate_registry_file` writes one.
"""

import json
import random
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings

TAXONOMY_FILE = Path(settings.BASE_DIR) / "cms" / "fixtures" / "taxonomy.json"

# Municipalities outside the demo territories: records there are out of scope.
OTHER_MUNICIPALITIES = ["Nové Údolí", "Velká Hora", "Dolní Brod", "Zelená Ves", "Písečná", "Stará Role"]
STREETS = ["Náměstí", "Nádražní", "Školní", "Zahradní", "Husova", "Komenského", "Palackého", "Lipová"]
ORGANISATIONS = [
    ("Charita", "církevní právnická osoba"),
    ("Diakonie", "církevní právnická osoba"),
    ("Domov", "příspěvková organizace"),
    ("Centrum sociálních služeb", "příspěvková organizace"),
    ("Spolek Naděje", "spolek"),
    ("Poradna Most", "zapsaný ústav"),
    ("Sociální služby", "obecně prospěšná společnost"),
]
CAPACITY_TYPES = {"pobytova": "luzka", "ambulantni": "klient", "terenni": "klient"}


def load_code_lists(path=TAXONOMY_FILE):
    """The taxonomy's code lists, from which generated registry records take valid codes."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def codelist_ref(prefix, item, index):
    """A registry code-list reference; items we have no registry code for get a stable made-up one."""
    return {"id": item.get("registry_code") or f"{prefix}/t{index}", "nazev": {"cs": item["name"]}}


def ico_with_checksum(base7):
    """An IČO (7 digits + mod-11 check digit) valid by the registry's rule."""
    digits = [int(d) for d in f"{base7:07d}"]
    total = sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 10
    return f"{base7:07d}{check}"


def _address(rng, municipality_name, municipality_index):
    return {
        "ulice": {"nazev": rng.choice(STREETS)},
        "cisloDomovni": rng.randint(1, 1500),
        "cisloOrientacni": str(rng.randint(1, 40)),
        "psc": f"{rng.randint(100, 799)}{rng.randint(0, 99):02d}",
        "obec": {"id": f"Obec/{590000 + municipality_index}", "nazev": {"cs": municipality_name}},
        "typCislaDomovniho": {"id": "TypCislaDomovniho/1"},
    }


def make_record(rng, number, code_lists, municipalities, providers):
    """One well-formed registry record."""
    types = code_lists["service_types"]
    type_index = rng.randrange(len(types))
    service_type = types[type_index]
    forms_by_code = {f["code"]: (i, f) for i, f in enumerate(code_lists["service_forms"])}
    allowed = [code for code in service_type.get("allowed_forms") or [] if code in forms_by_code] or ["ambulantni"]
    chosen_forms = rng.sample(allowed, k=rng.randint(1, len(allowed)))
    provider_ico, provider_name, legal_form = providers[number % len(providers)]
    municipality_index, municipality = municipalities[rng.randrange(len(municipalities))]
    groups = code_lists["target_groups"]
    group_indexes = rng.sample(range(len(groups)), k=rng.randint(1, 3))
    start = date(2007, 1, 1) + timedelta(days=rng.randint(0, 6000))
    formy = []
    for code in chosen_forms:
        form_index, form = forms_by_code[code]
        formy.append(
            {
                "forma": codelist_ref("FormaSocialniSluzby", form, form_index),
                "nepretrzitePoskytovani": code == "pobytova",
                "casoveRozsahy": [] if code == "pobytova" else [{"den": "Po–Pá", "od": "08:00", "do": "16:00"}],
                "kapacity": [
                    {
                        "pocet": rng.randint(2, 80),
                        "popis": "",
                        "typ": {"id": f"TypKapacitySocialniSluzby/{CAPACITY_TYPES[code]}", "nazev": {"cs": ""}},
                    }
                ],
            }
        )
    slug = provider_name.split()[0].lower()
    return {
        "portalId": 100000 + number,
        "id": 200000 + number,
        "identifikator": str(1000000 + number),
        "datumPoskytovaniOd": start.isoformat(),
        "datumPoskytovaniDo": None,
        "druhSocialniSluzby": codelist_ref("DruhSocialniSluzby", service_type, type_index),
        "poskytovatel": {
            "ico": provider_ico,
            "nazev": provider_name,
            "pravniForma": legal_form,
            "weby": [{"web": f"https://{slug}.example.cz", "poznamka": ""}],
        },
        "zarizeni": [
            {
                "nazev": f"{service_type['name']} {provider_name}",
                "poskytujeOd": start.isoformat(),
                "poskytujeDo": None,
                "utajenaAdresa": False,
                "adresa": _address(rng, municipality, municipality_index),
            }
        ],
        "kontaktniAdresy": [_address(rng, municipality, municipality_index)],
        "emaily": [{"email": f"sluzba{number}@{slug}.example.cz", "poznamka": ""}],
        "telefony": [{"telefon": f"+420 {rng.randint(200, 799)} {rng.randint(100, 999)} {rng.randint(100, 999)}"}],
        "faxy": [],
        "weby": [{"web": f"https://{slug}.example.cz/sluzba-{number}", "poznamka": ""}],
        "ciloveSkupiny": [{"cilovaSkupina": codelist_ref("CilovaSkupinaOsoby", groups[i], i)} for i in group_indexes],
        "vekoveSkupiny": [],
        "doplnujiciInformaceVekoveSkupiny": "",
        "formy": formy,
        "rozsirenePusobnostiVKraji": [],
        "doplnkoveUdaje": {"realizacePoskytovani": [], "planyFinancnihoZajisteni": [], "personalniZajisteni": []},
    }


def malformed_records(rng, first_number, code_lists, municipalities, providers):
    """Records a real open-data file has: each must be reported, none imported."""
    records = []
    for broken in range(8):
        record = make_record(rng, first_number + broken, code_lists, municipalities, providers)
        if broken == 0:
            del record["identifikator"]
        elif broken == 1:
            record["druhSocialniSluzby"] = {"id": "DruhSocialniSluzby/999", "nazev": {"cs": "neznámý druh"}}
        elif broken == 2:
            record["formy"] = "ambulantní"
        elif broken == 3:
            record["formy"][0]["kapacity"][0]["pocet"] = -5
        elif broken == 4:
            record["datumPoskytovaniOd"] = "31.02.2020"
        elif broken == 5:
            record["poskytovatel"] = {"nazev": "Poskytovatel bez IČO"}
        elif broken == 6:
            record["ciloveSkupiny"] = [{"cilovaSkupina": {"id": "CilovaSkupinaOsoby/777", "nazev": {"cs": "?"}}}]
        else:
            record = None
        records.append(record)
    return records


def generate_records(count, *, seed=13, municipality_names=None, malformed=True, ended=0.03, code_lists=None):
    """Yield `count` good records (some ended), then the broken ones."""
    rng = random.Random(seed)
    code_lists = code_lists or load_code_lists()
    names = municipality_names or [m["name"] for m in code_lists["municipalities"]] + OTHER_MUNICIPALITIES
    municipalities = list(enumerate(names))
    provider_count = max(5, count // 6)
    providers = []
    for index in range(provider_count):
        base, legal_form = ORGANISATIONS[index % len(ORGANISATIONS)]
        place = names[index % len(names)]
        providers.append((ico_with_checksum(6000000 + index), f"{base} {place} {index + 1}", legal_form))
    for number in range(count):
        record = make_record(rng, number, code_lists, municipalities, providers)
        if rng.random() < ended:
            record["datumPoskytovaniDo"] = (date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))).isoformat()
        yield record
    if malformed:
        yield from malformed_records(rng, count, code_lists, municipalities, providers)


def write_registry_file(path, count, **options):
    """Write the records one by one, so a 6,000-service file needs no big list in memory."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"polozky": [\n')
        for index, record in enumerate(generate_records(count, **options)):
            if index:
                handle.write(",\n")
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n]}\n")
    return path


# The small generated file kept in the repository (tests, demo): `generate_registry_file` rewrites it.
FIXTURE_FILE = Path(settings.BASE_DIR) / "catalogue" / "fixtures" / "rpss_test.json"
