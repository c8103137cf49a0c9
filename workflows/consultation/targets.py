"""What a comment is about: checking a submitted target against the text under comment, and naming it.

Read from the cached outline of the revision under comment (see `outline.py`), so a
comment on one of 150 activities no longer loads the whole strategic part.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from workflows.models.consultation import CommentTarget

from .outline import public_outline


def describe_target(target, chapter=None, block_id="", activity_code="", title=None):
    """A comment's target in words (whole plan, chapter, paragraph, activity by code) for the tables and notices."""
    if target == CommentTarget.PLAN or chapter is None:
        return _("Whole plan")
    label = title
    if label is None:
        label = chapter.specific.numbered_title if hasattr(chapter.specific, "numbered_title") else chapter.title
    if target == CommentTarget.ACTIVITY and activity_code:
        return _("%(chapter)s, activity %(code)s") % {"chapter": label, "code": activity_code}
    if target == CommentTarget.PARAGRAPH and block_id:
        return _("%(chapter)s, paragraph") % {"chapter": label}
    return label


def resolve_target(consultation, target, chapter_id=None, block_id="", activity_code=""):
    """Check a target against what the consultation lets the public read; return the comment's target fields."""
    from cms.models import StrategicItem

    if target == CommentTarget.PLAN:
        return {"target": target, "target_label": describe_target(target)}
    version = public_outline(consultation, chapter_id)
    if version is None:
        raise ValidationError(_("This part of the document is not open for comments."))
    chapter, title = version.chapter, version.title
    fields = {"target": target, "chapter": chapter, "quoted_text": "", "quoted_revision_id": version.revision_id}
    if target == CommentTarget.CHAPTER:
        fields["target_label"] = describe_target(target, chapter, title=title)
        return fields
    if target == CommentTarget.ACTIVITY:
        item = version.item_by_code(activity_code) if activity_code else None
        if item is None:
            raise ValidationError(_("The activity you chose does not exist in this draft."))
        fields["block_id"] = item["id"]
        fields["strategic_item"] = (
            StrategicItem.objects.filter(strategic_part_id=chapter.pk, block_id=item["id"]).first()
            # Items stored without list-item ids get fresh ids on every load; the code still names them.
            or StrategicItem.objects.filter(strategic_part_id=chapter.pk, code=activity_code, is_current=True).first()
        )
        fields["quoted_text"] = item["text"]
        fields["target_label"] = describe_target(target, chapter, activity_code=activity_code, title=title)
        return fields
    if target == CommentTarget.PARAGRAPH:
        text = version.text_of(block_id) if block_id else None
        if text is None:
            raise ValidationError(_("The paragraph you chose does not exist in this draft."))
        fields["block_id"] = str(block_id)
        fields["quoted_text"] = text
        fields["target_label"] = describe_target(target, chapter, block_id=block_id, title=title)
        return fields
    raise ValidationError(_("Choose what your comment is about."))
