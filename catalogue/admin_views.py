"""Admin: registry imports (start one, watch its progress, read its report)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cms import access

from .access import imports_visible_to
from .forms import StartImportForm
from .importer import start_import
from .models import ImportRun


def start_import_view(request):
    """Queue a registry import for one of the coordinator's territories; the worker runs it, the next page shows progress."""
    if not access.coordinated_territories(request.user).exists():
        raise PermissionDenied
    form = StartImportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            run = start_import(
                form.cleaned_data["territory"], source=form.cleaned_data.get("source") or None, user=request.user
            )
        messages.success(request, _("The import has started."))
        return redirect("catalogue_import_progress", run.pk)
    return TemplateResponse(
        request, "catalogue/admin/start_import.html", {"form": form, "page_title": _("Import from the registry")}
    )


def import_progress_view(request, pk):
    """Progress and result of one import run, for the territory's coordinators only."""
    run = get_object_or_404(imports_visible_to(request.user), pk=pk)
    return TemplateResponse(
        request,
        "catalogue/admin/import_progress.html",
        {"run": run, "page_title": _("Registry import"), "refresh": run.is_active},
    )


class ImportRunIndexView(generic.IndexView):
    """The list and its exports hold only the runs of the user's own territories.

    Wagtail's ModelViewSet has no request-aware queryset hook, so the scope is applied where
    the listing and the export take their rows from.
    """

    def get_base_queryset(self):
        return super().get_base_queryset().filter(pk__in=imports_visible_to(self.request.user).values("pk"))


class ScopedRunObjectMixin:
    """Edit and delete find a run only within the user's territories: another territory's run is a 404."""

    def get_base_object_queryset(self):
        return imports_visible_to(self.request.user)


class ImportRunEditView(ScopedRunObjectMixin, generic.EditView):
    """Edit of a run, reachable only inside the coordinator's scope."""


class ImportRunDeleteView(ScopedRunObjectMixin, generic.DeleteView):
    """Delete of a run, reachable only inside the coordinator's scope."""


class ImportRunViewSet(ModelViewSet):
    """The list of import runs on Wagtail's generic views, scoped to the coordinator's territories."""

    model = ImportRun
    icon = "download"
    menu_label = _("Registry imports")
    url_prefix = "katalog/importy"
    add_to_admin_menu = False
    inspect_view_enabled = False
    list_display = [
        Column("created_at", label=_("created"), accessor=lambda run: run.created_at.strftime("%d.%m.%Y %H:%M")),
        "territory",
        "status",
        "added",
        "changed",
        "ended",
        "error_count",
    ]
    list_filter = ["territory", "status"]
    ordering = ["-created_at"]
    list_export = ["created_at", "territory", "status", "processed", "added", "changed", "ended", "error_count"]

    form_fields = ["territory"]
    index_view_class = ImportRunIndexView
    edit_view_class = ImportRunEditView
    delete_view_class = ImportRunDeleteView

    @property
    def add_view(self):
        # Starting an import is a form of its own that enqueues the task.
        return start_import_view
