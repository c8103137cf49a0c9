"""National scale: 200,000 documents and 50,000 chapters, searched on PostgreSQL and OpenSearch.

`python -m bench national` (not part of `make test`; aimed at ~15 minutes on an idle 2-core machine);
`python -m bench national --scale 0.05` for a quick run with 5 % of the entries (every figure names
its scale).

Set-up without hours of indexing: a few thousand *template* entries (chapters,
strategic items, documents with about a page of extracted text, words drawn
from the same Czech families as `bench_search`) are indexed through the real
Czech backend; the 250,000 national entries are then cloned from them in SQL
(`INSERT … SELECT generate_series`), each with its own territory (14 regions),
body, year, kind and visibility, and their index rows copy the template's
tsvectors. So the index has the real size and the real term distribution, and
the queries run the production path (`search.query.run_search`: Czech tsquery,
permission filter, rank, page of 10, exact total, facets by GROUP BY).

Measured, each with its baseline in the same run:
- PostgreSQL: p95 of two-word queries with facets (anonymous, all territories
  and one territory) against a plain indexed lookup (`source_key` equality)
  and a single-word query;
- OpenSearch 2.19 (the test run's node, `tests/services.py`): the same queries
  through `faceted_search` (aggregations), after bulk-indexing the same
  250,000 entries;
- rebuild time: `manage.py rebuild_search_index`'s work (describe → upsert →
  index) is timed on a measured fraction and extrapolated linearly (said so in
  the output) — the full rebuild would take well over 15 minutes here.
"""

import argparse
import random
import statistics
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.bench_search import FAMILIES, sentence, text
from bench.harness import Timer, django_database, summarise

DOCUMENTS = 200_000
CHAPTERS = 50_000
TEMPLATE_ITEMS = 2_000
TEMPLATE_DOCUMENTS = 1_000
REGIONS = 14
QUERIES = 100
SEED = 1977
OPENSEARCH_BULK_THREADS = 2
BULK_LOAD_SETTINGS = {"refresh_interval": "-1", "translog.durability": "async"}
SERVING_SETTINGS = {"refresh_interval": "1s", "translog.durability": "request"}


class Scale:
    """The sizes of one run: the national figures times `--scale` (templates shrink with it, below 0.2)."""

    def __init__(self, factor=1.0):
        self.factor = factor
        self.documents = max(1, round(DOCUMENTS * factor))
        self.chapters = max(1, round(CHAPTERS * factor))
        self.template_items = max(100, round(TEMPLATE_ITEMS * min(1.0, factor * 5)))
        self.template_documents = max(50, round(TEMPLATE_DOCUMENTS * min(1.0, factor * 5)))
        self.rebuild_fraction = max(100, round(1_000 * min(1.0, factor * 5)))

    def __str__(self):
        return f"scale {self.factor:g}: {self.documents:,} documents + {self.chapters:,} chapters"


def build_templates(rng, items=TEMPLATE_ITEMS, documents=TEMPLATE_DOCUMENTS, doc_sentences=40):
    """Template entries with realistic Czech text, indexed through the real backend."""
    from wagtail.search.backends import get_search_backend

    from search.models import EntryKind, SearchEntry

    kinds = [EntryKind.CHAPTER, EntryKind.STRATEGIC_ITEM]
    rows = [
        SearchEntry(
            source_key=f"template:item:{n}",
            kind=kinds[n % 2],
            title=sentence(rng, 5),
            text=text(rng, 6, topic_count=3),
            url=f"/template/{n}/",
            is_public=False,
        )
        for n in range(items)
    ]
    rows += [
        SearchEntry(
            source_key=f"template:document:{n}",
            kind=EntryKind.DOCUMENT,
            title=sentence(rng, 4),
            text=text(rng, doc_sentences, topic_count=6),
            url=f"/template-doc/{n}/",
            is_public=False,
        )
        for n in range(documents)
    ]
    rows = SearchEntry.objects.bulk_create(rows, batch_size=1000)
    backend = get_search_backend()
    with Timer() as timer:
        for start in range(0, len(rows), 500):
            backend.add_bulk(SearchEntry, rows[start : start + 500])
    return rows, timer.seconds


def regions_and_bodies():
    """14 regional territories, each with its four bodies (the facets' labels are real rows)."""
    from cms.models import PlanningBody
    from tests.factories import make_territory

    territories = [make_territory(f"Kraj {n + 1}", hostname=f"kraj{n + 1}.test").pk for n in range(REGIONS)]
    bodies = list(PlanningBody.objects.filter(territory_id__in=territories).values_list("pk", flat=True))
    return territories, bodies


def clone_entries(kind_filter, count, territories, bodies, prefix):
    """`count` entries cloned in SQL from the templates of `kind_filter`, with their index rows."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from search.models import SearchEntry

    content_type = ContentType.objects.get_for_model(SearchEntry).pk
    entry_table = SearchEntry._meta.db_table
    index_table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            CREATE TEMP TABLE IF NOT EXISTS bench_template (n int PRIMARY KEY, id bigint, kind varchar(20));
            TRUNCATE bench_template;
            INSERT INTO bench_template
                SELECT row_number() OVER (ORDER BY id) - 1, id, kind FROM {entry_table}
                WHERE source_key LIKE %s;
            """,
            [f"template:{kind_filter}:%"],
        )
        cursor.execute("SELECT count(*) FROM bench_template")
        templates = cursor.fetchone()[0]
        cursor.execute(
            f"""
            INSERT INTO {entry_table}
                (source_key, kind, territory_id, body_id, is_public, title, text, meta, url, site_root_url,
                 date, year, target_groups, updated_at)
            SELECT %s || i, t.kind, (%s::int[])[1 + i %% %s], (%s::int[])[1 + i %% %s], i %% 10 <> 0,
                   e.title, e.text, '', '/n/' || i || '/', '', date '2015-01-01' + (i %% 4000),
                   2015 + (i %% 4000) / 365, to_jsonb(ARRAY[(ARRAY['seniori','rodiny','zdravotne-postizeni',
                   'ohrozeni'])[1 + i %% 4]]), now()
            FROM generate_series(0, %s - 1) AS i
            JOIN bench_template t ON t.n = i %% %s
            JOIN {entry_table} e ON e.id = t.id
            """,
            [prefix, territories, len(territories), bodies, len(bodies), count, templates],
        )
        cursor.execute(
            f"""
            INSERT INTO {index_table}
                (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
            SELECT %s, e.id::text, x.title, x.autocomplete, x.body, x.title_norm, x.title_text, x.body_text
            FROM {entry_table} e
            JOIN bench_template t ON t.n = substr(e.source_key, %s)::int %% %s
            JOIN {index_table} x ON x.content_type_id = %s AND x.object_id = t.id::text
            WHERE e.source_key LIKE %s
            """,
            [content_type, len(prefix) + 1, templates, content_type, prefix + "%"],
        )
    return templates


def two_word_queries(rng, count=QUERIES):
    return [f"{rng.choice(a)} {rng.choice(b)}" for a, b in (rng.sample(FAMILIES, 2) for _ in range(count))]


def time_queries(label, queries, territory=None):
    """p95 of the public search path (page of 10, exact total, facets) for an anonymous visitor."""
    from django.contrib.auth.models import AnonymousUser

    from search.query import run_search

    anonymous = AnonymousUser()
    run_search(queries[0], anonymous, territory=territory)  # warm-up: dictionary, caches
    seconds, totals = [], []
    for query in queries:
        with Timer() as timer:
            outcome = run_search(query, anonymous, territory=territory)
        seconds.append(timer.seconds)
        totals.append(outcome.total)
    stats = summarise(label, seconds)
    stats["median_total"] = statistics.median(totals)
    print(f"{'':<55} median exact total {stats['median_total']:.0f}, max {max(totals)}")
    return stats


def time_lookups(keys):
    """Baseline: the plainest indexed query there is (unique key equality), same connection."""
    from search.models import SearchEntry

    seconds = []
    for key in keys:
        with Timer() as timer:
            list(SearchEntry.objects.filter(source_key=key).defer("text"))
        seconds.append(timer.seconds)
    return summarise("baseline: one entry by its unique key", seconds)


def measure_postgres(rng, queries, territory, scale):
    print(f"-- PostgreSQL (Czech tsvector, GIN; one statement: total, facets, ranked page) [{scale}]")
    single = [rng.choice(rng.choice(FAMILIES)) for _ in range(QUERIES)]
    keys = [f"national:document:{rng.randrange(scale.documents)}" for _ in range(QUERIES)]
    lookup = time_lookups(keys)
    one_word = time_queries("baseline: one-word queries, all territories", single)
    every = time_queries("two-word queries with facets, all territories", queries)
    time_queries("two-word queries with facets, one region", queries, territory=territory)
    print(
        f"ratio p95 two-word / one-word: {every['p95_ms'] / one_word['p95_ms']:.2f}; "
        f"two-word / key lookup: {every['p95_ms'] / lookup['p95_ms']:.0f}x"
    )
    return every


def measure_rebuild_fraction(scale):
    """Index a measured fraction of the national entries again through the Czech backend; extrapolate."""
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry

    backend = get_search_backend()
    rates = {}
    for label, prefix, total in (
        ("documents", "national:document:", scale.documents),
        ("chapters", "national:chapter:", scale.chapters),
    ):
        entries = list(
            SearchEntry.objects.filter(source_key__startswith=prefix).order_by("pk")[: scale.rebuild_fraction]
        )
        with Timer() as timer:
            for start in range(0, len(entries), 500):
                backend.add_bulk(SearchEntry, entries[start : start + 500])
        rates[label] = (len(entries) / timer.seconds, total)
        print(f"PostgreSQL index rebuild, measured on {len(entries)} {label}: {rates[label][0]:.0f} entries/s")
    estimate = sum(total / rate for rate, total in rates.values())
    print(
        f"PostgreSQL index rebuild of all {scale.documents + scale.chapters:,} entries [{scale}]: EXTRAPOLATED "
        f"from the fractions above (linear in entries): {estimate / 60:.1f} min"
    )
    return estimate


def measure_opensearch(rng, queries, territory, scale):
    from django.test import override_settings
    from wagtail.search.backends import get_search_backend

    from search.models import SearchEntry
    from tests.services import ensure_search_node

    print(f"-- OpenSearch 2.19 (the test run's node, one JVM, heap <= 768 MB) [{scale}]")
    with Timer() as timer:
        url = ensure_search_node()
    print(f"node started in {timer.seconds:.0f} s at {url}")
    params = {
        "BACKEND": "search.backends.opensearch2",
        "URLS": [url],
        "INDEX_PREFIX": "national_",
        "TIMEOUT": 120,
        "OPTIONS": {"pool_maxsize": OPENSEARCH_BULK_THREADS},
    }
    backend = get_search_backend(params["BACKEND"], **{k: v for k, v in params.items() if k != "BACKEND"})
    index = backend.get_index_for_model(SearchEntry)
    index.reset()
    index.add_model(SearchEntry)
    # As an operator rebuilds: no refresh and no fsync per request while loading, restored after.
    backend.es.indices.put_settings(index=index.name, body={"index": BULK_LOAD_SETTINGS})
    done = 0
    # Two bulk requests in flight: the node analyses one batch while Python serialises the next.
    with Timer() as timer, ThreadPoolExecutor(max_workers=OPENSEARCH_BULK_THREADS) as pool:
        pending, batch = [], []
        for entry in SearchEntry.objects.order_by("pk").iterator(chunk_size=2000):
            batch.append(entry)
            if len(batch) == 1000:
                pending.append(pool.submit(index.add_items, SearchEntry, batch))
                done += len(batch)
                batch = []
                while len(pending) >= OPENSEARCH_BULK_THREADS:
                    pending.pop(0).result()
        if batch:
            pending.append(pool.submit(index.add_items, SearchEntry, batch))
            done += len(batch)
        for future in pending:
            future.result()
        backend.es.indices.put_settings(index=index.name, body={"index": SERVING_SETTINGS})
        index.refresh()
    print(
        f"OpenSearch index rebuild of all {done:,} entries (measured in full, refresh off while loading, "
        f"{OPENSEARCH_BULK_THREADS} bulk requests in flight) [{scale}]: {timer.seconds / 60:.1f} min "
        f"({done / timer.seconds:.0f} entries/s)"
    )
    with override_settings(WAGTAILSEARCH_BACKENDS={"default": params}):
        single = [rng.choice(rng.choice(FAMILIES)) for _ in range(QUERIES)]
        one_word = time_queries("baseline: one-word queries, all territories", single)
        every = time_queries("two-word queries with aggregations, all territories", queries)
        time_queries("two-word queries with aggregations, one region", queries, territory=territory)
    print(f"ratio p95 two-word / one-word: {every['p95_ms'] / one_word['p95_ms']:.2f}")
    index.delete()
    return every, timer.seconds


def uptime():
    import subprocess

    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def without_gin_index(table):
    """Drop the body's GIN index for a bulk load and give back its definition (built once afterwards)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [table, "%USING gin (body)%"],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def populate(scale):
    """Templates indexed for real, then the national entries cloned in SQL; returns (territories)."""
    from django.db import connection
    from wagtail.search.models import IndexEntry

    from search.models import SearchEntry

    rng = random.Random(SEED)
    rows, seconds = build_templates(rng, items=scale.template_items, documents=scale.template_documents)
    print(f"{len(rows)} template entries indexed through the Czech backend in {seconds:.0f} s")
    territories, bodies = regions_and_bodies()
    with Timer() as timer:
        definitions = without_gin_index(IndexEntry._meta.db_table)
        clone_entries("item", scale.chapters, territories, bodies, "national:chapter:")
        clone_entries("document", scale.documents, territories, bodies, "national:document:")
        SearchEntry.objects.filter(source_key__startswith="national:chapter:").update(kind="chapter")
    print(f"{scale}: cloned with their index rows in {timer.seconds:.0f} s ({SearchEntry.objects.count():,} entries)")
    with Timer() as timer, connection.cursor() as cursor:
        for definition in definitions:
            cursor.execute(definition)
        cursor.execute("ANALYZE")
    print(f"GIN index on the body vectors built over all entries in one pass, and ANALYZE: {timer.seconds:.0f} s")
    return territories


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench national")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national sizes (e.g. 0.05)")
    parser.add_argument("--skip-opensearch", action="store_true", help="PostgreSQL figures only")
    options = parser.parse_args(list(argv))
    scale = Scale(options.scale)
    rng = random.Random(SEED + 1)  # the queries' own sequence (populate draws the texts from SEED)
    print(f"national bench, {scale}; load before:", uptime())
    with django_database():
        from cms.models import TerritoryHomePage

        with Timer() as total:
            territories = populate(scale)
            queries = two_word_queries(rng)
            territory = TerritoryHomePage.objects.get(pk=territories[0])
            postgres = measure_postgres(rng, queries, territory, scale)
            print("load:", uptime())
            measure_rebuild_fraction(scale)
            if not options.skip_opensearch:
                opensearch, _seconds = measure_opensearch(rng, queries, territory, scale)
                print(
                    f"ratio p95 PostgreSQL / OpenSearch (two-word, facets) [{scale}]: "
                    f"{postgres['p95_ms'] / opensearch['p95_ms']:.2f}"
                )
    print(f"national bench [{scale}] took {total.seconds / 60:.1f} min; load after:", uptime())


if __name__ == "__main__":
    main(sys.argv[1:])
