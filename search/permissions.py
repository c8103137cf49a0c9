"""Which internal entries a user may find.

The rule is the one `cms.library.access.may_see_body_internals` states for
documents and minutes: a body's members and chair, the coordinators of its
territory, and superusers. It is applied as a filter before searching, so an
internal title never reaches a results page, a count or a suggestion.
"""

from cms.models import PlanningBody


def internal_body_ids(user):
    """Ids of bodies whose internal entries `user` may see; None means all of them."""
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    group_ids = list(user.groups.values_list("pk", flat=True))
    bodies = PlanningBody.objects.filter(group_id__in=group_ids) | PlanningBody.objects.filter(chair=user)
    ids = set(bodies.values_list("pk", flat=True))
    ids |= set(PlanningBody.objects.filter(territory__coordinator_group_id__in=group_ids).values_list("pk", flat=True))
    return ids
