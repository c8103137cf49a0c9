"""Who may see what is internal to a planning body.

One rule for internal documents and internal minutes: the body's members,
its chair, the coordinators of its territory and superusers. Everyone else,
the public included, must not learn such things exist (404, never 403).
"""


def is_coordinator(user, territory):
    if not user.is_authenticated or territory is None or not territory.coordinator_group_id:
        return False
    return user.groups.filter(pk=territory.coordinator_group_id).exists()


def may_see_body_internals(user, body):
    """True if `user` may see what `body` keeps internal."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if body is None:
        return False
    if body.chair_id == user.pk or body.has_member(user):
        return True
    return is_coordinator(user, body.territory)
