"""Turn published content into SearchEntry rows.

Each source knows one kind of content: how to list everything of it (for a
rebuild) and how to describe one object as entries. An object that must not
be found (a draft, an unpublished page, an item no longer current) yields no
entries, and its stale entries are removed. The meetings app is optional:
its source is used only when the app is installed.
"""

import logging

from django.apps import apps
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

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
from search.models import EntryKind, SearchEntry

logger = logging.getLogger(__name__)

# Keeps the tsvector of one entry well under PostgreSQL's 1 MB limit.
MAX_TEXT_CHARS = 500_000


def html_to_text(value):
    """Plain text of rich text or a StreamField, with block boundaries kept as spaces."""
    if value is None:
        return ""
    if hasattr(value, "render_as_block"):
        html = str(value.render_as_block())
    elif hasattr(value, "source"):
        html = value.source
    else:
        html = str(value)
    html = html.replace("<", " <")
    return " ".join(strip_tags(html).split())


def _page_location(page):
    """(territory, root-relative path, site root URL) of a live page."""
    site_id, root_url, path = page.get_url_parts() or (None, "", None)
    territory = territory_of(page)
    return territory, path, root_url or ""


def _page_is_public(page):
    """Live, and no view restriction (password, login, groups) on it or an ancestor."""
    if not page.live:
        return False
    return not PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True)).exists()


def _entry(key, **fields):
    fields["text"] = (fields.get("text") or "")[:MAX_TEXT_CHARS]
    fields["title"] = Truncator(fields.get("title") or "").chars(500)
    fields["meta"] = Truncator(fields.get("meta") or "").chars(500)
    return key, fields


def page_key(page):
    return f"page:{page.pk}"


def describe_page(page):
    """Entries for one page (the specific instance)."""
    if not _page_is_public(page):
        return []
    territory, path, root_url = _page_location(page)
    if path is None:
        return []
    common = {"territory": territory, "url": path, "site_root_url": root_url, "is_public": True}
    date = page.last_published_at.date() if page.last_published_at else None
    if isinstance(page, ChapterPage):
        plan = page.plan
        texts = [page.lead, html_to_text(page.body)]
        if isinstance(page, StrategicPartPage):
            texts.append(page.strategy_text())
        meta = _("Chapter %(number)s · %(plan)s") % {"number": page.number, "plan": plan.title if plan else ""}
        return [
            _entry(
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
    if isinstance(page, PlanPage):
        return [
            _entry(
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
    if isinstance(page, NewsPage):
        return [
            _entry(
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
    if isinstance(page, EventPage):
        start = page.start.date()
        return [
            _entry(
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
    if isinstance(page, StandardPage):
        return [
            _entry(
                page_key(page),
                kind=EntryKind.PAGE,
                title=page.title,
                text=f"{page.lead} {html_to_text(page.body)}",
                date=date,
                year=date.year if date else None,
                **common,
            )
        ]
    meeting_page_model = _meeting_page_model()
    if meeting_page_model is not None and isinstance(page, meeting_page_model):
        return describe_meeting(page, common)
    return []


def _meeting_page_model():
    if not apps.is_installed("meetings"):
        return None
    try:
        return apps.get_model("meetings", "MeetingPage")
    except LookupError:
        return None


def describe_meeting(meeting, common):
    """The announcement, and the minutes once approved (public or internal to the body)."""
    body = meeting.body
    start = meeting.start.date()
    announcement_public = bool(body.is_public)
    entries = [
        _entry(
            page_key(meeting),
            kind=EntryKind.MEETING,
            title=meeting.title,
            text=f"{meeting.place} {html_to_text(meeting.agenda)}",
            meta=_("Meeting · %(body)s") % {"body": body.name},
            body=body,
            date=start,
            year=start.year,
            target_groups=sorted(body.target_groups.values_list("code", flat=True)),
            **{**common, "is_public": announcement_public},
        )
    ]
    if meeting.minutes_approved and meeting.has_minutes:
        resolutions = " ".join(resolution.text for resolution in meeting.resolutions.all())
        minutes_public = announcement_public and meeting.minutes_publicity == Publicity.PUBLIC
        entries.append(
            _entry(
                f"{page_key(meeting)}:minutes",
                kind=EntryKind.MEETING,
                title=_("Minutes: %(title)s") % {"title": meeting.title},
                text=f"{html_to_text(meeting.minutes)} {resolutions}",
                meta=_("Minutes · %(body)s") % {"body": body.name},
                body=body,
                date=start,
                year=start.year,
                target_groups=sorted(body.target_groups.values_list("code", flat=True)),
                **{**common, "url": meeting.minutes_url(), "is_public": minutes_public},
            )
        )
    return entries


def item_key(item):
    return f"item:{item.pk}"


def describe_item(item):
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
        _entry(
            item_key(item),
            kind=EntryKind.STRATEGIC_ITEM,
            title=f"{item.code} {item.title}",
            text=" ".join(texts),
            meta=f"{kind_label.capitalize()} {item.code} · {plan.title}",
            territory=territory,
            url=f"{path}polozka/{item.code}/",
            site_root_url=root_url,
            is_public=True,
            date=page.last_published_at.date() if page.last_published_at else None,
            year=data.get("year_from") or plan.period_from,
            target_groups=sorted(data.get("target_groups") or []),
        )
    ]


def document_key(document):
    return f"document:{document.pk}"


def describe_document(document):
    body = document.owning_body
    territory = territory_of(document)
    # Internal with no owning body: only superusers find it.
    is_public = document.publicity == Publicity.PUBLIC
    text = " ".join(part for part in (document.description, document.extracted_text) if part)
    return [
        _entry(
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
    if isinstance(obj, StrategicItem):
        return describe_item(obj)
    if isinstance(obj, TriadaDocument):
        return describe_document(obj)
    if isinstance(obj, Page):
        return describe_page(obj.specific)
    return []


def key_prefix(obj):
    if isinstance(obj, StrategicItem):
        return item_key(obj)
    if isinstance(obj, TriadaDocument):
        return document_key(obj)
    return page_key(obj)


def sync_object(obj):
    """Make the entries of `obj` match what it is now; returns the number of entries kept."""
    entries = describe(obj)
    keys = []
    for key, fields in entries:
        SearchEntry.objects.update_or_create(source_key=key, defaults=fields)
        keys.append(key)
    prefix = key_prefix(obj)
    stale = SearchEntry.objects.filter(source_key__startswith=prefix).exclude(source_key__in=keys)
    for entry in stale:
        if entry.source_key == prefix or entry.source_key.startswith(prefix + ":"):
            entry.delete()
    return len(keys)


def remove_object(obj):
    prefix = key_prefix(obj)
    for entry in SearchEntry.objects.filter(source_key__startswith=prefix):
        if entry.source_key == prefix or entry.source_key.startswith(prefix + ":"):
            entry.delete()


def searchable_page_models():
    models = [ChapterPage, StrategicPartPage, PlanPage, NewsPage, EventPage, StandardPage]
    meeting_model = _meeting_page_model()
    if meeting_model is not None:
        models.append(meeting_model)
    return models


def iter_all_sources():
    """(label, queryset) for everything a rebuild indexes."""
    yield _("pages"), Page.objects.live().type(*searchable_page_models()).specific()
    yield (
        _("strategic items"),
        StrategicItem.objects.current().select_related("plan", "strategic_part"),
    )
    yield _("documents"), TriadaDocument.objects.select_related("owning_body__territory", "plan")
