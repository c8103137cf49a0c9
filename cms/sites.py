"""The Wagtail `Site` of a request, from the cache instead of a query on every page view.

Wagtail's `Site.find_for_request` asks the database on every request (an
annotated query whose construction costs more than its answer: about a tenth
of a plain public page). The answer depends only on the host, the port and
the `Site` rows, so it is kept in the default cache (Redis in production,
shared by every worker; local memory in the embedded default), one entry for
all hosts, and dropped whenever a `Site` is saved or deleted (receivers below,
connected in `CmsConfig.ready()`). The cached sites carry no root page object
(pages change on every publish; `root_page_id` is all the public pages read).

`site_for_request` leaves its answer where Wagtail looks first
(`request._wagtail_site`), so every later `Site.find_for_request` of the same
request costs nothing.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

CACHE_KEY = "triada:sites-by-host"
# The raw Host header is the key (as Wagtail matches it); past this many hosts nothing more is kept.
MAX_HOSTS = 100
# Saving a Site drops the entry at once; the timeout only bounds a change made while the cache was down.
TIMEOUT = 300
_NO_SITE = "-"

logger = logging.getLogger(__name__)


def site_for_request(request):
    """Wagtail's `Site.find_for_request`, answered from the cache when it can."""
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = f"{hostname}:{port}"
    table = _cached_table()
    if key in table:
        site = table[key]
        site = None if site == _NO_SITE else site
    else:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        if site is not None:
            site._state.fields_cache.pop("root_page", None)
        if len(table) < MAX_HOSTS:
            try:
                cache.set(CACHE_KEY, {**table, key: site if site is not None else _NO_SITE}, TIMEOUT)
            except Exception:  # the cache server is down: the database answered, that is enough
                logger.warning("Could not cache the site of %s", key, exc_info=True)
    request._wagtail_site = site
    return site


def _cached_table():
    try:
        return cache.get(CACHE_KEY) or {}
    except Exception:  # the cache server is down: ask the database, as Wagtail does
        logger.warning("Could not read the cached sites", exc_info=True)
        return {}


def forget_sites(**kwargs):
    """Receiver for `Site` saves and deletions: the next request asks the database again.

    Dropped now and once more when the transaction commits, so a request that
    read the old row in between does not keep it.
    """
    _drop_cached_sites()
    transaction.on_commit(_drop_cached_sites)


def _drop_cached_sites():
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # the cache server is down: the save stands, the entry expires (TIMEOUT)
        logger.warning("Could not drop the cached sites", exc_info=True)
