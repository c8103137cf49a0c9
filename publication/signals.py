"""Ask for a new plan PDF when what it shows changes.

Publishing or withdrawing the plan or a chapter changes its text; deleting a
chapter removes one; settling a public comment changes the settlement annex.
Each asks once per transaction (see `services.plan_text_changed`).
"""

from django.apps import apps
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

DISPATCH_PREFIX = "publication"


def _page_changed(sender, instance, **kwargs):
    from .services import plan_of_page, plan_text_changed

    plan = plan_of_page(instance)
    if plan is not None:
        plan_text_changed(plan.pk)


def _chapter_deleted(sender, instance, **kwargs):
    from cms.models import PlanPage

    from .services import plan_text_changed

    plan = PlanPage.objects.filter(path=instance.path[: -instance.steplen]).first()
    if plan is not None:
        plan_text_changed(plan.pk)


def _settlement_changed(sender, consultation, **kwargs):
    """A settled (or newly proposed) outcome changes the settlement annex of the plan's PDF."""
    from .services import plan_text_changed

    plan_text_changed(consultation.plan_id)


def connect():
    """Connect publication's receivers: a plan's PDF is owed again when its pages are published, unpublished or deleted."""
    page_published.connect(_page_changed, dispatch_uid=f"{DISPATCH_PREFIX}-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid=f"{DISPATCH_PREFIX}-page-unpublished")
    from cms.models import ChapterPage

    # Deleting a strategic part deletes its ChapterPage row too, so this one sender covers both.
    post_delete.connect(_chapter_deleted, sender=ChapterPage, dispatch_uid=f"{DISPATCH_PREFIX}-chapter-deleted")
    if apps.is_installed("workflows"):
        from workflows import signals as domain

        domain.comment_settled.connect(_settlement_changed, dispatch_uid=f"{DISPATCH_PREFIX}-comment-settled")
        domain.settlement_proposed.connect(_settlement_changed, dispatch_uid=f"{DISPATCH_PREFIX}-settlement-proposed")
