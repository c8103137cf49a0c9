"""Who hears about what: recipient resolution, as user ids and plain addresses.

Every function returns ids (one query each, whatever the size of the body), so
resolving recipients inside the editor's transaction costs the same for five
members as for five hundred.
"""

from django.contrib.auth import get_user_model


def territory_of(page):
    """The territory of a page, through cms.access like every other check."""
    from cms.access import territory_of as access_territory_of

    return access_territory_of(page)


def users_of_groups(group_ids, extra_user_ids=()):
    """Active members of the groups, plus `extra_user_ids` (chairs), each once."""
    from django.db.models import Q

    group_ids = [gid for gid in group_ids if gid]
    extra_user_ids = [pk for pk in extra_user_ids if pk]
    if not group_ids and not extra_user_ids:
        return []
    return list(
        get_user_model()
        .objects.filter(Q(groups__in=group_ids) | Q(pk__in=extra_user_ids), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def body_members(*bodies):
    """Members of the bodies and their chairs: a chair hears what the members hear, even outside the group."""
    bodies = [body for body in bodies if body is not None]
    return users_of_groups([body.group_id for body in bodies], [body.chair_id for body in bodies])


def coordinators(territory):
    """The coordinator's accounts; their office address when nobody has an account."""
    if territory is None:
        return [], []
    user_ids = users_of_groups([territory.coordinator_group_id])
    emails = []
    if not user_ids and territory.coordinator_email:
        emails = [territory.coordinator_email]
    return user_ids, emails


def steering_groups(territory):
    """The steering groups of a territory, who confirm settlements and approve stages."""
    from cms.models import PlanningBody

    if territory is None:
        return []
    return list(PlanningBody.objects.for_territory(territory).steering_groups())


def plan_working_groups(plan, territory=None):
    """Working groups responsible for a chapter of `plan`; all the territory's if none is named."""
    from cms.models import ChapterPage, PlanningBody

    territory = territory or territory_of(plan)
    if plan is not None:
        ids = (
            ChapterPage.objects.descendant_of(plan)
            .exclude(responsible_group__isnull=True)
            .values_list("responsible_group_id", flat=True)
        )
        groups = list(PlanningBody.objects.filter(pk__in=ids).working_groups())
        if groups:
            return groups
    if territory is None:
        return []
    return list(PlanningBody.objects.for_territory(territory).working_groups())


def plan_of(page):
    """The plan a page belongs to (itself for a plan), for the notices' context."""
    from cms.models import PlanPage

    if page is None:
        return None
    page = getattr(page, "specific", page)
    if isinstance(page, PlanPage):
        return page
    return PlanPage.objects.ancestor_of(page).first()


def task_holders(task, page):
    """The body that holds `task` for `page`, and its members' ids.

    Our review tasks name their body through `get_body(page)`; Wagtail's stock
    GroupApprovalTask names auth groups instead.
    """
    specific = getattr(task, "specific", task)
    if hasattr(specific, "get_body"):
        body = specific.get_body(page)
        return body, body_members(body)
    groups = getattr(specific, "groups", None)
    if groups is not None:
        return None, users_of_groups(list(groups.values_list("pk", flat=True)))
    return None, []


def working_group_of(page):
    """The working group responsible for a chapter (None for other pages)."""
    page = getattr(page, "specific", page)
    return getattr(page, "responsible_group", None)


def merge(*id_lists):
    """Concatenate id lists without duplicates, keeping the first order."""
    return list(dict.fromkeys(pk for ids in id_lists for pk in ids if pk))
