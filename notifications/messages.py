"""The words of each notification, in Czech, built from an event's stored context.

The context holds plain strings captured when the event happened (titles,
names, the comment); user text is only ever passed to templates as data, so
the HTML templates' autoescaping keeps it text.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone


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
    """The absolute one-click unsubscribe link for a subscription's e-mails."""
    return public_url(subscription.territory, reverse("notifications_unsubscribe", args=[subscription.token]))


def format_datetime(value):
    """Czech-style date and time, e.g. 5. 3. 2026 14:00."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.day}. {value.month}. {value.year} {value:%H:%M}"
    return f"{value.day}. {value.month}. {value.year}"


def where_parts(ctx):
    """[(label, value)] naming the stage, chapter, plan and territory of an event, as far as it has them."""
    from django.utils.translation import pgettext

    # A context of their own: other catalogues translate "Stage" differently ("Krok").
    labels = (
        ("stage", pgettext("where in a notification", "Stage")),
        ("chapter", pgettext("where in a notification", "Chapter")),
        ("plan", pgettext("where in a notification", "Plan")),
        ("territory", pgettext("where in a notification", "Territory")),
    )
    return [(label, ctx[key]) for key, label in labels if ctx.get(key)]


MARKERS = ("subject", "lines", "link_label", "quote_label")
# Separates the parts in a kind template's output; removed from the stored values first.
SEPARATOR = "\x1e"


def compose(kind, ctx):
    """Subject, paragraphs, optional quoted text and the link label of one event.

    Each kind's words are its own template, notifications/kinds/<kind>.txt
    (see base.txt there); a kind without a template cannot be recorded unnoticed,
    because rendering it raises TemplateDoesNotExist in the fan-out.
    """
    values = {k: v.replace(SEPARATOR, "").replace("\n", " ") if isinstance(v, str) else v for k, v in ctx.items()}
    rendered = render_to_string(f"notifications/kinds/{kind}.txt", {**values, "sep": SEPARATOR})
    parts = dict.fromkeys(MARKERS, "")
    for chunk in rendered.split(SEPARATOR)[1:]:
        name, _newline, text = chunk.partition("\n")
        parts[name.strip()] = text
    return {
        "subject": " ".join(parts["subject"].split()),
        "lines": [line.strip() for line in parts["lines"].splitlines() if line.strip()],
        "quote": ctx.get("comment", ""),
        "quote_label": parts["quote_label"].strip(),
        "link_label": parts["link_label"].strip(),
    }


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
        "where": where_parts(ctx),
        "preferences_url": absolute(reverse("notifications_preferences")) if user is not None else "",
        "unsubscribe_url": unsubscribe,
    }
    return {
        "subject": parts["subject"],
        "text": render_to_string("notifications/email/message.txt", template_context),
        "html": render_to_string("notifications/email/message.html", template_context),
        "url": url,
    }
