"""Collections per territory, with permissions per body (set up by cms.roles)."""

import pytest
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from cms.models import TriadaDocument
from cms.roles import body_collection, territory_collection
from tests.document_samples import pdf_bytes, upload
from tests.factories import make_territory, make_user

pytestmark = pytest.mark.django_db


def policy():
    return policy_registry.get_by_type(get_document_model())


def test_each_territory_has_a_collection_with_one_child_per_body():
    first = make_territory("ORP Sbírkov")
    second = make_territory("Mikroregion Sbírky")
    for territory in (first, second):
        collection = territory_collection(territory)
        assert collection.get_parent() == Collection.get_first_root_node()
        children = {child.name for child in collection.get_children()}
        assert children == {body.name for body in territory.bodies.all()}
    assert territory_collection(first) != territory_collection(second)


def test_body_members_add_only_to_their_own_collection(client):
    territory = make_territory("ORP Oprávnění", hostname="testserver")
    other = make_territory("ORP Vedle")
    member = make_user("clen", groups=[territory.wg_seniors])
    own = body_collection(territory.wg_seniors)
    foreign = [
        body_collection(territory.wg_families),
        body_collection(other.wg_seniors),
        territory_collection(territory),
    ]

    allowed = set(policy().collections_user_has_permission_for(member, "add"))
    assert own in allowed
    assert not allowed.intersection(foreign)

    # Naming another body's collection changes nothing: the server files it under the member's own.
    client.force_login(member)
    data = {"title": "Zápis", "document_type": "zapis", "date": "2026-02-01", "publicity": "internal"}
    response = client.post(
        reverse("wagtaildocs:add"), {**data, "file": upload("zapis.pdf", pdf_bytes()), "collection": foreign[0].pk}
    )
    assert response.status_code == 302
    assert TriadaDocument.objects.get().collection == own
    # And documents in other collections are not the member's to change.
    elsewhere = TriadaDocument.objects.create(title="Cizí zápis", collection=foreign[0])
    assert client.get(reverse("wagtaildocs:edit", args=[elsewhere.pk])).status_code in (302, 403)
    assert not policy().user_has_permission_for_instance(member, "change", elsewhere)


def test_coordinators_manage_the_whole_territory_only():
    territory = make_territory("ORP Koordinace")
    other = make_territory("ORP Cizí")
    coordinator = make_user("koordinatorka", groups=[territory.coordinator_group])
    document = TriadaDocument.objects.create(title="Plán", collection=body_collection(territory.wg_families))
    foreign = TriadaDocument.objects.create(title="Cizí", collection=body_collection(other.wg_families))
    assert policy().user_has_permission_for_instance(coordinator, "change", document)
    assert not policy().user_has_permission_for_instance(coordinator, "change", foreign)
    member = make_user("clen", groups=[territory.wg_seniors])
    assert not policy().user_has_permission_for_instance(member, "change", document)
