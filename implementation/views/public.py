"""Public pages: fulfilment overview, monitoring report (+ PDF), project pool, versions, open data."""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cms.models import PlanPage
from cms.sites import site_for_request
from implementation.forms import ProjectIntentForm
from implementation.models import ActionPlanPage, MonitoringRound, ProjectIntent, ReportPdf
from implementation.services import opendata, report, versions
from implementation.services.pool import submit_intent
from triada.stored_files import serve_stored_pdf
from workflows.consultation import ratelimit

# Seconds a reader is asked to wait while the report's PDF is being rendered.
PDF_RETRY_AFTER = 60


def public_plan(request, plan_id):
    """A live plan of the territory whose site serves this request."""
    plan = get_object_or_404(PlanPage.objects.live().public(), pk=plan_id)
    site = site_for_request(request)
    if site is not None and not plan.path.startswith(site.root_page.path):
        raise Http404
    return plan


def _base(plan, **extra):
    return {"plan": plan, **extra}


def overview(request, plan_id):
    """The living plan's public overview: closed monitoring reports, action plans, the project pool, versions, open data."""
    plan = public_plan(request, plan_id)
    rounds = MonitoringRound.objects.for_plan(plan).closed().select_related("pdf").order_by("-year")
    action_plans = ActionPlanPage.objects.child_of(plan).live().public().order_by("-year")
    return render(
        request,
        "implementation/overview.html",
        _base(
            plan,
            data=report.overview(plan),
            rounds=rounds,
            action_plans=action_plans,
            has_versions=len(versions.adopted_versions(plan)) > 1,
        ),
    )


def _round(plan, year):
    round_ = report.public_round(plan, year)
    if round_ is None:
        raise Http404
    return round_


def report_page(request, plan_id, year):
    """One year's public monitoring report (closed rounds only), with charts and their data tables."""
    plan = public_plan(request, plan_id)
    round_ = _round(plan, year)
    return render(
        request,
        "implementation/report.html",
        _base(plan, round=round_, report=report.build(round_, confirmed_only=True), pdf=_stored_pdf(round_)),
    )


def _stored_pdf(round_):
    return ReportPdf.objects.ready().filter(round=round_).first()


@require_GET
def report_pdf(request, plan_id, year):
    """The stored PDF; never rendered here (it takes longer than a request may), 503 until the task made it."""
    plan = public_plan(request, plan_id)
    round_ = _round(plan, year)
    stored = _stored_pdf(round_)
    return serve_stored_pdf(
        request,
        stored.file if stored is not None else None,
        filename=f"monitorovaci-zprava-{year}.pdf",
        etag=stored.fingerprint if stored is not None else None,
        pending_template="implementation/pdf_pending.html",
        context=_base(plan, round=round_),
        retry_after=PDF_RETRY_AFTER,
    )


def pool(request, plan_id):
    """The public project pool: the plan's intents that were assessed, taken into an action plan or realised."""
    plan = public_plan(request, plan_id)
    intents = (
        ProjectIntent.objects.for_plan(plan)
        .public()
        .select_related("strategic_item")
        .prefetch_related("target_groups")
        .order_by("status", "title")
    )
    return render(request, "implementation/pool.html", _base(plan, intents=intents))


@require_http_methods(["GET", "POST"])
def pool_form(request, plan_id):
    """The public form to propose a project (honeypot, rate limits, plain text); a Czech message on bad input, nothing stored."""
    plan = public_plan(request, plan_id)
    status = 200
    if request.method == "POST":
        form = ProjectIntentForm(request.POST, plan=plan)
        if form.is_bot:
            return redirect(reverse("implementation_pool_thanks", args=[plan.pk]))
        if form.is_valid():
            if not (
                ratelimit.hit("ip", ratelimit.client_ip(request))
                and ratelimit.hit("email", form.cleaned_data["email"])
            ):
                return render(
                    request,
                    "implementation/pool_refused.html",
                    _base(
                        plan, message=_("You have sent too many proposals in a short time. Please try again later.")
                    ),
                    status=429,
                )
            submit_intent(form)
            return redirect(reverse("implementation_pool_thanks", args=[plan.pk]))
        status = 400
    else:
        form = ProjectIntentForm(plan=plan)
    return render(request, "implementation/pool_form.html", _base(plan, form=form), status=status)


def pool_thanks(request, plan_id):
    """The confirmation after proposing a project."""
    plan = public_plan(request, plan_id)
    return render(request, "implementation/pool_thanks.html", _base(plan))


def version_list(request, plan_id):
    """The plan's adopted versions with the resolutions that adopted them."""
    plan = public_plan(request, plan_id)
    adopted = versions.adopted_versions(plan)
    rows = [
        (version, versions.resolutions_of(version), adopted[index - 1] if index else None)
        for index, version in enumerate(adopted)
    ]
    return render(request, "implementation/versions.html", _base(plan, rows=rows))


def version_diff(request, plan_id, other_id):
    """What changed from the older adopted version `other_id` to `plan_id` (both adopted, same lineage)."""
    plan = public_plan(request, plan_id)
    adopted = {p.pk: p for p in versions.adopted_versions(plan)}
    if plan.pk not in adopted or other_id not in adopted or other_id == plan.pk:
        raise Http404
    order = list(adopted)
    old, new = (adopted[other_id], plan) if order.index(other_id) < order.index(plan.pk) else (plan, adopted[other_id])
    return render(request, "implementation/diff.html", _base(plan, **versions.compare(old, new)))


def open_data(request, plan_id):
    """The open-data page: each dataset with its years, formats and JSON Schema."""
    plan = public_plan(request, plan_id)
    years = list(range(plan.period_from, plan.period_to + 1))
    datasets = [(name, opendata.schema(name)) for name in opendata.DATASETS]
    return render(
        request,
        "implementation/open_data.html",
        _base(plan, datasets=datasets, years=years, yearly=opendata.YEARLY),
    )


def dataset(request, plan_id, name, fmt):
    """One dataset as CSV or JSON (confirmed data only)."""
    plan = public_plan(request, plan_id)
    if name not in opendata.DATASETS or fmt not in ("csv", "json"):
        raise Http404
    year = None
    if name in opendata.YEARLY:
        raw = request.GET.get("rok", "")
        if not raw.isdigit() or not (plan.period_from <= int(raw) <= plan.period_to):
            return HttpResponse(
                _("Give a year of the plan's period as ?rok=YYYY."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        year = int(raw)
    suffix = f"-{year}" if year else ""
    if fmt == "json":
        response = JsonResponse(
            opendata.document(name, plan, year), json_dumps_params={"ensure_ascii": False, "indent": 1}
        )
    else:
        response = HttpResponse(opendata.csv_text(name, plan, year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}{suffix}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def schema_file(request, name):
    """The JSON Schema of a dataset, so re-users can validate what they download."""
    if name not in opendata.DATASETS:
        raise Http404
    response = HttpResponse(
        json.dumps(opendata.schema(name), ensure_ascii=False, indent=2), content_type="application/schema+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
