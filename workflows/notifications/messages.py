"""The words of each notification, in Czech, built from an event's stored context.

The context holds plain strings captured when the event happened (titles,
names, the comment); user text is only ever passed to templates as data, so
the HTML templates' autoescaping keeps it text.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workflows.models.notifications import NotificationKind as K


def absolute(path):
    """A link into the administration (or an already absolute link)."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def public_url(territory, path):
    """A link on the territory's public site, e.g. the subscription pages."""
    if not path or path.startswith(("http://", "https://")):
        return path or ""
    site = territory.get_site() if territory is not None else None
    return (site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL.rstrip("/")) + path


def unsubscribe_url(subscription):
    return public_url(subscription.territory, reverse("notifications_unsubscribe", args=[subscription.token]))


def format_datetime(value):
    """Czech-style date and time, e.g. 5. 3. 2026 14:00."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day}. {value.month}. {value.year} {value:%H:%M}"
    return f"{value.day}. {value.month}. {value.year}"


class _Context(dict):
    """A missing field reads as empty text rather than breaking the message."""

    def __missing__(self, key):
        return ""


def compose(kind, ctx):
    """Subject, paragraphs, optional quoted text and the link label of one event."""
    c = _Context(ctx)
    quote = ctx.get("comment", "")
    quote_label = pgettext("label in a notification e-mail", "Comment") if quote else ""
    link = _("Open in the administration")
    if kind == K.SUBMITTED:
        subject = _("For your review: %(page)s") % c
        lines = [
            _("%(actor)s submitted “%(page)s” for the stage “%(stage)s”.") % c,
            _("It is now up to %(body)s to approve it or to request changes.") % c,
        ]
    elif kind == K.APPROVED:
        subject = _("Approved: %(page)s") % c
        lines = [_("%(actor)s approved “%(page)s” in the stage “%(stage)s”.") % c]
    elif kind == K.CHANGES_REQUESTED:
        subject = _("Changes requested: %(page)s") % c
        lines = [
            _("%(actor)s requested changes to “%(page)s” in the stage “%(stage)s”.") % c,
            _("Please edit the text and submit it again."),
        ]
    elif kind == K.COUNCIL_RESOLUTION:
        subject = _("Council resolution on %(page)s") % c
        lines = [
            _("%(body)s recorded resolution no. %(number)s of %(date)s on “%(page)s”.") % c,
            _("Outcome: %(outcome)s.") % c,
        ]
    elif kind == K.CONSULTATION_OPENED:
        subject = _("Public consultation opened: %(title)s") % c
        lines = [
            _("The draft “%(title)s” (%(territory)s) is open for public comments.") % c,
            _("Comments are accepted until %(ends)s.") % c,
        ]
        link = _("Read the draft and comment")
    elif kind == K.CONSULTATION_CLOSING_SOON:
        subject = _("Public consultation closes in 3 days: %(title)s") % c
        lines = [_("Comments on “%(title)s” (%(territory)s) are accepted until %(ends)s.") % c]
        link = _("Read the draft and comment")
    elif kind == K.CONSULTATION_CLOSED:
        subject = _("Public consultation closed: %(title)s") % c
        lines = [
            _("The public consultation on “%(title)s” (%(territory)s) closed on %(ends)s.") % c,
            _("Every comment will be settled and the settlement published."),
        ]
        link = _("Open the consultation")
    elif kind == K.PUBLIC_COMMENT:
        subject = _("New public comment no. %(number)s: %(page)s") % c
        lines = [
            _("%(author)s submitted comment no. %(number)s on “%(page)s” in the consultation “%(title)s”.") % c,
            _("Your working group proposes how to settle it."),
        ]
        quote_label = pgettext("label in a notification e-mail", "Text of the comment")
    elif kind == K.COMMENT_SETTLED:
        subject = _("Your comment was settled: %(title)s") % c
        lines = [
            _("Your comment no. %(number)s in the public consultation “%(title)s” was settled.") % c,
            _("Outcome: %(outcome)s.") % c,
        ]
        quote_label = pgettext("label in a notification e-mail", "Justification")
        link = _("See the settlement")
    elif kind == K.TASK_DUE_SOON:
        subject = _("Due in 2 days: %(page)s") % c
        lines = [_("The stage “%(stage)s” of “%(page)s”, held by %(body)s, is due on %(due)s.") % c]
    elif kind == K.TASK_OVERDUE:
        subject = _("Overdue: %(page)s") % c
        lines = [_("The stage “%(stage)s” of “%(page)s”, held by %(body)s, was due on %(due)s.") % c]
    else:  # pragma: no cover - every kind is listed above
        subject, lines = str(kind), []
    return {"subject": subject, "lines": lines, "quote": quote, "quote_label": quote_label, "link_label": link}


def render_for_recipient(event, *, user=None, email=None, subscription=None):
    """Subject, text, HTML and link for one recipient (call inside the Czech locale)."""
    ctx = event.context or {}
    parts = compose(event.kind, ctx)
    # People with an account follow the link into the administration; the public to the site.
    url = absolute(ctx.get("admin_url") if user is not None and ctx.get("admin_url") else ctx.get("url", ""))
    unsubscribe = ""
    if subscription is not None:
        unsubscribe = unsubscribe_url(subscription)
    template_context = {
        **parts,
        "url": url,
        "territory": ctx.get("territory", ""),
        "preferences_url": absolute(reverse("notifications_preferences")) if user is not None else "",
        "unsubscribe_url": unsubscribe,
    }
    return {
        "subject": parts["subject"],
        "text": render_to_string("workflows/notifications/email/message.txt", template_context),
        "html": render_to_string("workflows/notifications/email/message.html", template_context),
        "url": url,
    }
