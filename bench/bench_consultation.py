"""200 comment submissions in the last minute before the deadline, through a real HTTP server.

The public comment form is served by gunicorn started by `docker/bin/web` (the script
production runs; its worker class and threads, 2 workers) with `bench/consultation_settings.py`:
the test run's PostgreSQL and Redis, production's persistent connections and Redis cache.
The consultation covers a chapter and a strategic part of real size (150 activities), and
the commenters aim at the plan, the chapter, a paragraph and an activity in turn. Each
client loads the form (its CSRF cookie), then submits; both requests are timed. Three runs
in the same run, against the same consultation:

- baseline: the 200 visitors one after another;
- the last minute: 200 visitors arriving at random (Poisson) moments of the last
  60 seconds, overlapping as they come — the burst people make;
- all at once: 200 POSTs released by one barrier (forms loaded before) — the worst
  case, bounded by CPU (200 × the request's CPU time / the cores).

Printed: accepted, stored (must equal accepted), server errors (must be 0), refused,
whether the run's numbers follow on without gaps or duplicates, p95/median latency of the
POST and of the form, the web workers' CPU per visitor (from /proc: independent of the
other processes on the machine), wall time, the ratios against the baseline, and `uptime`.

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
from urllib.parse import quote, urlencode

from bench.harness import Timer, django_database, summarise

SUBMISSIONS = 200
ROOT = Path(__file__).resolve().parent.parent
RAISED_IP_LIMIT = 100_000
LAST_MINUTE = 60.0
WORKERS = 2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
            "PYTHON": str(ROOT / ".venv" / "bin" / "python"),
            "DJANGO_SETTINGS_MODULE": "bench.consultation_settings",
            "TRIADA_TEST_DB_NAME": db_name,
            "TRIADA_COMMENT_RATE_IP": str(RAISED_IP_LIMIT),
            # As in production: notifications go to the Redis broker, not run inside the request.
            "TRIADA_CELERY_EAGER": "0",
            "TRIADA_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_ACCESS_LOG": "/dev/null",
        }
    )
    process = subprocess.Popen([str(ROOT / "docker" / "bin" / "web")], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 90
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


def _worker_cpu_seconds(master_pid):
    """User + system CPU of the gunicorn workers (children of the master), from /proc."""
    total = 0
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return 0.0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def _gunicorn_master(process):
    """docker/bin/web execs gunicorn, so the script's process is the master."""
    return process.pid


class Client:
    """One commenter: loads the form (CSRF cookie and token), then submits once."""

    def __init__(self, port, consultation_pk, index, target, tag=""):
        self.port = port
        self.path = f"/pripominky/{consultation_pk}/pripominka/"
        self.index = index
        self.tag = tag
        self.target = target
        self.form_seconds = None
        self.form_status = None

    def prepare(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        query = "" if self.target == "plan" else f"?cil={quote(self.target)}"
        start = time.perf_counter()
        connection.request("GET", self.path + query)
        response = connection.getresponse()
        html = response.read().decode()
        self.form_seconds = time.perf_counter() - start
        self.form_status = response.status
        if response.status != 200:
            connection.close()
            return
        cookie = response.getheader("Set-Cookie", "")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        connection.close()

    def submit(self):
        body = urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "target": self.target,
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

    def visit(self):
        """The form, then the comment, as a visitor in the last minute does."""
        try:
            self.prepare()
        except OSError:
            return 599, 0.0  # the connection failed: counted as a server error
        if self.form_status != 200:
            return self.form_status, 0.0  # e.g. 410: the deadline passed while the visitor waited for the form
        return self.submit()


def _run(clients, mode, before_submit):
    before_submit()
    if mode == "barrier":
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda c: c.prepare(), clients))
    results = []
    with Timer() as wall:
        if mode == "barrier":
            barrier = threading.Barrier(len(clients))

            def go(client):
                barrier.wait()
                if client.form_status != 200:
                    return client.form_status, 0.0
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
                return client.visit()

            with ThreadPoolExecutor(max_workers=len(clients)) as pool:
                results = list(pool.map(at_moment, zip(moments, clients, strict=True)))
        else:
            results = [client.visit() for client in clients]
    return results, wall.seconds


def _report(label, consultation, before_number, results, wall, clients, cpu_seconds):
    from workflows.models import Comment

    accepted = sum(1 for status, _ in results if status == 302)
    server_errors = sum(1 for status, _ in results if status >= 500)
    refused = len(results) - accepted - server_errors
    comments = Comment.objects.filter(consultation=consultation, number__gt=before_number)
    stored = comments.count()
    numbers = sorted(comments.values_list("number", flat=True))
    contiguous = numbers == list(range(before_number + 1, before_number + stored + 1))
    print(
        f"{label}: accepted={accepted} stored={stored} server_errors={server_errors} refused={refused} "
        f"numbers_contiguous={contiguous} wall={wall:.2f} s "
        f"web workers' CPU per visitor={cpu_seconds * 1000 / len(clients):.1f} ms"
    )
    stats = summarise(f"  {label} POST latency", [seconds for _, seconds in results])
    summarise(f"  {label} form (GET) latency", [c.form_seconds for c in clients if c.form_seconds is not None])
    if stored != accepted or server_errors:
        print(f"  FAILED: every accepted comment must be stored and no server error ({stored=} {server_errors=})")
    if refused:
        print(f"  refused statuses: {sorted({status for status, _ in results if status != 302 and status < 500})}")
    return stats


def _targets(consultation, chapter, part):
    """Plan, chapter, a paragraph and an activity (spread over the part) in turn, as people aim their comments."""
    from tests.workflows.test_consultation_support import block_ids
    from workflows.consultation.forms import target_choices

    activities = [value for value, _label in target_choices(consultation) if value.startswith(f"activity:{part.pk}:")]
    paragraphs = [f"paragraph:{chapter.pk}:{block}" for block in block_ids(chapter)]
    assert len(activities) == 150, len(activities)

    def target(index):
        kind = index % 4
        if kind == 0:
            return "plan"
        if kind == 1:
            return f"chapter:{chapter.pk}"
        if kind == 2:
            return paragraphs[index % len(paragraphs)]
        return activities[(index * 7) % len(activities)]

    return target


def main():
    with django_database():
        from django.db import connection
        from django.utils import timezone
        from wagtail.models import Site

        from tests.factories import make_strategic_part
        from tests.workflows.test_consultation_support import build, start_consultation

        Site.objects.all().delete()
        territory, plan, chapter, workflow, people = build(hostname="127.0.0.1")
        part = make_strategic_part(plan, size=(8, 30, 150), group=territory.wg_seniors)
        consultation = start_consultation(workflow, chapter, people["coordinator"])
        workflow.start(part, people["coordinator"])  # the same day: the same consultation
        assert consultation.covers(part)
        target = _targets(consultation, chapter, part)
        db_name = connection.settings_dict["NAME"]
        process, port = _start_server(db_name)
        master = _gunicorn_master(process)
        print(
            f"server: docker/bin/web ({WORKERS} workers, the script's worker class and threads) on 127.0.0.1:{port}, "
            "bench.consultation_settings (CONN_MAX_AGE 60, Redis cache); per-IP rate limit raised to "
            f"{RAISED_IP_LIMIT}/h for the single client address; per-e-mail limit unchanged; Celery not eager "
            "(notifications queued in Redis, as in production); plan: a chapter + a strategic part of 150 "
            "activities; targets plan/chapter/paragraph/activity in turn"
        )
        print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        try:
            # Warm-up: each worker boots Django and reads the outlines once.
            for i in range(8):
                Client(port, consultation.pk, i, target(i), tag=".warmup").prepare()
            results = {}
            for label, mode in (
                ("sequential (baseline)", "sequential"),
                (f"{SUBMISSIONS} in the last minute (Poisson arrivals)", "spread"),
                (f"{SUBMISSIONS} all at once (one barrier)", "barrier"),
            ):

                def last_minute(mode=mode):
                    # Forms are open; now the deadline is a minute away (the baseline's run needs longer).
                    seconds = 3600 if mode == "sequential" else LAST_MINUTE + 30
                    type(consultation).objects.filter(pk=consultation.pk).update(
                        ends_at=timezone.now() + datetime.timedelta(seconds=seconds)
                    )

                before_number = type(consultation).objects.get(pk=consultation.pk).last_number
                clients = [Client(port, consultation.pk, i, target(i), tag=f".{mode}") for i in range(SUBMISSIONS)]
                cpu_before = _worker_cpu_seconds(master)
                outcome, wall = _run(clients, mode, last_minute)
                cpu = _worker_cpu_seconds(master) - cpu_before
                stats = _report(label, consultation, before_number, outcome, wall, clients, cpu)
                results[label] = (stats, wall)
                print("  load:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        finally:
            _stop_server(process)
        print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        (base_stats, base_wall), *others = results.values()
        for label, (stats, wall) in list(results.items())[1:]:
            print(
                f"ratio {label} / sequential: p95 {stats['p95_ms'] / base_stats['p95_ms']:.1f}x, "
                f"median {stats['median_ms'] / base_stats['median_ms']:.1f}x, "
                f"wall {wall / base_wall:.2f}x ({SUBMISSIONS / wall:.1f} vs {SUBMISSIONS / base_wall:.1f} visitors/s)"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
