"""Open data: the strategic part, action plans, indicators and monitoring as CSV and JSON.

Each dataset has a JSON Schema in implementation/schema/ (served publicly);
the JSON documents validate against it and the CSV has one column per
property of a row (nested lists flattened as `name: value; …`).
Only published content and confirmed monitoring are exported; no personal data.
"""

import csv
import io
import json
from pathlib import Path

from cms.models import StrategicItem
from implementation.models import ActionPlanItem, ActivityReport, ReportState

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
DATASETS = ("strategie", "akcni-plan", "indikatory", "monitoring")
YEARLY = {"akcni-plan", "indikatory", "monitoring"}


def schema(name):
    """The JSON Schema of one open dataset (implementation/schema/), served beside the data."""
    return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _num(value):
    return None if value is None else float(value)


def strategy_rows(plan, year=None):
    """The current strategic items as open-data rows (code, level, parent, fields)."""
    rows = []
    for item in StrategicItem.objects.for_plan(plan).current().select_related("parent").order_by("sort_order"):
        data = item.data or {}
        rows.append(
            {
                "kod": item.code,
                "typ": item.kind,
                "nazev": item.title,
                "nadrazeny_kod": item.parent.code if item.parent else None,
                "odpovedna_organizace": data.get("responsible_organisation") or None,
                "rok_od": data.get("year_from"),
                "rok_do": data.get("year_to"),
                "odhad_nakladu_kc": _num(data.get("estimated_cost")),
                "zdroje_financovani": [
                    {"zdroj": f["source"], "castka_kc": _num(f.get("amount"))}
                    for f in data.get("funding_sources") or []
                ],
                "cilove_skupiny": list(data.get("target_groups") or []),
            }
        )
    return rows


def action_plan_rows(plan, year):
    """The live action plans' items of a year as open-data rows."""
    lines = (
        ActionPlanItem.objects.filter(page__live=True, page__year=year, page__path__startswith=plan.path)
        .select_related("activity", "page")
        .order_by("page__path", "sort_order")
    )
    return [
        {
            "rok": line.page.year,
            "kod_aktivity": line.activity.code,
            "nazev_aktivity": line.activity.title,
            "planovane_naklady_kc": _num(line.planned_cost),
            "zdroje_financovani": line.funding_sources or None,
            "odpovedna_organizace": line.responsible_organisation or None,
            "milniky": line.milestone_list(),
        }
        for line in lines
    ]


def _reports(plan, year):
    return (
        ActivityReport.objects.filter(round__plan=plan, round__year=year, state=ReportState.CONFIRMED)
        .select_related("activity", "round")
        .prefetch_related("indicator_values", "spending")
        .order_by("activity__sort_order")
    )


def indicator_rows(plan, year):
    """Confirmed indicator values of a year's monitoring as open-data rows."""
    return [
        {
            "rok": report.round.year,
            "kod_aktivity": report.activity.code,
            "ukazatel": value.name,
            "jednotka": value.unit or None,
            "vychozi_hodnota": _num(value.baseline),
            "cilova_hodnota": _num(value.target),
            "skutecna_hodnota": _num(value.actual),
        }
        for report in _reports(plan, year)
        for value in report.indicator_values.all()
    ]


def monitoring_rows(plan, year):
    """Confirmed monitoring reports of a year as open-data rows (status, money), no personal data."""
    return [
        {
            "rok": report.round.year,
            "kod_aktivity": report.activity.code,
            "nazev_aktivity": report.activity.title,
            "stav_plneni": report.status,
            "popis_plneni": report.narrative,
            "planovano_kc": _num(sum((a.planned or 0) for a in report.spending.all())),
            "vycerpano_kc": _num(sum((a.spent or 0) for a in report.spending.all())),
            "cerpani": [
                {"zdroj": a.source, "planovano_kc": _num(a.planned), "vycerpano_kc": _num(a.spent)}
                for a in report.spending.all()
            ],
        }
        for report in _reports(plan, year)
    ]


BUILDERS = {
    "strategie": strategy_rows,
    "akcni-plan": action_plan_rows,
    "indikatory": indicator_rows,
    "monitoring": monitoring_rows,
}


def document(name, plan, year=None):
    """The JSON document of a dataset: metadata plus rows."""
    return {
        "plan": plan.title,
        "obdobi": plan.period_label,
        "rok": year,
        "dataset": name,
        "polozky": BUILDERS[name](plan, year),
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(
            ", ".join(f"{k}: {'' if v is None else v}" for k, v in entry.items())
            if isinstance(entry, dict)
            else str(entry)
            for entry in value
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_text(name, plan, year=None):
    """CSV with a header row of the schema's property names, in schema order."""
    columns = list(schema(name)["properties"]["polozky"]["items"]["properties"])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in BUILDERS[name](plan, year):
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
