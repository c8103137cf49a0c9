"""Whole-page cache of anonymous public pages (Redis in production, local memory embedded).

Served before sessions and authentication run, so a hit costs one cache round trip (MGET of
the generation and the page).
What is cached: a GET or HEAD without a session cookie, answered 200 with HTML,
no `Set-Cookie` (a page with a form sets the CSRF cookie and is never cached),
no `private`/`no-store`, outside the admin, the document library, search and
the health endpoint. Logged-in users always carry a session cookie, so they
never read nor fill the cache.

Invalidation is by generation: every change that can alter a public page —
publish, unpublish, move or delete a page, a consultation opening or closing,
a comment published or settled, a body, member or menu entry edited — bumps
one counter after the transaction commits, and every key of the previous
generation is dead at once. Drafts (a page saved without publishing) do not.
A consultation opening or closing by the clock (no write) is covered by the
timeout: no page outlives the next start or end of a consultation.

`Cache-Control` on cached pages lets a reverse proxy keep them for
`TRIADA_PROXY_CACHE_SECONDS` (default 60 s; browsers revalidate each time);
see README "Caching" for purging the proxy.
"""

import hashlib
import os

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control

GENERATION_KEY = "page-cache:generation"
SKIPPED_PREFIXES = ("/admin/", "/dokumenty/", "/hledat/", "/zdravi/", "/static/", "/media/", "/api/", "/ucet/")
# Apps whose models feed public pages; pages themselves are handled by Wagtail's publish signals.
CONTENT_APPS = {"cms", "workflows", "meetings", "publication", "catalogue", "implementation", "wagtailcore"}


def _cache():
    return caches[getattr(settings, "TRIADA_PAGE_CACHE_ALIAS", "default")]


def _timeout():
    return int(getattr(settings, "TRIADA_PAGE_CACHE_SECONDS", 600))


def _seconds_to_next_boundary():
    """Seconds until a consultation opens or closes by the clock, or None.

    Its banner and form appear and go at `starts_at`/`ends_at` with no write that
    would bump the generation, so no page is kept past the next such moment.
    The model is looked up by name: operations imports no app.
    """
    from django.apps import apps
    from django.db.models import Min, Q
    from django.utils import timezone

    try:
        consultation = apps.get_model("workflows", "Consultation")
    except LookupError:
        return None
    now = timezone.now()
    moments = consultation.objects.filter(closed_at__isnull=True).aggregate(
        start=Min("starts_at", filter=Q(starts_at__gt=now)), end=Min("ends_at", filter=Q(ends_at__gt=now))
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    return max(1, int((min(upcoming) - now).total_seconds()) + 1) if upcoming else None


def _generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, None)
        generation = cache.get(GENERATION_KEY) or 1
    return generation


def invalidate(**kwargs):
    """Make every cached page stale (after the current transaction commits)."""

    def bump():
        cache = _cache()
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)

    transaction.on_commit(bump)


def _cache_key(request):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def _may_use_cache(request):
    return (
        getattr(settings, "TRIADA_PAGE_CACHE", os.environ.get("TRIADA_PAGE_CACHE", "true").lower() != "false")
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


def _may_store(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "no-cache" not in cache_control
    )


def _public_headers(response):
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=int(getattr(settings, "TRIADA_PROXY_CACHE_SECONDS", 60))
    )


class PublicPageCacheMiddleware:
    """Serve anonymous public pages from the cache; mark everything else as private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_use_cache(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        cache = _cache()
        key = _cache_key(request)
        # One round trip (MGET): the generation and the page, which carries the generation it was stored in.
        found = cache.get_many([GENERATION_KEY, key])
        version = found.get(GENERATION_KEY)
        if version is None:
            version = _generation()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            from django.http import HttpResponse

            _version, content, headers = stored
            response = HttpResponse(content if request.method == "GET" else b"")
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _may_store(response):
            _public_headers(response)
            headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
            if request.method == "GET":
                boundary = _seconds_to_next_boundary()
                timeout = min(_timeout(), boundary) if boundary else _timeout()
                cache.set(key, (version, response.content, headers), timeout)
            response["X-Page-Cache"] = "miss"
        return response


def _content_changed(sender, **kwargs):
    from wagtail.models import Page

    if sender._meta.app_label not in CONTENT_APPS or issubclass(sender, Page):
        return
    if sender._meta.model_name in {"revision", "pagelogentry", "modellogentry", "taskstate", "workflowstate"}:
        return
    invalidate()


def _page_deleted(sender, **kwargs):
    from wagtail.models import Page

    if issubclass(sender, Page):
        invalidate()


def connect_signals():
    """Purge the public page cache whenever content changes (publish, unpublish, move, slug, any saved row)."""
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from cms.signals import public_content_changed

    page_published.connect(invalidate, dispatch_uid="operations-page-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="operations-page-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="operations-page-cache-moved")
    page_slug_changed.connect(invalidate, dispatch_uid="operations-page-cache-slug")
    post_save.connect(_content_changed, dispatch_uid="operations-page-cache-saved")
    post_delete.connect(_content_changed, dispatch_uid="operations-page-cache-deleted")
    post_delete.connect(_page_deleted, dispatch_uid="operations-page-cache-page-deleted")
    public_content_changed.connect(invalidate, dispatch_uid="operations-page-cache-public-content")
