"""Admin report: which documents' text could not be extracted, and why (a Wagtail ReportView)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from cms.models import TriadaDocument
from cms.models.media import ExtractionStatus


def document_policy():
    """Wagtail's permission policy of documents (collections decide who may change what)."""
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def documents_for(user):
    """The documents `user` may change, the ones whose extraction they can act on."""
    return document_policy().instances_user_has_any_permission_for(user, ["change"])


class ExtractionFilterSet(WagtailFilterSet):
    """Filters of the text-extraction report: by status, so failed files can be found and fixed."""

    status = django_filters.ChoiceFilter(
        field_name="extraction_status", choices=ExtractionStatus.choices, label=_("Text extraction")
    )

    class Meta:
        model = TriadaDocument
        fields = []


class ExtractionReportView(ReportView):
    """Documents by extraction status, with the reason of a failure; filterable and exportable."""

    page_title = _("Text extraction")
    header_icon = "doc-full"
    filterset_class = ExtractionFilterSet
    index_url_name = "search_extraction_report"
    index_results_url_name = "search_extraction_report_results"
    columns = [
        TitleColumn("title", label=_("Document"), url_name="wagtaildocs:edit"),
        DateColumn("created_at", label=_("Uploaded")),
        Column("get_extraction_status_display", label=_("Text extraction")),
        Column("extraction_error", label=_("Reason")),
    ]
    list_export = ["title", "created_at", "get_extraction_status_display", "extraction_error"]
    export_headings = {
        "title": _("Document"),
        "created_at": _("Uploaded"),
        "get_extraction_status_display": _("Text extraction"),
        "extraction_error": _("Reason"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not document_policy().user_has_any_permission(request.user, ["change"]):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            documents_for(self.request.user)
            .order_by("-created_at", "-pk")
            .only("id", "title", "file", "created_at", "extraction_status", "extraction_error")
        )
