"""Receivers of the domain events in workflows/signals.py.

Each runs inside the sender's transaction and writes one outbox event with
its recipients resolved (see outbox.record_event). The person who acted is
not told about their own action.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from notifications import recipients as r
from notifications.messages import format_datetime
from notifications.models import NotificationKind as K
from notifications.models import Subscription
from notifications.outbox import record_event
from workflows import signals


def _name(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _admin_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk]) if page is not None and page.pk else ""


def _page_title(page):
    page = getattr(page, "specific", page)
    if page is None:
        return ""
    numbered = getattr(page, "numbered_title", None)
    return str(numbered or page.title)


def _without(user_ids, user):
    return [pk for pk in user_ids if user is None or pk != user.pk]


def _where(page):
    """Which chapter of which plan of which territory: every notice names all three."""
    page = getattr(page, "specific", page)
    plan = r.plan_of(page)
    territory = r.territory_of(page)
    return {
        "chapter": _page_title(page) if page is not None and plan is not None and page.pk != plan.pk else "",
        "plan": str(plan.title) if plan is not None else "",
        "territory": territory.display_name if territory is not None else "",
    }


def _comment_admin_url(comment):
    """The comment's own page in the administration: its settlement form and the confirmation."""
    return reverse("consultation_admin:comment", args=[comment.pk])


def _comment_stage(consultation):
    """The name of the public-comment stage the consultation belongs to."""
    from workflows.models import PublicCommentTaskState

    state = PublicCommentTaskState.objects.filter(consultation=consultation).select_related("task").first()
    return str(state.task.name) if state is not None else _("Public comment")


def _display(obj, field):
    getter = getattr(obj, f"get_{field}_display", None)
    return str(getter()) if getter else str(getattr(obj, field, "") or "")


def _site_url(territory, path):
    if not path:
        return ""
    site = territory.get_site() if territory is not None else None
    return (site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")) + path


# --- review ------------------------------------------------------------------------


def on_submitted(sender, instance, task, task_state, user=None, actor=None, **kwargs):
    """`user` is who asked for the review; `actor` (if given) whose action started this stage."""
    with translation.override(settings.LANGUAGE_CODE):
        body, member_ids = r.task_holders(task, instance)
        territory = r.territory_of(instance)
        record_event(
            K.SUBMITTED,
            f"submitted:ts{task_state.pk}",
            territory=territory,
            context={
                "page": _page_title(instance),
                "stage": str(task.name),
                "body": str(body) if body is not None else str(task.name),
                "actor": _name(user),
                "admin_url": _admin_url(instance),
                **_where(instance),
            },
            user_ids=_without(member_ids, actor or user),
        )


def _decision(kind, prefix, instance, task, task_state, user, comment):
    with translation.override(settings.LANGUAGE_CODE):
        submitter = task_state.workflow_state.requested_by if task_state.workflow_state_id else None
        group = r.working_group_of(instance)
        ids = r.merge([submitter.pk] if submitter else [], r.body_members(group) if group else [])
        record_event(
            kind,
            f"{prefix}:ts{task_state.pk}",
            territory=r.territory_of(instance),
            context={
                "page": _page_title(instance),
                "stage": str(task.name),
                "actor": _name(user),
                "comment": comment or "",
                "admin_url": _admin_url(instance),
                **_where(instance),
            },
            user_ids=_without(ids, user),
        )


def on_stage_approved(sender, instance, task, task_state, user=None, comment="", **kwargs):
    """A stage approved: an outbox event for the submitter and the chapter's working group."""
    _decision(K.APPROVED, "approved", instance, task, task_state, user, comment)


def on_changes_requested(sender, instance, task, task_state, user=None, comment="", **kwargs):
    """Changes requested: an outbox event for the submitter and the working group that reworks the text."""
    _decision(K.CHANGES_REQUESTED, "changes_requested", instance, task, task_state, user, comment)


def on_council_resolution(sender, instance, task_state=None, resolution=None, user=None, **kwargs):
    """The council's resolution recorded: an outbox event with its number and outcome."""
    with translation.override(settings.LANGUAGE_CODE):
        territory = r.territory_of(instance)
        plan = r.plan_of(instance)
        coordinator_ids, coordinator_emails = r.coordinators(territory)
        ids = r.merge(
            coordinator_ids,
            r.body_members(*r.steering_groups(territory)),
            r.body_members(*r.plan_working_groups(plan, territory)),
        )
        body = getattr(resolution, "body", None)
        record_event(
            K.COUNCIL_RESOLUTION,
            f"council:{resolution._meta.label_lower}:{resolution.pk}",
            territory=territory,
            context={
                "page": _page_title(instance),
                "body": str(body) if body is not None else _("the council"),
                "number": str(getattr(resolution, "number", "")),
                "date": format_datetime(getattr(resolution, "date", None)),
                "outcome": _display(resolution, "outcome"),
                "actor": _name(user),
                "comment": str(getattr(resolution, "reasons", "") or ""),
                "admin_url": _admin_url(instance),
                "stage": str(getattr(getattr(task_state, "task", None), "name", "") or ""),
                **_where(instance),
            },
            user_ids=_without(ids, user),
            emails=coordinator_emails,
        )


# --- consultation ------------------------------------------------------------------


def _consultation_event(kind, consultation):
    with translation.override(settings.LANGUAGE_CODE):
        plan = consultation.plan
        territory = r.territory_of(plan)
        coordinator_ids, coordinator_emails = r.coordinators(territory)
        ids = r.merge(coordinator_ids, r.body_members(*r.plan_working_groups(plan, territory)))
        subscribers = []
        if territory is not None:
            subscribers = [
                (email, pk)
                for pk, email in Subscription.objects.confirmed()
                .filter(territory=territory)
                .order_by("pk")
                .values_list("pk", "email")
            ]
        record_event(
            kind,
            f"{kind}:consultation{consultation.pk}",
            territory=territory,
            context={
                "title": str(consultation.title),
                **_where(plan),
                "stage": _comment_stage(consultation),
                "ends": format_datetime(consultation.ends_at),
                "url": _site_url(territory, consultation.get_absolute_url()),
            },
            user_ids=ids,
            emails=[*coordinator_emails, *subscribers],
        )


def on_consultation_opened(sender, consultation, **kwargs):
    """A consultation opened: an event for coordinators, the plan's working groups and the public subscribers."""
    _consultation_event(K.CONSULTATION_OPENED, consultation)


def on_consultation_closing_soon(sender, consultation, **kwargs):
    """A consultation closes soon: a reminder for the same people as its opening."""
    _consultation_event(K.CONSULTATION_CLOSING_SOON, consultation)


def on_consultation_closed(sender, consultation, **kwargs):
    """A consultation closed: an event for the same people, so the settlement can start."""
    _consultation_event(K.CONSULTATION_CLOSED, consultation)


def on_public_comment(sender, comment, consultation=None, **kwargs):
    """The chapter's working group settles the comment; the territory's coordinators hear of every one."""
    consultation = consultation or comment.consultation
    with translation.override(settings.LANGUAGE_CODE):
        territory = r.territory_of(consultation.plan)
        chapter = comment.chapter
        group = r.working_group_of(chapter) if chapter is not None else None
        coordinator_ids, coordinator_emails = r.coordinators(territory)
        ids = r.merge(r.body_members(group) if group is not None else [], coordinator_ids)
        author_id = comment.user_id or comment.recorded_by_id
        record_event(
            K.PUBLIC_COMMENT,
            f"public_comment:comment{comment.pk}",
            territory=territory,
            context={
                **_comment_context(comment, consultation),
                "group": str(group) if group is not None else "",
                "author": str(comment.author_name),
                "channel": _display(comment, "channel"),
            },
            user_ids=[pk for pk in ids if pk != author_id],
            emails=coordinator_emails,
        )


def _comment_context(comment, consultation):
    """What every notice about one comment names: its number and text, the chapter, stage and territory, the link to act."""
    chapter = comment.chapter
    return {
        "number": str(comment.number),
        "page": _page_title(chapter) if chapter is not None else str(consultation.plan.title),
        "title": str(consultation.title),
        "part": str(comment.target_label or ""),
        "comment": str(comment.text),
        "stage": _comment_stage(consultation),
        "admin_url": _comment_admin_url(comment),
        **_where(chapter or consultation.plan),
    }


def on_settlement_proposed(sender, comment, consultation=None, user=None, **kwargs):
    """The steering group confirms settlements: each proposal tells its members (and chairs)."""
    consultation = consultation or comment.consultation
    with translation.override(settings.LANGUAGE_CODE):
        territory = r.territory_of(consultation.plan)
        stamp = int(comment.settled_at.timestamp() * 1000) if comment.settled_at else 0
        record_event(
            K.SETTLEMENT_PROPOSED,
            f"settlement_proposed:comment{comment.pk}:{stamp}",
            territory=territory,
            context={
                **_comment_context(comment, consultation),
                "actor": _name(user),
                "outcome": _display(comment, "outcome"),
                "justification": str(comment.justification or ""),
            },
            user_ids=_without(r.body_members(*r.steering_groups(territory)), user),
        )


def on_comment_settled(sender, comment, consultation=None, **kwargs):
    """A comment settled: the commenter who left an e-mail is told the outcome (nobody else)."""
    if not comment.author_email:
        return
    consultation = consultation or comment.consultation
    with translation.override(settings.LANGUAGE_CODE):
        territory = r.territory_of(consultation.plan)
        record_event(
            K.COMMENT_SETTLED,
            f"comment_settled:comment{comment.pk}",
            territory=territory,
            context={
                "number": str(comment.number),
                "title": str(consultation.title),
                "outcome": _display(comment, "outcome"),
                "comment": str(comment.justification or ""),
                "url": _site_url(territory, consultation.get_absolute_url()),
                **_where(comment.chapter or consultation.plan),
            },
            emails=[comment.author_email],
        )


# --- publication ---------------------------------------------------------------------


def on_published(sender, instance, revision=None, **kwargs):
    """A plan or one of its chapters went public: the territory's coordinators hear of it."""
    from cms.models import ChapterPage, PlanPage

    if not isinstance(instance, (PlanPage, ChapterPage)):
        return
    with translation.override(settings.LANGUAGE_CODE):
        territory = r.territory_of(instance)
        ids, emails = r.coordinators(territory)
        if not ids and not emails:
            return
        key = f"published:rev{revision.pk}" if revision is not None else f"published:page{instance.pk}"
        record_event(
            K.PUBLISHED,
            key,
            territory=territory,
            context={
                "page": _page_title(instance),
                "public_url": instance.full_url or "",
                "url": instance.full_url or "",
                "admin_url": _admin_url(instance),
                **_where(instance),
            },
            user_ids=ids,
            emails=emails,
        )


# --- deadlines -----------------------------------------------------------------------


def _deadline(kind, prefix, task_state, task, instance, due_at):
    with translation.override(settings.LANGUAGE_CODE):
        body, member_ids = r.task_holders(task, instance)
        territory = r.territory_of(instance)
        coordinator_ids, coordinator_emails = r.coordinators(territory)
        record_event(
            kind,
            f"{prefix}:ts{task_state.pk}",
            territory=territory,
            context={
                "page": _page_title(instance),
                "stage": str(task.name),
                "body": str(body) if body is not None else str(task.name),
                "due": format_datetime(due_at),
                "admin_url": _admin_url(instance),
                **_where(instance),
            },
            user_ids=r.merge(member_ids, coordinator_ids),
            emails=coordinator_emails,
        )


def on_task_due_soon(sender, task_state, task, instance, due_at=None, **kwargs):
    """A review stage is due soon: a reminder for the body holding it and the coordinators."""
    _deadline(K.TASK_DUE_SOON, "task_due_soon", task_state, task, instance, due_at)


def on_task_overdue(sender, task_state, task, instance, due_at=None, **kwargs):
    """A review stage is overdue: a notice for the body holding it and the coordinators."""
    _deadline(K.TASK_OVERDUE, "task_overdue", task_state, task, instance, due_at)


RECEIVERS = [
    (signals.submitted_to_stage, on_submitted),
    (signals.stage_approved, on_stage_approved),
    (signals.changes_requested, on_changes_requested),
    (signals.council_resolution_recorded, on_council_resolution),
    (signals.consultation_opened, on_consultation_opened),
    (signals.consultation_closing_soon, on_consultation_closing_soon),
    (signals.consultation_closed, on_consultation_closed),
    (signals.public_comment_created, on_public_comment),
    (signals.settlement_proposed, on_settlement_proposed),
    (signals.comment_settled, on_comment_settled),
    (signals.task_due_soon, on_task_due_soon),
    (signals.task_overdue, on_task_overdue),
]


def connect():
    """Connect every receiver of the domain events (dispatch_uid each); called from NotificationsConfig.ready()."""
    from wagtail.signals import page_published

    for signal, receiver in [*RECEIVERS, (page_published, on_published)]:
        signal.connect(receiver, dispatch_uid=f"notifications.{receiver.__name__}")
