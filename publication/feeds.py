"""Atom feeds of a territory: news, public consultations and meetings.

Each feed is per territory (the request's site) and carries only what the
public site shows: live public pages, consultations already open, meetings of
public bodies. Apps that may be missing (workflows, meetings) are optional.
"""

import datetime

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cms.models import NewsPage, PlanPage

from .access import public_pages, site_territory

FEED_LENGTH = 30


def _aware(value):
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        return timezone.make_aware(datetime.datetime.combine(value, datetime.time(12, 0)))
    return timezone.now()


class TerritoryFeed(Feed):
    """Common parts: the territory as the feed's author, absolute links on its own host."""

    feed_type = Atom1Feed
    title_suffix = ""

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request, *args, **kwargs):
        territory = site_territory(request)
        if territory is None:
            raise Http404
        return territory

    def title(self, territory):
        return f"{territory.display_name}: {self.title_suffix}"

    def link(self, territory):
        return territory.get_url(self.request) or "/"

    def feed_url(self, territory):
        return self.request.build_absolute_uri(self.request.path)

    def author_name(self, territory):
        return territory.display_name

    def subtitle(self, territory):
        return self.title(territory)

    def item_author_name(self, item):
        return self._territory_name

    def get_feed(self, obj, request):
        self._territory_name = obj.display_name
        return super().get_feed(obj, request)


class NewsFeed(TerritoryFeed):
    """Atom feed of a territory's news."""

    title_suffix = _("news")

    def items(self, territory):
        return public_pages(NewsPage.objects.descendant_of(territory)).order_by("-date", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or Truncator(strip_tags(item.body)).words(60)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return _aware(item.first_published_at or item.date)

    def item_updateddate(self, item):
        return _aware(item.last_published_at or item.date)


class ConsultationFeed(TerritoryFeed):
    """Atom feed of a territory's public consultations (empty where workflows is not installed)."""

    title_suffix = _("public consultations")

    def items(self, territory):
        if not apps.is_installed("workflows"):
            return []
        from workflows.models.consultation import Consultation

        plans = public_pages(PlanPage.objects.descendant_of(territory))
        return Consultation.objects.public().filter(plan__in=plans).order_by("-starts_at")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        starts = timezone.localtime(item.starts_at).strftime("%-d. %-m. %Y")
        ends = timezone.localtime(item.ends_at).strftime("%-d. %-m. %Y %H:%M")
        return _("Comments accepted from %(starts)s until %(ends)s.") % {"starts": starts, "ends": ends}

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.starts_at

    def item_updateddate(self, item):
        return item.closed_at or item.starts_at


class MeetingFeed(TerritoryFeed):
    """Atom feed of a territory's public meetings (empty where meetings is not installed)."""

    title_suffix = _("meetings")

    def items(self, territory):
        if not apps.is_installed("meetings"):
            return []
        from meetings.models import MeetingPage

        return (
            MeetingPage.objects.descendant_of(territory)
            .publicly_listed()
            .select_related("body")
            .order_by("-start")[:FEED_LENGTH]
        )

    def item_title(self, item):
        start = timezone.localtime(item.start).strftime("%-d. %-m. %Y %H:%M")
        return f"{item.title} ({start})"

    def item_description(self, item):
        return f"{item.body.name}, {item.place}. " + Truncator(strip_tags(item.agenda)).words(60)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return _aware(item.first_published_at)

    def item_updateddate(self, item):
        return _aware(item.last_published_at or item.first_published_at)
