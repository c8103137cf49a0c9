"""Catalogue benchmark: registry import throughput and the filtered public catalogue at 6,000 services.

`python -m bench catalogue`. Generates a registry file of 6,000 services in the
open-data format (all in the territory's municipalities, so every record is
imported), imports it through the real importer into a fresh PostgreSQL
database, then re-imports it unchanged, and times the public catalogue page
filtered by one and by three facets (with counts) through Django's test client.

The search entries of the imported services are written by a separate
background task after the import; it is switched off here so the figures
are the import's own.

Baselines, same run: `json.load` of the whole file (time and peak memory of
not streaming), and a plain StandardPage in the same site frame.
"""

import json
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.harness import Timer, django_database, summarise

SERVICES = 6000
REPEAT = 30


def _measure(function):
    tracemalloc.start()
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak / 1024 / 1024


def main():
    with django_database():
        import io

        from django.core.management import call_command
        from django.db.models.signals import post_save
        from django.test import Client

        from catalogue.importer import import_file
        from catalogue.models import ImportRun, Service
        from catalogue.registry_testdata import load_code_lists, write_registry_file
        from catalogue.setup import ensure_catalogue_page
        from cms.models import Municipality, StandardPage
        from tests.factories import make_territory

        post_save.disconnect(sender=ImportRun, dispatch_uid="catalogue_import_finished")
        call_command("load_taxonomy", stdout=io.StringIO())
        territory = make_territory("ORP Lipov", hostname="bench.localhost", default_site=True)
        territory.municipalities.set(Municipality.objects.all())
        territory.save()
        names = [m["name"] for m in load_code_lists()["municipalities"]]
        path = Path(tempfile.mkdtemp(prefix="triada-bench-")) / "rpss.json"
        write_registry_file(path, SERVICES, municipality_names=names, malformed=False, ended=0)
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"registry file: {SERVICES} services, {size_mb:.1f} MB")

        def load_whole():
            with open(path, encoding="utf-8") as handle:
                return len(json.load(handle)["polozky"])

        _count, _seconds, load_peak = _measure(load_whole)
        start = time.perf_counter()
        load_whole()
        load_seconds = time.perf_counter() - start
        print(f"baseline: json.load of the whole file        {load_seconds:6.2f} s  peak {load_peak:7.1f} MB")

        # Throughput untraced (tracemalloc slows Python down several times); memory traced
        # on the unchanged re-import, which streams and checks the same file without writing.
        start = time.perf_counter()
        run = import_file(territory, path)
        seconds = time.perf_counter() - start
        assert run.status == "done", run.message
        print(
            f"first import: {run.added} added               {seconds:6.2f} s  {run.processed / seconds:7.0f} records/s"
        )
        start = time.perf_counter()
        run = import_file(territory, path)
        seconds = time.perf_counter() - start
        print(
            f"re-import, {run.unchanged} unchanged          {seconds:6.2f} s  {run.processed / seconds:7.0f} records/s"
        )
        run, traced_seconds, peak = _measure(lambda: import_file(territory, path))
        print(f"re-import under tracemalloc: peak {peak:7.1f} MB = {peak / load_peak:.2f}x of json.load's peak")

        page = ensure_catalogue_page(territory)
        plain = StandardPage(title="Prohlášení o přístupnosti", slug="prohlaseni-o-pristupnosti")
        territory.add_child(instance=plain)
        plain.save_revision().publish()
        client = Client(HTTP_HOST="bench.localhost")
        public = Service.objects.public()
        group = public.values_list("target_groups__code", flat=True).first()
        form = public.values_list("forms__code", flat=True).first()
        municipality = public.values_list("municipalities__code", flat=True).first()
        base = page.get_url()
        urls = [
            ("baseline: plain StandardPage", plain.get_url()),
            (f"catalogue, no filter ({public.count()} services)", base),
            ("catalogue, filtered by target group", f"{base}?skupina={group}"),
            (
                "catalogue, target group + form + municipality",
                f"{base}?skupina={group}&forma={form}&obec={municipality}",
            ),
            ("one service page", f"{base}sluzba/{public.first().pk}/"),
        ]
        baseline = None
        for label, url in urls:
            assert client.get(url).status_code == 200, url
            times = []
            for _ in range(REPEAT):
                with Timer() as timer:
                    client.get(url)
                times.append(timer.seconds)
            stats = summarise(label, times)
            baseline = baseline or stats["p95_ms"]
            print(f"{'':55} p95 ratio to baseline {stats['p95_ms'] / baseline:5.1f}x")
