"""Views behind the routes of `CatalogueIndexPage` (public, no login)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.models import LifeSituation
from triada.stored_files import serve_stored_pdf

from . import opendata, pdf
from .filters import CatalogueFilter
from .models import Service

PAGE_SIZE = 20


def _context(request, page, **extra):
    context = page.get_context(request)
    context.update(extra)
    return context


def catalogue_index(request, page):
    """The public catalogue: the territory's public services, filtered by the facets in the URL."""
    territory = page.territory
    catalogue_filter = CatalogueFilter(territory, request.GET)
    results = catalogue_filter.results()
    paginator = Paginator(results, PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("strana"))
    params = request.GET.copy()
    params.pop("strana", None)
    return TemplateResponse(
        request,
        "catalogue/catalogue_index_page.html",
        _context(
            request,
            page,
            facets=catalogue_filter.build_options(),
            filter_active=catalogue_filter.active,
            removal_links=catalogue_filter.removal_links(request.GET),
            services=page_obj,
            result_count=paginator.count,
            query_string=params.urlencode(),
        ),
    )


def service_detail(request, page, pk):
    """One public service of this territory's catalogue (404 for others', drafts and ended ones)."""
    service = (
        Service.objects.public()
        .in_territory(page.territory)
        .select_related("provider", "service_type")
        .filter(pk=pk)
        .first()
    )
    if service is None:
        raise Http404(_("No such service in this catalogue."))
    activities = list(
        service.activities.current().select_related("strategic_part", "plan").order_by("plan", "sort_order")
    )
    planned = list(service.planned_changes.select_related("activity__strategic_part").order_by("year"))
    return TemplateResponse(
        request,
        "catalogue/service_page.html",
        _context(request, page, service=service, activities=activities, planned_changes=planned),
    )


def situations(request, page):
    """The plain-language entry point: life situations leading to filtered lists."""
    prompts = list(page.situation_prompts.select_related("life_situation"))
    if not prompts:
        prompts = [
            {"life_situation": situation, "question": situation.name} for situation in LifeSituation.objects.active()
        ]
    return TemplateResponse(request, "catalogue/situations_page.html", _context(request, page, prompts=prompts))


def catalogue_pdf(request, page):
    """The catalogue as a PDF from storage, or the "being prepared" page (503) while the worker renders it."""
    document = pdf.current_pdf(page)
    ready = document is not None and document.ready
    return serve_stored_pdf(
        request,
        document.file if ready else None,
        filename="katalog-sluzeb.pdf",
        pending_template="catalogue/pdf_pending.html",
        context=_context(request, page),
    )


def open_data_csv(request, page):
    """The territory's public services as CSV open data."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="katalog-sluzeb.csv"'
    opendata.write_csv(response, page.territory)
    return response


def open_data_json(request, page):
    """The territory's public services as JSON open data."""
    response = HttpResponse(opendata.as_json(page.territory, request), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="katalog-sluzeb.json"'
    return response
