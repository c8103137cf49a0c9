"""Chapters and the strategic part are published only by their approval workflow.

The workflow's last stage publishes (`publish_approved`, Wagtail's
WAGTAIL_FINISH_WORKFLOW_ACTION), whoever holds it. In the admin, publishing
such a page directly is refused to everybody but superusers; a superuser's
direct publication is logged and recorded (`UnapprovedPublication`), and the
public page says the text was not approved until the workflow publishes it.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.log_actions import log

# Imported by Wagtail's WorkflowState class body (WAGTAIL_FINISH_WORKFLOW_ACTION):
# models are imported inside the functions, never at module level.
LOG_ACTION = "triada.review.published_outside_workflow"


def publish_approved(workflow_state, user=None):
    """Publish what the workflow approved; the workflow is the authority, not the last actor's rights."""
    from workflows.models.review import UnapprovedPublication

    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
    UnapprovedPublication.objects.filter(page_id=revision.object_id).delete()


def governed(page):
    """True for pages that only the workflow publishes: chapters and the strategic part of a plan."""
    from cms.models import ChapterPage

    specific_class = page.specific_class
    return bool(
        specific_class is not None and issubclass(specific_class, ChapterPage) and page.get_workflow() is not None
    )


def refuse_direct_publication(request, page):
    """`before_publish_page`: only superusers publish a governed page outside the workflow."""
    if request.user.is_superuser or not governed(page):
        return None
    messages.error(
        request,
        _(
            "“%(title)s” can be published only by approval: the draft was saved, "
            "submit it for approval (“Submit for approval”)."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def record_direct_publication(request, page):
    """`after_publish_page`: a superuser published a governed page outside the workflow."""
    if not governed(page):
        return None
    from workflows.models.review import UnapprovedPublication

    page = type(page).objects.get(pk=page.pk)
    if page.live_revision_id is None:
        return None
    UnapprovedPublication.objects.get_or_create(
        page_id=page.pk, revision_id=page.live_revision_id, defaults={"published_by": request.user}
    )
    log(instance=page, action=LOG_ACTION, user=request.user, revision=page.live_revision)
    messages.warning(
        request,
        _("“%(title)s” was published outside the approval workflow; the public page says the text was not approved.")
        % {"title": page.get_admin_display_title()},
    )
    return None


def refuse_bulk_publication(request, action_type, objects, action_class_instance):
    """`before_bulk_action`: the explorer's bulk "publish" follows the same rule."""
    if action_type != "page" or getattr(action_class_instance, "action_type", "") != "publish":
        return None
    governed_pages = [page for page in objects if governed(page)]
    if not governed_pages:
        return None
    if not request.user.is_superuser:
        messages.error(request, _("Chapters of a plan can be published only by approval."))
        return redirect(request.GET.get("next") or "wagtailadmin_home")
    return None


def record_bulk_publication(request, action_type, objects, action_class_instance):
    """After a bulk publish, record each governed page published outside the workflow, as a single publish would."""
    if action_type != "page" or getattr(action_class_instance, "action_type", "") != "publish":
        return None
    for page in objects:
        if governed(page):
            record_direct_publication(request, page)
    return None


def hide_publish_button(menu_items, request, context):
    """`construct_page_action_menu`: nobody but a superuser sees "Publish" on a governed page."""
    page = context.get("page")
    if page is None or page.pk is None or request.user.is_superuser or not governed(page):
        return
    menu_items[:] = [item for item in menu_items if getattr(item, "name", "") != "action-publish"]


def unapproved_banner(request, page):
    """Public banner: this text was published without approval."""
    from django.utils.html import format_html

    from workflows.models.review import UnapprovedPublication

    if not getattr(page, "live_revision_id", None):
        return None
    if not UnapprovedPublication.objects.of_live_revision(page).exists():
        return None
    return format_html(
        '<div class="notice notice--warning" role="note"><p>{}</p></div>',
        _(
            "This text was published outside the approval process: "
            "it has not been approved by the planning bodies or the council."
        ),
    )
