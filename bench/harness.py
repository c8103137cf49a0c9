"""Run a benchmark against the same real services the tests use.

`with django_database():` starts the throwaway PostgreSQL and Redis (tests/services.py),
creates and migrates a fresh database with the test settings, and drops it at the end.
"""

import contextlib
import os
import statistics
import time


@contextlib.contextmanager
def django_database():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triada.settings.test")
    from tests.services import ensure_services

    ensure_services()  # the test settings only read the servers' addresses
    import django

    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    config = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(config, verbosity=0)


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarise(label, seconds):
    """One printed line: count, median, p95 and max in milliseconds."""
    ms = [s * 1000 for s in seconds]
    print(
        f"{label:<55} n={len(ms):<5} median={statistics.median(ms):8.1f} ms  "
        f"p95={percentile(ms, 0.95):8.1f} ms  max={max(ms):8.1f} ms"
    )
    return {"n": len(ms), "median_ms": statistics.median(ms), "p95_ms": percentile(ms, 0.95)}


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
