"""Public page routing in one query: the whole chain of pages from the tree's root to the requested page.

Wagtail's `route()` walks the tree one level per query (five or six on a
chapter) and looks only at the requested page's own `live` flag, so a live
chapter of a plan that was never published (or was withdrawn) was served. Here
every ancestor of the requested URL comes back at once (their `url_path`s are
prefixes of the request's), `cms.access.chain_access` decides on the whole
chain (all published, view restrictions from one query per request), and the
chain is kept on the request for the breadcrumbs, the chapter's plan and the
menu's current section.

Anything this does not resolve plainly — a page type with its own `route()`
(RoutablePage sub-URLs: feeds, meeting pages) above the last page found, an
alias, a tree that does not line up — goes to Wagtail's own routing from the
deepest plain page, or to Wagtail's whole `serve` view. A chain with a view
restriction is served by Wagtail's view too, so its password form and login
redirect stay Wagtail's.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.wagtail_hooks import check_view_restrictions

from cms.access import PUBLIC, RESTRICTED, chain_access, with_restriction_flags
from cms.sites import site_for_request

# Marks "not resolved here": Wagtail's own serve view answers.
FALLBACK = object()


def chain_of(request):
    """The pages from the tree's root to the served page (base `Page` objects, the last one specific), or None."""
    return getattr(request, "_triada_chain", None)


def _site_root_path(request, site):
    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        # The same per-request copy Wagtail's URL methods use (Django cache behind it).
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
    for root in request._wagtail_cached_site_root_paths:
        if root.site_id == site.pk:
            return root.root_path
    return None


def _candidates(root_path, components):
    """Every url_path a page on the way to `components` under `root_path` can have."""
    candidates, current = ["/"], "/"
    for part in [part for part in root_path.split("/") if part] + components:
        current += part + "/"
        candidates.append(current)
    return candidates


def _lines_up(pages):
    """True if `pages` (ordered by depth) is one unbroken line from the root down."""
    for index, page in enumerate(pages):
        if page.depth != index + 1 or page.alias_of_id is not None:
            return False
        if index and not page.path.startswith(pages[index - 1].path):
            return False
    return True


def _specific(pages):
    """The last page as its specific class, with what the public templates read of it already in hand.

    A page type may name foreign keys to join (`public_select_related`, e.g. a
    chapter's responsible group); its content type and parent come from the chain.
    """
    page = pages[-1]
    model = page.specific_class
    if model is None or model is Page:
        return page
    queryset = model._default_manager.filter(pk=page.pk)
    related = getattr(model, "public_select_related", ())
    if related:
        queryset = queryset.select_related(*related)
    specific = queryset.first()
    if specific is None:
        return page
    specific.content_type = ContentType.objects.get_for_id(page.content_type_id)
    specific.has_view_restriction = page.has_view_restriction
    specific._triada_view_restricted = any(ancestor.has_view_restriction for ancestor in pages)
    if len(pages) > 1:
        specific._cached_parent_obj = pages[-2]
    return specific


def public_route(request, path):
    """(route result, restricted?) for `path` on the request's site, None for 404, or FALLBACK."""
    site = site_for_request(request)
    if site is None:
        return FALLBACK
    root_path = _site_root_path(request, site)
    if root_path is None:
        return FALLBACK
    components = [component for component in path.split("/") if component]
    chain = Page.objects.filter(url_path__in=_candidates(root_path, components)).order_by("depth")
    # The territory's own row comes with it (the frame shows its name and contact; cms/context_processors.py).
    pages = list(with_restriction_flags(chain).select_related("territoryhomepage"))
    if not pages or not _lines_up(pages):
        return FALLBACK
    root_depth = len([part for part in root_path.split("/") if part]) + 1
    if len(pages) < root_depth or pages[root_depth - 1].pk != site.root_page_id:
        return FALLBACK
    # Every page between the site's root and the last one found must route plainly.
    for page in pages[root_depth - 1 : -1]:
        if page.specific_class is None or page.specific_class.route is not Page.route:
            return FALLBACK
    access = chain_access(pages)
    if access not in (PUBLIC, RESTRICTED):
        return None
    leaf = _specific(pages)
    pages[-1] = leaf
    remaining = components[len(pages) - root_depth :]
    try:
        route = leaf.route(request, remaining)
    except Http404:
        return None
    # Kept only when the page served is the last one found (a RoutablePage's own sub-URL is still that page).
    request._triada_chain = pages if route[0].pk == leaf.pk else None
    return route, access == RESTRICTED


def _serve_chain(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def serve(request, path):
    """Wagtail's `serve` view with the one-query route; unchanged behaviour otherwise (hooks, restrictions)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return wagtail_views.serve(request, path)
    found = public_route(request, path)
    if found is FALLBACK:
        return wagtail_views.serve(request, path)
    if found is None:
        request._wagtail_route_for_request = None
        raise Http404
    route, restricted = found
    request._wagtail_route_for_request = route
    if restricted:
        # Wagtail's own check answers with its password form or login redirect.
        return wagtail_views.serve(request, path)
    page, args, kwargs = route
    # The chain has no view restriction (checked above from the same rows), so
    # Wagtail's check, which would ask the database again, has nothing to do.
    on_serve = _serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        if fn is not check_view_restrictions:
            on_serve = fn(on_serve)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return on_serve(page, request, args, kwargs)
