from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenty/", include("cms.library.urls")),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("hledat/", include("search.urls")),
    path("", include("workflows.urls")),
    path("", include("publication.urls")),
    path("", include("implementation.urls")),
]

# Images are public; documents never are served from storage directly (see
# WAGTAILDOCS_SERVE_METHOD), so only the images folder is exposed.
urlpatterns += [
    re_path(r"^media/(?P<path>(?:original_)?images/.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    # Strategic items are addressed by their code (…/polozka/1.1.1/); Wagtail's
    # own serve pattern has no dots, so let these through to the same view.
    re_path(r"^((?:[\w\-]+/)*polozka/\d+(?:\.\d+)*/)$", wagtail_views.serve, name="strategic_item_serve"),
    path("", include(wagtail_urls)),
]
