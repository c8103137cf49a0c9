"""Yearly updates (aktualizace plánu) and the public "what changed" between two adopted versions.

The update copies the current plan with its chapters and strategic part as a
new draft plan page, which then goes through the plan cycle like any plan.
Comparison reads the published versions: strategic items are matched by
their stable block id (then by code), chapters by slug.
"""

import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.models import ChapterPage, PlanPage, PlanStatus, StrategicItem, StrategicItemKind
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
    return [p for p in lineage(plan) if p.live and p.status in ADOPTED_STATUSES]


def resolutions_of(plan):
    """The council resolutions on the plan and its chapters, newest first (empty without the review app)."""
    try:
        from workflows.models.review import CouncilResolution
    except ImportError:  # pragma: no cover
        return []
    return list(CouncilResolution.objects.adopted().for_plan(plan).select_related("body", "page").order_by("-date"))


# --- comparison ------------------------------------------------------------------


def _value(field, value):
    if value in (None, "", []):
        return ""
    if field == "description":
        return strip_tags(value).strip()
    if field == "funding_sources":
        return "; ".join(f"{f['source']} {f['amount'] or ''}".strip() for f in value)
    if field == "indicators":
        return "; ".join(
            f"{i['name']}: {i.get('baseline') or '–'} → {i.get('target') or '–'} {i.get('unit') or ''}".strip()
            for i in value
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _item_fields(item):
    fields = {"code": item.code, "title": item.title}
    fields.update(item.data or {})
    return fields


def compare_items(old_plan, new_plan):
    """Added, removed and changed strategic items (changed: field by field)."""
    old = list(StrategicItem.objects.for_plan(old_plan).current().order_by("sort_order"))
    new = list(StrategicItem.objects.for_plan(new_plan).current().order_by("sort_order"))
    old_by_block = {i.block_id: i for i in old}
    old_by_code = {(i.kind, i.code): i for i in old}
    matched = set()
    added, changed = [], []
    for item in new:
        before = old_by_block.get(item.block_id) or old_by_code.get((item.kind, item.code))
        if before is None or before.pk in matched:
            added.append(item)
            continue
        matched.add(before.pk)
        a, b = _item_fields(before), _item_fields(item)
        diffs = [
            {"field": str(FIELD_LABELS.get(key, key)), "old": _value(key, a.get(key)), "new": _value(key, b.get(key))}
            for key in FIELD_LABELS
            if _value(key, a.get(key)) != _value(key, b.get(key))
        ]
        if diffs:
            changed.append({"item": item, "before": before, "fields": diffs})
    removed = [i for i in old if i.pk not in matched]
    return {"added": added, "removed": removed, "changed": changed}


def _paragraphs(chapter):
    texts = []
    for block in getattr(chapter, "body", []) or []:
        for text in block.block.get_searchable_content(block.value):
            text = " ".join(strip_tags(str(text)).split())
            if text:
                texts.append(text)
    return texts


def compare_chapters(old_plan, new_plan):
    """Per chapter: added / removed / changed paragraphs, in reading order."""

    def chapters(plan):
        return {c.slug: c for c in ChapterPage.objects.child_of(plan).live().specific().order_by("number")}

    old, new = chapters(old_plan), chapters(new_plan)
    result = []
    for slug, chapter in new.items():
        before = old.get(slug)
        if before is None:
            result.append({"chapter": chapter, "kind": "added", "changes": []})
            continue
        a, b = _paragraphs(before), _paragraphs(chapter)
        changes = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            changes.append({"kind": tag, "old": a[i1:i2], "new": b[j1:j2]})
        title_changed = before.title != chapter.title
        if changes or title_changed:
            result.append(
                {
                    "chapter": chapter,
                    "kind": "changed",
                    "changes": changes,
                    "old_title": before.title if title_changed else "",
                }
            )
    for slug, chapter in old.items():
        if slug not in new:
            result.append({"chapter": chapter, "kind": "removed", "changes": []})
    return result


def compare(old_plan, new_plan):
    items = compare_items(old_plan, new_plan)
    return {
        "old": old_plan,
        "new": new_plan,
        "items": items,
        "activities": {
            key: [
                entry
                for entry in value
                if (entry["item"] if isinstance(entry, dict) else entry).kind == StrategicItemKind.ACTIVITY
            ]
            for key, value in items.items()
        },
        "chapters": compare_chapters(old_plan, new_plan),
    }
