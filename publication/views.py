"""Public routes: the plan's PDF, robots.txt and the favicon."""

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from cms.models import PlanPage
from triada.stored_files import serve_stored_pdf

from .access import public_pages, site_territory
from .models import PlanPublication


def _public_plan(request, plan_id):
    """A live, public plan of the request's own territory, or 404 (drafts, private, other territories)."""
    territory = site_territory(request)
    if territory is None:
        raise Http404
    return get_object_or_404(public_pages(PlanPage.objects.descendant_of(territory)), pk=plan_id)


def _pdf_response(request, plan, publication):
    return serve_stored_pdf(
        request,
        publication.file if publication is not None and publication.is_ready else None,
        filename=f"{plan.slug}.pdf",
        etag=publication.fingerprint if publication is not None else None,
        pending_template="publication/pdf_pending.html",
        context={"plan": plan},
    )


@require_GET
def plan_pdf(request, plan_id):
    """The newest PDF of a plan; while its first one is being rendered, the "being prepared" page (503)."""
    plan = _public_plan(request, plan_id)
    publication = PlanPublication.objects.latest_ready(plan)
    if publication is None and not PlanPublication.objects.for_plan(plan).filter(as_of__isnull=True).exists():
        raise Http404
    return _pdf_response(request, plan, publication)


@require_GET
def plan_pdf_version(request, plan_id, publication_id):
    """An earlier (or the current) PDF of a plan, as it was published."""
    plan = _public_plan(request, plan_id)
    publication = get_object_or_404(PlanPublication.objects.for_plan(plan).ready(), pk=publication_id)
    return _pdf_response(request, plan, publication)


@require_GET
def robots_txt(request):
    """robots.txt: crawlers stay out of the admin and the search results (endless query URLs); points to the sitemap."""
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /hledat/",
        f"Sitemap: {sitemap}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_GET
def favicon(request):
    """The favicon from the app's static files, so browsers' /favicon.ico requests do not end in 404s in the log."""
    path = finders.find("publication/favicon.ico")
    if not path:
        raise Http404
    with open(path, "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=604800)
    return response
