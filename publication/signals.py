"""Regenerate the plan's PDF when its text changes (publish, unpublish of the plan or a chapter)."""

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


def connect():
    page_published.connect(_page_changed, dispatch_uid=f"{DISPATCH_PREFIX}-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid=f"{DISPATCH_PREFIX}-page-unpublished")
    from cms.models import ChapterPage

    # Deleting a strategic part deletes its ChapterPage row too, so this one sender covers both.
    post_delete.connect(_chapter_deleted, sender=ChapterPage, dispatch_uid=f"{DISPATCH_PREFIX}-chapter-deleted")
