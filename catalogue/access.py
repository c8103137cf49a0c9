"""Who may edit which catalogue entries; built on the one access layer (cms.access).

- Coordinators edit (and publish) every service and provider of the territories
  they coordinate: a service belongs to a territory when it serves one of its
  municipalities (one with no municipality yet, where its provider works).
- A provider account (a user in `Provider.accounts`) edits its own
  organisation and its services only, and cannot publish: its changes are
  drafts until a coordinator publishes them. The public sees the live row.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from cms import access

from .models import ImportRun, Provider, Service
from .models.services import territory_municipalities

PROVIDER_GROUP_NAME = "Poskytovatelé sociálních služeb (katalog)"
PROVIDER_PERMISSIONS = ["add_service", "change_service", "change_provider"]
COORDINATOR_PERMISSIONS = [
    "add_service",
    "change_service",
    "delete_service",
    "publish_service",
    "lock_service",
    "unlock_service",
    "add_provider",
    "change_provider",
    "delete_provider",
    "publish_provider",
    "lock_provider",
    "unlock_provider",
    "view_importrun",
    "add_importrun",
]


def services_editable_by(user):
    """The services a user may edit: all for a superuser, their territories' for a coordinator, their own for a provider account."""
    if not access.is_active_user(user):
        return Service.objects.none()
    if user.is_superuser:
        return Service.objects.all()
    scope = Q(provider__accounts=user)
    territories = list(access.coordinated_territories(user))
    for territory in territories:
        scope |= Q(municipalities__in=territory_municipalities(territory)) | Q(
            municipalities__isnull=True, provider__territories=territory
        )
    return Service.objects.filter(pk__in=Service.objects.filter(scope).values("pk"))


def providers_editable_by(user):
    """The providers a user may edit, scoped like services_editable_by."""
    if not access.is_active_user(user):
        return Provider.objects.none()
    if user.is_superuser:
        return Provider.objects.all()
    territories = access.coordinated_territories(user)
    scope = (
        Q(accounts=user)
        | Q(territories__in=territories)
        | Q(services__in=services_editable_by(user).filter(provider__accounts__isnull=True))
    )
    return Provider.objects.filter(pk__in=Provider.objects.filter(scope).values("pk"))


def imports_visible_to(user):
    """Import runs of the territories the user coordinates."""
    return ImportRun.objects.for_territories(access.coordinated_territories(user))


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, narrowed to the objects in the user's scope."""

    scope = None

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if instance is None or instance.pk is None:
            return True
        return self.scope(user).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)


class ServicePermissionPolicy(ScopedPermissionPolicy):
    """Wagtail's permission policy for services, narrowed to services_editable_by, so every admin view checks the same scope."""

    scope = staticmethod(services_editable_by)


class ProviderPermissionPolicy(ScopedPermissionPolicy):
    """Wagtail's permission policy for providers, narrowed to providers_editable_by."""

    scope = staticmethod(providers_editable_by)


def _permissions(codenames):
    return Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)


def ensure_catalogue_roles():
    """Give coordinators' groups the catalogue permissions and create the provider accounts' group."""
    from cms.models import TerritoryHomePage

    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    providers, _created = Group.objects.get_or_create(name=PROVIDER_GROUP_NAME)
    providers.permissions.add(admin, *_permissions(PROVIDER_PERMISSIONS))
    coordinator_permissions = list(_permissions(COORDINATOR_PERMISSIONS))
    for territory in TerritoryHomePage.objects.exclude(coordinator_group=None).select_related("coordinator_group"):
        territory.coordinator_group.permissions.add(*coordinator_permissions)
    return providers


def add_provider_account(provider, user):
    """Let `user` propose changes to `provider`'s entries."""
    group = ensure_catalogue_roles()
    user.groups.add(group)
    provider.accounts.add(user)
