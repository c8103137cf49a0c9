"""What the public may comment on in a consultation, read once per revision and kept in the cache.

The comment form lists every covered chapter with its activities, and a submitted
comment is checked against the text under comment. Both used to load each chapter's
frozen revision (`revision.as_object()`: the strategic part with its 150 activities)
on every request — about 150 queries and 300 ms of CPU for the form, 100 ms for a
comment on an activity — which is what made the last-minute burst CPU-bound.

A revision never changes, so its outline (numbered title, paragraphs, strategic items
with their plain text) is computed once and cached under the revision's pk and creation time; a new
draft frozen for the consultation is a new revision and so a new key. A live chapter
(plan-wide or closed consultation) is keyed by its live revision and publication time.
The cache is only a shortcut: when it is unavailable the outline is computed again.
"""

import logging

from django.core.cache import cache
from wagtail.models import Revision, TaskState

from workflows.models.consultation import PublicCommentTaskState

logger = logging.getLogger(__name__)

CACHE_PREFIX = "triada:consultation-outline:v1"
CACHE_SECONDS = 7 * 24 * 3600


def _build(page):
    """The outline of one version of a chapter: plain data, safe to pickle into the cache."""
    from .services import block_text  # services imports this module's users

    blocks = [(str(block.id), block_text(block)) for block in (getattr(page, "body", None) or [])]
    items = []
    if hasattr(page, "iter_items"):
        for kind, code, uid, _parent, value in page.iter_items():
            items.append(
                {
                    "kind": kind,
                    "code": code,
                    "id": str(uid),
                    "title": value.get("title", ""),
                    "text": block_text(value),
                }
            )
    return {"title": page.numbered_title, "blocks": blocks, "items": items}


def _cached(key, compute):
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache (Redis) is down: compute, never refuse a citizen
        logger.warning("Consultation outline cache unavailable", exc_info=True)
        return compute()
    if found is None:
        found = compute()
        try:
            cache.set(key, found, CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Consultation outline not cached", exc_info=True)
    return found


class ChapterOutline:
    """One covered chapter as the public reads it: the page row, the revision shown, and its outline."""

    def __init__(self, chapter, revision_id, outline):
        self.chapter = chapter
        self.pk = chapter.pk
        self.revision_id = revision_id
        self.title = outline["title"]
        self.blocks = outline["blocks"]
        self.items = outline["items"]

    def activities(self):
        """The activities of a strategic part in reading order (other chapters have none)."""
        return [item for item in self.items if item["kind"] == "activity"]

    def item_by_code(self, code):
        """The strategic item with this code (as the public form names activities), or None."""
        return next((item for item in self.items if item["code"] == code), None)

    def text_of(self, block_id):
        """Plain text of the paragraph or strategic item with this id, or None when the text has no such block."""
        block_id = str(block_id)
        for found_id, text in self.blocks:
            if found_id == block_id:
                return text
        item = next((item for item in self.items if item["id"] == block_id), None)
        return item["text"] if item is not None else None


def _frozen_revisions(consultation, chapter_ids):
    """{chapter pk: (pk, created_at) of the revision frozen by its running public-comment task}, one query, newest task wins.

    The creation time goes into the cache key with the pk, so a database restored from a backup
    (its sequences rewound) can never meet an outline cached for another revision of the same pk.
    """
    rows = (
        PublicCommentTaskState.objects.filter(
            consultation=consultation,
            workflow_state__object_id__in=[str(pk) for pk in chapter_ids],
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .exclude(revision=None)
        .order_by("started_at", "pk")
        .values_list("workflow_state__object_id", "revision_id", "revision__created_at")
    )
    return {int(object_id): (revision_id, created_at) for object_id, revision_id, created_at in rows}


def public_outlines(consultation, chapter_id=None, moment=None):
    """The covered chapters the public may read (or only `chapter_id`), each as a `ChapterOutline`.

    Mirrors `services.public_version`: while the consultation is open, exactly the
    revision frozen for it; otherwise the live text; never a draft saved later,
    never a chapter that was never published.
    """
    chapters = consultation.covered_chapters()
    if chapter_id is not None:
        chapters = chapters.filter(pk=chapter_id)
    chapters = list(chapters)
    frozen = _frozen_revisions(consultation, [c.pk for c in chapters]) if consultation.is_open(moment) else {}
    outlines = []
    for chapter in chapters:
        revision_id, created_at = frozen.get(chapter.pk, (None, None))
        if revision_id is not None:

            def compute(revision_id=revision_id):
                return _build(Revision.objects.get(pk=revision_id).as_object())

            key = f"{CACHE_PREFIX}:revision:{revision_id}:{created_at.timestamp()}"
        elif chapter.live:
            revision_id = chapter.live_revision_id

            def compute(chapter=chapter):
                return _build(chapter.specific)

            published = chapter.last_published_at.timestamp() if chapter.last_published_at else 0
            key = f"{CACHE_PREFIX}:live:{chapter.pk}:{revision_id}:{published}"
        else:
            continue
        outlines.append(ChapterOutline(chapter, revision_id, _cached(key, compute)))
    return outlines


def public_outline(consultation, chapter_id, moment=None):
    """The one covered chapter `chapter_id` as the public reads it, or None."""
    found = public_outlines(consultation, chapter_id=chapter_id, moment=moment) if chapter_id else []
    return found[0] if found else None
