"""The project pool in the admin: Wagtail's ModelViewSet scoped to the user's territories.

Working groups, the steering group and coordinators of a territory assess
its intents; each change of status is written to IntentStatusChange by the
edit view, so the pool keeps its history however the edit was made.
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms.models import PlanPage
from implementation import access
from implementation.models import IntentChannel, IntentStatusChange, ProjectIntent
from implementation.models.pool import STATUSES_NEEDING_REASON
from implementation.services.pool import notify_submitter


def _visible_plan_ids(user):
    from implementation.views.admin import visible_plans

    return [plan.pk for plan in visible_plans(user)]


class IntentPermissionPolicy(ModelPermissionPolicy):
    """Add/change/view for the territory's bodies and coordinators; delete only for superusers."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        if action == "delete":
            return False
        return bool(_visible_plan_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete":
            return user.is_superuser
        return access.may_assess_intent(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if user.is_superuser:
            return ProjectIntent.objects.all()
        return ProjectIntent.objects.filter(plan_id__in=_visible_plan_ids(user))


register_permission_policy(ProjectIntent, IntentPermissionPolicy(ProjectIntent))


class IntentEditView(generic.EditView):
    """Edit an intent only where the user may assess it; a new status needs its reason and is kept in the history."""

    def get_object(self, queryset=None):
        intent = super().get_object(queryset)
        if not access.may_assess_intent(self.request.user, intent):
            raise PermissionDenied
        self._old_status = intent.status
        return intent

    def save_instance(self):
        self._check_reason()
        instance = super().save_instance()
        if instance.status != self._old_status:
            change = IntentStatusChange.objects.create(
                intent=instance,
                old_status=self._old_status,
                new_status=instance.status,
                reason=instance.status_reason,
                changed_by=self.request.user,
            )
            notify_submitter(instance, change)
        return instance

    def _check_reason(self):
        if self.object.status in STATUSES_NEEDING_REASON and not self.object.status_reason.strip():
            raise ValidationError(_("Give the reason for postponing or rejecting the intent."))

    def is_valid(self, form):
        # Here, not in form_valid: Wagtail's form_invalid needs the error message this method sets.
        valid = super().is_valid(form)
        if (
            valid
            and form.cleaned_data.get("status") in STATUSES_NEEDING_REASON
            and not form.cleaned_data.get("status_reason", "").strip()
        ):
            form.add_error("status_reason", _("Give the reason for postponing or rejecting the intent."))
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return False
        return valid


def _plans_for_filter(request):
    if request is None:
        return PlanPage.objects.none()
    return PlanPage.objects.filter(pk__in=_visible_plan_ids(request.user))


class IntentFilterSet(WagtailFilterSet):
    """Filters of the pool; the plan choice offers only the user's own plans, never another territory's."""

    plan = django_filters.ModelChoiceFilter(queryset=_plans_for_filter, label=_("Plan"))

    class Meta:
        model = ProjectIntent
        fields = ["status", "plan", "channel"]


class IntentIndexView(generic.IndexView):
    """The pool's list and its exports show only the intents of plans the user may assess.

    Wagtail's ModelViewSet has no request-aware queryset hook, so the scope is applied here,
    where both the listing and the CSV/XLSX export take their rows from.
    """

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(
                pk__in=IntentPermissionPolicy(ProjectIntent)
                .instances_user_has_permission_for(self.request.user, "change")
                .values("pk")
            )
            .select_related("plan")
        )


class IntentCreateView(generic.CreateView):
    """Staff enter an intent received outside the web form, only for plans they may assess (channel: staff)."""

    def form_valid(self, form):
        if not access.may_assess_intent(self.request.user, ProjectIntent(plan=form.cleaned_data["plan"])):
            form.add_error("plan", _("You cannot enter intents for this plan."))
            return self.form_invalid(form)
        return super().form_valid(form)

    def save_instance(self):
        self.form.instance.channel = IntentChannel.STAFF
        instance = super().save_instance()
        IntentStatusChange.objects.create(intent=instance, new_status=instance.status, changed_by=self.request.user)
        return instance


class ProjectIntentViewSet(ModelViewSet):
    """The project pool in the admin on Wagtail's generic views (list, filters, export), scoped to the user's territories."""

    model = ProjectIntent
    icon = "folder-open-inverse"
    menu_label = _("Project pool")
    menu_order = 470
    add_to_admin_menu = True
    index_view_class = IntentIndexView
    edit_view_class = IntentEditView
    add_view_class = IntentCreateView
    list_display = ["title", "plan", "submitter_name", "status", "created_at"]
    filterset_class = IntentFilterSet
    list_export = [
        "title",
        "submitter_name",
        "organisation",
        "strategic_item",
        "budget",
        "funding_sought",
        "timeline",
        "status",
        "status_reason",
        "created_at",
    ]
    search_fields = ["title", "description", "submitter_name", "organisation"]
    search_backend_name = None
    ordering = ["-created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("plan"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("strategic_item"),
            FieldPanel("target_groups"),
            FieldPanel("budget"),
            FieldPanel("funding_sought"),
            FieldPanel("funding_source"),
            FieldPanel("timeline"),
            FieldPanel("submitter_name"),
            FieldPanel("submitter_kind"),
            FieldPanel("organisation"),
            FieldPanel("email"),
            FieldPanel("phone"),
            FieldPanel("assessing_body"),
            FieldPanel("status"),
            FieldPanel("status_reason"),
        ]
    )
