"""The living plan in the demo (Lipov only): a previous adopted version, this year's action plan,
project intents in different states and a completed monitoring round with its report.

Built through the implementation app's public functions, like any other caller.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from cms.models import PlanPage, PlanStatus, StrategicItem, StrategicItemKind, StrategicPartPage
from cms.models.strategy import forget_items
from implementation.models import (
    ActionPlanItem,
    ActionPlanPage,
    IntentChannel,
    MonitoringRound,
    PlanVersion,
    ProjectIntent,
)
from implementation.services import monitoring, versions
from implementation.services.pool import assess_intent

from .registry import step

STATUSES = ["fulfilled", "ongoing", "partly", "fulfilled", "not_fulfilled", "ongoing", "cancelled"]
INTENTS = [
    ("Sdílené auto pro terénní pečovatelskou službu", "Charita Lipov", "provider", "in_action_plan", ""),
    ("Kavárna pro seniory v Bukovci", "Spolek Bukovec žije", "citizens", "assessed", ""),
    ("Odlehčovací pobyty o prázdninách", "Obec Zálesí", "municipality", "new", ""),
    ("Nákup zahradní techniky", "Jan Novák", "other", "rejected", "Záměr nesouvisí se sociálními službami."),
]


def _first(demo, role):
    return (demo.users.get(role) or [demo.admin])[0]


@step(order=90)
def living_plan(demo):
    """Action plan, pool, monitoring and versions for the default territory."""
    if demo.spec.get("key") != "lipov" and not demo.spec.get("is_default"):
        return
    plan = PlanPage.objects.get(pk=demo.plan.pk)
    activities = list(StrategicItem.objects.for_plan(plan).activities().current().order_by("sort_order"))
    if not activities or MonitoringRound.objects.filter(plan=plan).exists():
        return
    year = max(plan.period_from, min(timezone.localdate().year, plan.period_to))
    coordinator = demo.coordinator
    wg_member = _first(demo, "working_group_member")
    steering = _first(demo, "steering_group_member")

    action_plan = ActionPlanPage(title=f"Akční plán {year}", slug=f"akcni-plan-{year}", year=year)
    plan.add_child(instance=action_plan)
    for order, activity in enumerate(activities[:12]):
        cost = Decimal(activity.data.get("estimated_cost") or 300000) / 3
        action_plan.items.add(
            ActionPlanItem(
                activity=activity,
                sort_order=order,
                planned_cost=cost.quantize(Decimal(1)),
                funding_sources=", ".join(f["source"] for f in activity.data.get("funding_sources") or [])
                or "rozpočet města",
                responsible_organisation=activity.data.get("responsible_organisation") or "",
                milestones="Výběr dodavatele do 31. 3.\nZahájení provozu do 30. 9.",
            )
        )
    action_plan.save_revision(user=coordinator).publish()

    for title, organisation, kind, status, reason in INTENTS:
        intent = ProjectIntent.objects.create(
            plan=plan,
            title=title,
            description=f"{title}: záměr předložený do zásobníku projektů.",
            submitter_name=organisation,
            submitter_kind=kind,
            organisation=organisation,
            email="zamery@lipov.example.cz",
            budget=Decimal(450000),
            funding_sought=Decimal(300000),
            timeline=f"{year}–{year + 1}",
            channel=IntentChannel.WEB,
            strategic_item=activities[0],
        )
        if status != "new":
            assess_intent(intent, coordinator, status, reason)

    round_ = monitoring.open_round(plan, year, date(year, 12, 31), coordinator)
    for index, report in enumerate(round_.reports.select_related("body").order_by("activity__sort_order")):
        status = STATUSES[index % len(STATUSES)]
        reporter = wg_member if report.body and report.body.has_member(wg_member) else coordinator
        data = {
            "status": status,
            "narrative": f"Aktivita {report.activity.code}: {report.activity.title} – stav k 31. 12. {year}.",
            "indicators": {v.name: (v.target or Decimal(10)) * Decimal("0.9") for v in report.indicator_values.all()},
            "spent": {a.source: (a.planned or Decimal(100000)) * Decimal("0.8") for a in report.spending.all()},
        }
        monitoring.save_report(report, reporter, data, submit=True)
        monitoring.confirm_report(report, steering if steering != demo.admin else demo.admin)

    if not PlanVersion.objects.filter(plan=plan).exists():
        _previous_version(plan, coordinator, year)


def _previous_version(plan, coordinator, year):
    """The version adopted a year earlier: a copy of the plan with a few known differences."""
    previous = versions.start_update(plan, year - 1, coordinator)
    for child in previous.get_children():
        child.specific.save_revision(user=coordinator).publish()
    previous.title = f"{plan.title} (původní znění)"
    previous.show_in_menus = False
    previous.save_revision(user=coordinator).publish()
    PlanPage.objects.filter(pk=previous.pk).update(
        status=PlanStatus.ADOPTED,
        approval_resolution_number=f"ZM/{year - 1}/45",
        approval_date=date(year - 1, 6, 20),
        approval_body=plan.approval_body or "Zastupitelstvo města",
    )
    PlanVersion.objects.filter(plan=previous).delete()
    PlanVersion.objects.create(plan=plan, previous=previous, year=year, created_by=coordinator)
    if plan.status not in versions.ADOPTED_STATUSES:
        PlanPage.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)
    # The differences are made in the previous version's adopted text (its strategic part's entries), which is
    # what "what changed" compares: its first activity was smaller and its last one did not exist yet.
    part = StrategicPartPage.objects.child_of(previous).first()
    if part is None:
        return
    entries = list(part.strategy_entries.all())
    by_uid = {entry.uid: entry for entry in entries}  # ordered_entries() reads its own instances
    activities = [
        by_uid[entry.uid] for _code, entry in part.ordered_entries() if entry.kind == StrategicItemKind.ACTIVITY
    ]
    if len(activities) < 2:
        return
    changed, missing = activities[0], activities[-1]
    changed.title = changed.title + " (v menším rozsahu)"
    changed.estimated_cost = (Decimal(changed.estimated_cost or 1000000) * Decimal("0.8")).quantize(Decimal(1))
    part.strategy_entries = [entry for entry in entries if entry is not missing]
    forget_items(part)
    part.save_revision(user=coordinator).publish()
