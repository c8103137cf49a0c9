"""Admin: the text extraction report under Reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_views
from search.admin_views import document_policy


class ExtractionReportMenuItem(MenuItem):
    """Shown to those who may change documents: they can act on a failed extraction."""

    def is_shown(self, request):
        return document_policy().user_has_any_permission(request.user, ["change"])


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    """The admin URLs of the text-extraction report."""
    return [
        path("search/extraction/", admin_views.ExtractionReportView.as_view(), name="search_extraction_report"),
        path(
            "search/extraction/results/",
            admin_views.ExtractionReportView.as_view(results_only=True),
            name="search_extraction_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_extraction_report_menu_item():
    """The text-extraction report in the admin's Reports menu."""
    return ExtractionReportMenuItem(
        _("Text extraction"),
        reverse("search_extraction_report"),
        name="text-extraction",
        icon_name="doc-full",
        order=950,
    )
