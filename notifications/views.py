"""Admin views: the user's inbox, their preferences, the coordinator's notification log."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from notifications.messages import where_parts
from notifications.models import (
    TASK_KINDS,
    DeliveryMode,
    Notification,
    NotificationKind,
    NotificationPreference,
)

# Kinds whose stored "comment" is the text of a public comment, shown in the inbox.
QUOTED_KINDS = {NotificationKind.PUBLIC_COMMENT, NotificationKind.SETTLEMENT_PROPOSED}


def unread_count(user):
    """The user's unread notices, for the menu badge (one indexed count)."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_user(user).inbox().unread().count()


def inbox(request):
    """The user's notices in the admin, newest first, paged."""
    rows = Notification.objects.for_user(request.user).inbox().select_related("event")
    page = Paginator(rows, 30).get_page(request.GET.get("p"))
    for item in page.object_list:
        # Stage, chapter, plan, territory and the comment, straight from the event (escaped by the template).
        context = item.event.context or {}
        item.where = where_parts(context)
        item.excerpt = context.get("comment", "") if item.kind in QUOTED_KINDS else ""
    return TemplateResponse(
        request,
        "notifications/admin/inbox.html",
        {"page_obj": page, "unread": unread_count(request.user)},
    )


def open_item(request, pk):
    """Mark one of the user's own notices read and follow its link."""
    notification = get_object_or_404(Notification.objects.inbox(), pk=pk, user=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    allowed = {request.get_host(), urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc}
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=allowed):
        return redirect(notification.url)
    return redirect("notifications_inbox")


@require_POST
def mark_all_read(request):
    """Mark all the user's notices read."""
    Notification.objects.for_user(request.user).inbox().unread().update(read_at=timezone.now())
    messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications_inbox")


# --- preferences ---------------------------------------------------------------------


class PreferencesForm(forms.Form):
    """One choice per kind of event; notices that hand you a task offer no 'off'."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for kind in NotificationKind:
            choices = [(mode.value, mode.label) for mode in DeliveryMode]
            help_text = ""
            if kind in TASK_KINDS:
                choices = [c for c in choices if c[0] != DeliveryMode.OFF]
                help_text = gettext_lazy("This notice hands you a task, so it cannot be switched off.")
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(kind.value, DeliveryMode.IMMEDIATE),
                help_text=help_text,
                widget=forms.RadioSelect,
            )


def preferences(request):
    """The user chooses per kind of notice: at once, in the daily digest, or not by e-mail."""
    current = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "mode"))
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                for kind, mode in form.cleaned_data.items():
                    NotificationPreference.objects.update_or_create(
                        user=request.user, kind=kind, defaults={"mode": mode}
                    )
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications_preferences")
        messages.error(request, _("The settings were not saved. Please correct the errors below."))
    return TemplateResponse(
        request, "notifications/admin/preferences.html", {"form": form}, status=400 if form.errors else 200
    )
