"""Internal documents can never be fetched by the public: every guessed URL is a 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cms.models import Publicity, TriadaDocument
from tests.document_samples import pdf_bytes
from tests.factories import make_territory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal_document():
    territory = make_territory("ORP Interní", hostname="testserver")
    document = TriadaDocument(
        title="Rozpočet poskytovatelů", owning_body=territory.wg_seniors, publicity=Publicity.INTERNAL
    )
    document.file.save("rozpocet.pdf", ContentFile(pdf_bytes("tajne")), save=False)
    document.save()
    return territory, document


def guessed_urls(document):
    version = document.versions.get()
    return [
        document.url,
        f"/dokumenty/{document.pk}/{document.filename}",
        f"/dokumenty/{document.pk}/jiny-nazev.pdf",
        f"/media/{document.file.name}",
        f"/media/documents/{document.filename}",
        f"/media/{version.file.name}",
        reverse("library:version", args=[version.pk]),
    ]


def test_public_gets_404_for_every_url_of_an_internal_file(client, internal_document):
    _territory, document = internal_document
    for url in guessed_urls(document):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"tajne" not in response.content


def test_other_bodies_get_404_members_and_coordinators_get_the_file(client, internal_document):
    territory, document = internal_document
    client.force_login(make_user("cizi", groups=[territory.wg_families]))
    assert client.get(document.url).status_code == 404
    for user in (
        make_user("clen", groups=[territory.wg_seniors]),
        make_user("koordinatorka", groups=[territory.coordinator_group]),
    ):
        client.force_login(user)
        response = client.get(document.url)
        assert response.status_code == 200
        assert b"tajne" in b"".join(response.streaming_content)


def test_public_documents_are_served_but_not_from_media(client, internal_document):
    _territory, document = internal_document
    document.publicity = Publicity.PUBLIC
    document.save()
    assert client.get(document.url).status_code == 200
    assert client.get(f"/media/{document.file.name}").status_code == 404
