"""The public catalogue of one territory: a page with routes for the filtered
list, each service, the life-situation entry point, the PDF and open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page


class CatalogueIndexPage(RoutablePageMixin, Page):
    """One per territory, because the services a citizen can use depend on where they live: the
    page gives the catalogue its place in the territory's tree (URL, menu, editor's intro), while
    its routes list `catalogue.Service` rows, which are too many to be pages of their own."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    situations_intro = models.TextField(
        _("life situations introduction"),
        blank=True,
        default="",
        help_text=_("Plain language, shown above the list of situations."),
    )

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("situations_intro"),
        InlinePanel("situation_prompts", label=_("life situations in plain language")),
    ]

    class Meta:
        verbose_name = _("catalogue of services")
        verbose_name_plural = _("catalogues of services")

    @property
    def territory(self):
        from cms.models import TerritoryHomePage

        return TerritoryHomePage.objects.ancestor_of(self).first()

    @path("")
    def index_route(self, request):
        from catalogue.views import catalogue_index

        return catalogue_index(request, self)

    @path("sluzba/<int:pk>/")
    def service_route(self, request, pk):
        from catalogue.views import service_detail

        return service_detail(request, self, pk)

    @path("zivotni-situace/")
    def situations_route(self, request):
        from catalogue.views import situations

        return situations(request, self)

    @path("pdf/")
    def pdf_route(self, request):
        from catalogue.views import catalogue_pdf

        return catalogue_pdf(request, self)

    @path("otevrena-data/csv/")
    def csv_route(self, request):
        from catalogue.views import open_data_csv

        return open_data_csv(request, self)

    @path("otevrena-data/json/")
    def json_route(self, request):
        from catalogue.views import open_data_json

        return open_data_json(request, self)


class SituationPrompt(Orderable):
    """A life situation as people say it ("I care for my mother with dementia")."""

    page = ParentalKey(CatalogueIndexPage, on_delete=models.CASCADE, related_name="situation_prompts")
    life_situation = models.ForeignKey(
        "cms.LifeSituation", on_delete=models.CASCADE, related_name="+", verbose_name=_("life situation")
    )
    question = models.CharField(_("in plain language"), max_length=255)
    hint = models.TextField(_("what can help"), blank=True)

    panels = [FieldPanel("life_situation"), FieldPanel("question"), FieldPanel("hint")]

    class Meta(Orderable.Meta):
        verbose_name = _("life situation in plain language")
        verbose_name_plural = _("life situations in plain language")

    def __str__(self):
        return self.question


class CataloguePdf(models.Model):
    """The printable catalogue, generated in the background and kept while
    the data it was made from (`data_version`) is current."""

    page = models.ForeignKey(CatalogueIndexPage, on_delete=models.CASCADE, related_name="pdfs")
    data_version = models.CharField(max_length=64)
    file = models.FileField(upload_to="catalogue/pdf/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "data_version"], name="unique_catalogue_pdf_version")]

    def __str__(self):
        return f"{self.page} {self.data_version[:12]}"
