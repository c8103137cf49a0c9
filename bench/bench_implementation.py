"""Monitoring report benchmark: a plan with 150 activities monitored over 3 years.

`python -m bench implementation`. Builds a territory, a plan whose strategic
part mirrors 3 priorities × 10 measures × 5 activities (150), opens a round for
each of the plan's 3 years and fills, submits and confirms every report through
the app's services. Then times, as an anonymous visitor through the test client,
the public report page and its stored PDF for each year, and once per year the
background task that renders the PDF (as it runs when a round closes).

Baseline, same run: the public plan page (the cms page the report is linked from).
"""

import os
import uuid
from datetime import date

from bench.harness import Timer, django_database, summarise

REPEAT = 5


def _activities(plan, part):
    from cms.models import StrategicItem, StrategicItemKind

    StrategicItem.objects.filter(plan=plan).delete()
    order = 0
    for p in range(1, 4):
        priority = StrategicItem.objects.create(
            plan=plan,
            strategic_part=part,
            block_id=uuid.uuid4(),
            kind=StrategicItemKind.PRIORITY,
            code=str(p),
            title=f"Priorita {p}",
            sort_order=order,
        )
        order += 1
        for m in range(1, 11):
            measure = StrategicItem.objects.create(
                plan=plan,
                strategic_part=part,
                block_id=uuid.uuid4(),
                kind=StrategicItemKind.MEASURE,
                code=f"{p}.{m}",
                title=f"Opatření {p}.{m}",
                parent=priority,
                sort_order=order,
            )
            order += 1
            for a in range(1, 6):
                StrategicItem.objects.create(
                    plan=plan,
                    strategic_part=part,
                    block_id=uuid.uuid4(),
                    kind=StrategicItemKind.ACTIVITY,
                    code=f"{p}.{m}.{a}",
                    title=f"Aktivita {p}.{m}.{a}",
                    parent=measure,
                    sort_order=order,
                    data={
                        "target_groups": ["seniori"],
                        "funding_sources": [
                            {"source": "rozpočet obce", "amount": "100000"},
                            {"source": "MPSV", "amount": "300000"},
                        ],
                        "indicators": [{"name": "počet klientů", "unit": "osob", "baseline": "10", "target": "20"}],
                    },
                )
                order += 1


def _load():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main():
    print(f"start: {_load()}")
    with django_database():
        from django.test import Client

        from implementation.models import ReportPdf
        from implementation.services import monitoring, report_pdf
        from tests.factories import make_plan, make_territory, make_user
        from tests.site_content import make_strategic_part

        territory = make_territory("ORP Bench", hostname="bench.localhost", default_site=True)
        plan = make_plan(territory)
        part = make_strategic_part(plan, number=3)
        _activities(plan, part)
        coordinator = make_user("koord", groups=[territory.coordinator_group])
        member = make_user("clen", groups=[territory.wg_seniors])
        steering = make_user("rs", groups=[territory.steering_group])
        with Timer() as fill:
            for year in range(plan.period_from, plan.period_to + 1):
                round_ = monitoring.open_round(plan, year, date(year, 12, 31), coordinator)
                for n, report in enumerate(round_.reports.all()):
                    data = {
                        "status": ["fulfilled", "ongoing", "partly", "not_fulfilled", "cancelled"][n % 5],
                        "narrative": f"Zpráva {n}",
                        "indicators": {"počet klientů": 15 + n % 7},
                        "spent": {"rozpočet obce": 80000, "MPSV": 250000},
                    }
                    monitoring.save_report(report, coordinator, data, submit=True)
                    monitoring.confirm_report(report, steering)
        print(f"filled and confirmed 450 reports in {fill.seconds:.1f} s ({member.username} is the working group)")
        client = Client(HTTP_HOST="bench.localhost")
        plan_url = plan.get_url()
        results = {}
        results["baseline"] = summarise("baseline: public plan page", _time(client, plan_url))
        for year in range(plan.period_from, plan.period_to + 1):
            results[f"page {year}"] = summarise(
                f"report page {year} (150 activities)", _time(client, f"/plneni/{plan.pk}/zprava/{year}/")
            )
            results[f"pdf {year}"] = summarise(
                f"stored report PDF {year} (150 activities)", _time(client, f"/plneni/{plan.pk}/zprava/{year}.pdf")
            )
            round_ = plan.monitoring_rounds.get(year=year)
            ReportPdf.objects.filter(round=round_).update(fingerprint="")  # forces a real render
            with Timer() as task:
                assert report_pdf.render(round_.pk)
            print(f"background task rendering the report PDF {year}: {task.seconds:.1f} s (n=1)")
        base = results["baseline"]["median_ms"]
        for key, value in results.items():
            if key != "baseline":
                print(f"{key:<12} {value['median_ms'] / base:6.1f}x the plan page")
    print(f"end: {_load()}")


def _time(client, url):
    seconds = []
    for _ in range(REPEAT):
        with Timer() as timer:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seconds.append(timer.seconds)
    return seconds
