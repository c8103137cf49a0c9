"""The whole plan as a PDF: an ~80-page plan (12 chapters, a strategic part of 150 activities).

Times `publication.rendering.render_plan` (template + WeasyPrint + tagged
PDF/UA-1 output) against a baseline measured in the same run: WeasyPrint
rendering the very same HTML as an untagged PDF. The ratio is the price of
the accessible structure; the absolute time is what a coordinator waits for
in the background after publishing (goal: under 10 s on the 2-core machine).
"""

import statistics
import uuid

from bench.harness import Timer, django_database

WORDS = (
    "Komunitní plánování sociálních služeb propojuje zadavatele, poskytovatele a uživatele služeb "
    "v území; analýza potřeb ukázala, že senioři, rodiny s dětmi a lidé se zdravotním postižením "
    "potřebují dostupnější terénní služby, odlehčovací péči a lepší informovanost o možnostech pomoci."
)
RUNS = 2


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _chapter_body(number):
    body = [_block("heading", {"text": f"Východiska kapitoly {number}", "level": "h2"})]
    for paragraph in range(22):
        body.append(_block("paragraph", f"<p>{paragraph + 1}. {WORDS} {WORDS}</p>"))
        if paragraph % 8 == 7:
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
        "description": f"<p>{WORDS}</p>",
        "responsible_organisation": "Charita Testov",
        "year_from": 2026,
        "year_to": 2028,
        "estimated_cost": "1250000",
        "funding_sources": [{"source": "rozpočet obce", "amount": "250000"}, {"source": "MPSV", "amount": "1000000"}],
        "indicators": [{"name": "počet klientů", "unit": "osob", "baseline": "120", "target": "150"}],
        "target_groups": [],
        "service_types": [],
    }


def _strategy():
    """5 priorities × 5 measures × 6 activities = 150 activities."""
    return [
        _block(
            "priority",
            {
                "number": p,
                "title": f"Priorita {p}: dostupné služby",
                "description": f"<p>{WORDS}</p>",
                "measures": [
                    {
                        "number": m,
                        "title": f"Opatření {p}.{m}",
                        "description": f"<p>{WORDS}</p>",
                        "activities": [_activity(a) for a in range(1, 7)],
                    }
                    for m in range(1, 6)
                ],
            },
        )
        for p in range(1, 6)
    ]


def build_plan():
    from django.utils.text import slugify

    from cms.models import StrategicPartPage
    from tests.factories import make_chapter, make_plan, make_territory

    territory = make_territory("ORP Benchmark", hostname="bench-publication.localhost")
    plan = make_plan(territory, "Komunitní plán 2026–2028 (benchmark)")
    for number in range(1, 13):
        chapter = make_chapter(plan, f"Kapitola {number}", number=number)
        chapter.body = _chapter_body(number)
        chapter.save_revision().publish()
    # The strategic part as stored today (cms.StrategicPartPage.strategy).
    part = StrategicPartPage(
        title="Strategická část", slug=slugify("Strategická část"), number=13, strategy=_strategy()
    )
    plan.add_child(instance=part)
    part.save_revision().publish()
    return plan


def main():
    with django_database():
        from django.db import transaction
        from weasyprint import HTML

        from publication.rendering import _fetcher_class, plan_html, render_plan

        # One transaction, like one publishing session: the publish hooks ask for one PDF after
        # commit (rendered in-process by the eager test settings), which warms the caches up.
        with transaction.atomic():
            plan = build_plan()
        ours, baseline = [], []
        pages = 0
        for _ in range(RUNS):
            with Timer() as timer:
                result = render_plan(plan)
            ours.append(timer.seconds)
            pages = result.page_count
            html, root_url = plan_html(plan)
            with Timer() as timer:
                HTML(string=html, base_url=f"{root_url}/", url_fetcher=_fetcher_class()()).write_pdf()
            baseline.append(timer.seconds)
        ours_median, base_median = statistics.median(ours), statistics.median(baseline)
        print(f"plan of {pages} pages, strategic part of 150 activities, {len(result.pdf) / 1e6:.1f} MB")
        print(f"{'tagged PDF/UA-1 (render_plan: template + WeasyPrint)':<55} median {ours_median:6.2f} s  runs {ours}")
        print(f"{'baseline: same HTML, untagged WeasyPrint':<55} median {base_median:6.2f} s  runs {baseline}")
        print(
            f"ratio tagged/untagged: {ours_median / base_median:.2f}×; goal < 10 s: {'met' if ours_median < 10 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
