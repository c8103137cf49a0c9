"""The public search page and its suggestion endpoint."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from cms.models import TerritoryHomePage
from cms.sites import site_for_request
from search.forms import MAX_QUERY_CHARS, SearchForm
from search.query import run_search, suggestions


def current_territory(request):
    """The territory whose site the request is on (None outside any territory's site)."""
    site = site_for_request(request)
    if site is None:
        return None
    return TerritoryHomePage.objects.filter(pk=site.root_page_id).first()


def _private(response, request):
    # Staff may see internal entries: such a page must never be cached for others.
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@require_GET
def search(request):
    """The public search page: this territory by default, all territories on request, results filtered by what the visitor may see."""
    territory = current_territory(request)
    form = SearchForm(request.GET or None)
    outcome = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        scope_all = data.get("scope") == "all" or territory is None
        outcome = run_search(
            data["q"],
            request.user,
            territory=None if scope_all else territory,
            filters=form.filters(),
            order=data.get("order") or "relevance",
            page_number=data.get("page") or 1,
            gettext=gettext,
        )
    context = {
        "previous_url": _page_url(request, outcome.page.previous_page_number())
        if outcome and outcome.page.has_previous()
        else "",
        "next_url": _page_url(request, outcome.page.next_page_number()) if outcome and outcome.page.has_next() else "",
        "form": form,
        "outcome": outcome,
        "territory": territory,
        "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
        "max_query_chars": MAX_QUERY_CHARS,
    }
    response = render(request, "search/results.html", context)
    return _private(response, request)


@require_GET
def autocomplete(request):
    """Suggestions while typing, with the same visibility rules as the search page."""
    query = (request.GET.get("q") or "")[:MAX_QUERY_CHARS].strip()
    territory = None if request.GET.get("scope") == "all" else current_territory(request)
    response = JsonResponse({"query": query, "suggestions": suggestions(query, request.user, territory)})
    return _private(response, request)
