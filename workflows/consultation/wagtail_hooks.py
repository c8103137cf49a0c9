"""Hooks of the consultation part: admin views and menu, and what it adds to public pages."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, permissions, public_hooks


@hooks.register("register_admin_urls")
def register_consultation_urls():
    """The consultation's admin URLs under /admin/pripominky/."""
    return [path("pripominky/", include(admin_urls, namespace="consultation_admin"))]


class ConsultationMenuItem(MenuItem):
    """Shown to whoever can see at least one consultation."""

    def is_shown(self, request):
        return permissions.visible_consultations(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_consultation_menu_item():
    """ "Public comments" in the admin menu."""
    return ConsultationMenuItem(
        _("Public comments"), reverse("consultation_admin:index"), icon_name="comment", order=260
    )


hooks.register("triada_page_banners", public_hooks.page_banner)
hooks.register("triada_block_tools", public_hooks.block_tools)
hooks.register("triada_item_tools", public_hooks.item_tools)
hooks.register("triada_plan_sections", public_hooks.plan_sections)
hooks.register("before_serve_page", public_hooks.serve_draft_under_consultation)


@hooks.register("after_edit_page")
def explain_refused_close(request, page):
    """From the page editor, Wagtail ignores the action's redirect: show why the close was refused."""
    from django.shortcuts import redirect
    from wagtail.models import TaskState

    from workflows.models import PublicCommentTaskState

    if request.method != "POST" or request.POST.get("workflow-action-name") != "close_and_publish":
        return None
    state = (
        PublicCommentTaskState.objects.filter(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS, consultation__isnull=False
        )
        .order_by("-started_at")
        .first()
    )
    if state is None:
        return None
    return redirect(reverse("consultation_admin:detail", args=[state.consultation_id]) + "?odmitnuto=1")
