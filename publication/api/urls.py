"""URLs of the public read API (/api/v1/…) and its OpenAPI description.

Registration point for other apps (the catalogue): a Wagtail hook
``triada_api_endpoints`` returning ``[(prefix, viewset, basename), …]``;
base the viewset on ``publication.api.views.PublicReadOnlyViewSet`` so it
gets the same rate limit, caching and anonymous access.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter
from wagtail import hooks

from .views import builtin_endpoints

HOOK_NAME = "triada_api_endpoints"


def build_router():
    """The API router: built-in endpoints plus those other apps add by hook (publication imports none of them)."""
    router = DefaultRouter(trailing_slash=True)
    router.include_root_view = True
    endpoints = list(builtin_endpoints())
    for fn in hooks.get_hooks(HOOK_NAME):
        endpoints.extend(fn() or [])
    for prefix, viewset, basename in endpoints:
        router.register(prefix, viewset, basename=basename)
    return router


router = build_router()
# The OpenAPI description covers this API only (not Wagtail's admin API); paths as served.
described_patterns = [path("api/v1/", include(router.urls))]

urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(patterns=described_patterns), name="api-schema"),
    path("v1/", include(router.urls)),
]
