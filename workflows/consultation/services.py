"""What happens in a consultation: opening, comments, moderation, settlement, closing.

Every function that changes state runs in one transaction and raises the
matching domain event (workflows.signals) inside it, recording it as a
`ConsultationEvent` too, so an event is never raised for a change that was
rolled back, nor lost for one that was committed.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from workflows import signals
from workflows.models.consultation import (
    PRAGUE,
    Comment,
    CommentChannel,
    CommentTarget,
    Consultation,
    ConsultationEvent,
    ConsultationEventKind,
    ModerationMode,
    ModerationStatus,
    Outcome,
    PublicCommentTaskState,
    default_period,
)

from . import permissions
from .targets import describe_target, resolve_target  # noqa: F401 - re-exported: the services' API

CLOSING_SOON = datetime.timedelta(days=3)
# Control characters other than tab and newline: invisible, and refused by XLSX.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DeadlinePassed(ValidationError):
    """Raised when a comment arrives after the consultation closed; the public form answers 410 with a Czech message."""

    pass


def record_event(consultation, kind, *, comment=None, user=None, **data):
    """Write the consultation's audit record of an event in the same transaction as the change."""
    return ConsultationEvent.objects.create(
        consultation=consultation,
        comment=comment,
        kind=kind,
        user=user if user is not None and user.is_authenticated else None,
        data=data,
    )


# --- opening -----------------------------------------------------------------


def open_consultation_for(page, task, *, user=None, now=None):
    """Open (or join) the consultation for `page` when its public-comment task starts.

    Chapters of one plan submitted on the same day share one consultation, so
    "submit all chapters" gives the public one period and one settlement table.
    """
    from cms.models import ChapterPage, PlanPage

    now = now or timezone.now()
    if isinstance(page, PlanPage):
        plan, chapter = page, None
    elif isinstance(page, ChapterPage):
        plan, chapter = page.plan, page
    else:
        raise ValueError("Public comment applies to plans and chapters only.")

    today = timezone.localtime(now, PRAGUE).date()
    same_day = [
        c
        for c in Consultation.objects.select_for_update().for_plan(plan).open_at(now)
        if c.starts_at_local.date() == today
    ]
    if same_day:
        consultation = same_day[0]
        if chapter is not None and consultation.chapters.exists():
            consultation.chapters.add(chapter)
        elif chapter is None:
            consultation.chapters.clear()
        return consultation

    title = _("Public comments: %(plan)s") % {"plan": plan.title}
    consultation = Consultation.objects.create(
        plan=plan,
        title=title[:255],
        starts_at=now,
        ends_at=default_period(now, task.period_days),
        moderation=getattr(task, "moderation", ModerationMode.IMMEDIATE),
    )
    if chapter is not None:
        consultation.chapters.add(chapter)
    record_event(consultation, ConsultationEventKind.OPENED, user=user)
    signals.consultation_opened.send(sender=Consultation, consultation=consultation)
    return consultation


# --- comments ----------------------------------------------------------------


def plain(text):
    """Comments are plain text: keep what was typed, normalise line ends, strip NULs."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text).strip()


def frozen_revision(consultation, chapter):
    """The revision of `chapter` under comment in `consultation` (its running public-comment task's), or None.

    A task that ended (the chapter was published or withdrawn meanwhile) freezes nothing.
    """
    state = (
        PublicCommentTaskState.objects.filter(
            consultation=consultation,
            workflow_state__object_id=str(chapter.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .exclude(revision=None)
        .select_related("revision")
        .order_by("-started_at")
        .first()
    )
    return state.revision if state else None


def public_version(consultation, chapter, moment=None):
    """What the public may read of `chapter` through `consultation`: (page, revision) or (None, None).

    While the consultation is open, exactly the revision frozen for it; otherwise
    (closed, or a chapter with no frozen revision, as in a plan-wide consultation)
    the live text. Never a draft saved later, never a chapter that was never published.
    """
    if not consultation.covers(chapter):
        return None, None
    if consultation.is_open(moment):
        revision = frozen_revision(consultation, chapter)
        if revision is not None:
            return revision.as_object(), revision
    if chapter.live:
        return chapter, chapter.live_revision
    return None, None


def public_chapters(consultation, moment=None):
    """The covered chapters the public may read, each as the version it may read."""
    versions = []
    for chapter in consultation.covered_chapters().specific():
        version, _revision = public_version(consultation, chapter, moment)
        if version is not None:
            versions.append(version)
    return versions


def current_version(chapter):
    """The newest text of the chapter (latest revision), for resolving anchors."""
    revision = chapter.get_latest_revision()
    return (revision.as_object() if revision else chapter), revision


def find_block(page, block_id):
    """The paragraph block or strategic item with this id in a page, so a comment's target is checked against the real text."""
    for block in page.body:
        if str(block.id) == str(block_id):
            return block
    if hasattr(page, "iter_items"):
        for _kind, _code, item_id, _parent, value in page.iter_items():
            if str(item_id) == str(block_id):
                return value
    return None


def block_text(block):
    """Plain text of a block for the quote (never HTML)."""
    from django.utils.text import normalize_newlines

    value = getattr(block, "value", block)
    source = getattr(value, "source", None)
    if source is not None:
        text = source
    elif isinstance(value, dict) or hasattr(value, "items"):
        parts = []
        for key in ("title", "heading", "text", "description", "caption"):
            part = value.get(key) if hasattr(value, "get") else None
            if part:
                parts.append(getattr(part, "source", str(part)))
        text = "\n".join(parts)
    else:
        text = str(value)
    return normalize_newlines(strip_tags(text)).strip()


def _next_number(consultation_pk):
    """Allocate the next comment number in one short statement of its own.

    Outside a transaction the UPDATE's row lock lasts for that statement only, so
    200 last-minute submissions no longer queue behind each other's whole
    transaction. A comment whose insert then fails leaves a gap in the
    numbering, never a duplicate. Returns the consultation as of that moment.
    """
    quote = connection.ops.quote_name
    table, pk_column = quote(Consultation._meta.db_table), quote(Consultation._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 WHERE {pk_column} = %s RETURNING last_number",
            [consultation_pk],
        )
        number = cursor.fetchone()[0]
    consultation = Consultation.objects.get(pk=consultation_pk)
    consultation.last_number = number
    return consultation


def _refuse_if_closed(consultation, now):
    if not consultation.is_open(now):
        raise DeadlinePassed(
            _("The period for comments ended on %(end)s. Your comment was not stored.")
            % {"end": consultation.ends_at_local.strftime("%-d. %-m. %Y %H:%M")}
        )


def submit_public_comment(consultation, *, data, user=None, now=None):
    """Store a comment from the public form; refuse it after the deadline with nothing stored."""
    # Read-only work first, so the row lock that numbers comments is held briefly.
    target_fields = resolve_target(
        consultation, data["target"], data.get("chapter_id"), data.get("block_id", ""), data.get("activity_code", "")
    )
    now = now or timezone.now()
    _refuse_if_closed(consultation, now)
    # The deadline is checked again on the state read when the number was allocated.
    locked = _next_number(consultation.pk)
    _refuse_if_closed(locked, now)
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=locked,
            number=locked.last_number,
            **_commenter_fields(data),
            channel=CommentChannel.WEB,
            received_at=now,
            user=user if user is not None and user.is_authenticated else None,
            moderation_status=(
                ModerationStatus.PUBLISHED
                if locked.moderation == ModerationMode.IMMEDIATE
                else ModerationStatus.PENDING
            ),
            **target_fields,
        )
        _created(comment, user)
    return comment


def _commenter_fields(data):
    """What the commenter wrote, as plain text, whichever channel it came by."""
    return {
        "author_name": plain(data["author_name"]),
        "author_email": plain(data.get("author_email", "")),
        "organisation": plain(data.get("organisation", "")),
        "triad_side": data["triad_side"],
        "consent_publish_name": bool(data.get("consent_publish_name")),
        "text": plain(data["text"]),
        "proposed_wording": plain(data.get("proposed_wording", "")),
    }


def record_comment(consultation, *, data, user):
    """Staff record a comment received by e-mail, post or at the hearing.

    A comment received after the deadline is stored (every comment is
    recorded) but marked late, with the outcome defaulting to "disregarded".
    """
    if not permissions.can_manage(user, consultation):
        raise PermissionDenied
    with transaction.atomic():
        locked = _next_number(consultation.pk)
        received_at = data["received_at"]
        is_late = received_at >= locked.ends_at
        target_fields = resolve_target(
            locked, data["target"], data.get("chapter_id"), data.get("block_id", ""), data.get("activity_code", "")
        )
        comment = Comment.objects.create(
            consultation=locked,
            number=locked.last_number,
            **_commenter_fields(data),
            channel=data["channel"],
            received_at=received_at,
            is_late=is_late,
            recorded_by=user,
            moderation_status=ModerationStatus.PUBLISHED,
            outcome=Outcome.DISREGARDED if is_late else "",
            justification=_("The comment was received after the deadline.") if is_late else "",
            **target_fields,
        )
        _created(comment, user)
    return comment


def _created(comment, user):
    record_event(comment.consultation, ConsultationEventKind.COMMENT_CREATED, comment=comment, user=user)
    signals.public_comment_created.send(sender=Comment, comment=comment, consultation=comment.consultation)


# --- moderation --------------------------------------------------------------


def hide_comment(comment, *, user, reason, note=""):
    """Hide a comment from the public; it stays in the settlement register."""
    if not permissions.can_manage(user, comment.consultation):
        raise PermissionDenied
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.moderation_status = ModerationStatus.HIDDEN
        comment.hidden_reason = reason
        comment.hidden_note = plain(note)
        comment.moderated_by = user
        comment.moderated_at = timezone.now()
        comment.save()
        record_event(
            comment.consultation, ConsultationEventKind.COMMENT_HIDDEN, comment=comment, user=user, reason=reason
        )
    return comment


def publish_comment(comment, *, user):
    """Publish a comment waiting for review, under a row lock; only the consultation's managers may."""
    if not permissions.can_manage(user, comment.consultation):
        raise PermissionDenied
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.moderation_status = ModerationStatus.PUBLISHED
        comment.hidden_reason = ""
        comment.moderated_by = user
        comment.moderated_at = timezone.now()
        comment.save()
    return comment


# --- settlement --------------------------------------------------------------


def settle_comment(comment, *, user, outcome, justification, reflected_revision=None, reflected_block_id=""):
    """The working group proposes the settlement; it waits for the steering group's confirmation."""
    if not permissions.can_settle(user, comment):
        raise PermissionDenied
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose the outcome."))
    if not plain(justification):
        raise ValidationError(_("Give the justification of the outcome."))
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.outcome = outcome
        comment.justification = plain(justification)
        comment.reflected_revision = reflected_revision
        comment.reflected_block_id = reflected_block_id or ""
        comment.settled_by = user
        comment.settled_at = timezone.now()
        # A changed proposal needs a fresh confirmation.
        comment.confirmed_at = None
        comment.confirmed_by = None
        comment.save()
        signals.settlement_proposed.send(sender=Comment, comment=comment, consultation=comment.consultation, user=user)
    return comment


def confirm_settlement(comment, *, user):
    """The steering group confirms; the comment counts as settled and the commenter is told."""
    if not permissions.can_confirm(user, comment.consultation):
        raise PermissionDenied
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if not comment.outcome or not comment.justification:
            raise ValidationError(_("A comment without an outcome and justification cannot be confirmed."))
        if comment.confirmed_at is None:
            comment.confirmed_at = timezone.now()
            comment.confirmed_by = user
            comment.save(update_fields=["confirmed_at", "confirmed_by"])
            record_event(
                comment.consultation,
                ConsultationEventKind.COMMENT_SETTLED,
                comment=comment,
                user=user,
                outcome=comment.outcome,
            )
            signals.comment_settled.send(sender=Comment, comment=comment, consultation=comment.consultation)
        consultation_pk = comment.consultation_id
    complete_if_ready(consultation_pk)
    return comment


# --- closing -----------------------------------------------------------------


def _mark_closed(consultation, user=None, now=None):
    if consultation.closed_at is None:
        consultation.closed_at = now or timezone.now()
        consultation.save(update_fields=["closed_at"])
        record_event(consultation, ConsultationEventKind.CLOSED, user=user)
        signals.consultation_closed.send(sender=Consultation, consultation=consultation)


def complete_if_ready(consultation_pk, *, user=None, now=None):
    """Approve the public-comment task states of a consultation that is over and fully settled.

    Returns True when the consultation is (now) closed. Safe to call from the
    beat task and after every settlement, concurrently: the consultation row
    is locked and task states are re-read under it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation_pk)
        if not consultation.can_complete(now):
            return False
        states = PublicCommentTaskState.objects.select_for_update().filter(
            consultation=consultation, status=TaskState.STATUS_IN_PROGRESS
        )
        for state in states:
            state.approve(user=user, comment=_("Consultation closed, all comments settled."))
        _mark_closed(consultation, user=user, now=now)
    return True


def close_and_publish(task_state, *, user):
    """The coordinator's admin action: refuses while the period runs or anything is unsettled."""
    consultation = task_state.consultation
    if consultation is None:
        # A state without a consultation (data repaired by hand): nothing to wait for.
        task_state.approve(user=user)
        return True
    return complete_if_ready(consultation.pk, user=user)


def notify_closing_soon(now=None):
    """Raise consultation_closing_soon once per consultation, three days before the end."""
    now = now or timezone.now()
    sent = 0
    for pk in (
        Consultation.objects.open_at(now)
        .filter(closing_soon_sent_at__isnull=True, ends_at__lte=now + CLOSING_SOON)
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            consultation = Consultation.objects.select_for_update().get(pk=pk)
            if consultation.closing_soon_sent_at is not None:
                continue
            consultation.closing_soon_sent_at = now
            consultation.save(update_fields=["closing_soon_sent_at"])
            record_event(consultation, ConsultationEventKind.CLOSING_SOON)
            signals.consultation_closing_soon.send(sender=Consultation, consultation=consultation)
            sent += 1
    return sent


def close_due(now=None):
    """Complete every consultation whose period is over and whose comments are all settled."""
    now = now or timezone.now()
    closed = 0
    for pk in Consultation.objects.not_closed().period_over(now).values_list("pk", flat=True):
        if complete_if_ready(pk, now=now):
            closed += 1
    return closed


def comment_rate_limits():
    """(count, seconds) limits per IP and per e-mail; configurable in settings."""
    defaults = {"ip": (10, 3600), "email": (5, 3600)}
    configured = getattr(settings, "TRIADA_COMMENT_RATE_LIMITS", {}) or {}
    return {**defaults, **configured}


# --- anchors -----------------------------------------------------------------


class AnchorResolver:
    """Where a comment's paragraph is now; caches the newest version of each chapter.

    A paragraph keeps its block id across revisions, so a comment still points
    at it after edits; when the block is gone the comment shows its quote and
    "text changed".
    """

    def __init__(self):
        self._versions = {}

    def version(self, chapter):
        if chapter.pk not in self._versions:
            self._versions[chapter.pk] = current_version(chapter.specific)[0]
        return self._versions[chapter.pk]

    def resolve(self, comment):
        """→ {"exists": bool, "url": str or "", "changed": bool}."""
        chapter = comment.chapter
        if comment.target in (CommentTarget.PLAN,) or chapter is None:
            url = comment.consultation.plan.url or ""
            return {"exists": True, "url": url, "changed": False}
        base = chapter.url or comment.consultation.get_absolute_url() + f"kapitola/{chapter.pk}/"
        if not comment.block_id:
            return {"exists": True, "url": base, "changed": False}
        block = find_block(self.version(chapter), comment.block_id)
        if block is None:
            return {"exists": False, "url": base, "changed": True}
        if comment.target == CommentTarget.ACTIVITY and comment.strategic_item_id:
            item_url = comment.strategic_item.get_url()
            if item_url:
                return {"exists": True, "url": item_url, "changed": False}
        return {"exists": True, "url": f"{base}#blok-{comment.block_id}", "changed": False}


def reflected_label(comment):
    """Where the settlement was reflected, in a citizen's words: chapter, paragraph number, first words."""
    if not comment.reflected_revision_id and not comment.reflected_block_id:
        return ""
    parts = []
    if comment.chapter_id:
        parts.append(getattr(comment.chapter.specific, "numbered_title", comment.chapter.title))
    if comment.reflected_block_id:
        version = comment.reflected_revision.as_object() if comment.reflected_revision_id else None
        blocks = list(getattr(version or comment.chapter.specific, "body", []) or [])
        for number, block in enumerate(blocks, start=1):
            if str(block.id) == str(comment.reflected_block_id):
                words = " ".join(block_text(block).split()[:8])
                parts.append(_("paragraph %(number)s (“%(words)s…”)") % {"number": number, "words": words})
                break
        else:  # an item of the strategic part: its code and title
            items = getattr(version or comment.chapter.specific, "iter_items", None)
            for _kind, code, item_id, _parent, value in items() if items else ():
                if str(item_id) == str(comment.reflected_block_id):
                    parts.append(f"{code} {value.get('title', '')}".strip())
                    break
    elif comment.reflected_revision_id:
        created = timezone.localtime(comment.reflected_revision.created_at, PRAGUE)
        parts.append(_("text of %(date)s") % {"date": created.strftime("%-d. %-m. %Y")})
    return ", ".join(parts)
