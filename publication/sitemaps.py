"""sitemap.xml per territory, built on Wagtail's sitemap.

Wagtail lists the live pages without view restrictions under the request's
site root. A live page under an unpublished parent (a chapter of a draft plan)
would still be listed; the public does not reach it through the site's
navigation, so it is left out here, as are meetings of bodies the public site does not list.
"""

from django.apps import apps
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


class TerritorySitemap(Sitemap):
    """Only live, public pages of the request's own site, none below a draft."""

    def items(self):
        pages = super().items()
        root = self.get_wagtail_site().root_page
        for path in root.get_descendants().filter(live=False).values_list("path", flat=True):
            pages = pages.exclude(path__startswith=path)
        if apps.is_installed("meetings"):
            from meetings.models import MeetingPage

            # Meetings of bodies hidden from the public site are not listed there either.
            pages = pages.exclude(pk__in=MeetingPage.objects.filter(body__is_public=False).values("pk"))
        return pages


def sitemap(request):
    response = wagtail_sitemap(
        request, sitemaps={"pages": TerritorySitemap(request)}, template_name="publication/sitemap.xml"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
