"""Search benchmark: query latency on PostgreSQL, publishing a strategic part, text extraction.

`python -m bench search`. Indexes 20,000 short items (chapters, items,
news…) plus 2,000 documents with several pages of extracted text through the
Czech PostgreSQL backend, then times, for an anonymous visitor:

- the public search path of a two-word query (`search.query.run_search`:
  permission filter, Czech tsquery, the page of 10 ranked hits, the exact
  total and the facets by GROUP BY over every match) — goal p95 ≤ 50 ms —
  and the backend's part of it (one statement, then the page's objects);
- baselines in the same run: the previous backend path (a facet statement,
  then Wagtail's page ranking the body of every match), the same public path
  with one-word queries, and a plain indexed lookup (one entry by its unique key);
- EXPLAIN ANALYZE of the one statement of one two-word query.

Publishing a 150-activity strategic part: the publish as the request does it
(the search sync only owed and enqueued, as in production), against the sync
itself — batched (the Celery task's work) and row by row (what the request
did before: one upsert and one index call per entry).

Extraction: pages per second for generated PDF, DOCX and ODT files, with
poppler's `pdftotext` on the same PDF as the baseline when it is installed.
"""

import random
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.harness import Timer, django_database, summarise

ITEMS = 20_000
DOCUMENTS = 2_000
QUERIES = 200
CHUNK = 500
SEED = 2026

# Word families: every query uses a form that differs from some indexed forms.
FAMILIES = [
    ["senior", "senioři", "seniory", "seniorům", "seniorů", "seniorech"],
    ["město", "města", "městech", "městu", "městem"],
    ["služba", "služby", "službu", "službám", "službách"],
    ["rodina", "rodiny", "rodinám", "rodinách", "rodinou"],
    ["péče", "péči", "péčí"],
    ["pečovatelská", "pečovatelské", "pečovatelskou"],
    ["asistence", "asistenci", "asistencí"],
    ["bydlení", "bydlením"],
    ["dítě", "děti", "dětem", "dětmi", "dětí"],
    ["obec", "obce", "obcím", "obcích", "obcí"],
    ["poradna", "poradny", "poradně", "poradnu"],
    ["domácnost", "domácnosti", "domácnostech"],
    ["kapacita", "kapacity", "kapacitu"],
    ["financování", "financováním"],
    ["dobrovolník", "dobrovolníci", "dobrovolníků"],
    ["terénní", "terénních", "terénním"],
    ["odlehčovací", "odlehčovacích"],
    ["krizová", "krizové", "krizovou"],
    ["pomoc", "pomoci", "pomocí"],
    ["zdravotní", "zdravotním", "zdravotních"],
    ["postižení", "postižením"],
    ["analýza", "analýzy", "analýze"],
    ["dotace", "dotací", "dotacím"],
    ["kraj", "kraje", "kraji"],
    ["doprava", "dopravy", "dopravu"],
]
FILLER = [
    "a",
    "v",
    "na",
    "pro",
    "se",
    "s",
    "z",
    "do",
    "k",
    "o",
    "že",
    "je",
    "jsou",
    "bude",
    "plán",
    "rok",
    "území",
    "cíl",
    "opatření",
    "aktivita",
    "skupina",
    "jednání",
    "zápis",
    "návrh",
    "organizace",
    "poskytovatel",
    "uživatel",
    "klient",
    "potřeba",
    "rozvoj",
    "podpora",
    "informace",
    "dostupnost",
]


def sentence(rng, words=12, topics=None):
    """Filler words and, about every third word, a form of one of the text's topics."""
    topics = topics or FAMILIES
    out = []
    for _ in range(words):
        if rng.random() < 0.35:
            out.append(rng.choice(rng.choice(topics)))
        else:
            out.append(rng.choice(FILLER))
    return " ".join(out).capitalize() + "."


def text(rng, sentences, topic_count):
    """A text about a few topics, as real chapters and minutes are."""
    topics = rng.sample(FAMILIES, topic_count)
    return " ".join(sentence(rng, topics=topics) for _ in range(sentences))


def build_entries(rng):
    from search.models import EntryKind, SearchEntry

    kinds = [EntryKind.CHAPTER, EntryKind.STRATEGIC_ITEM, EntryKind.NEWS, EntryKind.EVENT, EntryKind.MEETING]
    rows = []
    for number in range(ITEMS):
        rows.append(
            SearchEntry(
                source_key=f"bench:item:{number}",
                kind=kinds[number % len(kinds)],
                title=sentence(rng, 5),
                text=text(rng, 6, topic_count=3),
                url=f"/bench/{number}/",
                year=2020 + number % 7,
                is_public=number % 10 != 0,
            )
        )
    for number in range(DOCUMENTS):
        # About three pages of extracted text per document.
        rows.append(
            SearchEntry(
                source_key=f"bench:document:{number}",
                kind=EntryKind.DOCUMENT,
                title=sentence(rng, 4),
                text=text(rng, 150, topic_count=6),
                url=f"/documents/{number}/",
                year=2020 + number % 7,
                is_public=number % 5 != 0,
            )
        )
    return SearchEntry.objects.bulk_create(rows, batch_size=1000)


def index_entries(entries):
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry

    backend = get_search_backend()
    with Timer() as timer:
        for start in range(0, len(entries), CHUNK):
            backend.add_bulk(SearchEntry, entries[start : start + CHUNK])
    return timer.seconds


def explain(label, sql, params, settings=None):
    """EXPLAIN ANALYZE one statement with the planner settings the search itself uses."""
    from django.db import connection, transaction

    from search.backends.postgres import SEARCH_PLANNER_SETTINGS

    with transaction.atomic(), connection.cursor() as cursor:
        for setting in SEARCH_PLANNER_SETTINGS if settings is None else settings:
            cursor.execute(f"SET LOCAL {setting}")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = [row[0] for row in cursor.fetchall()]
    print(f"EXPLAIN ANALYZE {label}:")
    for line in plan:
        print("    " + line)


FACETS = ("kind", "territory", "body", "year", "target_group")


def explain_query(query):
    from django.contrib.auth.models import AnonymousUser
    from wagtail.search.backends import get_search_backend

    from search.query import FACET_FIELDS, base_queryset

    backend = get_search_backend()
    entries = base_queryset(AnonymousUser()).defer("text")
    facets = [FACET_FIELDS[name] for name in FACETS]
    sql, params = backend.faceted_sql(query, entries, {}, facets, 0, 10, by_relevance=True)
    explain(f"one statement: total, facets and the ranked page of 10 for {query!r}", sql, params)


def previous_path(backend, query, entries, facets):
    """The baseline: the path before this change, in the same run — the matched set twice (a facet
    statement, then Wagtail's ranked page), the body of *every* match ranked, default join planning."""
    from django.db import connection, transaction

    from search.backends.postgres import SEARCH_RANDOM_PAGE_COST

    sql, params = backend.faceted_sql(query, entries, {}, facets)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL random_page_cost = {SEARCH_RANDOM_PAGE_COST}")
        cursor.execute(sql, params)
        cursor.fetchall()
        return list(backend.page_results(query, entries, {})[0:10])


def bench_queries(rng):
    from django.contrib.auth.models import AnonymousUser
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry
    from search.query import FACET_FIELDS, base_queryset, run_search

    queries = [f"{rng.choice(a)} {rng.choice(b)}" for a, b in (rng.sample(FAMILIES, 2) for _ in range(QUERIES))]
    singles = [rng.choice(rng.choice(FAMILIES)) for _ in range(QUERIES)]
    keys = [f"bench:item:{rng.randrange(ITEMS)}" for _ in range(QUERIES)]
    anonymous = AnonymousUser()
    # Warm up: the connection loads the ispell dictionary once.
    run_search(queries[0], anonymous)
    explain_query(queries[0])
    backend = get_search_backend()
    facets = [FACET_FIELDS[name] for name in FACETS]
    full, statement, previous, single, lookup, totals = [], [], [], [], [], []
    for query, word, key in zip(queries, singles, keys, strict=True):
        with Timer() as timer:
            outcome = run_search(query, anonymous)
        full.append(timer.seconds)
        totals.append(outcome.total)
        entries = base_queryset(anonymous).defer("text")
        with Timer() as timer:
            backend.faceted_search(query, entries, {}, facets, 0, 10)
        statement.append(timer.seconds)
        with Timer() as timer:
            previous_path(backend, query, entries, facets)
        previous.append(timer.seconds)
        with Timer() as timer:
            run_search(word, anonymous)
        single.append(timer.seconds)
        with Timer() as timer:
            list(SearchEntry.objects.filter(source_key=key).defer("text"))
        lookup.append(timer.seconds)
    print(f"queries: {QUERIES} two-word queries (inflected forms of two topics), {QUERIES} one-word queries")
    print(f"exact totals of the two-word queries: median {sorted(totals)[len(totals) // 2]}, max {max(totals)}")
    two = summarise("public search, two words (page + total + facets)", full)
    one_statement = summarise("  of which the backend's one statement + page objects", statement)
    before = summarise("baseline: previous backend path (2 statements, all ranked)", previous)
    print(f"ratio p95 previous backend path / one statement: {before['p95_ms'] / one_statement['p95_ms']:.1f}x")
    one = summarise("baseline: public search, one word", single)
    key = summarise("baseline: one entry by its unique key", lookup)
    print(f"ratio p95 two words / one word: {two['p95_ms'] / one['p95_ms']:.2f}")
    print(f"ratio p95 two words / key lookup: {two['p95_ms'] / key['p95_ms']:.0f}x")


def bench_publish():
    """A 150-activity strategic part published as the request does it, and its search sync."""
    from wagtail.models import Page

    from search.models import SearchEntry
    from search.signals import sync_page
    from search.sources import describe, items_of_part
    from tests.factories import make_plan, make_strategic_part, make_territory
    from triada.celery import app

    territory = make_territory("ORP Bench", hostname="bench-publish.test")
    plan = make_plan(territory)
    page = make_strategic_part(plan, size=(8, 30, 150), publish=False)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False  # as in production: the sync task goes to the broker
    try:
        with Timer() as publish:
            page.get_latest_revision().publish()
    finally:
        app.conf.task_always_eager = eager
    with Timer() as batched:
        sync_page(page.pk)
    items = SearchEntry.objects.filter(kind="strategic_item", url__contains=page.slug).count()
    objects = [Page.objects.get(pk=page.pk).specific, *items_of_part(page.pk)]
    with Timer() as row_by_row:
        for obj in objects:  # the former sync_object: update_or_create, one index call per entry
            for key, fields in describe(obj):
                SearchEntry.objects.update_or_create(source_key=key, defaults=fields)
    with Timer() as batched_again:
        sync_page(page.pk)
    print(f"strategic part of 150 activities ({items} item entries):")
    print(f"  publish as the request does it (sync owed + enqueued): {publish.seconds * 1000:8.0f} ms")
    print(f"  the sync task's work, batched (created):               {batched.seconds * 1000:8.0f} ms")
    print(f"  the sync task's work, batched (updated):               {batched_again.seconds * 1000:8.0f} ms")
    print(f"  baseline: row by row, as inside the request before:    {row_by_row.seconds * 1000:8.0f} ms")
    print(f"  ratio row by row / batched (updates): {row_by_row.seconds / batched_again.seconds:.1f}x")


def bench_extraction():
    from weasyprint import HTML

    from search.extraction import Limits, extract
    from tests.search.corpus import docx_bytes, odt_bytes

    rng = random.Random(SEED)
    pages = 20
    html = "".join(
        f"<section style='page-break-after: always'><h2>Strana {n}</h2>"
        + "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(12))
        + "</section>"
        for n in range(pages)
    )
    pdf = HTML(string=f"<html lang='cs'><body>{html}</body></html>").write_pdf()
    limits = Limits()
    rounds = 5
    with Timer() as timer:
        for _ in range(rounds):
            result = extract(pdf, "pdf", limits)
    pdf_pages = result.pages
    pdf_rate = pdf_pages * rounds / timer.seconds
    print(f"extraction pypdf: {result.pages} pages, {len(result.text)} chars, {pdf_rate:.1f} pages/s")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "bench.pdf"
            path.write_bytes(pdf)
            with Timer() as timer:
                for _ in range(rounds):
                    subprocess.run([pdftotext, "-q", str(path), str(path.with_suffix(".txt"))], check=True)
        baseline_rate = pdf_pages * rounds / timer.seconds
        print(f"baseline pdftotext (poppler, separate process): {baseline_rate:.1f} pages/s")
        print(f"ratio pypdf / pdftotext: {pdf_rate / baseline_rate:.2f}")
    else:
        print("baseline pdftotext: not installed (apt-get install poppler-utils)")
    text = " ".join(sentence(rng, 40) for _ in range(12 * pages))
    for label, data, extension in (("DOCX", docx_bytes(text), "docx"), ("ODT", odt_bytes(text), "odt")):
        with Timer() as timer:
            for _ in range(rounds):
                result = extract(data, extension, limits)
        # Flowing formats have no fixed pages: count the same text as the PDF's pages.
        print(
            f"extraction {label}: {len(result.text)} chars, {pdf_pages * rounds / timer.seconds:.1f} PDF-equivalent pages/s"
        )


def main():
    rng = random.Random(SEED)
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    with django_database():
        started = time.perf_counter()
        entries = build_entries(rng)
        print(f"created {ITEMS} items + {DOCUMENTS} documents in {time.perf_counter() - started:.1f} s")
        seconds = index_entries(entries)
        print(f"indexed through the Czech backend in {seconds:.1f} s ({len(entries) / seconds:.0f} entries/s)")
        bench_queries(rng)
        bench_publish()
        print("load after the queries:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    bench_extraction()


if __name__ == "__main__":
    main()
