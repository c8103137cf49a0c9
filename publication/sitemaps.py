"""sitemap.xml per territory: Wagtail's sitemap, which lists the live pages
without view restrictions under the request's site root only."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class TerritorySitemap(Sitemap):
    """Only live, public pages of the request's own site (Site.find_for_request)."""


def sitemap(request):
    response = wagtail_sitemap(
        request, sitemaps={"pages": TerritorySitemap(request)}, template_name="publication/sitemap.xml"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
