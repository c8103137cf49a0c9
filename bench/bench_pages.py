"""The public plan pages on a real-size plan, uncached: time and queries against a plain page of the same frame.

`python -m bench pages`. Builds the plan of tests/real_plan.py in a fresh
PostgreSQL database (12 chapters, each through three review stages and now in
its public consultation; 36 rows of approval history; a strategic part of 150
activities) and requests, as an anonymous visitor through Django's test client
(middleware and Wagtail's routing included, page cache off):

- baseline: a plain StandardPage in the same frame (header, menu, footer);
- baseline 2: a StandardPage with a chapter's eight paragraphs (frame + the same
  text: what is left of a chapter's ratio to it is the plan's own machinery);
- a regular chapter (published after the consultation opened: outside it);
- one chapter under consultation (the frozen text, its banner and comment links);
- the plan page (contents, strategic outline, the whole approval history);
- the strategic part of 150 activities.

Goals (issue 16): the chapter within 1.5x the plain page; the plan and the
strategic part without a query per chapter or item (tests/test_page_queries.py
asserts the counts).
"""

import os

from bench.harness import Timer, django_database, summarise

REPEAT = 100


def same_text_page(world):
    """A StandardPage carrying a chapter's eight paragraphs: the frame plus the same text, nothing of the plan."""
    from cms.models import StandardPage

    page = StandardPage(title="Stejný text jako kapitola", slug="stejny-text", body=world.regular.body.raw_data)
    world.territory.add_child(instance=page)
    page.save_revision().publish()
    return page


def main():
    with django_database():
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        from tests.real_plan import build_real_plan

        settings.TRIADA_PAGE_CACHE = False
        world = build_real_plan()
        same_text = same_text_page(world)
        client = Client(HTTP_HOST="testserver")
        pages = [
            ("baseline: plain page (StandardPage, same frame)", world.plain.url),
            ("baseline 2: plain page with a chapter's text", same_text.url),
            *([("chapter 13 (regular)", world.regular.url)] if hasattr(world, "regular") else []),
            ("chapter 6 (under consultation)", world.chapters[5].url),
            ("plan page (36 rows of approval history)", world.plan.url),
            ("strategic part (150 activities)", world.part.url),
        ]
        print(f"load average (1 min, 5 min) {os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f}")
        queries_of, sizes = {}, {}
        for label, url in pages:
            assert client.get(url).status_code == 200, url
            queries = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                response = client.get(url)
            queries_of[label], sizes[label] = len(queries), len(response.content)
        # Interleaved (one request of each page per round), so a change in the machine's speed during
        # the run hits every page alike and the ratios compare like with like.
        seconds = {label: [] for label, _url in pages}
        for _ in range(REPEAT):
            for label, url in pages:
                with Timer() as timer:
                    client.get(url)
                seconds[label].append(timer.seconds)
        baseline = None
        medians = {}
        for label, _url in pages:
            figures = summarise(label, seconds[label])
            baseline = baseline or figures["median_ms"]
            medians[label] = figures["median_ms"]
            print(
                f"{'':<55} queries={queries_of[label]:<4} size={sizes[label] // 1024} kB  "
                f"ratio to baseline={figures['median_ms'] / baseline:5.2f}"
            )
        print(f"load average (1 min, 5 min) {os.getloadavg()[0]:.1f}, {os.getloadavg()[1]:.1f}")
        print("goal: chapter <= 1.5x baseline, at most 8 queries")
        text_baseline = medians["baseline 2: plain page with a chapter's text"]
        for label, median in medians.items():
            if label.startswith("chapter"):
                print(f"{label}: {median / text_baseline:.2f}x the plain page with the same text")
