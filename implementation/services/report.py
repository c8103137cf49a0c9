"""The monitoring report (monitorovací zpráva): numbers computed from the stored reports.

One pass over the round's reports builds the tree priority → measure →
activity with the sums each level shows; the page, the PDF, the charts and
the public overview all read this one structure, so they cannot disagree.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from cms.models import StrategicItem, StrategicItemKind
from implementation.models import ActivityReport, FulfilmentStatus, MonitoringRound

from . import charts

STATUS_ORDER = list(FulfilmentStatus.values)


@dataclass
class Node:
    """One item of the strategy tree in the monitoring report, adding up its reports' statuses and money for the tables and charts."""

    item: object
    reports: list = field(default_factory=list)
    children: list = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER + [""], 0))
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    def add(self, report):
        self.counts[report.status or ""] += 1
        for amount in report.spending.all():
            self.planned += amount.planned or 0
            self.spent += amount.spent or 0

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def status_counts(self):
        """[(status value, label, count)] in the fixed order, for tables and charts."""
        rows = [(value, label, self.counts[value]) for value, label in FulfilmentStatus.choices]
        if self.counts[""]:
            from django.utils.translation import gettext

            rows.append(("", gettext("not reported"), self.counts[""]))
        return rows


def build(round_, *, confirmed_only=False):
    """The report's tree and totals for `round_`."""
    items = list(
        StrategicItem.objects.for_plan(round_.plan)
        .filter(kind__in=[StrategicItemKind.PRIORITY, StrategicItemKind.MEASURE])
        .order_by("sort_order")
    )
    reports = (
        ActivityReport.objects.filter(round=round_)
        .select_related("activity", "body")
        .prefetch_related("indicator_values", "spending", "evidence")
        .order_by("activity__sort_order")
    )
    if confirmed_only:
        reports = reports.confirmed()
    nodes = {item.pk: Node(item) for item in items}
    priorities = [nodes[item.pk] for item in items if item.kind == StrategicItemKind.PRIORITY]
    for item in items:
        if item.kind == StrategicItemKind.MEASURE and item.parent_id in nodes:
            nodes[item.parent_id].children.append(nodes[item.pk])
    total = Node(None)
    orphans = Node(None)
    for report in reports:
        measure = nodes.get(report.activity.parent_id)
        priority = nodes.get(measure.item.parent_id) if measure else None
        for node in (measure, priority, total):
            if node is not None:
                node.add(report)
        (measure or orphans).reports.append(report)
        if measure is None:
            orphans.add(report)
    return {
        "round": round_,
        "plan": round_.plan,
        "priorities": [p for p in priorities if p.total],
        "orphans": orphans,
        "total": total,
        "indicators": [(report, value) for report in reports for value in report.indicator_values.all()],
        "status_chart": charts.status_bars(priorities),
        "money_chart": charts.money_bars(priorities),
    }


def public_round(plan, year=None):
    """The latest closed round of `plan` (or the one of `year`), the only kind the public sees."""
    rounds = MonitoringRound.objects.for_plan(plan).closed().order_by("-year")
    if year is not None:
        rounds = rounds.filter(year=year)
    return rounds.first()


def overview(plan):
    """Per priority: how many activities in each status, from the latest closed round."""
    round_ = public_round(plan)
    if round_ is None:
        return None
    return build(round_, confirmed_only=True)


def pdf_html(round_):
    """The HTML the report's PDF is made from (Czech); its hash tells whether a stored PDF is current."""
    with translation.override("cs"):
        data = build(round_, confirmed_only=round_.is_closed)
        return render_to_string(
            "implementation/pdf/report.html", {"report": data, "round": round_, "plan": round_.plan}
        )


def pdf_bytes(round_, html=None):
    """The report as a tagged PDF (PDF/UA-1, Czech); nothing is fetched while rendering.

    Slow (tens of seconds for 150 activities): called only by the background task.
    """
    from weasyprint import HTML

    return HTML(string=html if html is not None else pdf_html(round_)).write_pdf(pdf_variant="pdf/ua-1")
