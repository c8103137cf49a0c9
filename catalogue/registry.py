"""Reading the national registry's open data: one record → a checked dict.

Nothing here touches the database except the code lists loaded once per
import; a record that does not fit raises `RecordError` with a Czech message,
so the importer can report it and go on.
"""

import re
import unicodedata
from datetime import date

from django.utils.translation import gettext as _

from cms.models import Municipality, ServiceForm, ServiceType, TargetGroup

from .models import CapacityType

ICO_RE = re.compile(r"^\d{8}$")


class RecordError(ValueError):
    """A registry record that cannot be imported; its Czech message goes into the run's report."""

    pass


def fold(text):
    """Case- and accent-insensitive key for matching names of code-list items."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return " ".join("".join(ch for ch in text if not unicodedata.combining(ch)).split())


class CodeLists:
    """Our code lists keyed by the registry's id (`DruhSocialniSluzby/13`) and by folded name.

    Most of our items have no registry code yet, so the Czech name the
    reference carries is the fallback key.
    """

    def __init__(self):
        self.types = self._index(ServiceType.objects.all())
        self.forms = self._index(ServiceForm.objects.all())
        self.groups = self._index(TargetGroup.objects.all())
        self.municipalities = {fold(m.name): m for m in Municipality.objects.all()}

    @staticmethod
    def _index(queryset):
        by_key = {}
        for item in queryset:
            by_key[fold(item.name)] = item
            if item.registry_code:
                by_key[item.registry_code] = item
        return by_key

    @staticmethod
    def resolve(index, reference, label):
        if not isinstance(reference, dict):
            raise RecordError(_("%(what)s is missing or is not a code-list reference.") % {"what": label})
        code = reference.get("id")
        name = (reference.get("nazev") or {}).get("cs") if isinstance(reference.get("nazev"), dict) else None
        item = index.get(code) or (index.get(fold(name)) if name else None)
        if item is None:
            raise RecordError(_("Unknown code of %(what)s: “%(code)s”.") % {"what": label, "code": code or name})
        return item


def _text(value, limit=255):
    return str(value).strip()[:limit] if value not in (None, "") else ""


def _list(record, key):
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(_("The field “%(field)s” is not a list.") % {"field": key})
    return value


def _date(value, field):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RecordError(_("The date in “%(field)s” is not valid: “%(value)s”.") % {"field": field, "value": value})


def _first(items, key):
    for item in items:
        if isinstance(item, dict) and item.get(key):
            return _text(item[key], 500)
    return ""


def _address(address):
    if not isinstance(address, dict):
        return "", None
    street = (address.get("ulice") or {}).get("nazev") if isinstance(address.get("ulice"), dict) else ""
    number = "/".join(str(n) for n in (address.get("cisloDomovni"), address.get("cisloOrientacni")) if n)
    obec = address.get("obec") if isinstance(address.get("obec"), dict) else {}
    town = (obec.get("nazev") or {}).get("cs", "") if isinstance(obec.get("nazev"), dict) else ""
    line = ", ".join(
        part for part in (f"{street or ''} {number}".strip(), f"{address.get('psc') or ''} {town}".strip()) if part
    )
    return line[:500], town


def parse_record(record, codes):
    """A registry record as the values the importer writes, or RecordError."""
    if not isinstance(record, dict):
        raise RecordError(_("The record is not an object."))
    registry_id = _text(record.get("identifikator"), 20)
    if not registry_id:
        raise RecordError(_("The record has no identifier (identifikator)."))
    service_type = codes.resolve(codes.types, record.get("druhSocialniSluzby"), _("type of service"))
    provider = record.get("poskytovatel")
    if not isinstance(provider, dict):
        raise RecordError(_("The record has no provider."))
    ico = _text(provider.get("ico"), 20).zfill(8) if provider.get("ico") else ""
    if not ICO_RE.match(ico):
        raise RecordError(_("The provider's IČO is missing or not valid."))
    provider_name = _text(provider.get("nazev"))
    if not provider_name:
        raise RecordError(_("The provider has no name."))

    forms, capacities = [], []
    for entry in _list(record, "formy"):
        if not isinstance(entry, dict):
            raise RecordError(_("A form of the service is not an object."))
        form = codes.resolve(codes.forms, entry.get("forma"), _("form of service"))
        forms.append(form.pk)
        for capacity in entry.get("kapacity") or []:
            kind = str(((capacity or {}).get("typ") or {}).get("id") or "").rsplit("/", 1)[-1]
            if kind not in CapacityType.values:
                raise RecordError(_("Unknown capacity type: “%(code)s”.") % {"code": kind})
            count = capacity.get("pocet")
            if count is not None and (isinstance(count, bool) or not isinstance(count, (int, float)) or count < 0):
                raise RecordError(_("The capacity is not a non-negative number: “%(value)s”.") % {"value": count})
            capacities.append(
                [form.pk, kind, int(count) if count is not None else None, _text(capacity.get("popis"), 500)]
            )
    groups = []
    for entry in _list(record, "ciloveSkupiny"):
        reference = entry.get("cilovaSkupina") if isinstance(entry, dict) else None
        groups.append(codes.resolve(codes.groups, reference, _("target group")).pk)

    places, towns = [], []
    for facility in _list(record, "zarizeni"):
        if not isinstance(facility, dict):
            continue
        line, town = ("", None) if facility.get("utajenaAdresa") else _address(facility.get("adresa"))
        municipality = codes.municipalities.get(fold(town)) if town else None
        places.append([_text(facility.get("nazev")), line, municipality.pk if municipality else None])
        towns.append(town)
    for address in _list(record, "kontaktniAdresy"):
        towns.append(_address(address)[1])
    municipality_ids = sorted(
        {codes.municipalities[fold(t)].pk for t in towns if t and fold(t) in codes.municipalities}
    )

    provided_from = _date(record.get("datumPoskytovaniOd"), "datumPoskytovaniOd")
    provided_to = _date(record.get("datumPoskytovaniDo"), "datumPoskytovaniDo")
    name = places[0][0] if places and places[0][0] else f"{service_type.name} – {provider_name}"
    return {
        "registry_id": registry_id,
        "provider": {
            "ico": ico,
            "name": provider_name,
            "legal_form": _text(provider.get("pravniForma")),
            "web": _first(_list(provider, "weby"), "web"),
        },
        "fields": {
            "name": name[:255],
            "service_type": service_type.pk,
            "email": _first(_list(record, "emaily"), "email")[:254],
            "phone": _first(_list(record, "telefony"), "telefon")[:100],
            "web": _first(_list(record, "weby"), "web"),
            "provided_from": provided_from.isoformat() if provided_from else None,
            "provided_to": provided_to.isoformat() if provided_to else None,
        },
        "forms": sorted(set(forms)),
        "target_groups": sorted(set(groups)),
        "capacities": capacities,
        "places": places,
        "municipalities": municipality_ids,
    }
