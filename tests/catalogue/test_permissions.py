"""Who edits what: a provider account its own entries only, as drafts; coordinators their territory."""

import pytest
from wagtail.permissions import policy_registry

from catalogue.access import add_provider_account, ensure_catalogue_roles
from catalogue.importer import import_file
from catalogue.models import Provider, Service
from cms.roles import coordinator_group
from tests.factories import make_user

from .helpers import FIXTURE, load_taxonomy, territory_with_municipalities

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    load_taxonomy()
    lipov = territory_with_municipalities()
    other = territory_with_municipalities("Mikroregion Podhůří", ["bukovina", "jedlova_pod_hrebenem", "smrcna"])
    import_file(lipov, FIXTURE)
    import_file(other, FIXTURE)
    ensure_catalogue_roles()
    own_provider, foreign_provider = Provider.objects.filter(services__isnull=False).distinct().order_by("ico")[:2]
    provider_user = make_user("poskytovatel")
    add_provider_account(own_provider, provider_user)
    coordinator = make_user("koordinator", groups=[coordinator_group(lipov)])
    return {
        "lipov": lipov,
        "other": other,
        "own": own_provider.services.first(),
        "foreign": foreign_provider.services.first(),
        "provider_user": provider_user,
        "coordinator": coordinator,
    }


def edit_url(service):
    return f"/admin/snippets/catalogue/service/edit/{service.pk}/"


def test_provider_account_sees_and_opens_only_its_own_services(client, setup):
    client.force_login(setup["provider_user"])
    index = client.get("/admin/snippets/catalogue/service/")
    assert index.status_code == 200
    own_names = set(setup["own"].provider.services.values_list("name", flat=True))
    html = index.content.decode()
    assert all(name in html for name in list(own_names)[:5])
    assert setup["foreign"].name not in html
    assert client.get(edit_url(setup["own"])).status_code == 200
    assert client.get(edit_url(setup["foreign"])).status_code in (403, 302)
    assert client.get(f"/admin/snippets/catalogue/service/delete/{setup['own'].pk}/").status_code in (403, 302)
    # The edit page offers saving a draft, never publishing.
    assert "action-publish" not in client.get(edit_url(setup["own"])).content.decode()


def test_provider_changes_wait_for_the_coordinator(client, setup):
    service = setup["own"]
    policy = policy_registry.get_by_type(Service)
    assert not policy.user_has_permission(setup["provider_user"], "publish")
    assert policy.user_has_permission_for_instance(setup["provider_user"], "change", service)
    assert not policy.user_has_permission_for_instance(setup["provider_user"], "change", setup["foreign"])

    original = service.description
    service.description = "Nový popis od poskytovatele"
    revision = service.save_revision(user=setup["provider_user"])
    service.refresh_from_db()
    assert service.description == original and service.has_unpublished_changes
    assert Service.objects.public().get(pk=service.pk).description == original

    assert policy.user_has_permission_for_instance(setup["coordinator"], "publish", service)
    client.force_login(setup["coordinator"])
    assert client.get(edit_url(service)).status_code == 200
    revision.publish(user=setup["coordinator"])
    assert Service.objects.public().get(pk=service.pk).description == "Nový popis od poskytovatele"


def test_coordinator_edits_only_services_of_own_territory(setup):
    policy = policy_registry.get_by_type(Service)
    coordinator = setup["coordinator"]
    only_other = Service.objects.in_territory(setup["other"]).exclude(
        pk__in=Service.objects.in_territory(setup["lipov"])
    )
    assert only_other.exists()
    assert not policy.user_has_permission_for_instance(coordinator, "change", only_other.first())
    lipov_service = Service.objects.in_territory(setup["lipov"]).first()
    assert policy.user_has_permission_for_instance(coordinator, "change", lipov_service)
    assert set(policy.instances_user_has_any_permission_for(coordinator, ["change"])) == set(
        Service.objects.in_territory(setup["lipov"])
    )
