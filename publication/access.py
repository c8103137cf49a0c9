"""What the public may see: the one place publication asks, until cms/access.py exists.

Every public route of this app (PDF, API, feeds, sitemap) filters through
these functions; when the security engineer's `cms.access` lands, switch the
bodies over to it and nothing else changes.
"""

from wagtail.models import Page, Site

from cms.models import TerritoryHomePage, TriadaDocument


def site_territory(request):
    """The territory whose site serves `request` (or None)."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return TerritoryHomePage.objects.live().filter(pk=site.root_page_id).first()


def public_pages(queryset):
    """Live pages without a view restriction on them or an ancestor."""
    return queryset.live().public()


def is_public_page(page):
    return bool(page.live) and public_pages(Page.objects.filter(pk=page.pk)).exists()


def public_documents():
    """Documents marked public. Internal ones belong to a body and never leave through here."""
    return TriadaDocument.objects.public()
