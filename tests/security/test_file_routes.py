"""Finding 1: no spelling of `..` on any file route serves a stored file (production URLconf).

Every request is sent unnormalised (the test client does not collapse `..`),
as `curl --path-as-is` would.
"""

import importlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.views import static

from cms.models import Publicity, TriadaDocument, TriadaImage
from tests.document_samples import pdf_bytes, png_bytes
from tests.factories import make_territory
from tests.security.helpers import production_settings, traversal_paths

pytestmark = pytest.mark.django_db

MARKER = "TAJNY-OBSAH-RS"


@pytest.fixture(scope="module")
def production_urlconf():
    values = production_settings("ROOT_URLCONF", "DEBUG", "MEDIA_URL")
    assert values["DEBUG"] is False
    return values["ROOT_URLCONF"], values["MEDIA_URL"]


@pytest.fixture
def stored_files():
    territory = make_territory("ORP Cesty", hostname="testserver")
    document = TriadaDocument(
        title="Rozpočet řídící skupiny", owning_body=territory.steering_group, publicity=Publicity.INTERNAL
    )
    document.file.save("rozpocet-rs.pdf", ContentFile(pdf_bytes(MARKER)), save=False)
    document.save()
    image = TriadaImage(title="Logo", file=ImageFile(io.BytesIO(png_bytes()), name="logo-cesty.png"))
    image.save()
    rendition = image.get_rendition("width-50")
    return document, document.versions.get(), image, rendition


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_production_urlconf_never_serves_media_with_static_serve(production_urlconf):
    urlconf, _media_url = production_urlconf
    resolver = get_resolver(importlib.import_module(urlconf))
    offending = [route for route, callback in _walk(resolver.url_patterns) if callback is static.serve]
    assert offending == []


def test_no_traversal_spelling_reaches_a_stored_file(client, stored_files, production_urlconf):
    urlconf, media_url = production_urlconf
    document, version, image, rendition = stored_files
    media = media_url.strip("/")
    # (prefix, how many levels up reach MEDIA_ROOT's parent folder, targets relative to it)
    routes = [
        (f"{media_url}images/", 1, [document.file.name, version.file.name]),
        (f"{media_url}original_images/", 1, [document.file.name]),
        (f"{media_url}images/{rendition.file.name.split('/')[-1]}/", 2, [document.file.name]),
        (media_url, 1, [f"{media}/{document.file.name}"]),
        (f"/dokumenty/{document.pk}/", 2, [f"{media}/{document.file.name}"]),
        (f"/dokumenty/verze/{version.pk}/", 3, [f"{media}/{version.file.name}"]),
        ("/static/", 1, [f"{media}/{document.file.name}"]),
    ]
    leaks = []
    with override_settings(ROOT_URLCONF=urlconf):
        for prefix, depth, targets in routes:
            for target in targets:
                for path in traversal_paths(prefix, target, depths=(depth,)):
                    response = client.get(path, secure=True)
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    if response.status_code != 404 or MARKER.encode() in body or b"%PDF" in body:
                        leaks.append((path, response.status_code))
    assert leaks == []


def test_images_are_still_served_and_documents_are_not_under_media(client, stored_files, production_urlconf):
    urlconf, media_url = production_urlconf
    document, version, image, rendition = stored_files
    with override_settings(ROOT_URLCONF=urlconf):
        for name in (image.file.name, rendition.file.name):
            response = client.get(f"{media_url}{name}", secure=True)
            assert response.status_code == 200, name
            assert b"".join(response.streaming_content).startswith(b"\x89PNG")
        for name in (document.file.name, version.file.name, "images/../" + document.file.name):
            assert client.get(f"{media_url}{name}", secure=True).status_code == 404
        # A file name that is not a known image is refused even inside the images folder.
        assert client.get(f"{media_url}images/neznamy.png", secure=True).status_code == 404
