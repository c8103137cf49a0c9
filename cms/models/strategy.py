"""The strategic part's items: what is edited (`StrategyEntry`) and what others refer to (`StrategicItem`).

`StrategyEntry` rows are children of the strategic part page (a modelcluster
relation), so every draft, review and revision carries the whole tree, while
the page editor only ever posts the part one person is working on (see
cms/admin/strategy.py). Each entry has a `uid` that never changes.

`StrategicItem` mirrors the *published* tree, one row per `uid`, with a
primary key that survives edits, renumbering and publishing: comments,
monitoring, action plans and the catalogue hold foreign keys to it. Use
`StrategicItem.objects.for_plan(plan).published().activities()`.
"""

import contextlib
import contextvars
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField, StreamField

from cms.blocks import FundingSourceBlock, IndicatorBlock

DESCRIPTION_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class StrategicItemKind(models.TextChoices):
    """The three levels of the strategic part: priority → measure → activity."""

    PRIORITY = "priority", _("priority")
    MEASURE = "measure", _("measure")
    ACTIVITY = "activity", _("activity")


# The kind of an item's children: the root holds priorities, a priority measures, a measure activities.
CHILD_KIND = {
    None: StrategicItemKind.PRIORITY,
    StrategicItemKind.PRIORITY: StrategicItemKind.MEASURE,
    StrategicItemKind.MEASURE: StrategicItemKind.ACTIVITY,
}

# Public fragment ids are Czech, like the rest of the public site's URLs.
ANCHOR_PREFIXES = {
    StrategicItemKind.PRIORITY: "priorita",
    StrategicItemKind.MEASURE: "opatreni",
    StrategicItemKind.ACTIVITY: "aktivita",
}


def strategic_anchor(kind, code):
    """The HTML anchor of an item ("aktivita-1-2-3"): stable in links and the PDF, free of dots."""
    return f"{ANCHOR_PREFIXES.get(kind, kind)}-{str(code).replace('.', '-')}"


# While a revision is turned back into a page: the taxonomy, loaded once (see `taxonomy_loaded`).
_TAXONOMY = contextvars.ContextVar("strategy_taxonomy", default=None)
M2M_FIELDS = ("target_groups", "service_types")


@contextlib.contextmanager
def taxonomy_loaded():
    """Load target groups and service types once for all entries of a revision (2 queries, not 2 per item)."""
    from .taxonomy import ServiceType, TargetGroup

    if _TAXONOMY.get() is not None:
        yield
        return
    token = _TAXONOMY.set(
        {"target_groups": TargetGroup.objects.in_bulk(), "service_types": ServiceType.objects.in_bulk()}
    )
    try:
        yield
    finally:
        _TAXONOMY.reset(token)


class StrategyEntry(ClusterableModel):
    """One priority, measure or activity as the steering group writes it (revisioned with the page)."""

    page = ParentalKey("cms.StrategicPartPage", on_delete=models.CASCADE, related_name="strategy_entries")
    uid = models.UUIDField(_("identity"), default=uuid.uuid4, editable=False, db_index=True)
    parent_uid = models.UUIDField(_("parent item"), null=True, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=StrategicItemKind.choices, editable=False)
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1)],
        help_text=_("The last part of the code: 3 makes activity 1.2.3 of measure 1.2."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = RichTextField(_("description"), blank=True, features=DESCRIPTION_FEATURES)
    responsible_organisation = models.CharField(_("responsible organisation"), max_length=255, blank=True)
    year_from = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    year_to = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (CZK)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_sources = StreamField([("source", FundingSourceBlock())], blank=True, verbose_name=_("funding sources"))
    indicators = StreamField([("indicator", IndicatorBlock())], blank=True, verbose_name=_("indicators"))
    target_groups = ParentalManyToManyField("cms.TargetGroup", blank=True, verbose_name=_("target groups"))
    service_types = ParentalManyToManyField("cms.ServiceType", blank=True, verbose_name=_("service types"))

    # The page's reference index reads its items once; tracking each item on its own
    # re-indexed the whole page for every saved item (quadratic on publish).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("item of the strategy")
        verbose_name_plural = _("items of the strategy")

    def __str__(self):
        return f"{self.number} {self.title}"

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        taxonomy = _TAXONOMY.get()
        if taxonomy is None:
            return super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)
        data = dict(data)
        chosen = {name: data.pop(name, None) or [] for name in M2M_FIELDS}
        # The only foreign key is the page being restored: nothing to check.
        entry = super().from_serializable_data(data, check_fks=False, strict_fks=strict_fks)
        for name, pks in chosen.items():
            setattr(entry, name, [taxonomy[name][pk] for pk in pks if pk in taxonomy[name]])
        return entry

    def as_value(self, target_groups=None, service_types=None):
        """The item as the templates and the consultation read it (the shape the old blocks had)."""
        value = {
            "number": self.number,
            "title": self.title,
            "description": self.description_html,
        }
        if self.kind == StrategicItemKind.ACTIVITY:
            value.update(
                {
                    "responsible_organisation": self.responsible_organisation,
                    "year_from": self.year_from,
                    "year_to": self.year_to,
                    "estimated_cost": self.estimated_cost,
                    "funding_sources": [dict(block.value) for block in self.funding_sources],
                    "indicators": [dict(block.value) for block in self.indicators],
                    "target_groups": (target_groups if target_groups is not None else list(self.target_groups.all())),
                    "service_types": (service_types if service_types is not None else list(self.service_types.all())),
                }
            )
        return value

    @property
    def description_html(self):
        from wagtail.rich_text import RichText

        return RichText(self.description) if self.description else ""


def entry_codes(entries):
    """{uid: code} for a list of entries; an entry whose ancestors are missing gets no code."""
    by_uid = {entry.uid: entry for entry in entries}
    codes = {}

    def code_of(entry, depth=0):
        if entry.uid in codes:
            return codes[entry.uid]
        if entry.parent_uid is None:
            code = str(entry.number)
        else:
            parent = by_uid.get(entry.parent_uid)
            parent_code = code_of(parent, depth + 1) if parent is not None and depth < 3 else None
            code = f"{parent_code}.{entry.number}" if parent_code else None
        codes[entry.uid] = code
        return code

    for entry in entries:
        code_of(entry)
    return codes


def ordered_entries(entries):
    """Entries in reading order (1, 1.1, 1.1.1, 1.1.2, 1.2, 2 …) with their codes; orphans are left out."""
    entries = list(entries)
    codes = entry_codes(entries)
    placed = [(codes[e.uid], e) for e in entries if codes.get(e.uid)]
    placed.sort(key=lambda pair: tuple(int(part) for part in pair[0].split(".")))
    return placed


def duplicate_codes(entries):
    """Codes used by more than one entry: {code: [entries]}."""
    seen = {}
    for code, entry in ordered_entries(entries):
        seen.setdefault(code, []).append(entry)
    return {code: found for code, found in seen.items() if len(found) > 1}


def validate_unique_codes(entries):
    """Refuse a strategic part where two items share a code, because codes are the items' public addresses."""
    duplicates = duplicate_codes(entries)
    if duplicates:
        code = next(iter(duplicates))
        raise ValidationError(
            _("The code %(code)s is used by more than one item (%(titles)s). Every item needs its own code.")
            % {"code": code, "titles": ", ".join(f"„{entry.title}“" for entry in duplicates[code])}
        )


def _unwrap(value):
    """Accept plain dicts or StreamField/ListBlock JSON ({"type": …, "value": …, "id": …})."""
    if isinstance(value, dict) and "value" in value and "type" in value:
        return value["value"], value.get("id")
    return value, None


def _uid(candidate):
    try:
        return uuid.UUID(str(candidate)) if candidate else uuid.uuid4()
    except ValueError:
        return uuid.uuid4()


def entries_from_tree(priorities):
    """StrategyEntry objects (unsaved) from nested priority → measures → activities dicts.

    The shape is the one of the former StreamField (plain or as stored JSON),
    so builders and migrations describe a strategy the way people read it.
    """
    from .taxonomy import ServiceType, TargetGroup

    entries = []
    cache = {}

    def lookup(model, values):
        pks = [_pk(_unwrap(v)[0]) for v in values or []]
        if model not in cache:
            cache[model] = model.objects.in_bulk()
        return [cache[model][pk] for pk in pks if pk in cache[model]]

    def add(kind, raw, parent_uid, children_key):
        value, block_id = _unwrap(raw)
        entry = StrategyEntry(
            uid=_uid(value.get("uid") or block_id),
            parent_uid=parent_uid,
            kind=kind,
            number=int(value["number"]),
            title=value["title"],
            description=str(getattr(value.get("description"), "source", value.get("description")) or ""),
        )
        if kind == StrategicItemKind.ACTIVITY:
            entry.responsible_organisation = value.get("responsible_organisation") or ""
            entry.year_from = value.get("year_from")
            entry.year_to = value.get("year_to")
            entry.estimated_cost = value.get("estimated_cost")
            entry.funding_sources = [
                {"type": "source", "value": _plain(_unwrap(f)[0])} for f in value.get("funding_sources") or []
            ]
            entry.indicators = [
                {"type": "indicator", "value": _plain(_unwrap(i)[0])} for i in value.get("indicators") or []
            ]
            entry.target_groups = lookup(TargetGroup, value.get("target_groups"))
            entry.service_types = lookup(ServiceType, value.get("service_types"))
        entries.append(entry)
        for child in value.get(children_key) or [] if children_key else []:
            add(CHILD_KIND[kind], child, entry.uid, "activities" if kind == StrategicItemKind.PRIORITY else None)

    for priority in priorities or []:
        add(StrategicItemKind.PRIORITY, priority, None, "measures")
    return entries


def _pk(value):
    return getattr(value, "pk", value)


def _plain(value):
    """JSON-ready block value: decimals as strings, as StreamField stores them."""
    return {
        key: (str(item) if item is not None and not isinstance(item, str) else item) for key, item in value.items()
    }


def set_strategy(page, priorities):
    """Give `page` (a StrategicPartPage, saved or not) the strategy described by nested dicts.

    The public function builders (the demo, factories, imports) call; the
    caller saves a revision and publishes as usual.
    """
    entries = entries_from_tree(priorities)
    validate_unique_codes(entries)
    page.strategy_entries = entries
    forget_items(page)
    return entries


def forget_items(page):
    """Drop the items a page instance cached (`iter_items`) after its entries changed."""
    for name in ("_items", "_ordered_entries"):
        page.__dict__.pop(name, None)


class StrategicItemQuerySet(models.QuerySet):
    """Domain filters over the mirrored items (current, published, by kind), used by every app that reads the strategy."""

    def current(self):
        """Items present in the published strategic part (removed ones are kept, not current)."""
        return self.filter(is_current=True)

    def published(self):
        """Current items of strategic parts that are live: what the public sees now."""
        return self.current().filter(strategic_part__live=True)

    def activities(self):
        return self.filter(kind=StrategicItemKind.ACTIVITY)

    def measures(self):
        return self.filter(kind=StrategicItemKind.MEASURE)

    def priorities(self):
        return self.filter(kind=StrategicItemKind.PRIORITY)

    def for_plan(self, plan):
        return self.filter(plan=plan)


class StrategicItem(models.Model):
    """One priority, measure or activity of a published strategic part, mirrored as a row with a stable pk,
    so monitoring, the catalogue, comments and open data can point at it across renumbering.
    """

    plan = models.ForeignKey("cms.PlanPage", on_delete=models.CASCADE, related_name="strategic_items")
    strategic_part = models.ForeignKey("cms.StrategicPartPage", on_delete=models.CASCADE, related_name="items")
    # The uid of the StrategyEntry this row mirrors (the block id of the former StreamField).
    block_id = models.UUIDField(_("block id"))
    kind = models.CharField(_("kind"), max_length=20, choices=StrategicItemKind.choices)
    code = models.CharField(_("code"), max_length=20)
    # Codes the item was published under before renumbering; their URLs redirect here.
    previous_codes = models.JSONField(_("previous codes"), default=list, blank=True)
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
        """The item's own page, routed by its strategic part."""
        return self.strategic_part.item_url(self.code, request=request)


def sync_strategic_items(page):
    """Mirror the published strategy of `page` into StrategicItem rows.

    Rows are matched by entry uid, so renumbering keeps the row (and
    everything that points at it) and remembers the old code for redirects;
    removed items are kept, not current. Rows are written in bulk, level by
    level (no per-row signals): listen to `page_published` of the strategic
    part, as the search app does, to follow changes.
    """
    plan = page.plan
    if plan is None:
        return
    existing = {item.block_id: item for item in StrategicItem.objects.filter(strategic_part=page)}
    now = timezone.now()
    rows_by_uid = {}
    levels = {kind: ([], []) for kind in StrategicItemKind.values}
    for order, (kind, code, uid, parent_uid, value) in enumerate(page.iter_items()):
        item = existing.get(uid) or StrategicItem(strategic_part=page, block_id=uid)
        if item.pk and item.code and item.code != code and item.code not in item.previous_codes:
            item.previous_codes = [*item.previous_codes, item.code]
        item.previous_codes = [old for old in item.previous_codes if old != code]
        item.plan = plan
        item.kind = kind
        item.code = code
        item.title = value["title"][:255]
        item.data = strategic_item_data(kind, value)
        item.sort_order = order
        item.is_current = True
        item.updated_at = now
        item._parent_uid = parent_uid
        rows_by_uid[uid] = item
        levels[kind][0 if item.pk is None else 1].append(item)
    fields = [
        "plan",
        "kind",
        "code",
        "previous_codes",
        "parent",
        "title",
        "data",
        "sort_order",
        "is_current",
        "updated_at",
    ]
    # Parents first, so children can point at their primary keys.
    for kind in (StrategicItemKind.PRIORITY, StrategicItemKind.MEASURE, StrategicItemKind.ACTIVITY):
        new, changed = levels[kind]
        for item in new + changed:
            item.parent = rows_by_uid.get(item._parent_uid) if item._parent_uid else None
        StrategicItem.objects.bulk_create(new)
        StrategicItem.objects.bulk_update(changed, fields, batch_size=200)
    StrategicItem.objects.filter(strategic_part=page).exclude(block_id__in=rows_by_uid).update(
        is_current=False, updated_at=now
    )


def _decimal(value):
    return str(value) if value is not None and value != "" else None


def strategic_item_data(kind, value):
    """The JSON a StrategicItem keeps of one block value; other apps compare versions of an item with it."""
    description = value.get("description")
    data = {"description": str(getattr(description, "source", description) or "")}
    if kind == StrategicItemKind.ACTIVITY:
        data.update(
            {
                "responsible_organisation": value.get("responsible_organisation") or "",
                "year_from": value.get("year_from"),
                "year_to": value.get("year_to"),
                "estimated_cost": _decimal(value.get("estimated_cost")),
                "funding_sources": [
                    {"source": f["source"], "amount": _decimal(f.get("amount"))}
                    for f in value.get("funding_sources") or []
                ],
                "indicators": [
                    {
                        "name": i["name"],
                        "unit": i.get("unit") or "",
                        "baseline": _decimal(i.get("baseline")),
                        "target": _decimal(i.get("target")),
                    }
                    for i in value.get("indicators") or []
                ],
                "target_groups": [tg.code for tg in value.get("target_groups") or [] if tg],
                "service_types": [st.code for st in value.get("service_types") or [] if st],
            }
        )
    return data
