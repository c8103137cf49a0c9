"""The plan (komunitní plán), its chapters and its strategic part."""

from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import ChapterBodyBlock, StrategyBlock


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan status", "draft")
    IN_REVIEW = "in_review", _("in review")
    CONSULTATION = "consultation", _("public consultation")
    ADOPTED = "adopted", _("adopted")
    ARCHIVED = "archived", _("archived")


class PlanPage(Page):
    """A community plan for a period; its chapters are its children."""

    period_from = models.PositiveSmallIntegerField(_("from year"))
    period_to = models.PositiveSmallIntegerField(_("to year"))
    summary = RichTextField(_("summary"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Filled by the review workflow when the council adopts the plan.
    approval_resolution_number = models.CharField(_("resolution number"), max_length=100, blank=True)
    approval_date = models.DateField(_("date of approval"), null=True, blank=True)
    approval_body = models.CharField(_("approved by"), max_length=255, blank=True)

    parent_page_types = ["cms.TerritoryHomePage"]
    subpage_types = ["cms.ChapterPage", "cms.StrategicPartPage"]

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("period_from"), FieldPanel("period_to")], heading=_("Period")),
        FieldPanel("summary"),
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("approval_resolution_number", read_only=True),
                FieldPanel("approval_date", read_only=True),
                FieldPanel("approval_body", read_only=True),
            ],
            heading=_("Approval by the council"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("period_from"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("community plan")
        verbose_name_plural = _("community plans")

    @property
    def period_label(self):
        return f"{self.period_from}–{self.period_to}"

    @property
    def territory(self):
        from .territory import TerritoryHomePage

        return TerritoryHomePage.objects.ancestor_of(self).first()

    def chapters(self):
        return ChapterPage.objects.child_of(self).live().public().order_by("number", "path")

    def strategic_part(self):
        return StrategicPartPage.objects.child_of(self).live().public().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = self.chapters()
        context["strategic_part"] = self.strategic_part()
        return context


class ChapterPage(Page):
    """One chapter of a plan, drafted by its responsible working group."""

    number = models.PositiveSmallIntegerField(_("chapter number"), default=1)
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences shown in the table of contents."))
    body = StreamField(ChapterBodyBlock(), blank=True, verbose_name=_("body"))
    responsible_group = models.ForeignKey(
        "cms.PlanningBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chapters",
        verbose_name=_("responsible group"),
    )
    target_groups = ParentalManyToManyField("cms.TargetGroup", blank=True, verbose_name=_("target groups"))

    parent_page_types = ["cms.PlanPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("lead"),
        FieldPanel("responsible_group"),
        FieldPanel("target_groups"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("number"),
        index.FilterField("responsible_group"),
    ]

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    @cached_property
    def plan(self):
        return PlanPage.objects.ancestor_of(self).first()

    @property
    def territory(self):
        plan = self.plan
        return plan.territory if plan else None

    @property
    def numbered_title(self):
        return f"{self.number}. {self.title}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["plan"] = self.plan
        if self.plan:
            siblings = list(self.plan.chapters())
            ids = [page.pk for page in siblings]
            if self.pk in ids:
                position = ids.index(self.pk)
                context["previous_chapter"] = siblings[position - 1] if position > 0 else None
                context["next_chapter"] = siblings[position + 1] if position + 1 < len(siblings) else None
        return context


class StrategicPartPage(RoutablePageMixin, ChapterPage):
    """The strategic part: priorities → measures → activities.

    It is a chapter, so it is revisioned and approved with the plan. Each item
    keeps its block id across revisions; `StrategicItem` mirrors the published
    tree so comments and monitoring can refer to items by code or id.
    """

    strategy = StreamField(StrategyBlock(), blank=True, verbose_name=_("priorities"))

    parent_page_types = ["cms.PlanPage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = ChapterPage.content_panels + [FieldPanel("strategy")]
    search_fields = ChapterPage.search_fields + [index.SearchField("strategy")]

    class Meta:
        verbose_name = _("strategic part")
        verbose_name_plural = _("strategic parts")

    def iter_items(self):
        """Yield (kind, code, block_id, parent_block_id, value) for every item, in order."""
        for priority in self.strategy:
            if priority.block_type != "priority":
                continue
            p_value = priority.value
            p_code = str(p_value["number"])
            yield "priority", p_code, priority.id, None, p_value
            for measure in p_value["measures"].bound_blocks:
                m_code = f"{p_code}.{measure.value['number']}"
                yield "measure", m_code, measure.id, priority.id, measure.value
                for activity in measure.value["activities"].bound_blocks:
                    a_code = f"{m_code}.{activity.value['number']}"
                    yield "activity", a_code, activity.id, measure.id, activity.value

    def find_item(self, code):
        for kind, item_code, block_id, _parent_id, value in self.iter_items():
            if item_code == code:
                return {"kind": kind, "code": item_code, "block_id": block_id, "value": value}
        return None

    @path("polozka/<str:code>/", name="strategic_item")
    def strategic_item_view(self, request, code):
        item = self.find_item(code)
        if item is None:
            raise Http404
        return render(
            request,
            "cms/strategic_item_page.html",
            {"page": self, "self": self, "item": item, "plan": self.plan},
        )
