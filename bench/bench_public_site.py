"""Public site benchmark: what each kind of public page costs to render, with its queries.

`python -m bench public_site`. Loads the demo (two territories, 12 chapters and
20+ activities each) into a fresh database and requests, as an anonymous
visitor through Django's test client (the whole middleware and Wagtail's
routing included), the home page, the plan, a chapter with the most blocks, the
strategic part, one activity's own page and the whole plan on one page.

Baseline, same run: the accessibility statement, a plain StandardPage in the
same frame (header, menu, footer), so the ratios show what the plan templates
add on top of the site's frame.
"""

from bench.harness import Timer, django_database, summarise

REPEAT = 40


def main():
    with django_database():
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from wagtail.models import Site

        from cms.models import ChapterPage, PlanPage, StandardPage, StrategicItem, StrategicPartPage

        call_command("load_demo", port=80, verbosity=0)
        site = Site.objects.get(is_default_site=True)
        territory = site.root_page.specific
        client = Client(HTTP_HOST=site.hostname)

        def path(page):
            return page.get_url(current_site=site)

        plan = PlanPage.objects.live().descendant_of(territory).first()
        chapters = ChapterPage.objects.live().child_of(plan).filter(strategicpartpage__isnull=True)
        chapter = max(chapters, key=lambda page: len(page.body))
        part = StrategicPartPage.objects.live().child_of(plan).first()
        activity = StrategicItem.objects.filter(strategic_part=part).activities().first()
        statement = StandardPage.objects.live().descendant_of(territory).filter(slug__contains="pristupnost").first()
        pages = [
            ("baseline: accessibility statement (StandardPage)", path(statement)),
            ("territory home page", path(territory)),
            ("plan: contents and strategic outline", path(plan)),
            (f"chapter with {len(chapter.body)} blocks", path(chapter)),
            (f"strategic part ({part.items.activities().count()} activities)", path(part)),
            ("one activity's own page", activity.get_url()),
            ("whole plan on one page (?cely=1)", path(plan) + "?cely=1"),
        ]
        baseline = None
        for label, url in pages:
            assert client.get(url).status_code == 200, url  # warm caches
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                client.get(url)
            seconds = []
            for _ in range(REPEAT):
                with Timer() as timer:
                    response = client.get(url)
                seconds.append(timer.seconds)
            figures = summarise(label, seconds)
            baseline = baseline or figures["median_ms"]
            print(
                f"{'':<55} queries={len(queries):<4} size={len(response.content) // 1024} kB  "
                f"ratio to baseline={figures['median_ms'] / baseline:5.2f}"
            )
