"""News, events and the simple pages every municipal portal has."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import ChapterBodyBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


class NewsIndexPage(Page):
    """A territory's news and events, newest first: one index per territory, so the public finds one place."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = ["cms.NewsPage", "cms.EventPage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = NewsPage.objects.child_of(self).live().public().order_by("-date")
        now = timezone.now()
        context["upcoming_events"] = (
            EventPage.objects.child_of(self).live().public().filter(start__gte=now).order_by("start")
        )
        context["past_events"] = (
            EventPage.objects.child_of(self).live().public().filter(start__lt=now).order_by("-start")[:10]
        )
        return context


class NewsPage(Page):
    """One piece of news or a press release of the territory, dated by its own date rather than by publication."""

    date = models.DateField(_("date"), default=timezone.localdate)
    lead = models.TextField(_("lead"), blank=True)
    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)
    is_press_release = models.BooleanField(_("press release"), default=False)

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("is_press_release"),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class EventPage(Page):
    """A public event, such as a workshop or a public hearing."""

    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    lead = models.TextField(_("lead"), blank=True)
    body = RichTextField(_("text"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("place")], heading=_("When and where")
        ),
        FieldPanel("lead"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class ContactPage(Page):
    """Contacts of a territory: the coordinator (from the territory) and the bodies."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    office_hours = models.TextField(_("office hours"), blank=True)

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("office_hours")]

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_context(self, request, *args, **kwargs):
        from .territory import TerritoryHomePage

        context = super().get_context(request, *args, **kwargs)
        territory = TerritoryHomePage.objects.ancestor_of(self).first()
        context["territory"] = territory
        context["bodies"] = territory.bodies.public() if territory else []
        return context


class StandardPage(Page):
    """A plain page: about the planning, the accessibility statement, and the like."""

    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(ChapterBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["cms.TerritoryHomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
