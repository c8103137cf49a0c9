"""Search benchmark: query latency on PostgreSQL and text extraction throughput.

`python -m bench search`. Indexes 20,000 short items (chapters, items,
news…) plus 2,000 documents with several pages of extracted text through the
Czech PostgreSQL backend, then times 2-word queries:

- the public search path (`search.query.ranked_entries`: permission filter,
  Czech tsquery, ranking, the top 1000 hits the facets are computed from);
- the backend's top 10 alone;
- baseline, same run, same queries: ILIKE on title and text (what a site
  without full-text search does), top 10.

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


def ilike_top10(query):
    from django.db.models import Q

    from search.models import SearchEntry

    condition = Q(is_public=True)
    for word in query.split():
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    return list(SearchEntry.objects.filter(condition).defer("text").order_by("-date", "-pk")[:10])


def bench_queries(rng):
    from django.contrib.auth.models import AnonymousUser
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry
    from search.query import ranked_entries

    queries = [f"{rng.choice(a)} {rng.choice(b)}" for a, b in (rng.sample(FAMILIES, 2) for _ in range(QUERIES))]
    anonymous = AnonymousUser()
    backend = get_search_backend()
    public = SearchEntry.objects.filter(is_public=True).defer("text")
    # Warm up: the connection loads the ispell dictionary once.
    ranked_entries(queries[0], anonymous)
    ilike_top10(queries[0])
    full, top10, baseline, hits, ilike_hits = [], [], [], [], []
    for query in queries:
        with Timer() as timer:
            found = ranked_entries(query, anonymous)
        full.append(timer.seconds)
        hits.append(len(found))
        with Timer() as timer:
            list(backend.search(query, public)[:10])
        top10.append(timer.seconds)
        with Timer() as timer:
            ilike_hits.append(len(ilike_top10(query)))
        baseline.append(timer.seconds)
    print(f"queries: {QUERIES} two-word queries (inflected forms of two topics)")
    print(
        f"median hits: czech {sorted(hits)[len(hits) // 2]} (capped at 1000); ILIKE exact forms, top 10: "
        f"{sorted(ilike_hits)[len(ilike_hits) // 2]}"
    )
    czech_full = summarise("czech FTS, public search path (top 1000 for facets)", full)
    czech_top = summarise("czech FTS, backend top 10", top10)
    ilike = summarise("baseline: ILIKE title+text, top 10", baseline)
    print(f"ratio p95 czech top 10 / ILIKE top 10: {czech_top['p95_ms'] / ilike['p95_ms']:.2f}")
    print(f"ratio p95 czech public path / ILIKE top 10: {czech_full['p95_ms'] / ilike['p95_ms']:.2f}")


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
    with django_database():
        started = time.perf_counter()
        entries = build_entries(rng)
        print(f"created {ITEMS} items + {DOCUMENTS} documents in {time.perf_counter() - started:.1f} s")
        seconds = index_entries(entries)
        print(f"indexed through the Czech backend in {seconds:.1f} s ({len(entries) / seconds:.0f} entries/s)")
        bench_queries(rng)
    bench_extraction()


if __name__ == "__main__":
    main()
