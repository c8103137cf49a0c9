"""Turn published content into SearchEntry rows, through the sources in search/registry.py.

Each source knows one kind of content: how to list everything of it (for a
rebuild) and how to describe one object as entries. An object that must not
be found (a draft, an unpublished page, an item no longer current) yields no
entries, and its stale entries are removed. The cms sources are registered
here (`register_cms_sources`, from SearchConfig.ready()); other apps register
theirs with `register_page` / `registry.register` in their own ready().
"""

import logging

from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backends_with_name

from cms.access import territory_of
from cms.models import (
    ChapterPage,
    EventPage,
    NewsPage,
    PlanPage,
    Publicity,
    StandardPage,
    StrategicItem,
    StrategicItemKind,
    StrategicPartPage,
    TriadaDocument,
)
from search import registry
from search.models import EntryKind, SearchEntry

logger = logging.getLogger(__name__)

# Keeps the tsvector of one entry well under PostgreSQL's 1 MB limit.
MAX_TEXT_CHARS = 500_000


def html_to_text(value):
    """Plain text of rich text or a StreamField, from Wagtail's searchable content (nothing is rendered)."""
    if value is None:
        return ""
    if hasattr(value, "stream_block"):
        parts = value.stream_block.get_searchable_content(value)
    elif hasattr(value, "source"):
        parts = [get_text_for_indexing(value.source)]
    else:
        parts = [get_text_for_indexing(str(value))]
    return " ".join(" ".join(str(part) for part in parts).split())


def _page_location(page):
    """(territory, root-relative path, site root URL) of a live page; read once per page instance."""
    if "_search_location" not in page.__dict__:
        site_id, root_url, path = page.get_url_parts() or (None, "", None)
        page._search_location = (territory_of(page), path, root_url or "")
    return page._search_location


def _page_is_public(page):
    """Live, and no view restriction (password, login, groups) on it or an ancestor; read once per instance."""
    if not page.live:
        return False
    if "_search_public" not in page.__dict__:
        restricted = PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exists()
        page._search_public = not restricted
    return page._search_public


def entry(key, **fields):
    """One (source key, SearchEntry fields) pair, with its texts cut to what the index takes."""
    fields["text"] = (fields.get("text") or "")[:MAX_TEXT_CHARS]
    fields["title"] = Truncator(fields.get("title") or "").chars(500)
    fields["meta"] = Truncator(fields.get("meta") or "").chars(500)
    return key, fields


def page_key(page):
    """The key prefix of a page's entries."""
    return f"page:{page.pk}"


def register_page(model, build, label=None):
    """Make `model` pages findable: `build(page, common, date)` returns the entries of a public page.

    `common` holds the fields every page entry shares (territory, url, site root, is_public),
    `date` the day of the last publication.
    """

    def describe(page):
        if not _page_is_public(page):
            return []
        territory, path, root_url = _page_location(page)
        if path is None:
            return []
        common = {"territory": territory, "url": path, "site_root_url": root_url, "is_public": True}
        date = page.last_published_at.date() if page.last_published_at else None
        return build(page, common, date)

    return registry.register(
        registry.SearchSource(
            model=model,
            label=label or model._meta.verbose_name_plural,
            key=page_key,
            describe=describe,
            queryset=lambda: model.objects.live().specific(),
        )
    )


def _chapter(page, common, date):
    plan = page.plan
    texts = [page.lead, html_to_text(page.body)]
    if isinstance(page, StrategicPartPage):
        texts.append(page.strategy_text())
    meta = _("Chapter %(number)s · %(plan)s") % {"number": page.number, "plan": plan.title if plan else ""}
    return [
        entry(
            page_key(page),
            kind=EntryKind.CHAPTER,
            title=page.numbered_title,
            text=" ".join(texts),
            meta=meta,
            body=page.responsible_group,
            date=date,
            year=plan.period_from if plan else (date.year if date else None),
            target_groups=sorted(page.target_groups.values_list("code", flat=True)),
            **common,
        )
    ]


def _plan(page, common, date):
    return [
        entry(
            page_key(page),
            kind=EntryKind.PLAN,
            title=page.title,
            text=html_to_text(page.summary),
            meta=_("Community plan %(period)s") % {"period": page.period_label},
            date=page.approval_date or date,
            year=page.period_from,
            **common,
        )
    ]


def _news(page, common, date):
    return [
        entry(
            page_key(page),
            kind=EntryKind.NEWS,
            title=page.title,
            text=f"{page.lead} {html_to_text(page.body)}",
            meta=_("News"),
            date=page.date,
            year=page.date.year,
            **common,
        )
    ]


def _event(page, common, date):
    start = page.start.date()
    return [
        entry(
            page_key(page),
            kind=EntryKind.EVENT,
            title=page.title,
            text=f"{page.place} {page.lead} {html_to_text(page.body)}",
            meta=_("Event · %(place)s") % {"place": page.place} if page.place else _("Event"),
            date=start,
            year=start.year,
            **common,
        )
    ]


def _standard_page(page, common, date):
    return [
        entry(
            page_key(page),
            kind=EntryKind.PAGE,
            title=page.title,
            text=f"{page.lead} {html_to_text(page.body)}",
            date=date,
            year=date.year if date else None,
            **common,
        )
    ]


def item_key(item):
    """The source key of a strategic item's entry, stable across renumbering (by pk)."""
    return f"item:{item.pk}"


def describe_item(item):
    """The search entry of a current item of a public strategic part, linking to the item (none otherwise)."""
    page = item.strategic_part
    if not item.is_current or not _page_is_public(page):
        return []
    territory, path, root_url = _page_location(page)
    if path is None:
        return []
    kind_label = StrategicItemKind(item.kind).label
    data = item.data or {}
    texts = [html_to_text(data.get("description", "")), data.get("responsible_organisation") or ""]
    texts += [indicator.get("name", "") for indicator in data.get("indicators") or []]
    plan = item.plan
    return [
        entry(
            item_key(item),
            kind=EntryKind.STRATEGIC_ITEM,
            title=f"{item.code} {item.title}",
            text=" ".join(texts),
            meta=f"{kind_label.capitalize()} {item.code} · {plan.title}",
            territory=territory,
            url=path + page.reverse_subpage("strategic_item", args=[item.code]),
            site_root_url=root_url,
            is_public=True,
            date=page.last_published_at.date() if page.last_published_at else None,
            year=data.get("year_from") or plan.period_from,
            target_groups=sorted(data.get("target_groups") or []),
        )
    ]


def document_key(document):
    """The source key of a document's entry."""
    return f"document:{document.pk}"


def describe_document(document):
    """The search entry of a library document, public or internal to its body, with its extracted text."""
    body = document.owning_body
    territory = territory_of(document)
    # Internal with no owning body: only superusers find it.
    is_public = document.publicity == Publicity.PUBLIC
    text = " ".join(part for part in (document.description, document.extracted_text) if part)
    return [
        entry(
            document_key(document),
            kind=EntryKind.DOCUMENT,
            title=document.title,
            text=text,
            meta=f"{document.get_document_type_display().capitalize()} · {document.file_extension_label}",
            territory=territory,
            body=body,
            is_public=is_public,
            url=document.url,
            site_root_url="",
            date=document.date,
            year=document.date.year if document.date else None,
            target_groups=sorted(body.target_groups.values_list("code", flat=True)) if body else [],
        )
    ]


def describe(obj):
    """The entries of `obj` from its registered source ([] for content search does not know)."""
    source = registry.source_for(obj.specific if isinstance(obj, Page) else obj)
    return source.describe(obj.specific if isinstance(obj, Page) else obj) if source else []


def key_prefix(obj):
    """The key prefix of `obj`'s entries."""
    source = registry.source_for(obj)
    return source.key(obj) if source else page_key(obj)


def sync_object(obj):
    """Make the entries of `obj` match what it is now; returns the number of entries kept."""
    return sync_objects([obj])


# Everything an upsert rewrites (all but the key and the primary key).
UPSERT_FIELDS = [field.name for field in SearchEntry._meta.concrete_fields if field.name not in ("id", "source_key")]


def upsert_entries(pairs, index=True):
    """Insert or update the (key, fields) entries in one statement per 500, then index them in bulk.

    No per-row save signals: one `add_bulk` per search backend instead of one index call (and one
    title-norm refresh over the whole index) per entry. `index=False` leaves indexing to the caller
    (a rebuild runs `update_index` once at the end).
    """
    now = timezone.now()
    # One row per key (the last description wins): an upsert may not touch a row twice.
    rows = [SearchEntry(source_key=key, updated_at=now, **fields) for key, fields in dict(pairs).items()]
    if not rows:
        return []
    entries = SearchEntry.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["source_key"], update_fields=UPSERT_FIELDS, batch_size=500
    )
    if index:
        index_entries(entries)
    return entries


def index_entries(entries):
    """Add or refresh `entries` in every auto-updated search backend, in bulk."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(SearchEntry, entries)
        except Exception:
            logger.exception("Indexing %s search entries in the '%s' backend failed", len(entries), name)
            if not backend.catch_indexing_errors:
                raise


def sync_objects(objs):
    """Make the entries of many objects match what they are now; returns the number of entries kept.

    A page and its followers (a strategic part's 150 activities) are described first, then
    upserted and indexed together, and their stale entries removed in one query.
    """
    pairs, prefixes = [], []
    for obj in objs:
        prefixes.append(key_prefix(obj))
        pairs += describe(obj)
    upsert_entries(pairs)
    kept = [key for key, _fields in pairs]
    if prefixes:
        remove_prefixes(prefixes, keep=kept)
    return len(kept)


def remove_prefixes(prefixes, keep=()):
    """Delete the entries under each prefix ("item:1" and "item:1:…", never "item:12") but `keep`."""
    condition = Q()
    for prefix in prefixes:
        condition |= Q(source_key=prefix) | Q(source_key__startswith=prefix + ":")
    # Deleted one by one: each delete removes the entry from the search index too (few are stale).
    for entry in SearchEntry.objects.filter(condition).exclude(source_key__in=list(keep)):
        entry.delete()


def remove_object(obj):
    """Delete every entry of `obj`."""
    remove_prefixes([key_prefix(obj)])


def iter_all_sources():
    """(label, queryset) for everything a rebuild indexes."""
    for source in registry.sources():
        yield source.label, source.queryset()


def register_cms_sources():
    """The sources of cms's content; called from SearchConfig.ready() (cms imports no app)."""
    register_page(ChapterPage, _chapter, _("chapters"))
    register_page(PlanPage, _plan, _("plans"))
    register_page(NewsPage, _news, _("news"))
    register_page(EventPage, _event, _("events"))
    register_page(StandardPage, _standard_page, _("pages"))
    registry.register(
        registry.SearchSource(
            model=StrategicItem,
            label=_("strategic items"),
            key=item_key,
            describe=describe_item,
            queryset=lambda: StrategicItem.objects.current().select_related("plan", "strategic_part"),
        )
    )
    registry.register(
        registry.SearchSource(
            model=TriadaDocument,
            label=_("documents"),
            key=document_key,
            describe=describe_document,
            queryset=lambda: TriadaDocument.objects.select_related("owning_body__territory", "plan"),
        )
    )
    # A strategic part's items are findable only while the part is published.
    registry.register_page_follower("cms.strategic_items", items_of_part)


def items_of_part(page_pk):
    """The part's items sharing one page instance, so its location and visibility are read once."""
    items = list(StrategicItem.objects.filter(strategic_part_id=page_pk).select_related("plan"))
    page = StrategicPartPage.objects.filter(pk=page_pk).first()
    for item in items:
        if page is not None:
            item.strategic_part = page
    return items
