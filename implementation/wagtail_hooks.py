"""Admin registrations and the public plan page's link to the fulfilment overview."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms.models import PlanPage

from .admin_viewsets import ProjectIntentViewSet
from .views import admin as views
from .views import pdf_admin


@hooks.register("register_admin_urls")
def register_admin_urls():
    """The living plan's admin URLs under /admin/plneni/."""
    return [
        path("plneni/", views.index, name="implementation_index"),
        path("plneni/plan/<int:plan_id>/kolo/", views.open_round, name="implementation_open_round"),
        path("plneni/plan/<int:plan_id>/aktualizace/", views.start_update, name="implementation_start_update"),
        path("plneni/kolo/<int:round_id>/", views.round_detail, name="implementation_round"),
        path("plneni/kolo/<int:round_id>/pripomenout/", views.remind_now, name="implementation_remind"),
        path("plneni/zprava/<int:report_id>/", views.report_edit, name="implementation_report_edit"),
        path("plneni/pdf/", pdf_admin.ReportPdfView.as_view(), name="implementation_pdfs"),
        path(
            "plneni/pdf/vysledky/",
            pdf_admin.ReportPdfView.as_view(results_only=True),
            name="implementation_pdfs_results",
        ),
        path("plneni/pdf/<int:pk>/znovu/", pdf_admin.render_again, name="implementation_pdf_render"),
        path("plneni/zprava/<int:report_id>/skupina/", views.report_reassign, name="implementation_report_reassign"),
        path(
            "plneni/zprava/<int:report_id>/historie/",
            views.report_history_compare,
            name="implementation_report_history",
        ),
        path("plneni/zprava/<int:report_id>/rozhodnuti/", views.report_decide, name="implementation_report_decide"),
    ]


class MonitoringMenuItem(MenuItem):
    """Shown to those who see at least one plan's monitoring."""

    def is_shown(self, request):
        return bool(views.visible_plans(request.user))


@hooks.register("register_admin_menu_item")
def register_menu_item():
    """ "Plan fulfilment" in the admin menu."""
    return MonitoringMenuItem(
        gettext_lazy("Plan fulfilment"), reverse("implementation_index"), icon_name="tasks", order=460
    )


class PdfMenuItem(MenuItem):
    """Shown to those who see at least one plan's monitoring."""

    def is_shown(self, request):
        return bool(views.visible_plans(request.user))


@hooks.register("register_reports_menu_item")
def register_pdf_menu_item():
    """The report-PDF list in the admin's Reports menu."""
    return PdfMenuItem(
        gettext_lazy("Monitoring report PDFs"),
        reverse("implementation_pdfs"),
        name="report-pdfs",
        icon_name="doc-full",
    )


@hooks.register("register_admin_viewset")
def register_intent_viewset():
    """The project pool's admin (a ModelViewSet scoped to the user's territories)."""
    return ProjectIntentViewSet("project_intents", url_prefix="zasobnik-projektu")


@hooks.register("triada_plan_sections")
def fulfilment_section(request, page):
    """On the public plan page: fulfilment at a glance and links to the living plan's pages."""
    if not isinstance(page, PlanPage):
        return []
    from .services import report

    return [
        {
            "id": "plneni-planu",
            "title": _("Fulfilment of the plan"),
            "html": render_to_string(
                "implementation/includes/plan_section.html",
                {"plan": page, "data": report.overview(page)},
                request=request,
            ),
        }
    ]


@hooks.register("triada_publication_annexes")
def action_plan_annexes(plan, as_of=None):
    """The plan's published action plans as annexes of its PDF, one per year (as they stood at `as_of`)."""
    from cms.access import public_pages
    from cms.history import revision_live_at

    from .models import ActionPlanPage

    annexes = []
    for page in public_pages(ActionPlanPage.objects.child_of(plan)).order_by("year", "path"):
        lines = page.lines()
        if as_of is not None:
            revision = revision_live_at(page, as_of)
            if revision is None:
                continue
            page = revision.as_object()
            lines = sorted(page.items.all(), key=lambda item: item.sort_order or 0)
        html = render_to_string("implementation/includes/action_plan_annex.html", {"page": page, "lines": lines})
        annexes.append(
            {"id": f"akcni-plan-{page.pk}", "title": _("Action plan %(year)s") % {"year": page.year}, "html": html}
        )
    return annexes
