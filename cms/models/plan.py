"""The plan (komunitní plán), its chapters and its strategic part."""

from django.db import connection, models
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.admin.strategy import STRATEGY_ENTRY_PANELS, StrategicPartPageForm, StrategyInlinePanel, StrategyScopePanel
from cms.blocks import ChapterBodyBlock

from .strategy import ordered_entries, taxonomy_loaded, validate_unique_codes
from .taxonomy import TargetGroup


class PlanStatus(models.TextChoices):
    """Where the plan stands in its cycle; the workflow sets it, so the public page never claims more than was decided."""

    DRAFT = "draft", pgettext_lazy("plan status", "draft")
    IN_REVIEW = "in_review", pgettext_lazy("plan status", "in review")
    CONSULTATION = "consultation", pgettext_lazy("plan status", "public consultation")
    ADOPTED = "adopted", pgettext_lazy("plan status", "adopted")
    ARCHIVED = "archived", pgettext_lazy("plan status", "archived")


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
        FieldPanel("status", read_only=True),
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

    # Set by the review cycle (workflows.review), never by an editor or a revision.
    CYCLE_FIELDS = ("status", "approval_resolution_number", "approval_date", "approval_body")

    def with_content_json(self, content):
        """A revision carries the status it was saved with; the plan keeps the one the cycle gave it since."""
        obj = super().with_content_json(content)
        for name in self.CYCLE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

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

    # Joined when the public routing fetches the chapter (cms/routing.py): the template shows it.
    public_select_related = ("responsible_group",)

    # What stays the page's own when a revision's text is shown (Wagtail's with_content_json keeps the same).
    PAGE_OWN_FIELDS = (
        "id",
        "content_type_id",
        "path",
        "depth",
        "numchild",
        "draft_title",
        "live",
        "has_unpublished_changes",
        "owner_id",
        "locked",
        "locked_by_id",
        "locked_at",
        "latest_revision_id",
        "latest_revision_created_at",
        "translation_key",
        "locale_id",
        "alias_of_id",
    )

    @cached_property
    def plan(self):
        return PlanPage.objects.ancestor_of(self).first()

    def with_public_content(self, content):
        """This chapter showing the text of a revision (`content`), for the public page under consultation.

        Wagtail's `with_content_json` (and `revision.as_object()`, which also
        fetches the page again) asks the database for every foreign key of the
        revision, the parent and the admin comments: six queries the public page
        does not need. The page keeps its identity, tree position, address and
        publication state; a foreign key of the revision that no longer exists
        reads as empty in a template (Django silences DoesNotExist there).
        """
        obj = type(self).from_serializable_data(content, check_fks=False)
        for name in self.PAGE_OWN_FIELDS:
            setattr(obj, name, getattr(self, name))
        obj.pk = self.pk
        obj.url_path = self.url_path
        if obj.first_published_at is None:
            obj.first_published_at = self.first_published_at
        if self.is_cached_fk("content_type"):
            obj.content_type = self.content_type
        if obj.responsible_group_id == self.responsible_group_id and self.is_cached_fk("responsible_group"):
            obj.responsible_group = self.responsible_group
        return obj

    def is_cached_fk(self, name):
        """True when the related object of foreign key `name` is already loaded (no query to read it)."""
        return self._meta.get_field(name).is_cached(self)

    @property
    def territory(self):
        plan = self.plan
        return plan.territory if plan else None

    @property
    def numbered_title(self):
        return f"{self.number}. {self.title}"

    def _plan_from_chain(self, request):
        """The plan as found by the one-query routing (cms/routing.py), so the page costs no ancestor query."""
        chain = getattr(request, "_triada_chain", None)
        if chain and len(chain) >= 2 and chain[-1].pk == self.pk and chain[-2].specific_class is PlanPage:
            return chain[-2]
        return None

    def _public_siblings(self, plan):
        """The plan's live chapters the visitor may open, in order, for the previous/next links.

        Only when the page is not served by the one-query routing (previews,
        other callers); the routed page takes `_routed_neighbours`.
        """
        from cms.access import public_pages_for

        chapters = ChapterPage.objects.child_of(plan).order_by("number", "path")
        return list(public_pages_for(chapters).only("id", "title", "number", "path", "depth", "url_path"))

    def _routed_neighbours(self, plan):
        """(previous chapter, next chapter, target groups) of a chapter served by the one-query routing.

        Every page above was checked by the routing already, so only each
        sibling's own view restriction is left to ask. One plain SQL statement
        gives the siblings and this chapter's target groups: the ORM's queries
        cost more Python time to build than the database took to answer, and
        only the two neighbours become page objects.
        """
        with connection.cursor() as cursor:
            cursor.execute(ROUTED_NEIGHBOURS_SQL, [f"{plan.path}%", plan.depth + 1, self.pk])
            rows = cursor.fetchall()
        chapters = [row[1:] for row in rows if row[0] == "chapter"]
        groups = [TargetGroup(id=row[1], name=row[2]) for row in rows if row[0] == "group"]
        previous, following = (
            ChapterPage(id=row[0], title=row[1], url_path=row[2], number=row[3]) if row else None
            for row in _previous_and_next([row[0] for row in chapters], self.pk, chapters)
        )
        return previous, following, groups

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        routed_plan = self._plan_from_chain(request)
        # A base Page from the chain: the template needs its title and URL only.
        plan = routed_plan or self.plan
        context["plan"] = plan
        if routed_plan is not None:
            previous, following, groups = self._routed_neighbours(plan)
            context["previous_chapter"], context["next_chapter"] = previous, following
            if request._triada_chain[-1] is self:  # the live page; a revision's text carries its own groups
                context["target_groups"] = groups
        elif plan:
            siblings = self._public_siblings(plan)
            ids = [page.pk for page in siblings]
            context["previous_chapter"], context["next_chapter"] = _previous_and_next(ids, self.pk, siblings)
        if "target_groups" not in context:
            # A preview or a revision's text (consultation): the groups it carries, not the live ones.
            context["target_groups"] = list(self.target_groups.all())
        return context


def _previous_and_next(ids, pk, items):
    """The items before and after the one whose id is `pk` (None at either end, or when it is not there)."""
    if pk not in ids:
        return None, None
    position = ids.index(pk)
    return (
        items[position - 1] if position > 0 else None,
        items[position + 1] if position + 1 < len(items) else None,
    )


# The chapters of a plan (path prefix and depth) without a view restriction of their own, in order,
# then the chapter's target groups in their order; SQLite (the embedded default) runs it too.
ROUTED_NEIGHBOURS_SQL = """
    SELECT kind, id, title, url_path, number FROM (
        SELECT 'chapter' AS kind, p.id, p.title, p.url_path, c.number,
               row_number() OVER (ORDER BY c.number, p.path) AS position
        FROM wagtailcore_page p JOIN cms_chapterpage c ON c.page_ptr_id = p.id
        WHERE p.path LIKE %s AND p.depth = %s AND p.live
          AND NOT EXISTS (SELECT 1 FROM wagtailcore_pageviewrestriction r WHERE r.page_id = p.id)
        UNION ALL
        SELECT 'group', g.id, g.name, NULL, NULL, row_number() OVER (ORDER BY g.sort_order, g.name)
        FROM cms_targetgroup g JOIN cms_chapterpage_target_groups t ON t.targetgroup_id = g.id
        WHERE t.chapterpage_id = %s
    ) rows ORDER BY kind, position
"""


class StrategicPartPage(RoutablePageMixin, ChapterPage):
    """The strategic part: priorities → measures → activities.

    It is a chapter, so it is revisioned and approved with the plan. Its
    items are `StrategyEntry` children (in every revision); the editor posts
    one level of the tree at a time (cms/admin/strategy.py) so a real plan of
    150 activities saves quickly and under the field limits. `StrategicItem`
    mirrors the published tree for the other apps.
    """

    parent_page_types = ["cms.PlanPage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = ChapterPage.content_panels + [
        StrategyScopePanel(heading=_("Priorities, measures and activities")),
        StrategyInlinePanel("strategy_entries", panels=STRATEGY_ENTRY_PANELS, label=_("item of the strategy")),
    ]
    search_fields = ChapterPage.search_fields + [index.SearchField("strategy_text")]
    base_form_class = StrategicPartPageForm

    class Meta:
        verbose_name = _("strategic part")
        verbose_name_plural = _("strategic parts")

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        with taxonomy_loaded():
            return super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)

    def clean(self):
        super().clean()
        validate_unique_codes(self.strategy_entries.all())

    def ordered_entries(self):
        """(code, entry) in reading order, cached per instance (drafts read from the revision)."""
        cached = getattr(self, "_ordered_entries", None)
        if cached is None:
            entries = self.strategy_entries.all()
            if hasattr(entries, "prefetch_related") and not getattr(entries, "_result_cache", None):
                entries = entries.prefetch_related("target_groups", "service_types")
            cached = self._ordered_entries = ordered_entries(entries)
        return cached

    def iter_items(self):
        """Yield (kind, code, uid, parent_uid, value) for every item, in reading order (cached per instance)."""
        items = getattr(self, "_items", None)
        if items is None:
            items = self._items = [
                (entry.kind, code, entry.uid, entry.parent_uid, entry.as_value())
                for code, entry in self.ordered_entries()
            ]
        return iter(items)

    def find_item(self, code):
        for kind, item_code, uid, _parent_uid, value in self.iter_items():
            if item_code == code:
                return {"kind": kind, "code": item_code, "block_id": uid, "value": value}
        return None

    def strategy_text(self):
        """Plain text of every item, for the search index (read straight from the entries: it runs on every save)."""
        parts = []
        for code, entry in self.ordered_entries():
            parts.append(f"{code} {entry.title} {strip_tags(entry.description or '')}")
            if entry.responsible_organisation:
                parts.append(entry.responsible_organisation)
        return "\n".join(parts)

    def item_url(self, code, request=None):
        """The address of one item's own page (…/polozka/<code>/); None while this part has no URL."""
        base = self.get_url(request=request)
        return base + self.reverse_subpage("strategic_item", args=[code]) if base else None

    @path("polozka/<str:code>/", name="strategic_item")
    def strategic_item_view(self, request, code):
        item = self.find_item(code)
        if item is None:
            moved = self.renumbered_item(code)
            if moved is not None:
                return redirect(self.item_url(moved.code, request=request), permanent=True)
            raise Http404
        return render(
            request,
            "cms/strategic_item_page.html",
            {"page": self, "self": self, "item": item, "plan": self.plan},
        )

    def renumbered_item(self, old_code):
        """The current item that was published under `old_code` before renumbering."""
        from .strategy import StrategicItem

        for item in StrategicItem.objects.filter(strategic_part=self).current().exclude(previous_codes=[]):
            if old_code in item.previous_codes:
                return item
        return None
