"""Who may manage, settle and confirm comments — checked on the server for every action.

- the coordinator (the territory's coordinator group) and the steering group
  manage a consultation: dates, hearing, recording and moderating comments,
  closing it;
- the working group owning the targeted chapter proposes the settlement;
- the steering group confirms the settlement.
"""

from django.db.models import Q

from cms.access import group_ids as _group_ids
from cms.access import is_coordinator, is_steering_member, territory_of
from cms.models import PlanningBodyKind, TerritoryHomePage


def can_manage_consultation_of(user, page):
    """Coordinator or steering group of the page's territory (or a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    territory = territory_of(page)
    return is_coordinator(user, territory) or is_steering_member(user, territory)


def can_manage(user, consultation):
    """Whether the user may manage this consultation (its plan's coordinators), asked by every admin view."""
    return can_manage_consultation_of(user, consultation.plan)


def can_confirm(user, consultation):
    """Only the steering group (or a superuser) confirms settlements."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_steering_member(user, territory_of(consultation.plan))


def can_settle(user, comment):
    """The working group owning the chapter proposes; coordinator and steering group may too."""
    if not user.is_authenticated:
        return False
    if can_manage(user, comment.consultation):
        return True
    chapter = comment.chapter
    return bool(chapter and chapter.responsible_group_id) and chapter.responsible_group.group_id in _group_ids(user)


def manageable_consultations(user):
    """Consultations whose territory the user coordinates or steers."""
    from workflows.models import Consultation

    if not user.is_authenticated:
        return Consultation.objects.none()
    if user.is_superuser:
        return Consultation.objects.all()
    groups = _group_ids(user)
    territories = TerritoryHomePage.objects.filter(
        Q(coordinator_group_id__in=groups)
        | Q(bodies__kind=PlanningBodyKind.STEERING_GROUP, bodies__group_id__in=groups)
    ).distinct()
    condition = Q(pk__in=[])
    for territory in territories:
        condition |= Q(plan__path__startswith=territory.path)
    return Consultation.objects.filter(condition)


def visible_consultations(user):
    """Consultations a user may see in the admin: managed ones plus those touching their working groups."""
    from workflows.models import Consultation

    if not user.is_authenticated:
        return Consultation.objects.none()
    managed = manageable_consultations(user)
    wg = Consultation.objects.filter(comments__chapter__responsible_group__group_id__in=_group_ids(user))
    return Consultation.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=wg.values("pk"))).distinct()


def settleable_comments(user, consultation):
    """Comments of `consultation` the user may settle."""
    if can_manage(user, consultation):
        return consultation.comments.all()
    return consultation.comments.filter(chapter__responsible_group__group_id__in=_group_ids(user))
