"""What the public search reads, extracted file texts, and index updates owed.

`SearchEntry` is one row per thing a person can find (a chapter, a strategic
item, a meeting, a news item, a document), denormalised with everything the
results page shows and filters on (territory, body, year, target groups,
whether it is public). It is indexed by whichever Wagtail search backend is
configured, so PostgreSQL, SQLite and Elasticsearch all answer the same
question, and the results page needs no further query per hit.
"""

from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from cms.models.media import ExtractionStatus


class EntryKind(models.TextChoices):
    """The kinds of result a visitor can filter by."""

    CHAPTER = "chapter", _("Plan chapter")
    STRATEGIC_ITEM = "strategic_item", _("Priority, measure or activity")
    PLAN = "plan", _("Community plan")
    MEETING = "meeting", _("Meeting and minutes")
    NEWS = "news", _("News")
    EVENT = "event", _("Event")
    DOCUMENT = "document", _("Document")
    PAGE = "page", _("Page")


class SearchEntryQuerySet(models.QuerySet):
    """`visible_to()`: what a user may find, so every search path applies the same rule."""

    def visible_to(self, user, territory_ids=None):
        """Public entries, plus the internal ones of bodies whose internals `user` may see."""
        from cms.access import bodies_with_visible_internals, is_active_user

        if is_active_user(user) and user.is_superuser:
            return self
        visible = models.Q(is_public=True)
        if is_active_user(user):
            visible |= models.Q(is_public=False, body__in=bodies_with_visible_internals(user))
        return self.filter(visible)


class SearchEntry(index.Indexed, models.Model):
    """One findable thing (chapter, item, meeting, document …) described once for search: its text, where it
    belongs and who may see it, so every backend searches one table and results need no per-type code.
    """

    source_key = models.CharField(_("source"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=EntryKind.choices)
    territory = models.ForeignKey(
        "cms.TerritoryHomePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("territory"),
    )
    body = models.ForeignKey(
        "cms.PlanningBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("body"),
    )
    is_public = models.BooleanField(_("public"), default=True)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    meta = models.CharField(_("context"), max_length=500, blank=True)
    # Root-relative path on the territory's site; `site_root_url` makes it absolute for other sites.
    url = models.CharField(_("address"), max_length=1000)
    site_root_url = models.CharField(max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("meta"),
        index.SearchField("text"),
        index.FilterField("kind"),
        index.FilterField("territory"),
        index.FilterField("body"),
        index.FilterField("is_public"),
        index.FilterField("year"),
        index.FilterField("date"),
        index.FilterField("target_groups"),  # aggregated as a facet on Elasticsearch/OpenSearch
    ]

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            models.Index(fields=["kind", "territory"]),
            # Wagtail joins its index rows on `object_id = id::varchar(50)`: this lets PostgreSQL
            # look each matched row up instead of scanning every entry (national scale).
            models.Index(Cast("id", models.CharField(max_length=50)), name="search_entry_id_as_text"),
        ]

    def __str__(self):
        return self.title

    def url_for(self, territory_id=None):
        """The root-relative URL on its own site, an absolute one from another site."""
        if territory_id == self.territory_id or not self.site_root_url or self.url.startswith("http"):
            return self.url
        return self.site_root_url.rstrip("/") + self.url


class ExtractedText(models.Model):
    """The text of one file content, by hash, so the same file is never read twice."""

    file_hash = models.CharField(_("hash"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=ExtractionStatus.choices)
    text = models.TextField(_("text"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    truncated = models.BooleanField(_("truncated"), default=False)
    seconds = models.FloatField(_("duration (s)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extracted text")
        verbose_name_plural = _("extracted texts")

    def __str__(self):
        return f"{self.file_hash} ({self.status})"


class IndexAction(models.TextChoices):
    """What a pending index update must do when it is replayed: add/update or remove."""

    UPDATE = "update", _("add or update")
    DELETE = "delete", _("remove")


class PendingIndexUpdate(models.Model):
    """An index update an external search server refused (e.g. Elasticsearch was down).

    Written by `search.backends.elasticsearch8` when a call fails, replayed by
    the `search.tasks.retry_pending_index_updates` task until it succeeds, so
    publishing never waits for the search server and the index catches up.
    """

    backend_name = models.CharField(max_length=100, default="default")
    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=100)
    action = models.CharField(max_length=10, choices=IndexAction.choices, default=IndexAction.UPDATE)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["backend_name", "model_label", "object_pk"], name="unique_pending_update")
        ]
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")

    def __str__(self):
        return f"{self.action} {self.model_label}:{self.object_pk} ({self.backend_name})"


class PendingPageSync(models.Model):
    """A page whose search entries (and its followers', e.g. a strategic part's items) are owed.

    Written in the publishing transaction, deleted by `search.tasks.sync_page_entries` once the
    entries match the page; `sync_pending_pages` (beat) picks up any whose task was lost
    (Redis down, worker killed), so publishing returns at once and nothing is lost.
    """

    page_id = models.PositiveIntegerField(unique=True)  # not a foreign key: a deleted page leaves nothing to sync
    requested_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search update owed for a page")
        verbose_name_plural = _("search updates owed for pages")

    def __str__(self):
        return f"page {self.page_id} ({self.requested_at:%Y-%m-%d %H:%M})"
