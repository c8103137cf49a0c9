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


def _document_policy():
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def may_view_document(user, document):
    """Public documents are for everyone; internal ones follow the body rule.

    An internal document without an owning body is for those who may edit it
    in the admin (collection permissions) and superusers.
    """
    if document.is_public:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or may_see_body_internals(user, document.owning_body):
        return True
    return _document_policy().user_has_any_permission_for_instance(user, ["change", "choose"], document)


def may_view_versions(user, document):
    """Earlier versions are for staff: those who may edit or choose the document in the admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if _document_policy().user_has_any_permission_for_instance(user, ["change", "choose"], document):
        return True
    return document.owning_body is not None and may_see_body_internals(user, document.owning_body)
