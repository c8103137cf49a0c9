"""Permission policies that know about planning bodies.

Wagtail grants page permissions per subtree (GroupPagePermission). A working
group, however, owns single chapters scattered among its siblings' chapters,
so a subtree grant cannot express "edit only the chapters of my group". The
page policy below adds, for each user, an in-memory `change` grant on every
chapter whose responsible group they belong to (and on the strategic part for
members of the territory's steering group). Because Wagtail derives the edit
view check, the explorer, the admin menu and the dashboard from the one list
of a user's grants, all of them agree without overriding any view.

Planning bodies are snippets shared by all territories; their policy limits a
coordinator to the bodies of the territories they coordinate.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

_registered = False


_CHANGE_PAGE = []


def _change_page_permission():
    """Wagtail compares grants by codename only, so one fetched row serves every request."""
    if not _CHANGE_PAGE:
        _CHANGE_PAGE.append(Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"))
    return _CHANGE_PAGE[0]


def body_page_grants(user):
    """Unsaved GroupPagePermission rows: `change` on the chapters `user`'s bodies are responsible for.

    A grant only counts when the chapter lies inside the body's own territory,
    so pointing a chapter at another territory's group gives that group nothing.
    """
    from cms.models import ChapterPage, PlanningBody, StrategicPartPage

    if not user.is_authenticated or not user.is_active or user.is_superuser:
        return []
    bodies = list(PlanningBody.objects.of_user(user).select_related("territory", "group"))
    if not bodies:
        return []
    territory_paths = {body.pk: body.territory.path for body in bodies}
    steering = [body for body in bodies if body.kind == "steering_group"]

    grants = []
    chapters = ChapterPage.objects.filter(responsible_group__in=bodies).only(
        "pk", "path", "depth", "responsible_group"
    )
    by_body = {body.pk: body for body in bodies}
    for chapter in chapters:
        body = by_body[chapter.responsible_group_id]
        if chapter.path.startswith(territory_paths[body.pk]):
            grants.append((body.group, chapter))
    if steering:
        query = Q()
        for body in steering:
            query |= Q(path__startswith=body.territory.path)
        for part in StrategicPartPage.objects.filter(query).only("pk", "path", "depth"):
            body = next(b for b in steering if part.path.startswith(b.territory.path))
            grants.append((body.group, part))
    if not grants:
        return []
    permission = _change_page_permission()
    seen = set()
    rows = []
    for group, page in grants:
        if page.pk in seen:
            continue
        seen.add(page.pk)
        grant = GroupPagePermission(
            group=group, page=Page(pk=page.pk, path=page.path, depth=page.depth), permission=permission
        )
        grant.from_body = True
        rows.append(grant)
    return rows


def body_groups_for_page(page):
    """Auth groups whose chapter grant covers `page` (the mirror of `body_page_grants`)."""
    from cms.models import ChapterPage, PlanningBody, StrategicPartPage, TerritoryHomePage

    chapter = ChapterPage.objects.filter(pk=page.pk).select_related("responsible_group").first()
    if chapter is None:
        return []
    territory = TerritoryHomePage.objects.ancestor_of(chapter).first()
    if territory is None:
        return []
    groups = []
    body = chapter.responsible_group
    if body is not None and body.territory_id == territory.pk:
        groups.append(body.group_id)
    if StrategicPartPage.objects.filter(pk=page.pk).exists():
        groups += list(
            PlanningBody.objects.for_territory(territory).steering_groups().values_list("group_id", flat=True)
        )
    return groups


class TriadaPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy plus the chapter grants of planning bodies."""

    def get_all_permissions_for_user(self, user):
        stored = super().get_all_permissions_for_user(user)
        extra = body_page_grants(user)
        if not extra:
            return stored
        # Wagtail only iterates this value, so a list serves as well as a queryset.
        return list(stored) + extra

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        """Wagtail's answer plus the members of the bodies that hold a chapter grant on `instance`."""
        users = super().users_with_any_permission_for_instance(actions, instance, include_superusers)
        if "change" not in set(actions):
            return users
        groups = body_groups_for_page(instance)
        if not groups:
            return users
        members = get_user_model()._default_manager.filter(is_active=True, groups__in=groups)
        return get_user_model()._default_manager.filter(Q(pk__in=users.values("pk")) | Q(pk__in=members.values("pk")))

    @staticmethod
    def _split(perms):
        body = [perm for perm in perms if getattr(perm, "from_body", False)]
        stored = [perm for perm in perms if not getattr(perm, "from_body", False)]
        return body, stored

    def instances_user_has_any_permission_for(self, user, actions):
        """As Wagtail's, but the body grants (leaf chapters, `change` only) become one `pk__in`.

        Wagtail ORs one subtree query per grant; a working group with dozens of
        chapters would make that query grow with every chapter.
        """
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        perms = self.get_cached_permissions_for_user(user)
        body, stored = self._split(perms)
        if not body:
            return super().instances_user_has_any_permission_for(user, actions)
        setattr(user, self.permission_cache_name, stored)
        try:
            pages = super().instances_user_has_any_permission_for(user, actions)
        finally:
            setattr(user, self.permission_cache_name, perms)
        if "change" in set(actions):
            pages = pages | self.model._default_manager.filter(pk__in=[perm.page.pk for perm in body])
        return pages

    def explorable_instances(self, user):
        """As Wagtail's, with the ancestors of all body grants fetched in one query."""
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        perms = self.get_cached_permissions_for_user(user)
        body, stored = self._split(perms)
        if not body:
            return super().explorable_instances(user)
        manager = self.model._default_manager
        explorable = self.instances_user_has_any_permission_for(
            user, {"add", "change", "publish", "lock", "unlock", "bulk_delete"}
        )
        for perm in stored:
            explorable |= manager.ancestor_of(perm.page)
        step = Page.steplen
        prefixes = {perm.page.path[:end] for perm in body for end in range(step, len(perm.page.path), step)}
        explorable |= manager.filter(path__in=prefixes)
        common = self.model.base_page_model.objects.first_common_ancestor_of([perm.page for perm in perms])
        return explorable.filter(path__startswith=common.path)

    def instances_with_direct_explore_permission(self, user):
        """Start a body member's explorer at the plan, not at one of its chapters.

        A chapter grant makes the chapter's parent (the plan) the place to
        explore from, so a member with a single chapter still sees the plan
        with its table of contents.
        """
        pages = super().instances_with_direct_explore_permission(user)
        if user.is_superuser:
            return pages
        grants = [perm for perm in self.get_cached_permissions_for_user(user) if getattr(perm, "from_body", False)]
        if not grants:
            return pages
        granted = {perm.page.pk for perm in grants}
        parent_paths = {perm.page.path[: -Page.steplen] for perm in grants}
        return [page for page in pages if page.pk not in granted] + list(Page.objects.filter(path__in=parent_paths))


class PlanningBodyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions on planning bodies, limited to the territories a user coordinates."""

    def _territory_filter(self, user):
        from cms.access import coordinated_territories

        return Q(territory__in=coordinated_territories(user))

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        if user.is_superuser:
            return True
        return type(instance).objects.filter(self._territory_filter(user), pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if user.is_superuser:
            return queryset
        return queryset.filter(self._territory_filter(user))

    def territories_for_user(self, user):
        from cms.access import coordinated_territories

        return coordinated_territories(user)


def register():
    """Register the policies; called once from CmsConfig.ready()."""
    global _registered
    if _registered:
        return
    from cms.models import PlanningBody

    register_permission_policy(Page, TriadaPagePermissionPolicy(Page))
    register_permission_policy(PlanningBody, PlanningBodyPermissionPolicy(PlanningBody), exact_class=True)
    _registered = True
