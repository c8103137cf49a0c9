"""Admin views: the coordinator's plans overview, monitoring rounds and the activity report form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cms import access as cms_access
from cms.models import PlanPage
from implementation import access
from implementation.forms import OpenRoundForm, ReassignForm, ReportForm, ReturnReportForm, StartUpdateForm
from implementation.models import ActivityReport, MonitoringRound, ReportState
from implementation.services import monitoring, versions


def visible_plans(user):
    """Plans of the territories where the user is coordinator or a body member.

    Two queries whatever the number of plans: the menu and every pool screen ask this on each admin page.
    """
    return list(cms_access.plans_in(cms_access.staff_territories(user).only("path")))


def index(request):
    """ "Plnění plánu": the plans the user may see with their rounds and the coordinator's actions."""
    plans = visible_plans(request.user)
    if not plans:
        raise PermissionDenied
    rows = []
    for plan in plans:
        rows.append(
            {
                "plan": plan,
                "rounds": MonitoringRound.objects.for_plan(plan).order_by("-year"),
                "may_manage": access.may_manage(request.user, plan),
                "round_form": OpenRoundForm(prefix=f"round-{plan.pk}"),
                "update_form": StartUpdateForm(prefix=f"update-{plan.pk}"),
            }
        )
    mine = (
        ActivityReport.objects.filter(body__group__user=request.user, round__status="open")
        .missing()
        .select_related("activity", "round", "round__plan")
    )
    return TemplateResponse(request, "implementation/admin/index.html", {"rows": rows, "my_reports": mine})


def _plan_for_manager(request, plan_id):
    plan = get_object_or_404(PlanPage, pk=plan_id)
    if not access.may_manage(request.user, plan):
        raise PermissionDenied
    return plan


@require_POST
def open_round(request, plan_id):
    """The coordinator opens a year's monitoring round: one report per current activity."""
    plan = _plan_for_manager(request, plan_id)
    form = OpenRoundForm(request.POST, prefix=f"round-{plan.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the year and the due date of the round."))
        return redirect("implementation_index")
    try:
        round_ = monitoring.open_round(plan, form.cleaned_data["year"], form.cleaned_data["due_date"], request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("implementation_index")
    messages.success(request, _("The monitoring round %(year)s is open.") % {"year": round_.year})
    return redirect("implementation_round", round_.pk)


@require_POST
def start_update(request, plan_id):
    """The coordinator starts the annual update: a draft copy of the plan that goes through the plan cycle."""
    plan = _plan_for_manager(request, plan_id)
    form = StartUpdateForm(request.POST, prefix=f"update-{plan.pk}")
    if not form.is_valid():
        messages.error(request, _("Give the year of the update."))
        return redirect("implementation_index")
    try:
        copy = versions.start_update(plan, form.cleaned_data["year"], request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("implementation_index")
    messages.success(
        request, _("A new version of the plan was created as a draft; edit it and submit it for approval.")
    )
    return redirect("wagtailadmin_explore", copy.pk)


def round_detail(request, round_id):
    """A round's reports and who still owes one, for the territory's staff."""
    round_ = get_object_or_404(MonitoringRound.objects.select_related("plan"), pk=round_id)
    if not access.may_view_round(request.user, round_):
        raise PermissionDenied
    reports = round_.reports.select_related("activity", "body").order_by("activity__sort_order")
    rows = [
        (report, access.may_fill_report(request.user, report), access.may_confirm_report(request.user, report))
        for report in reports
    ]
    may_manage = access.may_manage(request.user, round_.plan)
    return TemplateResponse(
        request,
        "implementation/admin/round.html",
        {
            "round": round_,
            "rows": rows,
            "may_manage": may_manage,
            "missing": monitoring.missing_by_body(round_) if may_manage else None,
            "counts": {state: reports.filter(state=state).count() for state in ReportState.values},
        },
    )


@require_POST
def remind_now(request, round_id):
    """The coordinator sends reminders now rather than waiting for the periodic job."""
    round_ = get_object_or_404(MonitoringRound, pk=round_id)
    if not access.may_manage(request.user, round_.plan):
        raise PermissionDenied
    from django.utils import timezone

    bodies = monitoring.remind(round_, key_suffix=f":manual:{timezone.now().timestamp():.0f}", actor=request.user)
    messages.success(request, _("Reminder sent to %(count)s working groups.") % {"count": len(bodies)})
    return redirect("implementation_round", round_.pk)


def _report(report_id):
    return get_object_or_404(
        ActivityReport.objects.select_related("round", "round__plan", "activity", "body"), pk=report_id
    )


def report_edit(request, report_id):
    """The working group fills its report; others of the territory see it read-only, with its history."""
    report = _report(report_id)
    if not access.may_view_round(request.user, report.round):
        raise PermissionDenied
    may_fill = access.may_fill_report(request.user, report)
    if request.method == "POST" and not may_fill:
        raise PermissionDenied
    form = ReportForm(request.POST or None, report=report, evidence_queryset=monitoring.evidence_choices(report))
    if request.method == "POST" and form.is_valid():
        try:
            monitoring.save_report(report, request.user, form.service_data(), submit="submit" in request.POST)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if "submit" in request.POST:
                messages.success(request, _("The report was submitted to the steering group."))
                return redirect("implementation_round", report.round_id)
            messages.success(request, _("The report was saved."))
            return redirect("implementation_report_edit", report.pk)
    return TemplateResponse(
        request,
        "implementation/admin/report_form.html",
        {
            "report": report,
            "form": form,
            "may_fill": may_fill,
            "may_confirm": access.may_confirm_report(request.user, report),
            "return_form": ReturnReportForm(),
            "reassign_form": (
                ReassignForm(report=report, queryset=monitoring.working_groups_for(report))
                if monitoring.may_reassign(request.user, report)
                else None
            ),
            "history": monitoring.history_of(report),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def report_reassign(request, report_id):
    """The coordinator gives a report to another working group; refused to anyone else, for a confirmed report and in a closed round."""
    report = _report(report_id)
    if not monitoring.may_reassign(request.user, report):
        raise PermissionDenied
    form = ReassignForm(request.POST, report=report, queryset=monitoring.working_groups_for(report))
    if not form.is_valid():
        messages.error(request, _("Choose a working group of this territory."))
        return redirect("implementation_report_edit", report.pk)
    monitoring.reassign(report, request.user, form.cleaned_data["body"])
    messages.success(
        request,
        _("%(group)s is now responsible for %(code)s.")
        % {"group": form.cleaned_data["body"].name, "code": report.activity.code},
    )
    return redirect("implementation_report_edit", report.pk)


def report_history_compare(request, report_id):
    """Two history entries of a report side by side (value before → after, who, when)."""
    report = _report(report_id)
    if not access.may_view_round(request.user, report.round):
        raise PermissionDenied
    entries = list(report.history.select_related("user").order_by("at", "pk"))
    by_id = {str(entry.pk): entry for entry in entries}
    if len(entries) < 2:
        messages.error(request, _("The report has fewer than two changes to compare."))
        return redirect("implementation_report_edit", report.pk)
    before = by_id.get(request.GET.get("od")) or entries[-2]
    after = by_id.get(request.GET.get("do")) or entries[-1]
    if (before.at, before.pk) > (after.at, after.pk):
        before, after = after, before
    return TemplateResponse(
        request,
        "implementation/admin/history_compare.html",
        {
            "report": report,
            "before": before,
            "after": after,
            "rows": monitoring.compare_history(report, before, after),
        },
    )


@require_POST
def report_decide(request, report_id):
    """The steering group confirms a submitted report or returns it with a reason."""
    report = _report(report_id)
    try:
        if "confirm" in request.POST:
            monitoring.confirm_report(report, request.user)
            messages.success(request, _("The report on %(code)s was confirmed.") % {"code": report.activity.code})
        else:
            form = ReturnReportForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what the working group should complete."))
                return redirect("implementation_report_edit", report.pk)
            monitoring.return_report(report, request.user, form.cleaned_data["reason"])
            messages.success(request, _("The report was returned to the working group."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect(reverse("implementation_round", args=[report.round_id]))
