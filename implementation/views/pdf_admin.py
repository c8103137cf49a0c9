"""The report PDFs' state in the admin: a Wagtail ReportView, and "render again" for coordinators.

Staff of a territory (coordinators and body members) see whether their plans'
report PDFs are ready, waiting or failed (with the error, size and time);
only a coordinator of the plan's territory may ask for a new rendering.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from implementation import access
from implementation.models import ReportPdf
from implementation.models.report_pdf import PdfState
from implementation.services import report_pdf
from implementation.views.admin import visible_plans


def visible_pdfs(user):
    """The PDFs of the plans of the territories where `user` is staff."""
    return ReportPdf.objects.filter(round__plan__in=[plan.pk for plan in visible_plans(user)]).select_related(
        "round", "round__plan"
    )


def may_render_again(user, pdf):
    """Whether the user may ask for the PDF again: only the plan's coordinators (rendering costs the worker's time)."""
    return access.may_manage(user, pdf.round.plan)


class PdfFilterSet(WagtailFilterSet):
    """Filter report PDFs by state, so failed renders can be found."""

    state = django_filters.ChoiceFilter(choices=PdfState.choices, label=gettext_lazy("State"), method="filter_state")

    class Meta:
        model = ReportPdf
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)


class SizeColumn(Column):
    """The PDF's size, or a dash while it is not ready."""

    def get_value(self, instance):
        return filesizeformat(instance.file_size) if instance.is_ready else "–"


class ActionsColumn(Column):
    """Download and "render again" per row; the button only for those who may render again."""

    cell_template_name = "implementation/admin/pdf_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["may_render"] = may_render_again(request.user, instance)
        context["csrf_token"] = get_token(request)  # the cell is rendered outside the view's template
        return context


class ReportPdfView(ReportView):
    """Admin Reports › monitoring report PDFs on Wagtail's ReportView, so stuck or failed renders are visible."""

    page_title = gettext_lazy("Monitoring report PDFs")
    header_icon = "doc-full"
    filterset_class = PdfFilterSet
    index_url_name = "implementation_pdfs"
    index_results_url_name = "implementation_pdfs_results"
    columns = [
        Column("round", label=gettext_lazy("Monitoring report")),
        Column("get_state_display", label=gettext_lazy("State")),
        Column("error", label=gettext_lazy("Last error")),
        SizeColumn("size", label=gettext_lazy("Size")),
        DateColumn("generated_at", label=gettext_lazy("Rendered")),
        DateColumn("requested_at", label=gettext_lazy("Updated")),
        ActionsColumn("actions", accessor="pk", label=gettext_lazy("Actions")),
    ]
    list_export = ["round", "get_state_display", "error", "file_size", "generated_at", "requested_at"]
    export_headings = {
        "round": gettext_lazy("Monitoring report"),
        "get_state_display": gettext_lazy("State"),
        "error": gettext_lazy("Last error"),
        "file_size": gettext_lazy("Size in bytes"),
        "generated_at": gettext_lazy("Rendered"),
        "requested_at": gettext_lazy("Updated"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not visible_plans(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return visible_pdfs(self.request.user).order_by("round__plan__title", "-round__year")


@require_POST
def render_again(request, pk):
    """A new rendering of one PDF, even if its content did not change (a coordinator of its territory)."""
    pdf = get_object_or_404(visible_pdfs(request.user), pk=pk)
    if not may_render_again(request.user, pdf):
        raise PermissionDenied
    report_pdf.request_render(pdf.round_id, force=True)
    messages.success(request, _("The PDF of %(report)s will be rendered again.") % {"report": pdf.round})
    return redirect("implementation_pdfs")
