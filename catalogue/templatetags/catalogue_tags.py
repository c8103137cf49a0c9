"""Template tags the catalogue offers to other templates (the strategic item page)."""

from django import template

from catalogue.models import CatalogueIndexPage, Service
from cms.models import StrategicItem, TerritoryHomePage

register = template.Library()


@register.simple_tag
def services_for_item(strategic_part, code):
    """(service, URL) of the public services that take part in the activity `code` of a strategic part."""
    item = StrategicItem.objects.filter(strategic_part=strategic_part, code=code, is_current=True).first()
    if item is None:
        return []
    territory = TerritoryHomePage.objects.ancestor_of(strategic_part).first()
    catalogue = CatalogueIndexPage.objects.live().descendant_of(territory).first() if territory else None
    if catalogue is None:
        return []
    base = catalogue.get_url()
    services = Service.objects.public().filter(activities=item).select_related("provider").order_by("name")
    return [(service, f"{base}sluzba/{service.pk}/") for service in services]
