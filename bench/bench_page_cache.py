"""The chapter page under gunicorn with the production settings: uncached, cached, and the ceiling.

`python -m bench page_cache`. Builds the test site (tests/site_content.py: a
plan whose first chapter has headings, paragraphs, an image, a document and a
table) in a fresh PostgreSQL database, collects static files, then starts two gunicorns through docker/bin/web (2 sync
workers each, `triada.settings.production`, the bench's Redis as cache): one
with the page cache off (TRIADA_PAGE_CACHE=false), one with it on. wrk at 10
connections measures, in alternating rounds so that the machine's load hits
all three alike:

- that chapter, page cache off;
- the same chapter, page cache on (anonymous, served from Redis);
- the same bytes as a static file served by the same gunicorn (WhiteNoise): the ceiling;
- two plain pages of the same frame, page cache off: the accessibility statement
  (a StandardPage with one paragraph) and a StandardPage carrying the chapter's
  own body (the same blocks, nothing of the plan).

Each figure is the median of the rounds. Goals (issue 16): cached at least half
of the static file's throughput; uncached, the chapter within 1.5x of a plain
page of the same frame (time per request, i.e. the inverse ratio of req/s). The load average is printed before and after:
on a shared machine the absolute figures move, the ratios much less.
"""

import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harness import django_database

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS, SECONDS, ROUNDS = 10, 8, 3
STATIC_NAME = "bench-chapter.html"


def wrk(url, host):
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "-H", f"Host: {host}", "-H",
         "X-Forwarded-Proto: https", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", result.stdout)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    socket_errors = re.search(r"Socket errors: (.*)", result.stdout)
    return rate, float(p99.group(1)) * scale, int(errors.group(1)) if errors else 0, socket_errors


def fetch(url, host):
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def start_gunicorn(env, port, host, timeout=300):
    """docker/bin/web, ready when a request answers (workers may boot long after the port opens)."""
    process = subprocess.Popen(
        [str(ROOT / "docker" / "bin" / "web")], cwd=ROOT, env={**env, "TRIADA_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            fetch(f"http://127.0.0.1:{port}/zdravi/", host)
            return process
        except urllib.error.HTTPError:  # 503 (no search node here) is still an answer from a booted worker
            return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError(f"gunicorn on {port} did not answer in {timeout} s")


def load():
    return os.getloadavg()[0]


def main():
    if not shutil.which("wrk"):
        print("wrk is missing: `scripts/ensure-system-packages test` installs it")
        return
    with django_database():
        from django.conf import settings
        from wagtail.models import Site

        from cms.models import StandardPage
        from tests.services import free_port
        from tests.site_content import build_site

        built = build_site("ORP Benchov", hostname="benchov.test", default_site=True)
        chapter = built["chapters"][0]  # headings, paragraphs, an image, a document, a table
        site = Site.objects.get(hostname="benchov.test")
        path = chapter.get_url(current_site=site)
        same_body = StandardPage(title="Stejný obsah jako kapitola", slug="stejny-obsah", body=chapter.body.raw_data)
        built["territory"].add_child(instance=same_body)
        same_body.save_revision().publish()
        plain_paths = {
            "plain page (same frame), page cache off": built["statement"].get_url(current_site=site),
            "plain page with the chapter's body, cache off": same_body.get_url(current_site=site),
        }
        host = site.hostname
        database = settings.DATABASES["default"]
        database_url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        tmp = Path(tempfile.mkdtemp(prefix="triada-bench-"))
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRIADA_DEMO"))},
            "PYTHON": sys.executable,
            "DJANGO_SETTINGS_MODULE": "triada.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_ALLOWED_HOSTS": host,
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ["TRIADA_TEST_REDIS_URL"].rsplit("/", 1)[0] + "/9",
            # Page rendering never asks the search node; the settings only need to name one.
            "SEARCH_ENGINE": "opensearch2",
            "ELASTICSEARCH_URL": "http://127.0.0.1:9/",
            "TRIADA_STATIC_ROOT": str(tmp / "static"),
            "TRIADA_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # where the test site's image lies
            "GUNICORN_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        ports = {"false": free_port(), "true": free_port()}
        processes = [start_gunicorn({**env, "TRIADA_PAGE_CACHE": flag}, port, host) for flag, port in ports.items()]
        try:
            uncached_url = f"http://127.0.0.1:{ports['false']}{path}"
            cached_url = f"http://127.0.0.1:{ports['true']}{path}"
            status, _headers, html = fetch(uncached_url, host)
            assert status == 200, status
            # WhiteNoise indexes STATIC_ROOT at start-up: the ceiling gets a third server, started now.
            (tmp / "static" / STATIC_NAME).write_bytes(html)
            ports["static"] = free_port()
            processes.append(start_gunicorn({**env, "TRIADA_PAGE_CACHE": "true"}, ports["static"], host))
            static_url = f"http://127.0.0.1:{ports['static']}/static/{STATIC_NAME}"
            fetch(cached_url, host)
            _status, headers, cached_html = fetch(cached_url, host)
            assert headers["X-Page-Cache"] == "hit", headers
            assert fetch(static_url, host)[2] == html
            cases = [
                ("chapter, page cache off", uncached_url),
                ("chapter, page cache on (Redis)", cached_url),
                ("same bytes as a static file (ceiling)", static_url),
                *((label, f"http://127.0.0.1:{ports['false']}{plain}") for label, plain in plain_paths.items()),
            ]
            for _label, url in cases[3:]:
                assert fetch(url, host)[0] == 200, url
            print(f"chapter page {path}: {len(html)} bytes ({len(cached_html)} from the cache)")
            print(f"wrk {CONNECTIONS} connections, {SECONDS} s x {ROUNDS} rounds, 2 sync workers per server")
            load_before = load()
            runs = {label: [] for label, _url in cases}
            for round_number in range(1, ROUNDS + 1):
                for label, url in cases:
                    rate, p99, errors, socket_errors = wrk(url, host)
                    runs[label].append((rate, p99, errors))
                    print(
                        f"  round {round_number}: {label:<40} {rate:8.1f} req/s  p99 {p99:7.1f} ms  "
                        f"non-2xx {errors}{'  ' + socket_errors.group(1) if socket_errors else ''}  load {load():.1f}"
                    )
            print(f"load average (1 min) before {load_before:.1f}, after {load():.1f}")
            medians = {
                label: (statistics.median(r for r, _p, _e in rows), statistics.median(p for _r, p, _e in rows))
                for label, rows in runs.items()
            }
            ceiling = medians["same bytes as a static file (ceiling)"][0] or float("nan")
            for label, (rate, p99) in medians.items():
                print(f"{label:<42} median {rate:8.1f} req/s  p99 {p99:7.1f} ms  {rate / ceiling:5.2f}x ceiling")
            cached = medians["chapter, page cache on (Redis)"][0]
            print(
                f"goal: cached >= 0.5x ceiling -> {cached / ceiling:.2f}x {'MET' if cached >= ceiling / 2 else 'NOT MET'}"
            )
            uncached = medians["chapter, page cache off"][0]
            for label in plain_paths:
                ratio = medians[label][0] / uncached  # time per request: the chapter's over the plain page's
                print(f"goal: uncached chapter <= 1.5x {label} -> {ratio:.2f}x {'MET' if ratio <= 1.5 else 'NOT MET'}")
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(30)
            shutil.rmtree(tmp, ignore_errors=True)
