"""Admin hooks of the notifications part: inbox with unread badge, dashboard panel, log, settings."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import LinkMenuItemComponent, MenuItem
from wagtail.admin.ui.components import Component

from notifications import admin_log, views
from notifications.models import Notification


@hooks.register("register_admin_urls")
def register_notification_urls():
    """The admin inbox (list, open, mark read, preferences) and the coordinator's notification log."""
    return [
        path("oznameni/", views.inbox, name="notifications_inbox"),
        path("oznameni/<int:pk>/", views.open_item, name="notifications_open"),
        path("oznameni/precteno/", views.mark_all_read, name="notifications_mark_all_read"),
        path("oznameni/nastaveni/", views.preferences, name="notifications_preferences"),
        path("oznameni/prehled/", admin_log.NotificationLogView.as_view(), name="notifications_log"),
        path(
            "oznameni/prehled/vysledky/",
            admin_log.NotificationLogView.as_view(results_only=True),
            name="notifications_log_results",
        ),
        path("oznameni/prehled/<int:pk>/znovu/", admin_log.resend, name="notifications_resend"),
    ]


class InboxMenuItem(MenuItem):
    """ "Oznámení (3)": the unread count is the badge, read on every page load (one indexed count)."""

    def render_component(self, request):
        count = views.unread_count(request.user)
        label = f"{self.label} ({count})" if count else self.label
        attrs = dict(self.attrs or {})
        if count:
            attrs["aria-label"] = _("%(label)s, %(count)s unread") % {"label": self.label, "count": count}
        return LinkMenuItemComponent(
            self.name, label, self.url, icon_name=self.icon_name, classname=self.classname, attrs=attrs
        )


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    """ "Notifications" in the admin menu, with the unread count."""
    return InboxMenuItem(
        gettext_lazy("Notifications"),
        reverse("notifications_inbox"),
        name="notifications",
        icon_name="mail",
        order=150,
    )


class LogMenuItem(MenuItem):
    """Shown to those who may see the notification log (coordinators)."""

    def is_shown(self, request):
        return admin_log.can_see_log(request.user)


@hooks.register("register_settings_menu_item")
def register_log_menu_item():
    """ "Notification log" in the admin menu."""
    return LogMenuItem(
        gettext_lazy("Notification log"), reverse("notifications_log"), name="notification-log", icon_name="list-ul"
    )


class NotificationsPanel(Component):
    """The dashboard panel with the user's newest unread notices."""

    name = "triada_notifications"
    template_name = "notifications/admin/panel.html"
    order = 80

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = Notification.objects.for_user(self.user).inbox()
        return {"unread": rows.unread().count(), "latest": list(rows.unread()[:5])}


@hooks.register("construct_homepage_panels")
def add_notifications_panel(request, panels):
    """Put the notifications panel on every user's dashboard."""
    panels.append(NotificationsPanel(request.user))
