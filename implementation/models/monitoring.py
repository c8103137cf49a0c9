"""Monitoring of fulfilment (monitoring plnění): a yearly round, one report per activity.

The working group responsible fills a report in and submits it; the steering
group confirms it (or returns it). `ReportHistory` keeps a snapshot of every
value at every save, so the history of each status, indicator value and
amount can be read back.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FulfilmentStatus(models.TextChoices):
    """How far an activity was fulfilled in the year, as the working group reports it; the report's charts count by it."""

    FULFILLED = "fulfilled", _("fulfilled")
    ONGOING = "ongoing", _("being fulfilled continuously")
    PARTLY = "partly", _("partly fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("not fulfilled")
    CANCELLED = "cancelled", _("cancelled / no longer relevant")


class ReportState(models.TextChoices):
    """Where one activity's report stands between the working group and the steering group's confirmation."""

    PENDING = "pending", _("not reported yet")
    SUBMITTED = "submitted", _("submitted, awaiting confirmation")
    RETURNED = "returned", _("returned for completion")
    CONFIRMED = "confirmed", _("confirmed by the steering group")


class RoundStatus(models.TextChoices):
    """A round is open while reports are owed; closed once every report is confirmed, then the report goes public."""

    OPEN = "open", _("open")
    CLOSED = "closed", _("closed – report confirmed")


class MonitoringRoundQuerySet(models.QuerySet):
    """Domain filters over rounds (per plan, open, closed), for the admin overview and the public report list."""

    def for_plan(self, plan):
        return self.filter(plan=plan)

    def open(self):
        return self.filter(status=RoundStatus.OPEN)

    def closed(self):
        return self.filter(status=RoundStatus.CLOSED)


class MonitoringRound(models.Model):
    """One year's monitoring of a plan: one report per current activity, assigned to a working group."""

    plan = models.ForeignKey(
        "cms.PlanPage", on_delete=models.CASCADE, related_name="monitoring_rounds", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year monitored"))
    due_date = models.DateField(_("reports due"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Reminder bookkeeping: the last kind sent, so the hourly job sends each once.
    reminded_soon_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MonitoringRoundQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "-year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="one_monitoring_round_per_plan_year")]
        verbose_name = _("monitoring round")
        verbose_name_plural = _("monitoring rounds")

    def __str__(self):
        return _("Monitoring %(year)s – %(plan)s") % {"year": self.year, "plan": self.plan.title}

    @property
    def is_closed(self):
        return self.status == RoundStatus.CLOSED


class ActivityReportQuerySet(models.QuerySet):
    """Domain filters over reports (missing, confirmed …), so reminders and the round's progress count alike."""

    def missing(self):
        """Reports the working group still owes (nothing submitted, or returned)."""
        return self.filter(state__in=[ReportState.PENDING, ReportState.RETURNED])

    def confirmed(self):
        return self.filter(state=ReportState.CONFIRMED)


class ActivityReport(models.Model):
    """What a working group reports for one activity and year: status, narrative, evidence, indicator values and spending."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="reports")
    activity = models.ForeignKey(
        "cms.StrategicItem", on_delete=models.CASCADE, related_name="monitoring_reports", verbose_name=_("activity")
    )
    body = models.ForeignKey(
        "cms.PlanningBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="monitoring_reports",
        verbose_name=_("responsible working group"),
    )
    state = models.CharField(_("state"), max_length=10, choices=ReportState.choices, default=ReportState.PENDING)
    status = models.CharField(_("fulfilment"), max_length=20, choices=FulfilmentStatus.choices, blank=True)
    narrative = models.TextField(_("what was done"), blank=True)
    evidence = models.ManyToManyField("cms.TriadaDocument", blank=True, related_name="+", verbose_name=_("evidence"))
    return_reason = models.TextField(_("why it was returned"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "activity__sort_order"]
        constraints = [models.UniqueConstraint(fields=["round", "activity"], name="one_report_per_activity_round")]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self):
        return f"{self.activity.code} – {self.round.year}"

    def snapshot(self):
        """Every value of the report, as stored in its history."""
        return {
            "state": self.state,
            "status": self.status,
            "body": self.body.name if self.body_id else "",
            "narrative": self.narrative,
            "indicators": {v.name: _num(v.actual) for v in self.indicator_values.all()},
            "spent": {s.source: _num(s.spent) for s in self.spending.all()},
            "evidence": sorted(self.evidence.values_list("pk", flat=True)),
        }


def _num(value):
    return None if value is None else str(value)


class IndicatorValue(models.Model):
    """The value an indicator reached in the year, next to its target from the strategic part."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="indicator_values")
    name = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("actual value"), max_digits=14, decimal_places=2, null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["report", "name"], name="one_value_per_indicator")]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.name}: {self.actual}"


class SpentAmount(models.Model):
    """Money planned and spent per funding source, so the report can compare them."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="spending")
    source = models.CharField(_("funding source"), max_length=255)
    planned = models.DecimalField(_("planned (CZK)"), max_digits=14, decimal_places=0, null=True, blank=True)
    spent = models.DecimalField(_("spent (CZK)"), max_digits=14, decimal_places=0, null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["report", "source"], name="one_amount_per_source")]
        verbose_name = _("money spent")
        verbose_name_plural = _("money spent")

    def __str__(self):
        return f"{self.source}: {self.spent}"


class HistoryAction(models.TextChoices):
    """What happened to a report in one history entry (saved, submitted, confirmed, returned, given to another group)."""

    SAVED = "saved", _("saved")
    SUBMITTED = "submitted", _("submitted")
    CONFIRMED = "confirmed", _("confirmed")
    RETURNED = "returned", _("returned")
    REASSIGNED = "reassigned", _("given to another working group")


class ReportHistory(models.Model):
    """One row per change of a report: who, when, what, and all values after it."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=10, choices=HistoryAction.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    values = models.JSONField(_("values"), default=dict)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["report", "at", "pk"]
        verbose_name = _("report history entry")
        verbose_name_plural = _("report history")

    def __str__(self):
        return f"{self.report} – {self.action} {self.at:%d.%m.%Y %H:%M}"
