"""sitemap.xml per territory, built on Wagtail's sitemap.

Wagtail lists the live pages without view restrictions under the request's
site root; `cms.access.public_pages` also leaves out a live page under an
unpublished parent (a chapter of a draft plan). Meetings of bodies the public
site does not list are left out, and each current item of a public strategic
part gets its own entry (…/polozka/<code>/), as search engines find them.
"""

from django.apps import apps
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cms.models import StrategicItem, StrategicPartPage

from .access import public_pages


class TerritorySitemap(Sitemap):
    """Only live, public pages of the request's own site, none below a draft, plus strategic items."""

    def items(self):
        pages = public_pages(super().items())
        if apps.is_installed("meetings"):
            from meetings.models import MeetingPage

            # Meetings of bodies hidden from the public site are not listed there either.
            pages = pages.exclude(pk__in=MeetingPage.objects.filter(body__is_public=False).values("pk"))
        return pages

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        parts = {
            item.pk: item for item in self.paginator.page(page).object_list if isinstance(item, StrategicPartPage)
        }
        if not parts:
            return urls
        items = (
            StrategicItem.objects.current()
            .filter(strategic_part__in=list(parts))
            .order_by("strategic_part", "sort_order")
        )
        for item in items.only("code", "strategic_part_id"):
            part = parts[item.strategic_part_id]
            base = part.get_full_url(self.request)
            if base:
                urls.append(
                    {
                        "location": base + part.reverse_subpage("strategic_item", args=[item.code]),
                        "lastmod": part.last_published_at,
                    }
                )
        return urls


def sitemap(request):
    """The site's sitemap.xml of public pages (and current strategic items), cached for an hour."""
    response = wagtail_sitemap(
        request, sitemaps={"pages": TerritorySitemap(request)}, template_name="publication/sitemap.xml"
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
