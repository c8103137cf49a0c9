"""The plan's PDFs in the admin: one row per version, for the coordinators of its territory.

A coordinator sees the PDFs of their territories' plans (state, size, date),
asks for the PDF of any published version of the plan (an adopted revision, not
only the live text), downloads it here even before the public may, and renders
a version again. Everyone else gets no menu item and 403/404 on every URL;
the rules are `cms.access`'s (coordinators of the plan's territory).
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cms import access
from cms.models import PlanPage

from . import services
from .models import PlanPublication


class PlanPublicationPermissionPolicy(ModelPermissionPolicy):
    """View for coordinators (of their territories' plans); rows are made by the service, never edited."""

    def user_has_permission(self, user, action):
        return action == "view" and access.coordinated_territories(user).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return action == "view" and access.is_coordinator_of(user, instance.plan)

    def instances_user_has_permission_for(self, user, action):
        if action != "view":
            return PlanPublication.objects.none()
        return PlanPublication.objects.filter(plan__in=coordinated_plans(user, live_only=False))


register_permission_policy(PlanPublication, PlanPublicationPermissionPolicy(PlanPublication))


def coordinated_plans(user, *, live_only=True):
    """Plans in the territories `user` coordinates."""
    plans = access.plans_in(access.coordinated_territories(user))
    return plans.live() if live_only else plans


def _coordinated_publication(request, pk):
    publication = get_object_or_404(PlanPublication.objects.select_related("plan"), pk=pk)
    if not access.is_coordinator_of(request.user, publication.plan):
        raise Http404
    return publication


def _adopted_revision_numbers(plan):
    """{revision id: resolution number} of the council's adoptions of this plan (when workflows is installed)."""
    if not apps.is_installed("workflows"):
        return {}
    from workflows.models import CouncilResolution

    return dict(
        CouncilResolution.objects.adopted()
        .filter(page_id=plan.pk, revision__isnull=False)
        .values_list("revision_id", "number")
    )


def version_choices(user):
    """(value, label) per plan the user coordinates: its current text and each earlier published version."""
    choices = []
    for plan in coordinated_plans(user).order_by("title"):
        adopted = _adopted_revision_numbers(plan)
        options = [(f"{plan.pk}:live", _("Current published text"))]
        for revision, published_at in services.published_revisions(plan):
            label = _("Published on %(date)s") % {"date": formats.date_format(published_at, "DATETIME_FORMAT")}
            if revision.pk in adopted:
                label += " – " + _("adopted, resolution %(number)s") % {"number": adopted[revision.pk]}
            if revision.pk == plan.live_revision_id:
                label += " – " + _("current")
            options.append((f"{plan.pk}:{revision.pk}", label))
        choices.append((plan.title, options))
    return choices


class RequestPdfForm(forms.Form):
    """Which adopted version of a plan to make a PDF of; only versions of plans the user coordinates are offered."""

    version = forms.ChoiceField(label=gettext_lazy("Version of the plan"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = version_choices(user)

    def chosen(self):
        """(plan, revision or None for the live text) of a valid form."""
        plan_pk, revision_pk = self.cleaned_data["version"].split(":")
        plan = PlanPage.objects.get(pk=plan_pk)
        if revision_pk == "live":
            return plan, None
        return plan, plan.revisions.get(pk=revision_pk)


def request_pdf(request):
    """Ask for the PDF of a chosen version; rendered in the background, listed at once."""
    if not access.coordinated_territories(request.user).exists():
        raise PermissionDenied
    form = RequestPdfForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan, revision = form.chosen()
        if revision is None:
            publication = services.request_plan_pdf(plan, force=False)
        else:
            publication = services.request_plan_pdf_of_revision(plan, revision)
        if publication is None:
            messages.error(request, _("This plan is not published, so it has no PDF."))
        else:
            messages.success(request, _("The PDF of %(plan)s is being prepared.") % {"plan": plan.title})
        return redirect("publication_pdfs:index")
    return TemplateResponse(
        request,
        "publication/admin/request_pdf.html",
        {
            "form": form,
            "header_title": _("Request a PDF"),
            "page_title": _("Request a PDF"),
            "header_icon": "doc-full",
        },
    )


def regenerate_pdf(request, pk):
    """Render one version again (GET asks, POST does it)."""
    publication = _coordinated_publication(request, pk)
    if request.method == "POST":
        services.regenerate(publication)
        messages.success(request, _("The PDF is being generated again."))
        return redirect("publication_pdfs:index")
    return TemplateResponse(
        request,
        "publication/admin/regenerate_pdf.html",
        {
            "publication": publication,
            "header_title": _("Generate the PDF again"),
            "page_title": _("Generate the PDF again"),
            "header_icon": "doc-full",
        },
    )


def download_pdf(request, pk):
    """The stored file, for coordinators (also versions the public site no longer links)."""
    publication = _coordinated_publication(request, pk)
    if not publication.is_ready:
        raise Http404
    return FileResponse(
        publication.file.open("rb"), content_type="application/pdf", filename=f"{publication.plan.slug}.pdf"
    )


class PlanPublicationIndexView(generic.IndexView):
    """The list of plan PDFs, narrowed to the plans the user coordinates."""

    def get_base_queryset(self):
        """Only the rows of the plans this user coordinates (a ModelViewSet does not filter by itself)."""
        policy = PlanPublicationPermissionPolicy(PlanPublication)
        return policy.instances_user_has_permission_for(self.request.user, "view").select_related("plan")

    def get_edit_url(self, instance):
        return None

    @cached_property
    def header_buttons(self):
        return [HeaderButton(_("Request a PDF"), url=reverse("publication_pdfs:request"), icon_name="plus")]

    def get_list_more_buttons(self, instance):
        from wagtail.admin.ui.menus import MenuItem

        buttons = []
        if instance.is_ready:
            buttons.append(
                MenuItem(
                    _("Download"), url=reverse("publication_pdfs:download", args=[instance.pk]), icon_name="download"
                )
            )
        buttons.append(
            MenuItem(
                _("Generate again"), url=reverse("publication_pdfs:regenerate", args=[instance.pk]), icon_name="rotate"
            )
        )
        return buttons


class VersionColumn(Column):
    """Which text a PDF holds: an earlier published version (with its date) or the text live when it was requested."""

    def get_value(self, instance):
        if instance.as_of:
            return _("as published on %(date)s") % {"date": formats.date_format(instance.as_of, "DATETIME_FORMAT")}
        return _("text published when requested")


class SizeColumn(Column):
    """The PDF's size, or a dash while it is not generated."""

    def get_value(self, instance):
        return filesizeformat(instance.file_size) if instance.file_size else "–"


class PlanPublicationViewSet(ModelViewSet):
    """ "Plan PDFs" in the admin on Wagtail's generic views: per version, request an earlier text, regenerate; coordinators only."""

    model = PlanPublication
    icon = "doc-full"
    menu_label = gettext_lazy("Plan PDFs")
    menu_order = 480
    add_to_admin_menu = True
    url_prefix = "plan-pdf"
    name = "publication_pdfs"
    index_view_class = PlanPublicationIndexView
    # No inspect view: its generic object lookup would not ask the territory; the row menu downloads.
    inspect_view_enabled = False
    list_display = [
        "plan",
        VersionColumn("as_of", label=gettext_lazy("Version")),
        "status",
        SizeColumn("file_size", label=gettext_lazy("size")),
        "page_count",
        "generated_at",
    ]
    # No filter by plan: its choices would list every plan, other territories' drafts included.
    list_filter = ["status"]
    ordering = ["-created_at"]
    form_fields = []

    copy_view_enabled = False

    def get_urlpatterns(self):
        generic_views = super().get_urlpatterns()
        return generic_views + [
            path("request/", request_pdf, name="request"),
            path("<int:pk>/regenerate/", regenerate_pdf, name="regenerate"),
            path("<int:pk>/download/", download_pdf, name="download"),
        ]
