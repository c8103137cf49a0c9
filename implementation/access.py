"""Who may do what in this app, built only from cms/access.py (the one access layer).

Roles: the territory's coordinators run the rounds, the pool and the updates
and see who has not reported; the working group responsible for an activity
reports on it; the steering group confirms reports; working groups and the
steering group assess project intents. Superusers may do everything.
"""

from cms import access as cms_access
from cms.models import PlanningBodyKind


def territory_of_plan(plan):
    """The territory of a plan (None for no plan), through cms.access like every other check."""
    return cms_access.territory_of(plan) if plan is not None else None


def is_staff_of(user, territory):
    """Coordinator or member of any body of `territory` (or superuser)."""
    if territory is None or not cms_access.is_active_user(user):
        return False
    return cms_access.staff_territories(user).filter(pk=territory.pk).exists()


def may_manage(user, plan):
    """Open rounds, start updates, see who has not reported, send reminders."""
    return cms_access.is_coordinator(user, territory_of_plan(plan))


def may_fill_report(user, report):
    """The working group responsible (while the report is open), or a coordinator."""
    if report.round.is_closed or report.state == "confirmed":
        return False
    if may_manage(user, report.round.plan):
        return True
    return report.body is not None and cms_access.is_body_member(user, report.body)


def may_confirm_report(user, report):
    """The steering group of the territory confirms or returns a submitted report."""
    if report.state != "submitted" or report.round.is_closed:
        return False
    if not cms_access.is_active_user(user):
        return False
    return user.is_superuser or cms_access.is_steering_member(user, territory_of_plan(report.round.plan))


def may_view_round(user, round_):
    """Whether the user is staff of the round's territory; every monitoring admin view asks this first."""
    return is_staff_of(user, territory_of_plan(round_.plan))


def may_assess_intent(user, intent):
    """Coordinators, and working groups and the steering group of the plan's territory."""
    if may_manage(user, intent.plan):
        return True
    territory = territory_of_plan(intent.plan)
    return (
        cms_access.bodies_of(user)
        .filter(territory=territory, kind__in=[PlanningBodyKind.WORKING_GROUP, PlanningBodyKind.STEERING_GROUP])
        .exists()
    )
