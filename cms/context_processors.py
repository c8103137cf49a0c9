"""Make the territory of the current site available to every template."""

from wagtail.models import Site


def territory(request):
    from cms.models import TerritoryHomePage

    site = Site.find_for_request(request)
    current = None
    if site is not None:
        current = TerritoryHomePage.objects.filter(pk=site.root_page_id).first()
    return {"current_territory": current}
