"""The whole plan as a PDF: a real-size plan of at least 80 pages.

8 chapters of 34 paragraphs and 3 tables each (an analysis chapter of a real plan is 5–8 pages),
then the strategic part: 8 priorities, 30 measures, 150 activities.

Times `publication.rendering.render_plan` (template + WeasyPrint + tagged
PDF/UA-1 output) against a baseline measured in the same run: WeasyPrint
rendering the very same HTML as an untagged PDF. The ratio is the price of
the accessible structure; the absolute time is what a coordinator waits for
in the background after publishing (goal: under 10 s on the 2-core machine).
"""

import os
import statistics
import time
import uuid
from pathlib import Path

from bench.harness import Timer, django_database

WORDS = (
    "Komunitní plánování sociálních služeb propojuje zadavatele, poskytovatele a uživatele služeb "
    "v území; analýza potřeb ukázala, že senioři, rodiny s dětmi a lidé se zdravotním postižením "
    "potřebují dostupnější terénní služby, odlehčovací péči a lepší informovanost o možnostech pomoci."
)
RUNS = 2
CHAPTERS = 8
PARAGRAPHS = 34
GOAL_SECONDS, GOAL_PAGES = 10, 80


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _chapter_body(number):
    body = [_block("heading", {"text": f"Východiska kapitoly {number}", "level": "h2"})]
    for paragraph in range(PARAGRAPHS):
        body.append(_block("paragraph", f"<p>{paragraph + 1}. {WORDS} {WORDS}</p>"))
        if paragraph % 10 == 9:
            rows = [["Služba", "2023", "2024", "2025"]] + [[f"Služba {row}", "120", "135", "150"] for row in range(8)]
            body.append(
                _block(
                    "table",
                    {
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                        "table_caption": f"Kapacity služeb ({number}.{paragraph})",
                        "data": rows,
                    },
                )
            )
    return body


def _activity(number):
    return {
        "number": number,
        "title": f"Aktivita číslo {number} pro rozvoj služeb v menších obcích",
        "description": f"<p>{WORDS} Aktivitu zajistí poskytovatel ve spolupráci s obcemi mikroregionu.</p>",
        "responsible_organisation": "Charita Testov",
        "year_from": 2026,
        "year_to": 2028,
        "estimated_cost": "1250000",
        "funding_sources": [{"source": "rozpočet obce", "amount": "250000"}, {"source": "MPSV", "amount": "1000000"}],
        "indicators": [{"name": "počet klientů", "unit": "osob", "baseline": "120", "target": "150"}],
        "target_groups": [],
        "service_types": [],
    }


# A real plan's strategic part: 8 priorities, 30 measures (4 or 3 per priority), 150 activities (5 per measure).
MEASURES_PER_PRIORITY = (4, 4, 4, 4, 4, 4, 3, 3)
ACTIVITIES_PER_MEASURE = 5


def _strategy():
    """8 priorities, 30 measures, 150 activities, as `cms.models.set_strategy` takes them."""
    return [
        {
            "number": p,
            "title": f"Priorita {p}: dostupné služby",
            "description": f"<p>{WORDS}</p>",
            "measures": [
                {
                    "number": m,
                    "title": f"Opatření {p}.{m}",
                    "description": f"<p>{WORDS}</p>",
                    "activities": [_activity(a) for a in range(1, ACTIVITIES_PER_MEASURE + 1)],
                }
                for m in range(1, measures + 1)
            ],
        }
        for p, measures in enumerate(MEASURES_PER_PRIORITY, 1)
    ]


def build_plan():
    from django.utils.text import slugify

    from cms.models import StrategicPartPage, set_strategy
    from tests.factories import make_chapter, make_plan, make_territory

    territory = make_territory("ORP Benchmark", hostname="bench-publication.localhost")
    plan = make_plan(territory, "Komunitní plán 2026–2028 (benchmark)")
    for number in range(1, CHAPTERS + 1):
        chapter = make_chapter(plan, f"Kapitola {number}", number=number)
        chapter.body = _chapter_body(number)
        chapter.save_revision().publish()
    part = StrategicPartPage(title="Strategická část", slug=slugify("Strategická část"), number=CHAPTERS + 1, body=[])
    set_strategy(part, _strategy())
    plan.add_child(instance=part)
    part.save_revision().publish()
    return plan


def _load():
    """The 1-minute load average (what `uptime` shows first): the machine is shared."""
    return round(os.getloadavg()[0], 2)


def main():
    with django_database():
        from django.db import transaction
        from weasyprint import HTML

        from publication.rendering import PDF_OPTIONS, _fetcher_class, plan_html, render_plan

        # One transaction, like one publishing session: the publish hooks ask for one PDF after
        # commit (rendered in-process by the eager test settings), which warms the caches up.
        with transaction.atomic():
            plan = build_plan()
        load_before = _load()
        ours, baseline, phases, cpu, baseline_cpu = [], [], [], [], []
        pages = 0
        for _ in range(RUNS):
            cpu_started = time.process_time()
            with Timer() as timer:
                result = render_plan(plan)
            ours.append(timer.seconds)
            # CPU seconds of this process: what the render costs on an idle core, whatever the load.
            cpu.append(time.process_time() - cpu_started)
            pages = result.page_count
            # Where the time goes: template, WeasyPrint layout, tagged write; baseline = untagged write.
            with Timer() as template:
                html, root_url = plan_html(plan)
            with Timer() as layout:
                document = HTML(string=html, base_url=f"{root_url}/", url_fetcher=_fetcher_class()()).render()
            with Timer() as tagged:
                document.write_pdf(**PDF_OPTIONS)
            cpu_started = time.process_time()
            with Timer() as timer:
                HTML(string=html, base_url=f"{root_url}/", url_fetcher=_fetcher_class()()).write_pdf()
            baseline.append(timer.seconds)
            baseline_cpu.append(time.process_time() - cpu_started)
            phases.append((template.seconds, layout.seconds, tagged.seconds))
        if os.environ.get("BENCH_PUBLICATION_HTML"):
            Path(os.environ["BENCH_PUBLICATION_HTML"]).write_text(html, encoding="utf-8")
        load_after = _load()
        ours_median, base_median = statistics.median(ours), statistics.median(baseline)
        cpu_median = statistics.median(cpu)
        print(f"plan of {pages} pages, strategic part of 150 activities, {len(result.pdf) / 1e6:.1f} MB")
        print(f"{'tagged PDF/UA-1 (render_plan: template + WeasyPrint)':<55} median {ours_median:6.2f} s  runs {ours}")
        print(f"{'baseline: same HTML, untagged WeasyPrint':<55} median {base_median:6.2f} s  runs {baseline}")
        print(f"{'tagged PDF/UA-1, CPU time of the render':<55} median {cpu_median:6.2f} s  runs {cpu}")
        print(
            f"{'baseline untagged, CPU time':<55} median {statistics.median(baseline_cpu):6.2f} s  runs {baseline_cpu}"
        )
        for number, (template_s, layout_s, write_s) in enumerate(phases, 1):
            print(f"run {number}: template {template_s:.2f} s, layout {layout_s:.2f} s, tagged write {write_s:.2f} s")
        print(f"load average (1 min) before {load_before}, after {load_after} (2 cores, shared)")
        print(
            f"per page: {ours_median / pages:.3f} s wall, {cpu_median / pages:.3f} s CPU; "
            f"{GOAL_PAGES} pages projected: {ours_median / pages * GOAL_PAGES:.1f} s wall, "
            f"{cpu_median / pages * GOAL_PAGES:.1f} s CPU"
        )
        real_size = "" if pages >= GOAL_PAGES else f" (only {pages} pages: the plan is smaller than the goal's)"
        print(
            f"ratio tagged/untagged: {ours_median / base_median:.2f}×; goal {GOAL_PAGES} pages < {GOAL_SECONDS} s{real_size}: "
            f"{'met' if ours_median < GOAL_SECONDS else 'NOT met'} (wall, {ours_median:.2f} s), "
            f"{'met' if cpu_median < GOAL_SECONDS else 'NOT met'} (CPU, {cpu_median:.2f} s)"
        )


if __name__ == "__main__":
    main()
