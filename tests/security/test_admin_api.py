"""Finding 3: the admin API (pages, documents, images) through the role × object matrix.

No object of another body (internal) or of another territory appears in a
list or answers a detail request.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from cms.models import Publicity, TriadaDocument, TriadaImage
from cms.roles import body_collection, territory_collection
from tests.document_samples import pdf_bytes, png_bytes
from tests.factories import make_chapter, make_plan, make_territory, make_user

pytestmark = pytest.mark.django_db

API = "/admin/api/main"


def _document(title, territory, *, body=None, public=False):
    document = TriadaDocument(
        title=title,
        owning_body=body,
        publicity=Publicity.PUBLIC if public else Publicity.INTERNAL,
        collection=body_collection(body) if body else territory_collection(territory),
    )
    document.file.save(f"{title}.pdf", ContentFile(pdf_bytes(title)), save=False)
    document.save()
    return document


def _image(title, territory):
    image = TriadaImage(
        title=title,
        collection=territory_collection(territory),
        file=ImageFile(io.BytesIO(png_bytes()), name=f"{title}.png"),
    )
    image.save()
    return image


@pytest.fixture
def world():
    lipov = make_territory("ORP Lipov API", hostname="testserver")
    podhuri = make_territory("Mikroregion Podhůří API")
    plan = make_plan(lipov)
    other_plan = make_plan(podhuri)
    pages = {
        "lipov_seniors": make_chapter(plan, "Senioři", number=1, group=lipov.wg_seniors),
        "lipov_families": make_chapter(plan, "Rodiny", number=2, group=lipov.wg_families),
        "podhuri_chapter": make_chapter(other_plan, "Podhůří", number=1, group=podhuri.wg_seniors),
    }
    documents = {
        "lipov_public": _document("lipov-verejny", lipov, public=True),
        "lipov_coordinator": _document("lipov-koordinace", lipov),
        "lipov_seniors": _document("lipov-seniori", lipov, body=lipov.wg_seniors),
        "lipov_families": _document("lipov-rodiny", lipov, body=lipov.wg_families),
        "podhuri_public": _document("podhuri-verejny", podhuri, public=True),
        "podhuri_steering": _document("podhuri-rs", podhuri, body=podhuri.steering_group),
    }
    images = {"lipov": _image("lipov-foto", lipov), "podhuri": _image("podhuri-foto", podhuri)}
    users = {
        "lipov_coordinator": make_user("koord-lipov", groups=[lipov.coordinator_group]),
        "lipov_seniors": make_user("clen-seniori", groups=[lipov.wg_seniors]),
        "lipov_families": make_user("clen-rodiny", groups=[lipov.wg_families]),
        "lipov_council": make_user("tajemnik-lipov", groups=[lipov.council]),
        "podhuri_member": make_user("clen-podhuri", groups=[podhuri.wg_seniors]),
    }
    return {"pages": pages, "documents": documents, "images": images, "users": users, "territories": (lipov, podhuri)}


# role → documents, images and chapters it may see in the admin API
EXPECTED = {
    "lipov_coordinator": (
        {"lipov_public", "lipov_coordinator", "lipov_seniors", "lipov_families"},
        {"lipov"},
        {"lipov_seniors", "lipov_families"},
    ),
    "lipov_seniors": ({"lipov_public", "lipov_seniors"}, {"lipov"}, {"lipov_seniors"}),
    "lipov_families": ({"lipov_public", "lipov_families"}, {"lipov"}, {"lipov_families"}),
    "lipov_council": ({"lipov_public"}, {"lipov"}, set()),
    "podhuri_member": ({"podhuri_public"}, {"podhuri"}, {"podhuri_chapter"}),
}


def _listed_ids(client, endpoint):
    ids, offset = set(), 0
    while True:
        response = client.get(f"{API}/{endpoint}/", {"limit": 20, "offset": offset})
        assert response.status_code == 200, response.content[:300]
        items = response.json()["items"]
        ids |= {item["id"] for item in items}
        if len(items) < 20:
            return ids
        offset += 20


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_admin_api_lists_and_details_follow_the_matrix(client, world, role):
    documents_allowed, images_allowed, chapters_allowed = EXPECTED[role]
    client.force_login(world["users"][role])
    for endpoint, objects, allowed in (
        ("documents", world["documents"], documents_allowed),
        ("images", world["images"], images_allowed),
    ):
        listed = _listed_ids(client, endpoint)
        assert {name for name, obj in objects.items() if obj.pk in listed} == allowed, endpoint
        for name, obj in objects.items():
            status = client.get(f"{API}/{endpoint}/{obj.pk}/").status_code
            assert status == (200 if name in allowed else 404), (endpoint, name)
    listed_pages = _listed_ids(client, "pages")
    lipov, podhuri = world["territories"]
    for name, page in world["pages"].items():
        expected = name in chapters_allowed
        assert (page.pk in listed_pages) is expected, name
        assert client.get(f"{API}/pages/{page.pk}/").status_code == (200 if expected else 404), name
    foreign_home = podhuri if role.startswith("lipov") else lipov
    assert foreign_home.pk not in listed_pages
    assert client.get(f"{API}/pages/{foreign_home.pk}/").status_code == 404
