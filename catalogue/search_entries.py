"""The catalogue's services in the site search.

Each published, not ended service gets one `search.SearchEntry` per territory
whose catalogue lists it (key `service:<pk>:<territory pk>`), linking to its
page in that territory's catalogue. Imports re-index the territory in one
background task after commit instead of one entry per record while importing.
"""

from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cms.models import TerritoryHomePage

from .models import CatalogueIndexPage, Service

KEY_PREFIX = "service:"


def _entry_model():
    if not apps.is_installed("search"):
        return None
    return apps.get_model("search", "SearchEntry")


def _catalogues():
    """(territory, catalogue page, root-relative path, root URL) of every live catalogue."""
    result = []
    for page in CatalogueIndexPage.objects.live().public():
        territory = TerritoryHomePage.objects.ancestor_of(page).first()
        site_id, root_url, path = page.get_url_parts() or (None, "", None)
        if territory is not None and path is not None:
            result.append((territory, page, path, root_url or ""))
    return result


def describe_service(service, catalogues):
    """The search entries of a public service: one per territory whose catalogue lists it, linking into that catalogue."""
    entries = []
    if not service.live or service.ended_on is not None:
        return entries
    for territory, _page, path, root_url in catalogues:
        if not Service.objects.in_territory(territory).filter(pk=service.pk).exists():
            continue
        type_name = service.service_type.name if service.service_type else _("Related service")
        text = " ".join(
            part
            for part in (
                service.description,
                service.provider.name,
                type_name,
                " ".join(g.name for g in service.target_groups.all()),
                " ".join(s.name for s in service.life_situations.all()),
                " ".join(m.name for m in service.municipalities.all()),
            )
            if part
        )
        entries.append(
            (
                f"{KEY_PREFIX}{service.pk}:{territory.pk}",
                {
                    "kind": "page",
                    "title": Truncator(service.name).chars(500),
                    "text": text,
                    "meta": Truncator(f"{_('Social service')} · {type_name} · {service.provider.name}").chars(500),
                    "territory": territory,
                    "url": f"{path}sluzba/{service.pk}/",
                    "site_root_url": root_url,
                    "is_public": True,
                    "target_groups": sorted(service.target_groups.values_list("code", flat=True)),
                },
            )
        )
    return entries


def sync_service(service_pk, catalogues=None):
    """Bring one service's search entries in line with its current state (added, changed or removed)."""
    SearchEntry = _entry_model()
    if SearchEntry is None:
        return 0
    service = Service.objects.select_related("provider", "service_type").filter(pk=service_pk).first()
    keys = []
    if service is not None:
        for key, fields in describe_service(service, catalogues if catalogues is not None else _catalogues()):
            SearchEntry.objects.update_or_create(source_key=key, defaults=fields)
            keys.append(key)
    stale = SearchEntry.objects.filter(source_key__startswith=f"{KEY_PREFIX}{service_pk}:").exclude(
        source_key__in=keys
    )
    for entry in stale:
        entry.delete()
    return len(keys)


def sync_territory(territory_pk):
    """Re-index every service of a territory's catalogue (after an import)."""
    territory = TerritoryHomePage.objects.filter(pk=territory_pk).first()
    if territory is None:
        return 0
    catalogues = _catalogues()
    count = 0
    for pk in Service.objects.in_territory(territory).values_list("pk", flat=True):
        count += sync_service(pk, catalogues)
    return count
