"""Admin view: the open resolutions of the bodies a user chairs or coordinates."""

from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from cms.access import coordinated_territories, is_active_user
from cms.models import PlanningBody

from .models import MeetingResolution


def bodies_for_resolutions(user):
    """Bodies whose resolutions `user` follows: chaired ones, all of coordinated territories."""
    if not is_active_user(user):
        return PlanningBody.objects.none()
    if user.is_superuser:
        return PlanningBody.objects.all()
    return PlanningBody.objects.filter(Q(chair=user) | Q(territory__in=coordinated_territories(user))).distinct()


def open_resolutions(request):
    """Resolutions still open, of the bodies the user chairs or coordinates, so they can follow them up."""
    bodies = bodies_for_resolutions(request.user).select_related("territory")
    selected = None
    if request.GET.get("skupina"):
        selected = bodies.filter(pk=request.GET["skupina"]).first() if request.GET["skupina"].isdigit() else None
    resolutions = (
        MeetingResolution.objects.open()
        .of_live_meetings()
        .of_bodies([selected] if selected else bodies)
        .select_related("page", "page__body")
        .order_by("due_date", "page__start", "sort_order")
    )
    return render(
        request,
        "meetings/admin/open_resolutions.html",
        {
            "page_title": _("Open resolutions"),
            "header_title": _("Open resolutions"),
            "bodies": bodies,
            "selected": selected,
            "resolutions": resolutions,
        },
    )
