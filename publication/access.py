"""What the public may see: the one place publication asks.

Every public route of this app (PDF, API, feeds, sitemap) filters through
these functions; documents go through the project's one access layer,
`cms.access`, as an anonymous visitor.
"""

from django.contrib.auth.models import AnonymousUser

from cms import access
from cms.models import TerritoryHomePage
from cms.sites import site_for_request


def site_territory(request):
    """The territory whose site serves `request` (or None)."""
    site = site_for_request(request)
    if site is None:
        return None
    return TerritoryHomePage.objects.live().filter(pk=site.root_page_id).first()


def public_pages(queryset):
    """Live pages without a view restriction or a draft above them (cms.access decides)."""
    return access.public_pages(queryset)


def is_public_page(page):
    """cms.access's rule for a public page, under the name publication's routes ask for."""
    return access.is_public_page(page)


def public_documents():
    """Documents an anonymous visitor may open (cms.access): internal ones never leave through here."""
    return access.documents_visible_to(AnonymousUser())


def documents_of_territory(territory):
    """cms.access's documents of a territory, for the API's territory filter."""
    return access.documents_of_territory(territory)
