"""Admin registrations of the meetings app: the open resolutions view and its menu item."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_meetings_admin_urls():
    """The admin URL of the open-resolutions list."""
    return [path("jednani/usneseni/", views.open_resolutions, name="meetings_open_resolutions")]


class OpenResolutionsMenuItem(MenuItem):
    """Shown only to members of a body with resolutions to follow."""

    def is_shown(self, request):
        return views.bodies_for_resolutions(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_open_resolutions_menu_item():
    """The open-resolutions list in the admin menu."""
    return OpenResolutionsMenuItem(
        _("Open resolutions"), reverse("meetings_open_resolutions"), icon_name="list-ul", order=450
    )
