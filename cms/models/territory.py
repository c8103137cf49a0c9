"""Territories: each is a Wagtail Site whose root is a TerritoryHomePage."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


class TerritoryKind(models.TextChoices):
    """What kind of territory plans (ORP, microregion, other); shown above the name on its home page."""

    ORP = "orp", _("municipality with extended powers (ORP)")
    MICROREGION = "microregion", _("microregion")
    OTHER = "other", _("other territory")


class TerritoryHomePage(Page):
    """The home page of one territory that plans its social services."""

    kind = models.CharField(
        _("kind of territory"), max_length=20, choices=TerritoryKind.choices, default=TerritoryKind.ORP
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    municipalities = ParentalManyToManyField("cms.Municipality", blank=True, verbose_name=_("municipalities"))
    coordinator_name = models.CharField(_("coordinator"), max_length=255, blank=True)
    coordinator_email = models.EmailField(_("coordinator e-mail"), blank=True)
    coordinator_phone = models.CharField(_("coordinator phone"), max_length=50, blank=True)
    coordinator_address = models.TextField(_("office address"), blank=True)
    funding_statement = RichTextField(_("funding statement"), blank=True, features=["bold", "italic", "link"])
    coordinator_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_territories",
        verbose_name=_("coordinators' user group"),
    )
    # Linked, not looked up by name: renaming a territory must not orphan its documents.
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collection of documents and images"),
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accessibility statement"),
        help_text=_("The page the footer links as the accessibility statement (Act No. 99/2019 Coll.)."),
    )

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("short_name"),
        FieldPanel("intro"),
        FieldPanel("municipalities"),
        MultiFieldPanel(
            [
                FieldPanel("coordinator_name"),
                FieldPanel("coordinator_email"),
                FieldPanel("coordinator_phone"),
                FieldPanel("coordinator_address"),
            ],
            heading=_("Coordinator"),
        ),
        FieldPanel("funding_statement"),
        InlinePanel("partner_logos", label=_("partner logos")),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("coordinator_group"),
        FieldPanel("collection"),
        FieldPanel("accessibility_statement"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("territory home page")
        verbose_name_plural = _("territory home pages")

    @property
    def display_name(self):
        return self.short_name or self.title

    def get_context(self, request, *args, **kwargs):
        from .news import NewsPage
        from .plan import PlanPage

        context = super().get_context(request, *args, **kwargs)
        context["plans"] = PlanPage.objects.live().public().descendant_of(self).order_by("-period_from")
        context["latest_news"] = NewsPage.objects.live().public().descendant_of(self).order_by("-date")[:3]
        context["bodies"] = self.bodies.public()
        return context


class PartnerLogo(Orderable):
    """A partner shown with the funding statement on the home page; a row of its own so the coordinator orders and links partners."""

    page = ParentalKey(TerritoryHomePage, on_delete=models.CASCADE, related_name="partner_logos")
    name = models.CharField(_("partner"), max_length=255)
    logo = models.ForeignKey(
        "cms.TriadaImage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("logo")
    )
    url = models.URLField(_("web address"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("logo"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner logo")
        verbose_name_plural = _("partner logos")

    def __str__(self):
        return self.name
