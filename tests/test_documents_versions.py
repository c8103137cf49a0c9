"""Versions: a new upload keeps the old files; the public always gets the newest, staff all of them."""

import pytest
from django.urls import reverse
from wagtail.models import Collection

from cms.models import Publicity, TriadaDocument
from tests.document_samples import pdf_bytes, upload
from tests.factories import make_territory, make_user

pytestmark = pytest.mark.django_db


def content_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def staff():
    return make_user("koordinator", is_superuser=True, first_name="Jana", last_name="Nováková")


def edit_with_new_file(client, document, content, note):
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": upload("Plan.pdf", content),
            "collection": document.collection_id,
            "tags": "",
            "document_type": document.document_type,
            "date": document.date.isoformat(),
            "publicity": document.publicity,
            "description": "",
            "version_note": note,
        },
    )


def test_three_versions_public_newest_staff_all(client, staff):
    territory = make_territory("ORP Verzov", hostname="testserver")
    client.force_login(staff)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Komunitní plán",
            "file": upload("Plan.pdf", pdf_bytes("prvni")),
            "collection": Collection.get_first_root_node().pk,
            "document_type": "plan",
            "date": "2026-03-01",
            "publicity": Publicity.PUBLIC,
            "owning_body": territory.steering_group.pk,
            "version_note": "první návrh",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = TriadaDocument.objects.get()
    assert edit_with_new_file(client, document, pdf_bytes("druha"), "po připomínkách").status_code == 302
    document.refresh_from_db()
    # The third version comes from another member of staff: the list says who uploaded what.
    colleague = make_user("kolega", is_superuser=True, first_name="Petr", last_name="Svoboda")
    client.force_login(colleague)
    assert edit_with_new_file(client, document, pdf_bytes("treti"), "schválená verze").status_code == 302
    document.refresh_from_db()

    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert [v.note for v in versions] == ["první návrh", "po připomínkách", "schválená verze"]
    assert [v.uploaded_by for v in versions] == [staff, staff, colleague]

    # The admin lists the versions with date, uploader and note.
    page = client.get(reverse("wagtaildocs:edit", args=[document.pk])).content.decode()
    for version in versions:
        assert reverse("library:version", args=[version.pk]) in page
        assert version.note in page
    assert "Jana Nováková" in page and "Petr Svoboda" in page

    # Staff download every version, each with its own content.
    for version, marker in zip(versions, (b"prvni", b"druha", b"treti"), strict=True):
        response = client.get(reverse("library:version", args=[version.pk]))
        assert response.status_code == 200
        assert b"% " + marker in content_of(response)
    client.logout()

    # The public link serves the newest file; earlier versions do not exist for the public.
    public = client.get(document.url)
    assert public.status_code == 200
    assert b"% treti" in content_of(public)
    for version in versions:
        assert client.get(reverse("library:version", args=[version.pk])).status_code == 404
    # Nor for a logged-in member of another body without document permissions.
    client.force_login(make_user("clen", groups=[territory.wg_families]))
    for version in versions:
        assert client.get(reverse("library:version", args=[version.pk])).status_code == 404


def test_saving_without_a_new_file_adds_no_version(staff):
    from django.core.files.base import ContentFile

    document = TriadaDocument(title="Leták")
    document.file.save("letak.pdf", ContentFile(pdf_bytes()), save=False)
    document.save()
    document.description = "Nový popis"
    document.save()
    assert document.versions.count() == 1
    assert document.versions.get().number == 1
