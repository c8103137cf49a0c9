"""HTML → tagged PDF with WeasyPrint: the whole plan, its cover, contents and annexes.

The PDF fetches nothing from the network: images and static files are read
from local storage by `LocalFetcher`, anything else is refused.
"""

import contextlib
import dataclasses
import functools
import gc
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Site

from cms.templatetags.triada_site import build_strategy_tree

from .annexes import collect_annexes
from .services import SAME_SESSION, published_chapters, text_of_revision

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "uncompressed_pdf": False}


@dataclasses.dataclass
class RenderedPlan:
    """A rendered plan: the tagged PDF, its page count and the HTML it was made from (kept for checks and profiling)."""

    pdf: bytes
    page_count: int
    html: str


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """Serve /media/ and /static/ from disk; refuse every other address."""

        def fetch(self, url, headers=None):
            path = _local_path(url)
            if path is None:
                raise ValueError(f"Not fetched for a PDF: {url}")
            mime_type = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return LocalFetcher


def _local_path(url):
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return None
    path = unquote(parts.path)
    media_url, static_url = settings.MEDIA_URL, settings.STATIC_URL
    if path.startswith(media_url):
        root = Path(settings.MEDIA_ROOT).resolve()
        candidate = (root / path[len(media_url) :]).resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    if path.startswith(static_url):
        found = finders.find(path[len(static_url) :])
        return Path(found) if found else None
    return None


def _request_for(plan):
    """A GET request on the plan's own site, so links in the PDF point at the right territory."""
    site = plan.get_site() or Site.objects.filter(is_default_site=True).first()
    host = site.hostname if site else "localhost"
    port = site.port if site else 80
    request = RequestFactory().get("/", HTTP_HOST=host if port in (80, 443) else f"{host}:{port}")
    request.site = site
    return request, (site.root_url if site else f"http://{host}")


def plan_context(plan, request=None, chapters=None, as_of=None):
    """What the plan PDF template needs: the published chapters with their strategy trees and the annexes other apps add."""
    chapters = published_chapters(plan) if chapters is None else chapters
    items = []
    for chapter in chapters:
        tree = build_strategy_tree(chapter) if hasattr(chapter, "iter_items") else []
        items.append({"page": chapter, "tree": tree})
    return {
        "plan": plan,
        "territory": plan.territory,
        "chapters": items,
        "annexes": collect_annexes(plan, as_of=as_of),
        "request": request,
    }


def plan_html(plan, chapters=None, as_of=None):
    """The plan as the PDF's HTML, in Czech, with the site root that makes its links absolute."""
    request, root_url = _request_for(plan)
    context = plan_context(plan, request, chapters, as_of=as_of)
    with translation.override("cs"):
        html = render_to_string("publication/plan_pdf.html", context, request=request)
    return html, root_url


def render_plan(plan, revision=None):
    """Render `plan` (live text, or as published with `revision`) to a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML

    chapters = as_of = None
    if revision is not None and revision.pk != plan.live_revision_id:
        plan, chapters, as_of = text_of_revision(plan, revision)
        as_of += SAME_SESSION
    html, root_url = plan_html(plan, chapters, as_of=as_of)
    with _no_cyclic_gc():
        _cache_page_references()
        document = HTML(string=html, base_url=f"{root_url}/", url_fetcher=_fetcher_class()()).render()
        pdf = document.write_pdf(**PDF_OPTIONS)
    return RenderedPlan(pdf=pdf, page_count=len(document.pages), html=html)


@contextlib.contextmanager
def _no_cyclic_gc():
    """No cyclic garbage collection while WeasyPrint lays out the plan.

    The layout allocates millions of short-lived objects; in a Django process every
    generation-2 collection this triggers walks the whole application heap too
    (≈ 1 s of an 80-page render, bench/bench_publication.py). Collected once afterwards.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


@functools.cache
def _cache_page_references():
    """Make pydyf's `PDF.page_references` cheap: it rebuilds a tuple of every page for each call.

    WeasyPrint's tagging asks it once per structure element, so a tagged 80-page plan built
    ~10,000 tuples of 80 references (quadratic in the pages). The list of pages only grows,
    so the tuple is kept until a page is added.
    """
    import pydyf

    original = pydyf.PDF.page_references.fget

    def page_references(pdf):
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_triada_page_references")
        if cached is None or cached[0] != count:
            cached = (count, original(pdf))
            pdf.__dict__["_triada_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
