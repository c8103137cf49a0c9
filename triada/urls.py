from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("hledat/", include("search.urls")),
    path("", include("workflows.urls")),
]

# Images are public; documents never are served from storage directly (see
# WAGTAILDOCS_SERVE_METHOD), so only the images folder is exposed.
urlpatterns += [
    re_path(r"^media/(?P<path>(?:original_)?images/.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    path("", include(wagtail_urls)),
]
