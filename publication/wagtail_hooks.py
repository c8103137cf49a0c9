"""What publication adds to other apps' pages through their hooks (cms imports nothing from here)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail import hooks

from cms.models import PlanPage

from .annexes import HOOK_NAME, settlement_annexes
from .models import PlanPublication


@hooks.register("triada_plan_sections")
def plan_pdf_section(request, page):
    """The download link of the plan's PDF, with its size ("PDF, 1,8 MB")."""
    if not isinstance(page, PlanPage):
        return []
    publication = PlanPublication.objects.latest_ready(page)
    if publication is None:
        return []
    html = render_to_string(
        "publication/includes/plan_pdf_link.html", {"plan": page, "publication": publication}, request=request
    )
    return [{"id": "ke-stazeni", "title": _("Download"), "html": html}]


hooks.register(HOOK_NAME, settlement_annexes)


@hooks.register("register_admin_viewset")
def register_plan_pdfs():
    """Register the plan-PDF admin viewset."""
    from .admin_views import PlanPublicationViewSet

    return PlanPublicationViewSet()
