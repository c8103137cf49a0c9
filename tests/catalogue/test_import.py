"""Import of the national registry's open data: first run, re-run, changes, ended, local edits, bad input."""

import copy
from datetime import date

import pytest

from catalogue.importer import import_file
from catalogue.models import ImportStatus, Provider, Service
from cms.models import LifeSituation

from .helpers import FIXTURE, fixture_records, load_taxonomy, territory_with_municipalities, write_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():
    load_taxonomy()
    return territory_with_municipalities()


def in_scope_ids(records, territory):
    names = set(territory.municipalities.values_list("name", flat=True))
    ids = set()
    for record in records:
        if not isinstance(record, dict) or "identifikator" not in record:
            continue
        towns = {f["adresa"]["obec"]["nazev"]["cs"] for f in record.get("zarizeni", [])}
        if towns & names:
            ids.add(record["identifikator"])
    return ids


def test_first_import_adds_the_territorys_services_and_reports_broken_records(territory):
    run = import_file(territory, FIXTURE)

    assert run.status == ImportStatus.DONE, run.message
    records = fixture_records()
    expected = in_scope_ids(records, territory)
    # Broken records of the territory are reported, not imported.
    broken_ids = {e["id"] for e in run.report["errors"] if e["id"]}
    imported = set(Service.objects.values_list("registry_id", flat=True))
    assert imported == expected - broken_ids
    assert run.added == len(imported) > 50
    assert run.error_count == 8
    messages = " ".join(e["message"] for e in run.report["errors"])
    for fragment in (
        "identifikátor",
        "druh služby",
        "není seznam",
        "nezáporné",
        "datum",
        "IČO",
        "cílová skupina",
        "není objekt",
    ):
        assert fragment.lower() in messages.lower(), fragment
    service = Service.objects.exclude(ended_on__isnull=False).first()
    assert service.live and service.provider.ico and service.forms.exists() and service.target_groups.exists()
    assert service.capacities.exists() and service.places.exists()
    assert Provider.objects.filter(territories=territory).count() == Provider.objects.count()


def test_reimport_of_the_same_file_changes_nothing(territory):
    import_file(territory, FIXTURE)
    before = list(Service.objects.order_by("pk").values_list("pk", "updated_at"))

    run = import_file(territory, FIXTURE)

    assert run.status == ImportStatus.DONE
    assert (run.added, run.changed, run.ended) == (0, 0, 0)
    assert run.unchanged == len(before)
    assert list(Service.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_reimport_reports_changes_and_ended_services_and_keeps_local_edits(territory, tmp_path):
    records = fixture_records()
    import_file(territory, write_records(tmp_path / "a.json", records))
    ids = sorted(in_scope_ids(records, territory))
    changed_id, gone_id, closed_id = ids[1], ids[2], ids[3]
    local = Service.objects.get(registry_id=changed_id)
    situation = LifeSituation.objects.get(code="pece_o_osobu_zavislou_na_peci_jine_osoby")
    local.description = "Náš vlastní popis pro katalog."
    local.hours = "Po–Pá 7–15"
    local.save()
    local.life_situations.add(situation)

    second = copy.deepcopy(records)
    by_id = {r["identifikator"]: r for r in second if isinstance(r, dict) and "identifikator" in r}
    by_id[changed_id]["telefony"] = [{"telefon": "+420 111 222 333"}]
    second.remove(by_id[gone_id])
    by_id[closed_id]["datumPoskytovaniDo"] = "2025-06-30"
    run = import_file(territory, write_records(tmp_path / "b.json", second))

    assert run.status == ImportStatus.DONE, run.message
    assert run.changed == 2 and run.ended == 1 and run.added == 0
    changed = {row[0]: row[2] for row in run.report["changed"]}
    assert changed[changed_id] == ["phone"]
    assert [row[0] for row in run.report["ended"]] == [gone_id]
    local.refresh_from_db()
    assert local.phone == "+420 111 222 333"
    assert local.description == "Náš vlastní popis pro katalog." and local.hours == "Po–Pá 7–15"
    assert list(local.life_situations.all()) == [situation]
    assert Service.objects.get(registry_id=gone_id).ended_on == date.today()
    assert Service.objects.get(registry_id=closed_id).ended_on == date(2025, 6, 30)
    assert not Service.objects.public().filter(registry_id__in=[gone_id, closed_id]).exists()


@pytest.mark.parametrize(
    "content, fragment",
    [
        ('{"polozky": [{"identifikator": "1"', "není platný JSON"),
        ('{"items": []}', "polozky"),
        ("", "není platný JSON"),
    ],
)
def test_broken_file_leaves_nothing(territory, tmp_path, content, fragment):
    import_file(territory, FIXTURE)
    snapshot = list(Service.objects.order_by("pk").values_list("pk", "updated_at", "ended_on"))
    # A good start and a cut-off end: the records read before the break must not stay.
    records_text = FIXTURE.read_text(encoding="utf-8")
    for text in (content, records_text[: len(records_text) // 2]):
        path = tmp_path / "broken.json"
        path.write_text(text.replace("1000000", "9999999"), encoding="utf-8")
        run = import_file(territory, path)
        assert run.status == ImportStatus.FAILED
        assert run.message
        assert list(Service.objects.order_by("pk").values_list("pk", "updated_at", "ended_on")) == snapshot
    assert fragment.lower() in import_file(territory, _write(tmp_path, content)).message.lower()


def _write(tmp_path, content):
    path = tmp_path / "again.json"
    path.write_text(content, encoding="utf-8")
    return path


def test_missing_file_is_reported_in_czech(territory, tmp_path):
    run = import_file(territory, tmp_path / "neni.json")
    assert run.status == ImportStatus.FAILED
    assert "nelze otevřít" in run.message
