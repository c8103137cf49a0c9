"""The one access layer: who coordinates what, where things belong, who may see them.

Every view, API, search entry, file serve and export asks these functions
instead of writing its own rule, so two URLs never disagree about the same
object. In the style of Wagtail's permission policies, each rule exists as a
yes/no answer for one object *and* as a QuerySet filter for lists, and both
are built from the same pieces.

The rules:

- A territory is a `TerritoryHomePage`; its coordinators are the members of
  its `coordinator_group`. A superuser coordinates everything.
- The territory of an object is found by foreign keys only: a page by its
  ancestors, a body by `territory`, a document or an image by its collection
  (the territory whose `collection` contains it; for a document outside every
  territory's collection, its owning body's or plan's territory), anything with
  a `plan` or `page` by that page. Names and slugs never decide.
- A body's internals (internal documents, internal minutes) are for its
  members, its chair, the coordinators of its territory and superusers.
  Everyone else must not learn they exist (404, never 403).
- Staff see, in the admin, only objects of the territories they belong to
  (as coordinators or members of one of its bodies), and of those only what
  the internals rule allows.
"""

from django.db.models import CharField, Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from wagtail.models import Collection, Page, PageViewRestriction

from cms.models import PlanningBody, PlanningBodyKind, PlanPage, TerritoryHomePage, TriadaDocument, TriadaImage
from cms.models.media import Publicity

__all__ = [
    "PUBLIC",
    "RESTRICTED",
    "HIDDEN",
    "admin_documents_for",
    "admin_images_for",
    "bodies_of",
    "bodies_with_visible_internals",
    "chain_access",
    "coordinated_territories",
    "documents_of_territory",
    "documents_visible_to",
    "group_ids",
    "is_active_user",
    "is_body_member",
    "is_coordinator",
    "is_coordinator_of",
    "is_steering_member",
    "may_see_body_internals",
    "may_view_document",
    "may_view_versions",
    "may_view_page_internals",
    "may_view_body_pages",
    "is_public_page",
    "public_pages",
    "public_pages_for",
    "is_view_restricted",
    "staff_territories",
    "territory_of",
    "territory_of_collection",
    "with_restriction_flags",
]


# --- users --------------------------------------------------------------------------


def is_active_user(user):
    """A signed-in, active user; every rule of this module starts from it."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def group_ids(user):
    """The user's auth group ids, fetched once per user object (i.e. per request)."""
    if not is_active_user(user):
        return frozenset()
    cached = getattr(user, "_triada_group_ids", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("pk", flat=True))
        user._triada_group_ids = cached
    return cached


# --- territories --------------------------------------------------------------------


def territory_of_collection(collection):
    """The territory whose collection is `collection` or one of its ancestors."""
    if collection is None:
        return None
    steplen = Collection.steplen
    prefixes = [collection.path[:end] for end in range(steplen, len(collection.path) + 1, steplen)]
    return TerritoryHomePage.objects.filter(collection__path__in=prefixes).order_by("-collection__depth").first()


def _territory_of_page(page):
    if page is None:
        return None
    specific_class = getattr(page, "specific_class", None)
    if isinstance(page, TerritoryHomePage) or specific_class is TerritoryHomePage:
        return page if isinstance(page, TerritoryHomePage) else TerritoryHomePage.objects.filter(pk=page.pk).first()
    return TerritoryHomePage.objects.ancestor_of(page).order_by("-depth").first()


def territory_of(obj):
    """The territory `obj` belongs to, or None; the same answer wherever it is asked."""
    if obj is None:
        return None
    if isinstance(obj, TerritoryHomePage):
        return obj
    if isinstance(obj, Page):
        return _territory_of_page(obj)
    if isinstance(obj, PlanningBody):
        return obj.territory
    if isinstance(obj, Collection):
        return territory_of_collection(obj)
    if isinstance(obj, TriadaDocument):
        found = territory_of_collection(obj.collection) if obj.collection_id else None
        if found is None and obj.owning_body_id:
            found = obj.owning_body.territory
        if found is None and obj.plan_id:
            found = _territory_of_page(obj.plan)
        return found
    if isinstance(obj, TriadaImage):
        return territory_of_collection(obj.collection) if obj.collection_id else None
    for attribute in ("territory", "plan", "page", "body", "document"):
        if getattr(obj, f"{attribute}_id", None) is not None or attribute == "territory":
            value = getattr(obj, attribute, None)
            if value is not None:
                return territory_of(value)
    return None


def coordinated_territories(user):
    """Territories `user` coordinates (all of them for a superuser)."""
    if not is_active_user(user):
        return TerritoryHomePage.objects.none()
    if user.is_superuser:
        return TerritoryHomePage.objects.all()
    return TerritoryHomePage.objects.filter(coordinator_group_id__in=group_ids(user))


def is_coordinator(user, territory):
    """True if `user` coordinates `territory` (superusers coordinate every territory)."""
    if not is_active_user(user) or territory is None:
        return False
    if user.is_superuser:
        return True
    return bool(territory.coordinator_group_id and territory.coordinator_group_id in group_ids(user))


def is_coordinator_of(user, obj):
    """True if `user` coordinates the territory of `obj`."""
    return is_coordinator(user, territory_of(obj))


def staff_territories(user):
    """Territories whose admin objects `user` may see: coordinated ones and those of their bodies."""
    if not is_active_user(user):
        return TerritoryHomePage.objects.none()
    if user.is_superuser:
        return TerritoryHomePage.objects.all()
    groups = group_ids(user)
    return TerritoryHomePage.objects.filter(
        Q(coordinator_group_id__in=groups) | Q(bodies__group_id__in=groups) | Q(bodies__chair=user)
    ).distinct()


def plans_in(territories):
    """The plans under `territories` (a queryset or list), in one query ordered by tree position."""
    under = Q(pk__in=[])
    for territory in territories:
        under |= Q(path__startswith=territory.path)
    return PlanPage.objects.filter(under).order_by("path")


# --- bodies -------------------------------------------------------------------------


def bodies_of(user):
    """Bodies `user` is a member or the chair of."""
    if not is_active_user(user):
        return PlanningBody.objects.none()
    return PlanningBody.objects.filter(Q(group_id__in=group_ids(user)) | Q(chair=user)).distinct()


def is_body_member(user, body):
    """Member (through the body's group) or chair of `body`."""
    if not is_active_user(user) or body is None:
        return False
    return body.group_id in group_ids(user) or body.chair_id == user.pk


def is_steering_member(user, territory):
    """Member of one of `territory`'s steering groups."""
    if not is_active_user(user) or territory is None:
        return False
    return PlanningBody.objects.filter(
        territory=territory, kind=PlanningBodyKind.STEERING_GROUP, group_id__in=group_ids(user)
    ).exists()


def may_see_body_internals(user, body):
    """True if `user` may see what `body` keeps internal."""
    if not is_active_user(user) or body is None:
        return bool(is_active_user(user) and user.is_superuser)
    if user.is_superuser or is_body_member(user, body):
        return True
    return is_coordinator(user, body.territory)


def may_view_body_pages(user, body):
    """A body's own pages (its meetings): everyone for a public body, else those who see its internals.

    A body hidden from the public site is not listed there, and its pages answer
    404 to everyone else, as if they did not exist.
    """
    return body is None or body.is_public or may_see_body_internals(user, body)


def bodies_with_visible_internals(user):
    """QuerySet of the bodies whose internals `user` may see (the list form of the rule above)."""
    if not is_active_user(user):
        return PlanningBody.objects.none()
    if user.is_superuser:
        return PlanningBody.objects.all()
    groups = group_ids(user)
    return PlanningBody.objects.filter(
        Q(group_id__in=groups) | Q(chair=user) | Q(territory__coordinator_group_id__in=groups)
    ).distinct()


# --- documents and images -----------------------------------------------------------


def _collection_q(territories, prefix="collection"):
    """Q for objects whose collection lies under one of `territories`' collections."""
    query = Q(pk__in=[])
    territory_ids = [territory.pk for territory in territories] if isinstance(territories, list) else territories
    paths = TerritoryHomePage.objects.filter(pk__in=territory_ids, collection__isnull=False)
    for path in paths.values_list("collection__path", flat=True):
        query |= Q(**{f"{prefix}__path__startswith": path})
    return query


def _outside_every_territory_q():
    query = Q()
    for path in TerritoryHomePage.objects.filter(collection__isnull=False).values_list("collection__path", flat=True):
        query &= ~Q(collection__path__startswith=path)
    return query


def _documents_of_territories_q(territories):
    territories = list(territories)
    if not territories:
        return Q(pk__in=[])
    by_fallback = Q(owning_body__territory__in=territories)
    for territory in territories:
        by_fallback |= Q(plan__path__startswith=territory.path)
    return _collection_q(territories) | (_outside_every_territory_q() & by_fallback)


def documents_of_territory(territory):
    """Documents whose territory (see `territory_of`) is `territory`."""
    if territory is None:
        return TriadaDocument.objects.none()
    return TriadaDocument.objects.filter(_documents_of_territories_q([territory]))


def _editable_documents(user):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(TriadaDocument)
    return policy.instances_user_has_any_permission_for(user, ["change"])


def documents_visible_to(user):
    """Documents `user` may open: public ones, and internal ones by the body rule.

    An internal document without an owning body is for those who may edit it
    in the admin (collection permissions) and superusers.
    """
    documents = TriadaDocument.objects.all()
    if not is_active_user(user):
        return documents.filter(publicity=Publicity.PUBLIC)
    if user.is_superuser:
        return documents
    return documents.filter(
        Q(publicity=Publicity.PUBLIC)
        | Q(owning_body__in=bodies_with_visible_internals(user))
        | Q(pk__in=_editable_documents(user).values("pk"))
    )


def may_view_document(user, document):
    """The one-object form of `documents_visible_to`."""
    if document.publicity == Publicity.PUBLIC:
        return True
    if not is_active_user(user):
        return False
    if user.is_superuser or may_see_body_internals(user, document.owning_body):
        return True
    return _editable_documents(user).filter(pk=document.pk).exists()


def may_view_versions(user, document):
    """Earlier versions are for staff: those who may edit the document, and its body's insiders."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    if document.owning_body_id is not None and may_see_body_internals(user, document.owning_body):
        return True
    return _editable_documents(user).filter(pk=document.pk).exists()


def admin_documents_for(user):
    """Documents `user` may see in the admin (API, choosers): their territories, by the body rule."""
    visible = documents_visible_to(user)
    if is_active_user(user) and user.is_superuser:
        return visible
    return visible.filter(_documents_of_territories_q(staff_territories(user)))


def admin_images_for(user):
    """Images `user` may see in the admin: those in the collections of their territories."""
    if not is_active_user(user):
        return TriadaImage.objects.none()
    if user.is_superuser:
        return TriadaImage.objects.all()
    return TriadaImage.objects.filter(_collection_q(staff_territories(user)))


# --- pages --------------------------------------------------------------------------


def _under_unpublished_q():
    """Q: a page with an unpublished ancestor (a live chapter of a draft plan is not public yet).

    An ancestor's path is a prefix of the page's path, one `steplen` per level.
    """
    prefix = Substr(OuterRef("path"), 1, F("depth") * Page.steplen, output_field=CharField())
    drafts = Page.objects.filter(live=False, depth__lt=OuterRef("depth"), path=prefix)
    return Q(Exists(drafts))


def public_pages(queryset=None):
    """Pages the public may open: live, no view restriction on them or an ancestor, no draft ancestor."""
    queryset = Page.objects.all() if queryset is None else queryset
    return queryset.live().public().exclude(_under_unpublished_q())


def is_public_page(page):
    """The yes/no form of `public_pages` for one page."""
    return bool(page is not None and page.live) and public_pages(Page.objects.filter(pk=page.pk)).exists()


def may_view_page_internals(user, page):
    """Review history, conflicts, workflow reports of `page`: those who may act on it or coordinate it.

    "Act on it" means: may edit it, or belongs to the body holding its current
    workflow stage. Other members of the territory's bodies see nothing.
    """
    if not is_active_user(user):
        return False
    if user.is_superuser or is_coordinator_of(user, page):
        return True
    if page.permissions_for_user(user).can_edit():
        return True
    state = page.current_workflow_task_state
    if state is not None:
        return bool(state.task.specific.get_actions(page, user))
    return False


# --- the public site's answer for one request ----------------------------------------

PUBLIC = "public"
RESTRICTED = "restricted"  # Wagtail's view restriction decides (password form, login)
HIDDEN = "hidden"  # 404: not published, or under a page that is not


def _restricted_q(outer="path", depth="depth"):
    """Q: a view restriction lies on the page or one of its ancestors (its page's path is a prefix of the page's).

    A subquery, so filtering with it costs no query of its own (`.public()`
    reads every restriction first, on every call).
    """
    prefix = Substr(OuterRef(outer), 1, F("page__depth") * Page.steplen, output_field=CharField())
    return Q(Exists(PageViewRestriction.objects.filter(page__depth__lte=OuterRef(depth), page__path=prefix)))


def public_pages_for(queryset):
    """`queryset.live().public()` in one query: for lists of pages below one the visitor reached (siblings, the menu)."""
    return queryset.live().exclude(_restricted_q())


def with_restriction_flags(queryset):
    """Annotate pages with `has_view_restriction` (a restriction on the page itself), for `chain_access`."""
    return queryset.annotate(has_view_restriction=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))


def is_view_restricted(page):
    """True if a view restriction lies on `page` or an ancestor; no query when the routing already knows."""
    known = getattr(page, "_triada_view_restricted", None)
    if known is not None:
        return known
    return Page.objects.filter(pk=page.pk).filter(_restricted_q()).exists()


def chain_access(chain):
    """What the public site does with the last page of `chain` (the pages from the root down to it).

    HIDDEN (404) unless every page of the chain is published: a live chapter of
    a draft or withdrawn plan is not public yet (the same rule as `public_pages`);
    RESTRICTED when a view restriction lies on the chain (pages annotated by
    `with_restriction_flags`); else PUBLIC.
    The tree's root (depth 1) is Wagtail's and never published itself.
    """
    if not chain or any(not page.live for page in chain if page.depth > 1):
        return HIDDEN
    if any(page.has_view_restriction for page in chain):
        return RESTRICTED
    return PUBLIC
