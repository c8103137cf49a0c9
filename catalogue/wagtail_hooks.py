"""Admin of the catalogue: services and providers as moderated snippets, registry imports."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UnpublishView,
)

from cms import access

from . import admin_views
from .access import ProviderPermissionPolicy, ServicePermissionPolicy, providers_editable_by, services_editable_by
from .forms import ServiceAdminForm
from .models import Provider, Service

register_permission_policy(Service, ServicePermissionPolicy(Service))
register_permission_policy(Provider, ProviderPermissionPolicy(Provider))


class _InScopeMixin:
    """Every view on one object refuses objects outside the user's scope, whatever the URL."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        policy = ServicePermissionPolicy(Service) if isinstance(obj, Service) else ProviderPermissionPolicy(Provider)
        if not policy.scope(self.request.user).filter(pk=obj.pk).exists():
            raise PermissionDenied
        return obj


class ScopedEditView(_InScopeMixin, EditView):
    """Wagtail's snippet edit view, refusing (403) objects outside the user's scope whatever the URL."""

    pass


class ScopedDeleteView(_InScopeMixin, DeleteView):
    """Wagtail's snippet delete view, limited to objects in the user's scope."""

    pass


class ScopedUnpublishView(_InScopeMixin, UnpublishView):
    """Wagtail's snippet unpublish view, limited to objects in the user's scope."""

    pass


class ScopedHistoryView(_InScopeMixin, HistoryView):
    """Wagtail's snippet history view, limited to objects in the user's scope (history shows other people's edits)."""

    pass


class ServiceViewSet(SnippetViewSet):
    """Services in the admin with drafts, moderation and the scoped views: a provider account sees only its own services."""

    model = Service
    icon = "clipboard-list"
    menu_label = _("Services")
    list_display = [
        "name",
        "provider",
        "service_type",
        BooleanColumn("live", label=_("published")),
        BooleanColumn("has_unpublished_changes", label=_("changes waiting")),
        Column("ended_on", label=_("ended on")),
    ]
    list_filter = ["kind", "service_type", "live", "has_unpublished_changes", "forms", "target_groups"]
    list_export = ["name", "registry_id", "provider", "service_type", "email", "phone", "web", "live", "ended_on"]
    search_fields = ["name", "registry_id"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    unpublish_view_class = ScopedUnpublishView
    history_view_class = ScopedHistoryView
    edit_handler = TabbedInterface(
        [
            ObjectList(Service.registry_panels, heading=_("Registry")),
            ObjectList(Service.local_panels, heading=_("Catalogue")),
        ],
        base_form_class=ServiceAdminForm,
    )

    def get_queryset(self, request):
        return services_editable_by(request.user).select_related("provider", "service_type")


class ProviderViewSet(SnippetViewSet):
    """Providers in the admin, scoped like services; "changes waiting" shows drafts to moderate."""

    model = Provider
    icon = "group"
    menu_label = _("Providers")
    list_display = ["name", "ico", BooleanColumn("has_unpublished_changes", label=_("changes waiting"))]
    list_filter = ["territories", "has_unpublished_changes"]
    list_export = ["name", "ico", "legal_form", "email", "phone", "web"]
    search_fields = ["name", "ico"]
    search_backend_name = None
    ordering = ["name"]
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    unpublish_view_class = ScopedUnpublishView
    history_view_class = ScopedHistoryView

    def get_queryset(self, request):
        return providers_editable_by(request.user)


class CatalogueViewSetGroup(SnippetViewSetGroup):
    """Services and providers under one admin menu item."""

    items = (ServiceViewSet, ProviderViewSet)
    menu_label = _("Catalogue of services")
    menu_icon = "clipboard-list"
    menu_order = 320
    menu_name = "catalogue"


register_snippet(CatalogueViewSetGroup)
import_viewset = admin_views.ImportRunViewSet("catalogue_imports")


@hooks.register("register_admin_viewset")
def register_import_viewset():
    """The list of registry import runs (a ModelViewSet)."""
    return import_viewset


@hooks.register("register_admin_urls")
def register_catalogue_admin_urls():
    """Start an import and watch its progress."""
    return [
        path("katalog/import/", admin_views.start_import_view, name="catalogue_start_import"),
        path("katalog/import/<int:pk>/", admin_views.import_progress_view, name="catalogue_import_progress"),
    ]


class CoordinatorMenuItem(MenuItem):
    """A menu item only coordinators see (imports are theirs to run)."""

    def is_shown(self, request):
        return access.coordinated_territories(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    """ "Registry import" in the admin menu, for coordinators."""
    return CoordinatorMenuItem(
        _("Registry import"), reverse("catalogue_start_import"), icon_name="download", order=321
    )


@hooks.register("register_admin_menu_item")
def register_import_list_menu_item():
    """ "Registry imports" (the runs so far) in the admin menu, for coordinators."""
    return CoordinatorMenuItem(
        _("Registry imports"), reverse("catalogue_imports:index"), icon_name="list-ul", order=322
    )
