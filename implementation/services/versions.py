"""Yearly updates (aktualizace plánu) and the public "what changed" between two adopted versions.

The update copies the current plan with its chapters and strategic part as a
new draft plan page, which then goes through the plan cycle like any plan.
Comparison reads what each version's adopting resolution adopted (the
chapter revision the resolution names, else the revision standing when the
plan's resolution was recorded), not whatever is live now: a correction
published after the adoption does not rewrite history. Strategic items are
matched by their stable uid (then by code), chapters by slug.
"""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import ChapterPage, PlanPage, PlanStatus, StrategicItemKind, StrategicPartPage
from cms.models import strategic_item_data as item_data
from implementation import access
from implementation.models import ActionPlanPage, PlanVersion

ADOPTED_STATUSES = (PlanStatus.ADOPTED, PlanStatus.ARCHIVED)

FIELD_LABELS = {
    "code": gettext_lazy("code"),
    "title": gettext_lazy("title"),
    "description": gettext_lazy("description"),
    "responsible_organisation": gettext_lazy("responsible organisation"),
    "year_from": gettext_lazy("from year"),
    "year_to": gettext_lazy("to year"),
    "estimated_cost": gettext_lazy("estimated cost (CZK)"),
    "funding_sources": gettext_lazy("funding sources"),
    "indicators": gettext_lazy("indicators"),
    "target_groups": gettext_lazy("target groups"),
    "service_types": gettext_lazy("service types"),
}


@transaction.atomic
def start_update(plan, year, user):
    """Copy `plan` (chapters and strategic part) into a new draft version for `year`."""
    if not access.may_manage(user, plan):
        raise PermissionDenied
    slug = f"{plan.slug.split('-aktualizace-')[0]}-aktualizace-{year}"
    parent = plan.get_parent()
    if PlanPage.objects.child_of(parent).filter(slug=slug).exists():
        raise ValidationError(_("An update of this plan for %(year)s already exists.") % {"year": year})
    copy = plan.copy(
        recursive=True,
        to=parent,
        update_attrs={
            "slug": slug,
            "title": _("%(title)s – update %(year)s") % {"title": plan.title.split(" – ")[0], "year": year},
            "status": PlanStatus.DRAFT,
            "approval_resolution_number": "",
            "approval_date": None,
            "approval_body": "",
        },
        keep_live=False,
        user=user,
    )
    # The update covers chapters and the strategic part; the year's action plans stay with their version.
    for action_plan in ActionPlanPage.objects.child_of(copy):
        action_plan.delete()
    PlanVersion.objects.create(plan=copy, previous=plan, year=year, created_by=user)
    return copy.specific


def lineage(plan):
    """Every version linked to `plan` (earlier and later), oldest first."""
    root = plan
    seen = {root.pk}
    while True:
        info = PlanVersion.objects.filter(plan=root).select_related("previous").first()
        if info is None or info.previous is None or info.previous.pk in seen:
            break
        root = info.previous
        seen.add(root.pk)
    chain = [root]
    while True:
        following = (
            PlanPage.objects.filter(version_info__previous=chain[-1]).order_by("version_info__created_at").first()
        )
        if following is None or following.pk in {p.pk for p in chain}:
            break
        chain.append(following)
    return chain


def adopted_versions(plan):
    """The plan's versions that were adopted and are live, oldest first, for the version list."""
    return [p for p in lineage(plan) if p.live and p.status in ADOPTED_STATUSES]


def resolutions_of(plan):
    """The council resolutions on the plan and its chapters, newest first (empty without the review app)."""
    try:
        from workflows.models.review import CouncilResolution
    except ImportError:  # pragma: no cover
        return []
    return list(CouncilResolution.objects.adopted().for_plan(plan).select_related("body", "page").order_by("-date"))


# --- the adopted text of a version ------------------------------------------------


@dataclass
class SnapshotItem:
    """One strategic item as a version adopted it, compared field by field with the other version."""

    kind: str
    code: str
    title: str
    block_id: object
    fields: dict

    def get_kind_display(self):
        return StrategicItemKind(self.kind).label


@dataclass
class Snapshot:
    """What the council adopted: the strategic items and each chapter's paragraphs, and by which resolution."""

    plan: object
    resolution: object = None
    items: list = field(default_factory=list)
    chapters: dict = field(default_factory=dict)  # slug -> {"number", "title", "paragraphs"}


def adopting_resolution(plan):
    """The final adopted resolution that adopted `plan` (on the plan page, else the latest on a chapter)."""
    try:
        from workflows.models.review import CouncilResolution
    except ImportError:  # pragma: no cover
        return None
    adopted = CouncilResolution.objects.adopted().final().for_plan(plan).order_by("-date", "-recorded_at")
    return adopted.filter(page_id=plan.pk).first() or adopted.first()


def _chapter_resolutions(plan):
    try:
        from workflows.models.review import CouncilResolution
    except ImportError:  # pragma: no cover
        return {}
    rows = (
        CouncilResolution.objects.adopted()
        .final()
        .for_plan(plan)
        .exclude(revision=None)
        .exclude(page_id=plan.pk)
        .select_related("revision")
        .order_by("date", "recorded_at")
    )
    return {row.page_id: row.revision for row in rows}


def adopted_revision(chapter, resolution, chapter_revisions):
    """The chapter's text the council adopted.

    Its own final resolution's revision; else the revision that stood at the
    moment the plan's resolution was recorded; else (a version adopted before
    resolutions were kept) the live page.
    """
    if chapter.pk in chapter_revisions:
        return chapter_revisions[chapter.pk].as_object()
    if resolution is not None:
        revision = chapter.revisions.filter(created_at__lte=resolution.recorded_at).order_by("-created_at", "-pk")
        revision = revision.first()
        if revision is not None:
            return revision.as_object()
    return chapter


def snapshot(plan):
    """The text a plan version adopted (per chapter the revision its resolution approved), for the comparison of versions."""
    resolution = adopting_resolution(plan)
    chapter_revisions = _chapter_resolutions(plan)
    result = Snapshot(plan=plan, resolution=resolution)
    for chapter in ChapterPage.objects.child_of(plan).live().specific().order_by("number", "path"):
        text = adopted_revision(chapter, resolution, chapter_revisions)
        result.chapters[chapter.slug] = {"number": text.number, "title": text.title, "paragraphs": _paragraphs(text)}
        if isinstance(text, StrategicPartPage):
            for kind, code, uid, _parent, value in text.iter_items():
                fields = {"code": code, "title": value["title"], **item_data(kind, value)}
                result.items.append(SnapshotItem(kind, code, value["title"], uid, fields))
    return result


# --- comparison ------------------------------------------------------------------


def _value(key, value):
    if value in (None, "", []):
        return ""
    if key == "description":
        return strip_tags(value).strip()
    if key == "funding_sources":
        return "; ".join(f"{f['source']} {f['amount'] or ''}".strip() for f in value)
    if key == "indicators":
        return "; ".join(
            f"{i['name']}: {i.get('baseline') or '–'} → {i.get('target') or '–'} {i.get('unit') or ''}".strip()
            for i in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def compare_items(old, new):
    """Added, removed and changed strategic items of two snapshots (changed: field by field)."""
    old_by_block = {str(i.block_id): i for i in old.items}
    old_by_code = {(i.kind, i.code): i for i in old.items}
    matched = set()
    added, changed = [], []
    for item in new.items:
        before = old_by_block.get(str(item.block_id)) or old_by_code.get((item.kind, item.code))
        if before is None or id(before) in matched:
            added.append(item)
            continue
        matched.add(id(before))
        a, b = before.fields, item.fields
        diffs = [
            {"field": str(FIELD_LABELS.get(key, key)), "old": _value(key, a.get(key)), "new": _value(key, b.get(key))}
            for key in FIELD_LABELS
            if _value(key, a.get(key)) != _value(key, b.get(key))
        ]
        if diffs:
            changed.append({"item": item, "before": before, "fields": diffs})
    removed = [i for i in old.items if id(i) not in matched]
    return {"added": added, "removed": removed, "changed": changed}


def _paragraphs(chapter):
    texts = []
    for block in getattr(chapter, "body", []) or []:
        for text in block.block.get_searchable_content(block.value):
            text = " ".join(strip_tags(str(text)).split())
            if text:
                texts.append(text)
    return texts


def compare_chapters(old, new):
    """Per chapter: added / removed / changed paragraphs, in reading order."""
    result = []
    for slug, chapter in new.chapters.items():
        before = old.chapters.get(slug)
        if before is None:
            result.append({"chapter": chapter, "kind": "added", "changes": []})
            continue
        a, b = before["paragraphs"], chapter["paragraphs"]
        changes = [
            {"kind": tag, "old": a[i1:i2], "new": b[j1:j2]}
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
            if tag != "equal"
        ]
        title_changed = before["title"] != chapter["title"]
        if changes or title_changed:
            result.append(
                {
                    "chapter": chapter,
                    "kind": "changed",
                    "changes": changes,
                    "old_title": before["title"] if title_changed else "",
                }
            )
    for slug, chapter in old.chapters.items():
        if slug not in new.chapters:
            result.append({"chapter": chapter, "kind": "removed", "changes": []})
    return result


def compare(old_plan, new_plan):
    """What changed between the texts the council adopted for two versions."""
    old, new = snapshot(old_plan), snapshot(new_plan)
    items = compare_items(old, new)
    return {
        "old": old_plan,
        "new": new_plan,
        "bases": [(old_plan, old.resolution), (new_plan, new.resolution)],
        "items": items,
        "activities": {
            key: [
                entry
                for entry in value
                if (entry["item"] if isinstance(entry, dict) else entry).kind == StrategicItemKind.ACTIVITY
            ]
            for key, value in items.items()
        },
        "chapters": compare_chapters(old, new),
    }
