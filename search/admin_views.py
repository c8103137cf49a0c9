"""Admin report: which documents' text could not be extracted, and why."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from cms.models.media import ExtractionStatus


def document_policy():
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def documents_for(user):
    return document_policy().instances_user_has_any_permission_for(user, ["change"])


def extraction_report(request):
    documents = documents_for(request.user)
    if not document_policy().user_has_any_permission(request.user, ["change"]):
        raise PermissionDenied
    status = request.GET.get("status") or ""
    statuses = dict(ExtractionStatus.choices)
    if status in statuses:
        documents = documents.filter(extraction_status=status)
    else:
        status = ""
    documents = documents.order_by("-created_at").only(
        "id", "title", "file", "created_at", "extraction_status", "extraction_error"
    )
    page = Paginator(documents, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "search/admin/extraction_report.html",
        {"page_obj": page, "statuses": ExtractionStatus.choices, "status": status, "title": _("Text extraction")},
    )
