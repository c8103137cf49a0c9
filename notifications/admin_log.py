"""The coordinator's notification log: a Wagtail ReportView with filters and export, plus resend.

Coordinators see the e-mails of their own territories' events, superusers all;
a failed e-mail can be sent again with a fresh series of attempts.
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from notifications import delivery
from notifications.models import Channel, Notification, NotificationStatus
from triada.enqueue import enqueue_on_commit


def coordinated_territory_ids(user):
    """Ids of the territories `user` coordinates; None for a superuser (every territory)."""
    from cms.access import coordinated_territories

    if user.is_superuser:
        return None
    return list(coordinated_territories(user).values_list("pk", flat=True))


def can_see_log(user):
    """Coordinators and superusers see the log."""
    return user.is_authenticated and (user.is_superuser or bool(coordinated_territory_ids(user)))


def log_rows(user):
    """The e-mail rows `user` may see in the log."""
    territory_ids = coordinated_territory_ids(user)
    rows = Notification.objects.filter(channel=Channel.EMAIL).select_related("user", "event")
    if territory_ids is None:
        return rows
    return rows.filter(event__territory_id__in=territory_ids)


class LogFilterSet(WagtailFilterSet):
    """Filters of the coordinator's notification log: by status, and by recipient or subject."""

    status = django_filters.ChoiceFilter(choices=NotificationStatus.choices, label=gettext_lazy("Status"))
    q = django_filters.CharFilter(label=gettext_lazy("Recipient or subject"), method="search")

    class Meta:
        model = Notification
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(subject__icontains=value)
            | Q(email__icontains=value)
            | Q(user__last_name__icontains=value)
            | Q(user__email__icontains=value)
        )


class RecipientColumn(Column):
    """The recipient with their address, so the coordinator sees where a notice went."""

    def get_value(self, instance):
        if instance.user_id:
            return f"{instance.recipient_label} <{instance.user.email}>"
        return instance.recipient_label


class ResendColumn(Column):
    """A resend button for failed notices, in the log's table."""

    cell_template_name = "notifications/admin/resend_cell.html"


class NotificationLogView(ReportView):
    """Every e-mail notification of the coordinator's territories: status, attempts, last error."""

    page_title = gettext_lazy("Notification log")
    header_icon = "list-ul"
    filterset_class = LogFilterSet
    index_url_name = "notifications_log"
    index_results_url_name = "notifications_log_results"
    columns = [
        DateColumn("created_at", label=gettext_lazy("Created")),
        RecipientColumn("recipient", label=gettext_lazy("Recipient")),
        Column("subject", label=gettext_lazy("Subject")),
        Column("get_status_display", label=gettext_lazy("Status")),
        Column("attempts", label=gettext_lazy("Attempts")),
        DateColumn("sent_at", label=gettext_lazy("Sent")),
        Column("last_error", label=gettext_lazy("Last error")),
        ResendColumn("resend", accessor="pk", label=gettext_lazy("Actions")),
    ]
    list_export = [
        "created_at",
        "recipient_label",
        "subject",
        "get_status_display",
        "attempts",
        "sent_at",
        "last_error",
    ]
    export_headings = {
        "created_at": gettext_lazy("Created"),
        "recipient_label": gettext_lazy("Recipient"),
        "subject": gettext_lazy("Subject"),
        "get_status_display": gettext_lazy("Status"),
        "attempts": gettext_lazy("Attempts"),
        "sent_at": gettext_lazy("Sent"),
        "last_error": gettext_lazy("Last error"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_see_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return log_rows(self.request.user).order_by("-created_at", "-pk")


@require_POST
def resend(request, pk):
    """Queue a failed e-mail again; only a coordinator of its territory (or a superuser) may."""
    if not can_see_log(request.user):
        raise PermissionDenied
    notification = get_object_or_404(log_rows(request.user), pk=pk)
    if delivery.resend(notification.pk):
        enqueue_on_commit("notifications.deliver", [notification.pk])
        messages.success(request, _("The e-mail will be sent again."))
    else:
        messages.error(request, _("Only an e-mail that failed can be sent again."))
    return redirect("notifications_log")
