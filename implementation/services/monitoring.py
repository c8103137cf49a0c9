"""The monitoring round: opening, reporting, confirming, reminders and who still owes a report.

Every change runs in one transaction with a row lock on the report and writes
a ReportHistory row with all values after the change.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import PlanningBody, StrategicItem
from implementation import access
from implementation.models import (
    ActionPlanItem,
    ActivityReport,
    FulfilmentStatus,
    HistoryAction,
    IndicatorValue,
    MonitoringRound,
    ReportHistory,
    ReportState,
    RoundStatus,
    SpentAmount,
)

REMIND_DAYS_BEFORE = 7


def responsible_body(activity, territory, bodies=None):
    """The working group that reports on `activity`.

    An explicit group in the activity's data wins (`responsible_group`: a body
    slug or pk); otherwise the first working group sharing a target group with it.
    """
    if bodies is None:
        bodies = list(PlanningBody.objects.for_territory(territory).working_groups().prefetch_related("target_groups"))
    explicit = (activity.data or {}).get("responsible_group")
    if explicit:
        for body in bodies:
            if str(explicit) in (body.slug, str(body.pk)):
                return body
    codes = set((activity.data or {}).get("target_groups") or [])
    for body in bodies:
        if codes & {tg.code for tg in body.target_groups.all()}:
            return body
    return None


def action_plan_lines(plan, year):
    """The live action plan's lines of `plan` for `year`, by activity id."""
    lines = ActionPlanItem.objects.filter(
        page__year=year, page__live=True, page__path__startswith=plan.path, page__depth=plan.depth + 1
    )
    return {line.activity_id: line for line in lines}


@transaction.atomic
def open_round(plan, year, due_date, user=None):
    """Create the year's round with one report per current activity (idempotent)."""
    if user is not None and not access.may_manage(user, plan):
        raise PermissionDenied
    if not (plan.period_from <= year <= plan.period_to):
        raise ValidationError(
            _("The year must lie within the plan's period %(period)s.") % {"period": plan.period_label}
        )
    round_, _created = MonitoringRound.objects.get_or_create(
        plan=plan, year=year, defaults={"due_date": due_date, "opened_by": user}
    )
    territory = plan.territory
    bodies = list(PlanningBody.objects.for_territory(territory).working_groups().prefetch_related("target_groups"))
    lines = action_plan_lines(plan, year)
    existing = set(round_.reports.values_list("activity_id", flat=True))
    activities = StrategicItem.objects.for_plan(plan).activities().current().order_by("sort_order")
    for activity in activities:
        if activity.pk in existing:
            continue
        report = ActivityReport.objects.create(
            round=round_, activity=activity, body=responsible_body(activity, territory, bodies)
        )
        data = activity.data or {}
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                report=report,
                name=ind["name"],
                unit=ind.get("unit") or "",
                baseline=_decimal(ind.get("baseline")),
                target=_decimal(ind.get("target")),
                sort_order=order,
            )
            for order, ind in enumerate(data.get("indicators") or [])
        )
        line = lines.get(activity.pk)
        sources = [f["source"] for f in data.get("funding_sources") or [] if f.get("source")]
        if line is not None and line.funding_sources:
            sources = [s.strip() for s in line.funding_sources.split(",") if s.strip()] or sources
        sources = list(dict.fromkeys(sources)) or [_("other sources")]
        planned_total = line.planned_cost if line is not None else None
        SpentAmount.objects.bulk_create(
            SpentAmount(
                report=report,
                source=source[:255],
                # The year's planned cost is the action plan's; it is attributed to the first source.
                planned=planned_total if order == 0 else None,
                sort_order=order,
            )
            for order, source in enumerate(sources)
        )
    return round_


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from error


def _locked(report):
    return ActivityReport.objects.select_for_update().select_related("round", "round__plan").get(pk=report.pk)


def _record(report, action, user, comment=""):
    ReportHistory.objects.create(report=report, action=action, user=user, values=report.snapshot(), comment=comment)


@transaction.atomic
def save_report(report, user, data, *, submit=False):
    """Store what the working group reported; `submit` hands it to the steering group.

    `data`: status, narrative, indicators {name: actual}, spent {source: amount}, evidence [document ids].
    """
    report = _locked(report)
    if not access.may_fill_report(user, report):
        raise PermissionDenied
    status = data.get("status") or ""
    if status and status not in FulfilmentStatus.values:
        raise ValidationError(_("Choose the state of fulfilment."))
    if submit and not status:
        raise ValidationError(_("Choose the state of fulfilment before submitting the report."))
    report.status = status
    report.narrative = (data.get("narrative") or "").replace("\r\n", "\n").strip()
    for value in report.indicator_values.all():
        if value.name in (data.get("indicators") or {}):
            value.actual = _decimal(data["indicators"][value.name])
            value.save(update_fields=["actual"])
    for amount in report.spending.all():
        if amount.source in (data.get("spent") or {}):
            amount.spent = _decimal(data["spent"][amount.source])
            if amount.spent is not None and amount.spent < 0:
                raise ValidationError(_("An amount spent cannot be negative."))
            amount.save(update_fields=["spent"])
    if "evidence" in data:
        allowed = evidence_choices(report).filter(pk__in=data["evidence"] or [])
        report.evidence.set(allowed)
    if submit:
        report.state = ReportState.SUBMITTED
        report.submitted_by = user
        report.submitted_at = timezone.now()
        report.return_reason = ""
    report.save()
    _record(report, HistoryAction.SUBMITTED if submit else HistoryAction.SAVED, user)
    return report


@transaction.atomic
def confirm_report(report, user):
    """The steering group confirms a report under a row lock; the last confirmation closes the round."""
    report = _locked(report)
    if not access.may_confirm_report(user, report):
        raise PermissionDenied
    report.state = ReportState.CONFIRMED
    report.confirmed_by = user
    report.confirmed_at = timezone.now()
    report.save(update_fields=["state", "confirmed_by", "confirmed_at"])
    _record(report, HistoryAction.CONFIRMED, user)
    round_ = MonitoringRound.objects.select_for_update().get(pk=report.round_id)
    if not round_.reports.exclude(state=ReportState.CONFIRMED).exists():
        round_.status = RoundStatus.CLOSED
        round_.closed_at = timezone.now()
        round_.save(update_fields=["status", "closed_at"])
    return report


@transaction.atomic
def return_report(report, user, reason):
    """The steering group returns a report with a required reason, under a row lock."""
    report = _locked(report)
    if not access.may_confirm_report(user, report):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what the working group should complete."))
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.save(update_fields=["state", "return_reason"])
    _record(report, HistoryAction.RETURNED, user, comment=reason)
    return report


def working_groups_for(report):
    """The working groups a report can be given to: those of its plan's territory, by name."""
    return PlanningBody.objects.for_territory(report.round.plan.territory).working_groups().order_by("name")


def may_reassign(user, report):
    """The coordinator moves a report that is not confirmed yet to another working group."""
    return (
        not report.round.is_closed
        and report.state != ReportState.CONFIRMED
        and access.may_manage(user, report.round.plan)
    )


@transaction.atomic
def reassign(report, user, body):
    """Make `body` (a working group of the plan's territory) responsible for the report."""
    report = _locked(report)
    if not may_reassign(user, report):
        raise PermissionDenied
    if body is None or not working_groups_for(report).filter(pk=body.pk).exists():
        raise ValidationError(_("Choose a working group of this territory."))
    if body.pk == report.body_id:
        return report
    old = report.body.name if report.body else _("no working group assigned")
    report.body = body
    report.save(update_fields=["body"])
    _record(report, HistoryAction.REASSIGNED, user, comment=f"{old} → {body.name}")
    return report


def evidence_choices(report):
    """Public documents of the territory's library: evidence is shown in the public report."""
    from cms.access import documents_of_territory

    return documents_of_territory(report.round.plan.territory).filter(publicity="public").order_by("-created_at")


def missing_by_body(round_):
    """[(body or None, [reports still owed])] — the coordinator's "who has not reported"."""
    groups = {}
    for report in (
        round_.reports.missing().select_related("activity", "body").order_by("body__name", "activity__sort_order")
    ):
        groups.setdefault(report.body, []).append(report)
    return list(groups.items())


def history_of(report):
    """[(entry, changes)] where changes lists (field, old, new) against the previous entry."""
    rows = []
    previous = {}
    for entry in report.history.select_related("user").order_by("at", "pk"):
        changes = []
        for key in ("state", "status", "narrative"):
            if entry.values.get(key) != previous.get(key):
                changes.append((key, previous.get(key), entry.values.get(key)))
        for group in ("indicators", "spent"):
            old, new = previous.get(group) or {}, entry.values.get(group) or {}
            for name in new:
                if new.get(name) != old.get(name):
                    changes.append((f"{group}:{name}", old.get(name), new.get(name)))
        rows.append((entry, changes))
        previous = entry.values
    return rows


def compare_history(report, before, after):
    """Every value of two history entries side by side: [{"label", "old", "new", "changed"}].

    Labels and values as a person reads them (choice labels, document titles),
    so the compare view shows what the working group saw in the form.
    """
    from cms.models import TriadaDocument

    states, statuses = dict(ReportState.choices), dict(FulfilmentStatus.choices)
    a, b = before.values or {}, after.values or {}
    documents = dict(
        TriadaDocument.objects.filter(pk__in=set(a.get("evidence") or []) | set(b.get("evidence") or [])).values_list(
            "pk", "title"
        )
    )

    def titles(values):
        return ", ".join(documents.get(pk, f"#{pk}") for pk in values.get("evidence") or [])

    rows = [
        (_("State of the report"), states.get(a.get("state"), ""), states.get(b.get("state"), "")),
        (_("State of fulfilment"), statuses.get(a.get("status"), ""), statuses.get(b.get("status"), "")),
        (_("What was done this year"), a.get("narrative") or "", b.get("narrative") or ""),
        (_("Responsible working group"), a.get("body") or "", b.get("body") or ""),
    ]
    for name in dict.fromkeys([*(a.get("indicators") or {}), *(b.get("indicators") or {})]):
        rows.append((name, (a.get("indicators") or {}).get(name) or "", (b.get("indicators") or {}).get(name) or ""))
    for source in dict.fromkeys([*(a.get("spent") or {}), *(b.get("spent") or {})]):
        rows.append(
            (
                _("Spent from %(source)s (CZK)") % {"source": source},
                (a.get("spent") or {}).get(source) or "",
                (b.get("spent") or {}).get(source) or "",
            )
        )
    rows.append((_("Evidence (documents from the library)"), titles(a), titles(b)))
    return [{"label": label, "old": old, "new": new, "changed": old != new} for label, old, new in rows]


# --- reminders -------------------------------------------------------------------


def _outbox():
    """The notifications app's public API: record_event and the kinds."""
    from notifications.models import NotificationKind
    from notifications.outbox import record_event

    return record_event, NotificationKind


def round_admin_url(round_):
    """The admin URL of a round, for notices and links."""
    return reverse("implementation_round", args=[round_.pk])


def remind(round_, *, overdue=False, key_suffix="", actor=None):
    """Write one notification per working group that still owes a report; returns the bodies reminded."""
    record_event, kind = _outbox()
    plan = round_.plan
    territory = plan.territory
    reminded = []
    coordinators = []
    if overdue and territory is not None and territory.coordinator_group_id:
        coordinators = list(territory.coordinator_group.user_set.filter(is_active=True).values_list("pk", flat=True))
    for body, reports in missing_by_body(round_):
        user_ids = list(body.group.user_set.filter(is_active=True).values_list("pk", flat=True)) if body else []
        user_ids += coordinators if overdue or body is None else []
        if actor is not None:
            user_ids = [pk for pk in user_ids if pk != actor.pk]
        if not user_ids:
            continue
        body_label = body.name if body else _("no working group assigned")
        record_event(
            kind.TASK_OVERDUE if overdue else kind.TASK_DUE_SOON,
            f"implementation:round:{round_.pk}:{'overdue' if overdue else 'soon'}:{body.pk if body else 0}{key_suffix}",
            territory=territory,
            context={
                "page": _("%(count)s activities of %(plan)s") % {"count": len(reports), "plan": plan.title},
                "stage": _("Monitoring of fulfilment %(year)s") % {"year": round_.year},
                "body": body_label,
                "due": f"{round_.due_date.day}. {round_.due_date.month}. {round_.due_date.year}",
                "territory": territory.display_name if territory else "",
                "admin_url": round_admin_url(round_),
            },
            user_ids=user_ids,
        )
        reminded.append(body)
    return reminded


def send_due_reminders(now=None):
    """The periodic job: due-soon once a week before, overdue once after the due date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for round_ in MonitoringRound.objects.open().select_related("plan"):
        if round_.due_date < today and round_.reminded_overdue_at is None:
            sent += len(remind(round_, overdue=True))
            MonitoringRound.objects.filter(pk=round_.pk).update(reminded_overdue_at=now)
        elif (
            today <= round_.due_date <= today + timedelta(days=REMIND_DAYS_BEFORE) and round_.reminded_soon_at is None
        ):
            sent += len(remind(round_))
            MonitoringRound.objects.filter(pk=round_.pk).update(reminded_soon_at=now)
    return sent
