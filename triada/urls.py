import re

from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import media_serving, routing

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("", include("operations.urls")),
    path("dokumenty/", include("cms.library.urls")),
    path("dokumenty/", include(wagtaildocs_urls)),
    path("hledat/", include("search.urls")),
    path("", include("workflows.urls")),
    path("", include("notifications.urls")),
    path("", include("publication.urls")),
    path("", include("implementation.urls")),
]

# Images are public and served by a path-safe view that answers only for image
# files the database knows (also in production); documents and their versions
# are served only by their permission-checked views, never from MEDIA_ROOT.
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<folder>images|original_images)/(?P<name>[^/\\]+)$",
        media_serving.serve_image,
        name="serve_image_file",
    ),
    # Strategic items are addressed by their code (…/polozka/1.1.1/); Wagtail's
    # own serve pattern has no dots, so let these through to the same view.
    re_path(r"^((?:[\w\-]+/)*polozka/\d+(?:\.\d+)*/)$", routing.serve, name="strategic_item_serve"),
    # Wagtail's serve pattern, routed in one query with the whole chain checked (cms/routing.py).
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="public_page_serve"),
    path("", include(wagtail_urls)),
]
