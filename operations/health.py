"""`/zdravi/`: whether the database, Redis and the search server answer.

For the reverse proxy and orchestrators (docker/bin/healthcheck): 200 when
everything answers, 503 naming what does not. It reveals no versions, hosts or
error texts, only a word per component, and is never cached.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)


def check_database():
    """The database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_redis():
    """The broker answers a ping (the outbox and PDFs wait on it); "not used" in the embedded mode."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return "not used"
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def check_search():
    """The search cluster is green or yellow; "database" when search runs in the database."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is None:
        return "database"
    health = client.cluster.health(request_timeout=3)
    if health.get("status") not in {"green", "yellow"}:
        raise RuntimeError(f"cluster status {health.get('status')}")
    return "ok"


CHECKS = {"database": check_database, "redis": check_redis, "search": check_search}


@never_cache
def health(request):
    """/health for the load balancer and monitoring: 200 with each part's state, 503 when any part fails (details only in the log)."""
    results, healthy = {}, True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            logger.exception("Health check %s failed", name)
            results[name] = "error"
            healthy = False
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)
