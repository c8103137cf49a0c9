"""Snippet view sets of the taxonomy and planning bodies.

The taxonomy ("Číselníky") is shared by every territory and only superusers
change it; everybody with admin access can choose its items in choosers.
Planning bodies belong to a territory: a coordinator sees and edits only the
bodies of the territories they coordinate (checked on the server for every
view, through `cms.permissions.PlanningBodyPermissionPolicy`).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from cms.models import AgeGroup, LifeSituation, Municipality, PlanningBody, ServiceForm, ServiceType, TargetGroup

ACTIVE = BooleanColumn("is_active", label=_("active"))


class TaxonomyViewSet(SnippetViewSet):
    """The admin list of one code list (search, active filter); the code lists share its shape."""

    list_display = ["name", "code", ACTIVE]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]
    search_backend_name = None
    ordering = ["sort_order", "name"]
    list_per_page = 50
    inspect_view_enabled = True


class ServiceTypeViewSet(TaxonomyViewSet):
    """Service types with their paragraph of the Social Services Act and registry code."""

    model = ServiceType
    icon = "clipboard-list"
    list_display = ["name", "paragraph", "category", "registry_code", ACTIVE]
    list_filter = ["category", "allowed_forms", "is_active"]


class ServiceFormViewSet(TaxonomyViewSet):
    """Forms of service (residential, outpatient, field) with their registry codes."""

    model = ServiceForm
    icon = "form"
    list_display = ["name", "code", "registry_code"]


class TargetGroupViewSet(TaxonomyViewSet):
    """Target groups with their registry codes."""

    model = TargetGroup
    icon = "group"
    list_display = ["name", "code", "registry_code", ACTIVE]


class AgeGroupViewSet(TaxonomyViewSet):
    """Age groups used by the catalogue's filters."""

    model = AgeGroup
    icon = "time"


class LifeSituationViewSet(TaxonomyViewSet):
    """Life situations the public catalogue starts from."""

    model = LifeSituation
    icon = "help"


class MunicipalityViewSet(TaxonomyViewSet):
    """Municipalities with their district and population, which territories are made of."""

    model = Municipality
    icon = "home"
    list_display = ["name", "district", "population", "code"]
    list_filter = ["district"]
    ordering = ["name"]


class TaxonomyViewSetGroup(SnippetViewSetGroup):
    """The code lists under one admin menu item, so they do not crowd the menu."""

    items = (
        ServiceTypeViewSet,
        ServiceFormViewSet,
        TargetGroupViewSet,
        AgeGroupViewSet,
        LifeSituationViewSet,
        MunicipalityViewSet,
    )
    menu_label = _("Code lists")
    menu_icon = "list-ul"
    menu_order = 310
    menu_name = "taxonomy"


def _chair_name(body):
    return (body.chair.get_full_name() or body.chair.get_username()) if body.chair else ""


def _body_policy():
    return policy_registry.get_by_type(PlanningBody)


class PlanningBodyForm(WagtailAdminModelForm):
    """Limits a coordinator's choices to their own territories and to free user groups."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.allowed_territories = None
        if for_user is not None and not for_user.is_superuser:
            self.allowed_territories = _body_policy().territories_for_user(for_user)
            if "territory" in self.fields:
                self.fields["territory"].queryset = self.allowed_territories
        if "group" in self.fields:
            free = Q(planning_body__isnull=True) & Q(coordinated_territories__isnull=True)
            if self.instance.pk:
                free |= Q(planning_body=self.instance)
            self.fields["group"].queryset = Group.objects.filter(free).distinct().order_by("name")

    def clean_territory(self):
        territory = self.cleaned_data.get("territory")
        if (
            territory is not None
            and self.allowed_territories is not None
            and not self.allowed_territories.filter(pk=territory.pk).exists()
        ):
            raise ValidationError(_("You can only manage the bodies of territories you coordinate."))
        return territory


class _InstancePermissionMixin:
    """Refuse the view unless the user may act on this very body, not just on bodies in general."""

    instance_action = "change"

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, self.instance_action, obj):
            raise PermissionDenied
        return obj


class PlanningBodyEditView(_InstancePermissionMixin, EditView):
    """Edit a body only where the permission policy allows it for this body (its territory), not for all bodies."""

    instance_action = "change"


class PlanningBodyDeleteView(_InstancePermissionMixin, DeleteView):
    """Delete a body only where the permission policy allows it for this body."""

    instance_action = "delete"


class PlanningBodyViewSet(SnippetViewSet):
    """The coordinator's list of planning bodies, scoped to their territories, with member counts in one query."""

    model = PlanningBody
    icon = "group"
    menu_label = _("Planning bodies")
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "name",
        "kind",
        "territory",
        Column("chair", label=_("chair"), accessor=_chair_name),
        Column("member_count", label=_("members")),
    ]
    list_filter = ["territory", "kind"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["territory", "sort_order", "name"]
    edit_view_class = PlanningBodyEditView
    delete_view_class = PlanningBodyDeleteView
    edit_handler = ObjectList(PlanningBody.panels, base_form_class=PlanningBodyForm)

    def get_queryset(self, request):
        return (
            _body_policy()
            .instances_user_has_any_permission_for(request.user, ["add", "change", "delete", "view"])
            .select_related("territory", "chair", "group")
            # One query for every body's count, not one per row.
            .annotate(member_count=Count("group__user", distinct=True))
        )


register_snippet(TaxonomyViewSetGroup)
register_snippet(PlanningBodyViewSet)
