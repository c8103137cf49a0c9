"""A queryable mirror of the published strategic part.

The source of truth is `StrategicPartPage.strategy` (revisioned with the page);
this table gives every priority, measure and activity a database row with a
stable identity (the block id) so that comments, monitoring and action plans
can hold foreign keys to them.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class StrategicItemKind(models.TextChoices):
    PRIORITY = "priority", _("priority")
    MEASURE = "measure", _("measure")
    ACTIVITY = "activity", _("activity")


class StrategicItemQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def activities(self):
        return self.filter(kind=StrategicItemKind.ACTIVITY)

    def for_plan(self, plan):
        return self.filter(plan=plan)


class StrategicItem(models.Model):
    plan = models.ForeignKey("cms.PlanPage", on_delete=models.CASCADE, related_name="strategic_items")
    strategic_part = models.ForeignKey("cms.StrategicPartPage", on_delete=models.CASCADE, related_name="items")
    block_id = models.UUIDField(_("block id"))
    kind = models.CharField(_("kind"), max_length=20, choices=StrategicItemKind.choices)
    code = models.CharField(_("code"), max_length=20)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    title = models.CharField(_("title"), max_length=255)
    data = models.JSONField(_("data"), default=dict, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    # False once the item disappears from the published page; kept for references.
    is_current = models.BooleanField(_("current"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StrategicItemQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["strategic_part", "block_id"], name="unique_strategic_item_block"),
        ]
        indexes = [models.Index(fields=["plan", "code"])]
        verbose_name = _("strategic item")
        verbose_name_plural = _("strategic items")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def anchor(self):
        """The fragment id on the strategic part page, e.g. `aktivita-1-1-1`."""
        return strategic_anchor(self.kind, self.code)

    def get_url(self, request=None):
        base = self.strategic_part.get_url(request=request)
        return f"{base}polozka/{self.code}/" if base else None


# Public fragment ids are Czech, like the rest of the public site's URLs.
ANCHOR_PREFIXES = {
    StrategicItemKind.PRIORITY: "priorita",
    StrategicItemKind.MEASURE: "opatreni",
    StrategicItemKind.ACTIVITY: "aktivita",
}


def strategic_anchor(kind, code):
    return f"{ANCHOR_PREFIXES.get(kind, kind)}-{str(code).replace('.', '-')}"


def sync_strategic_items(page):
    """Mirror the published strategy of `page` into StrategicItem rows.

    Rows are matched by block id, so renumbering an activity keeps its row
    (and everything that points at it); removed items are kept, not current.
    """
    plan = page.plan
    if plan is None:
        return
    existing = {item.block_id: item for item in StrategicItem.objects.filter(strategic_part=page)}
    seen = set()
    rows_by_block = {}
    for order, (kind, code, block_id, parent_block_id, value) in enumerate(page.iter_items()):
        block_uuid = uuid.UUID(str(block_id))
        item = existing.get(block_uuid) or StrategicItem(strategic_part=page, block_id=block_uuid)
        item.plan = plan
        item.kind = kind
        item.code = code
        item.title = value["title"]
        item.data = _item_data(kind, value)
        item.sort_order = order
        item.is_current = True
        parent_row = rows_by_block.get(str(parent_block_id)) if parent_block_id else None
        item.parent = parent_row
        item.save()
        rows_by_block[str(block_id)] = item
        seen.add(block_uuid)
    StrategicItem.objects.filter(strategic_part=page).exclude(block_id__in=seen).update(is_current=False)


def _item_data(kind, value):
    description = value.get("description")
    data = {"description": str(description.source) if description else ""}
    if kind == StrategicItemKind.ACTIVITY:
        data.update(
            {
                "responsible_organisation": value.get("responsible_organisation") or "",
                "year_from": value.get("year_from"),
                "year_to": value.get("year_to"),
                "estimated_cost": str(value["estimated_cost"]) if value.get("estimated_cost") is not None else None,
                "funding_sources": [
                    {"source": f["source"], "amount": str(f["amount"]) if f.get("amount") is not None else None}
                    for f in value.get("funding_sources") or []
                ],
                "indicators": [
                    {
                        "name": i["name"],
                        "unit": i.get("unit") or "",
                        "baseline": str(i["baseline"]) if i.get("baseline") is not None else None,
                        "target": str(i["target"]) if i.get("target") is not None else None,
                    }
                    for i in value.get("indicators") or []
                ],
                "target_groups": [tg.code for tg in value.get("target_groups") or [] if tg],
                "service_types": [st.code for st in value.get("service_types") or [] if st],
            }
        )
    return data
