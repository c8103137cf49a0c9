"""Roles and their permissions, set up by code so every installation agrees.

`ensure_territory_roles(territory)` creates (idempotently) the auth groups of a
territory and gives each role exactly its part:

- coordinator (territory.coordinator_group): edits and publishes the whole page
  tree of the territory, locks and unlocks pages, manages the territory's
  documents and images and its planning bodies (snippets) — never superuser;
- working-group member (the body's auth group): admin access, edits only the
  chapters whose responsible group is their body (granted per chapter by
  `cms.permissions.TriadaPagePermissionPolicy`, not by a subtree grant), saves
  drafts and submits them to the workflow, never publishes;
- steering-group member: like a working group, plus the strategic part of the
  territory (again through the policy); reviews through the workflow;
- council secretary (council / general assembly group): admin access only; the
  review workflow lets them record resolutions.

Each territory also gets a Collection (named after it, linked by `territory.collection`)
with one child per body (`body.collection`);
coordinators manage the territory's collection, each body adds to its own.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

COORDINATOR_PAGE_ACTIONS = ("add", "change", "publish", "lock", "unlock")
COORDINATOR_MEDIA_ACTIONS = ("add", "change", "choose")
BODY_MEDIA_ACTIONS = ("add", "choose")
COORDINATOR_MODEL_PERMISSIONS = (
    ("cms", "add_planningbody"),
    ("cms", "change_planningbody"),
)


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _admin_access():
    return _permission("wagtailadmin", "access_admin")


def _media_permissions(actions):
    """Collection permissions on documents and images for `actions` (those that exist).

    Wagtail's collection policies check the permissions of its own Document and
    Image models (their `auth_model`), also for custom document and image models.
    """
    found = []
    for app_label, model_name in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        for action in actions:
            permission = _permission(app_label, f"{action}_{model_name}")
            if permission is not None:
                found.append(permission)
    return found


def _child_collection(parent, name):
    for child in parent.get_children():
        if child.name == name:
            return child
    return parent.add_child(instance=Collection(name=name))


def top_collection(name):
    """A child of the root collection with this name, created if missing."""
    return _child_collection(Collection.get_first_root_node(), name)


def territory_collection(territory):
    """The territory's Collection (`territory.collection`), created and linked if missing.

    Linked by foreign key, so renaming the territory keeps its documents; a new
    collection is named after the territory.
    """
    if territory.collection_id:
        # Fresh from the database: treebeard trusts a cached `numchild`.
        return Collection.objects.get(pk=territory.collection_id)
    collection = top_collection(territory.title)
    type(territory).objects.filter(pk=territory.pk).update(collection=collection)
    territory.collection = collection
    return collection


def body_collection(body):
    """The body's Collection (`body.collection`) under its territory's, created and linked if missing."""
    if body.collection_id:
        return Collection.objects.get(pk=body.collection_id)
    collection = _child_collection(territory_collection(body.territory), body.name)
    type(body).objects.filter(pk=body.pk).update(collection=collection)
    body.collection = collection
    return collection


def coordinator_group(territory):
    """The coordinators' auth group of `territory`, created and linked if missing."""
    if territory.coordinator_group_id:
        return territory.coordinator_group
    group, _created = Group.objects.get_or_create(name=f"{territory.display_name}: koordinátoři"[:150])
    # Update the row directly: linking a group is not an editorial change worth a revision.
    type(territory).objects.filter(pk=territory.pk).update(coordinator_group=group)
    territory.coordinator_group = group
    return group


@transaction.atomic
def ensure_territory_roles(territory):
    """Create or update the auth groups and permissions of `territory`'s roles.

    Only adds what is missing, so it is safe to call repeatedly; returns the
    coordinators' group.
    """
    access_admin = _admin_access()
    coordinators = coordinator_group(territory)
    coordinators.permissions.add(access_admin)
    for app_label, codename in COORDINATOR_MODEL_PERMISSIONS:
        permission = _permission(app_label, codename)
        if permission is not None:
            coordinators.permissions.add(permission)
    for action in COORDINATOR_PAGE_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=coordinators, page=territory.page_ptr, permission=_permission("wagtailcore", f"{action}_page")
        )

    root_collection = territory_collection(territory)
    for permission in _media_permissions(COORDINATOR_MEDIA_ACTIONS):
        GroupCollectionPermission.objects.get_or_create(
            group=coordinators, collection=root_collection, permission=permission
        )

    body_media = _media_permissions(BODY_MEDIA_ACTIONS)
    for body in territory.bodies.select_related("group", "collection", "territory"):
        body.group.permissions.add(access_admin)
        collection = body_collection(body)
        for permission in body_media:
            GroupCollectionPermission.objects.get_or_create(
                group=body.group, collection=collection, permission=permission
            )
    return coordinators


def ensure_all_roles():
    """Run `ensure_territory_roles` for every territory; return how many there were."""
    from cms.models import TerritoryHomePage

    territories = list(TerritoryHomePage.objects.all())
    for territory in territories:
        ensure_territory_roles(territory)
    return len(territories)
