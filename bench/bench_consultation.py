"""200 comment submissions in the last minute before the deadline, through a real HTTP server.

The public comment form is served by gunicorn (a subprocess on loopback,
2 workers × 8 threads) from the same PostgreSQL the benchmark set up. Each
client first loads the form (for its CSRF cookie), then submits. Three runs,
each against its own consultation, in the same run:

- baseline: the 200 submissions one after another;
- the last minute: 200 submissions arriving at random (Poisson) moments of
  the last 60 seconds, overlapping as they come — the burst people make;
- all at once: 200 POSTs released by one barrier — the worst case, where
  latency is bounded by CPU (200 × the request's CPU time / the cores), not
  by the numbering lock any more.

Printed: accepted, stored (must equal accepted), server errors (must be 0),
refused, whether the numbers are 1…n without gaps or duplicates, p95/median
latency, wall time and the ratios against the baseline, and `uptime`.

The per-IP rate limit would stop one client address after 10 comments; the
server runs with TRIADA_COMMENT_RATE_IP raised (printed below). The per-e-mail
limit stays: every simulated commenter has their own address.
Run: `python -m bench consultation`.
"""

import datetime
import http.client
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from bench.harness import Timer, django_database, summarise

SUBMISSIONS = 200
ROOT = Path(__file__).resolve().parent.parent
RAISED_IP_LIMIT = 100_000
LAST_MINUTE = 60.0


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(db_name):
    port = _free_port()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "triada.settings.test",
            "TRIADA_TEST_DB_NAME": db_name,
            "TRIADA_COMMENT_RATE_IP": str(RAISED_IP_LIMIT),
            # As in production: notifications go to the Redis broker, not run inside the request.
            "TRIADA_CELERY_EAGER": "0",
        }
    )
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "triada.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--backlog",
            "512",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            connection.getresponse().read()
            return process, port
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _stop_server(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


class Client:
    """One commenter: loads the form (CSRF cookie and token), then submits once."""

    def __init__(self, port, consultation_pk, index, tag=""):
        self.port = port
        self.path = f"/pripominky/{consultation_pk}/pripominka/"
        self.index = index
        self.tag = tag

    def prepare(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request("GET", self.path)
        response = connection.getresponse()
        html = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        connection.close()

    def submit(self):
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "target": "plan",
                "author_name": f"Občan {self.index}",
                "author_email": f"obcan{self.index}{self.tag}@example.cz",
                "triad_side": "public",
                "text": f"Připomínka číslo {self.index}: chybí kapacity odlehčovacích služeb.",
                "website": "",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf_cookie}",
            "Referer": f"http://127.0.0.1:{self.port}{self.path}",
        }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        start = time.perf_counter()
        try:
            connection.request("POST", self.path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except OSError:
            status = 599  # the connection failed: counted as a server error
        finally:
            connection.close()
        return status, time.perf_counter() - start


def _run(clients, mode, before_submit):
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(lambda c: c.prepare(), clients))
    before_submit()
    results = []
    with Timer() as wall:
        if mode == "barrier":
            barrier = threading.Barrier(len(clients))

            def go(client):
                barrier.wait()
                return client.submit()

            with ThreadPoolExecutor(max_workers=len(clients)) as pool:
                results = list(pool.map(go, clients))
        elif mode == "spread":
            # Poisson arrivals: 200 moments drawn uniformly over the last minute, seeded.
            rng = random.Random(2026)
            moments = sorted(rng.uniform(0, LAST_MINUTE - 5) for _ in clients)
            start = time.perf_counter()

            def at_moment(pair):
                moment, client = pair
                time.sleep(max(0.0, start + moment - time.perf_counter()))
                return client.submit()

            with ThreadPoolExecutor(max_workers=len(clients)) as pool:
                results = list(pool.map(at_moment, zip(moments, clients, strict=True)))
        else:
            results = [client.submit() for client in clients]
    return results, wall.seconds


def _report(label, consultation, results, wall):
    from workflows.models import Comment

    accepted = sum(1 for status, _ in results if status == 302)
    server_errors = sum(1 for status, _ in results if status >= 500)
    refused = len(results) - accepted - server_errors
    comments = Comment.objects.filter(consultation=consultation)
    stored = comments.count()
    numbers = sorted(comments.values_list("number", flat=True))
    print(
        f"{label}: accepted={accepted} stored={stored} server_errors={server_errors} refused={refused} "
        f"numbers_contiguous={numbers == list(range(1, stored + 1))} wall={wall:.2f} s"
    )
    stats = summarise(f"  {label} POST latency", [seconds for _, seconds in results])
    assert stored == accepted, "every accepted comment must be stored"
    assert server_errors == 0, "no server errors"
    return stats


def main():
    with django_database():
        from django.db import connection
        from django.utils import timezone
        from wagtail.models import Site

        from tests.workflows.test_consultation_support import build, start_consultation

        Site.objects.all().delete()
        _territory, plan, chapter, workflow, people = build(hostname="127.0.0.1")
        from tests.factories import make_chapter

        other = make_chapter(plan, "Rodiny", number=4, group=_territory.wg_families)
        baseline = start_consultation(workflow, chapter, people["coordinator"])
        measured = start_consultation(workflow, other, people["coordinator"])
        if measured.pk == baseline.pk:  # same-day chapters share one consultation; split them
            measured = type(baseline).objects.create(
                plan=plan, title="Bench", starts_at=baseline.starts_at, ends_at=baseline.ends_at
            )
        storm = type(baseline).objects.create(
            plan=plan, title="Bench storm", starts_at=baseline.starts_at, ends_at=baseline.ends_at
        )
        db_name = connection.settings_dict["NAME"]
        process, port = _start_server(db_name)
        print(
            f"server: gunicorn 2 workers x 8 threads on 127.0.0.1:{port}; per-IP rate limit raised to "
            f"{RAISED_IP_LIMIT}/h for the single client address (TRIADA_COMMENT_RATE_IP); per-e-mail limit unchanged; "
            "Celery not eager (notifications queued in Redis, as in production)"
        )
        print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        try:
            results = {}
            for label, consultation, mode in (
                ("sequential (baseline)", baseline, "sequential"),
                (f"{SUBMISSIONS} in the last minute (Poisson arrivals)", measured, "spread"),
                (f"{SUBMISSIONS} all at once (one barrier)", storm, "barrier"),
            ):

                def last_minute(consultation=consultation):
                    # Forms are open; now the deadline is one minute away.
                    type(consultation).objects.filter(pk=consultation.pk).update(
                        ends_at=timezone.now() + datetime.timedelta(seconds=60)
                    )

                clients = [Client(port, consultation.pk, i, tag=f".{mode}") for i in range(SUBMISSIONS)]
                outcome, wall = _run(clients, mode, last_minute)
                stats = _report(label, consultation, outcome, wall)
                results[label] = (stats, wall)
        finally:
            _stop_server(process)
        print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        (base_stats, base_wall), *others = results.values()
        for label, (stats, wall) in list(results.items())[1:]:
            print(
                f"ratio {label} / sequential: p95 {stats['p95_ms'] / base_stats['p95_ms']:.1f}x, "
                f"median {stats['median_ms'] / base_stats['median_ms']:.1f}x, "
                f"wall {wall / base_wall:.2f}x ({SUBMISSIONS / wall:.1f} vs {SUBMISSIONS / base_wall:.1f} comments/s)"
            )
        print(
            f"estimated CPU bound of the all-at-once run: {SUBMISSIONS} x median sequential latency "
            f"{base_stats['median_ms']:.0f} ms / {os.cpu_count()} cores = "
            f"{SUBMISSIONS * base_stats['median_ms'] / os.cpu_count() / 1000:.1f} s for the last request"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
