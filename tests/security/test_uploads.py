"""Finding 10: a multiple upload stays internal until its metadata step says otherwise."""

import json

import pytest
from django.urls import reverse

from cms.models import Publicity, TriadaDocument
from cms.roles import territory_collection
from tests.document_samples import pdf_bytes, upload
from tests.factories import make_territory, make_user

pytestmark = pytest.mark.django_db


def test_multiple_upload_is_internal_until_its_metadata_step(client):
    territory = make_territory("ORP Nahrávky", hostname="testserver")
    coordinator = make_user("koordinator-nahravky", groups=[territory.coordinator_group])
    client.force_login(coordinator)
    response = client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload("zapis.pdf", pdf_bytes("NEZVEREJNENO")), "collection": territory_collection(territory).pk},
    )
    assert json.loads(response.content)["success"]
    document = TriadaDocument.objects.get()
    assert document.publicity == Publicity.INTERNAL
    client.logout()
    assert client.get(document.url).status_code == 404

    # The metadata step makes it public on purpose.
    client.force_login(coordinator)
    client.post(
        reverse("wagtaildocs:edit_multiple", args=[document.pk]),
        {
            f"doc-{document.pk}-title": "Zápis",
            f"doc-{document.pk}-collection": document.collection_id,
            f"doc-{document.pk}-publicity": Publicity.PUBLIC,
            f"doc-{document.pk}-document_type": "zapis",
            f"doc-{document.pk}-date": "2026-11-30",
        },
    )
    document.refresh_from_db()
    assert document.publicity == Publicity.PUBLIC
    client.logout()
    assert client.get(document.url).status_code == 200
