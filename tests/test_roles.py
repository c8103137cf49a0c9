"""The role × action matrix, exercised through the real Wagtail admin views.

Every cell says whether a role may do an action; a refused action must be
refused by the server (403 or a redirect away) and must change nothing.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import ChapterPage, PlanningBody, StrategicPartPage, TargetGroup
from cms.roles import ensure_territory_roles
from tests.factories import make_chapter, make_plan, make_territory, make_user

ROLES = ["coordinator", "wg_member", "steering_member", "council_secretary", "anonymous"]


@dataclass
class World:
    territory: object
    other_territory: object
    plan: object
    own_chapter: object  # responsible: the WG member's working group (PS Senioři)
    other_chapter: object  # responsible: another working group of the same plan
    foreign_chapter: object  # a chapter of the other territory
    strategic_part: object
    users: dict


def _strategic_part(plan, body):
    part = StrategicPartPage(title="Strategická část", slug="strategicka-cast", number=10, responsible_group=body)
    plan.add_child(instance=part)
    part.save_revision().publish()
    return part


def _build_world():
    territory = make_territory("ORP Testov")
    other = make_territory("ORP Jinov")
    plan = make_plan(territory)
    own = make_chapter(plan, "Analýza potřeb seniorů", number=4, group=territory.wg_seniors)
    other_chapter = make_chapter(plan, "Rodiny s dětmi", number=5, group=territory.wg_families)
    strategic = _strategic_part(plan, territory.steering_group)
    foreign_plan = make_plan(other)
    foreign = make_chapter(foreign_plan, "Senioři v Jinově", number=4, group=other.wg_seniors)
    territory.refresh_from_db()
    users = {
        "coordinator": make_user("koord", groups=[territory.coordinator_group]),
        "wg_member": make_user("clenps", groups=[territory.wg_seniors]),
        "steering_member": make_user("clenrs", groups=[territory.steering_group]),
        "council_secretary": make_user("tajemnik", groups=[territory.council]),
        "anonymous": None,
    }
    return World(territory, other, plan, own, other_chapter, foreign, strategic, users)


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """Build the territories once per module; each test runs in its own rolled-back savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(built_world, db):
    """Fresh copies of the module's objects, so no test sees another test's in-memory changes."""

    def fresh(obj):
        return type(obj).objects.get(pk=obj.pk) if obj is not None else None

    territory = fresh(built_world.territory)
    other = fresh(built_world.other_territory)
    for target, source in ((territory, built_world.territory), (other, built_world.other_territory)):
        for name in ("steering_group", "council", "wg_seniors", "wg_families"):
            setattr(target, name, fresh(getattr(source, name)))
    return World(
        territory,
        other,
        fresh(built_world.plan),
        fresh(built_world.own_chapter),
        fresh(built_world.other_chapter),
        fresh(built_world.foreign_chapter),
        fresh(built_world.strategic_part),
        {role: fresh(user) for role, user in built_world.users.items()},
    )


def client_for(world, role):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def page_form(page, *, title, publish=False, extra=None):
    data = {
        "title": title,
        "slug": page.slug,
        "number": page.number,
        "lead": page.lead,
        "responsible_group": page.responsible_group_id or "",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    if isinstance(page, StrategicPartPage):
        data["strategy_entries"] = inline_formset([])
    data.update(extra or {})
    form = nested_form_data(data)
    if publish:
        form["action-publish"] = "action-publish"
    return form


def assert_refused(response):
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        # Refusal sends the user away (to the login or the dashboard), never back to the editor.
        location = response["Location"]
        assert location.startswith("/admin/login/") or "/edit/" not in location, location


def latest_title(page):
    revision = Page.objects.get(pk=page.pk).get_latest_revision()
    return revision.content["title"] if revision else None


# --- chapters ---------------------------------------------------------------------------------

EDIT_MATRIX = {
    # target: coordinator, wg_member, steering_member, council_secretary, anonymous
    "own_chapter": (True, True, False, False, False),
    "other_chapter": (True, False, False, False, False),
    "foreign_chapter": (False, False, False, False, False),
    "strategic_part": (True, False, True, False, False),
}


def _target(world, name):
    return {
        "own_chapter": world.own_chapter,
        "other_chapter": world.other_chapter,
        "foreign_chapter": world.foreign_chapter,
        "strategic_part": world.strategic_part,
    }[name]


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("target", list(EDIT_MATRIX))
def test_open_editor(world, role_index, role, target):
    page = _target(world, target)
    response = client_for(world, role).get(f"/admin/pages/{page.pk}/edit/")
    if EDIT_MATRIX[target][role_index]:
        assert response.status_code == 200
        assert page.title in response.content.decode()
    else:
        assert_refused(response)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
@pytest.mark.parametrize("target", list(EDIT_MATRIX))
def test_save_draft(world, role_index, role, target):
    page = _target(world, target)
    live_before, before = page.title, latest_title(page)
    response = client_for(world, role).post(f"/admin/pages/{page.pk}/edit/", page_form(page, title="Nový název"))
    page.refresh_from_db()
    assert page.title == live_before  # a draft never changes the live version
    if EDIT_MATRIX[target][role_index]:
        assert response.status_code == 302 and response["Location"].endswith(f"/admin/pages/{page.pk}/edit/")
        assert latest_title(page) == "Nový název"
    else:
        assert_refused(response)
        assert latest_title(page) == before


# Chapters are published only through the review workflow: not even the coordinator publishes from the editor.
PUBLISH = {"coordinator": False, "wg_member": False, "steering_member": False, "council_secretary": False}


@pytest.mark.parametrize("role", ROLES)
def test_publish_own_chapter(world, role):
    page = world.own_chapter
    response = client_for(world, role).post(
        f"/admin/pages/{page.pk}/edit/", page_form(page, title="Zveřejněný název", publish=True)
    )
    live_title = ChapterPage.objects.get(pk=page.pk).title
    if PUBLISH.get(role):
        assert live_title == "Zveřejněný název"
    else:
        # A WG member's or coordinator's publish is refused or ignored (at most a draft is saved).
        assert live_title == "Analýza potřeb seniorů"
        if role not in ("wg_member", "coordinator"):
            assert_refused(response)


ADD = {"coordinator": True}


@pytest.mark.parametrize("role", ROLES)
def test_add_chapter(world, role):
    plan = world.plan
    before = ChapterPage.objects.child_of(plan).count()
    client = client_for(world, role)
    get = client.get(f"/admin/pages/add/cms/chapterpage/{plan.pk}/")
    data = nested_form_data(
        {
            "title": "Nová kapitola",
            "slug": "nova-kapitola",
            "number": 13,
            "lead": "",
            "responsible_group": world.territory.wg_seniors.pk,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    post = client.post(f"/admin/pages/add/cms/chapterpage/{plan.pk}/", data)
    after = ChapterPage.objects.child_of(plan).count()
    if ADD.get(role):
        assert get.status_code == 200
        assert post.status_code == 302
        assert after == before + 1
    else:
        assert_refused(get)
        assert_refused(post)
        assert after == before


@pytest.mark.parametrize("role", ROLES)
def test_delete_chapter(world, role):
    page = world.other_chapter
    response = client_for(world, role).post(f"/admin/pages/{page.pk}/delete/")
    exists = ChapterPage.objects.filter(pk=page.pk).exists()
    if role == "coordinator":
        assert response.status_code == 302
        assert not exists
    else:
        assert_refused(response)
        assert exists


def test_wg_member_cannot_delete_own_chapter(world):
    response = client_for(world, "wg_member").post(f"/admin/pages/{world.own_chapter.pk}/delete/")
    assert_refused(response)
    assert ChapterPage.objects.filter(pk=world.own_chapter.pk).exists()


# --- explorer and dashboard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role,visible",
    [("coordinator", "own_chapter"), ("wg_member", "own_chapter"), ("steering_member", "strategic_part")],
)
def test_plan_visible_in_explorer(world, role, visible):
    """Body members explore the plan and find the chapter they are responsible for."""
    response = client_for(world, role).get(f"/admin/pages/{world.plan.pk}/")
    assert response.status_code == 200
    page = _target(world, visible)
    assert f"/admin/pages/{page.pk}/edit/" in response.content.decode()


@pytest.mark.parametrize("role", ["wg_member", "steering_member", "council_secretary", "coordinator"])
def test_other_territory_not_explorable(world, role):
    response = client_for(world, role).get(f"/admin/pages/{world.other_territory.pk}/")
    assert_refused(response)


@pytest.mark.parametrize("role", ["coordinator", "wg_member", "steering_member", "council_secretary"])
def test_admin_dashboard_in_czech(world, role):
    response = client_for(world, role).get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="cs"' in html
    assert "Hledat" in html and "Účet" in html  # Czech admin chrome (search box, account menu)


def test_anonymous_sent_to_login(world):
    response = Client().get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_chapter_pointed_at_foreign_group_grants_nothing(world):
    """Even if a chapter names another territory's working group, that group gets no edit right."""
    page = world.own_chapter
    ChapterPage.objects.filter(pk=page.pk).update(responsible_group=world.other_territory.wg_seniors)
    outsider = make_user("cizi", groups=[world.other_territory.wg_seniors])
    client = Client()
    client.force_login(outsider)
    assert_refused(client.get(f"/admin/pages/{page.pk}/edit/"))


def test_group_membership_change_takes_effect(world):
    """Rights follow the body: leaving the group removes the chapter at once."""
    user = world.users["wg_member"]
    client = client_for(world, "wg_member")
    assert client.get(f"/admin/pages/{world.own_chapter.pk}/edit/").status_code == 200
    user.groups.remove(world.territory.wg_seniors.group)
    assert_refused(client.get(f"/admin/pages/{world.own_chapter.pk}/edit/"))


# --- snippets ------------------------------------------------------------------------------------


def body_form(body, **changes):
    data = {
        "territory": body.territory_id,
        "kind": body.kind,
        "name": body.name,
        "slug": body.slug,
        "description": body.description,
        "group": body.group_id,
        "chair": body.chair_id or "",
        "contact_email": body.contact_email,
        "contact_phone": body.contact_phone,
        "is_public": "on" if body.is_public else "",
        "sort_order": body.sort_order,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_edit_planning_body(world, role):
    body = world.territory.wg_families
    client = client_for(world, role)
    response = client.post(f"/admin/snippets/cms/planningbody/edit/{body.pk}/", body_form(body, name="PS Rodiny"))
    body.refresh_from_db()
    if role == "coordinator":
        assert response.status_code == 302
        assert body.name == "PS Rodiny"
    else:
        assert_refused(response)
        assert body.name == "PS Rodiny s dětmi"


def test_coordinator_cannot_edit_other_territory_body(world):
    body = world.other_territory.wg_families
    client = client_for(world, "coordinator")
    assert_refused(client.get(f"/admin/snippets/cms/planningbody/edit/{body.pk}/"))
    response = client.post(f"/admin/snippets/cms/planningbody/edit/{body.pk}/", body_form(body, name="Cizí"))
    assert_refused(response)
    body.refresh_from_db()
    assert body.name == "PS Rodiny s dětmi"
    listing = client.get("/admin/snippets/cms/planningbody/").content.decode()
    assert f"/admin/snippets/cms/planningbody/edit/{world.territory.wg_families.pk}/" in listing
    assert f"/admin/snippets/cms/planningbody/edit/{body.pk}/" not in listing


def test_coordinator_cannot_move_body_to_other_territory(world):
    body = world.territory.wg_families
    client = client_for(world, "coordinator")
    response = client.post(
        f"/admin/snippets/cms/planningbody/edit/{body.pk}/", body_form(body, territory=world.other_territory.pk)
    )
    assert response.status_code == 200  # the form is shown again with an error
    body.refresh_from_db()
    assert body.territory_id == world.territory.pk


@pytest.mark.parametrize("role", ROLES + ["superuser"])
def test_edit_taxonomy(world, role):
    item = TargetGroup.objects.create(code="seniori-test", name="senioři")
    if role == "superuser":
        client = Client()
        client.force_login(make_user("spravce", is_superuser=True))
    else:
        client = client_for(world, role)
    data = {"code": item.code, "name": "senioři a seniorky", "sort_order": 1, "source": "", "is_active": "on"}
    response = client.post(f"/admin/snippets/cms/targetgroup/edit/{item.pk}/", data)
    item.refresh_from_db()
    if role == "superuser":
        assert response.status_code == 302
        assert item.name == "senioři a seniorky"
    else:
        assert_refused(response)
        assert item.name == "senioři"


# --- set-up by code -------------------------------------------------------------------------------


def test_roles_are_idempotent_and_not_superuser(world):
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    counts = (Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    ensure_territory_roles(world.territory)
    ensure_territory_roles(world.territory)
    assert counts == (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
    )
    assert not world.users["coordinator"].is_superuser


def test_collections_per_territory_and_body(world):
    from wagtail.models import Collection, GroupCollectionPermission

    territory_collection = Collection.objects.get(name=world.territory.title)
    children = {c.name for c in territory_collection.get_children()}
    assert {b.name for b in PlanningBody.objects.filter(territory=world.territory)} <= children
    wg_collection = territory_collection.get_children().get(name=world.territory.wg_seniors.name)
    wg_perms = set(
        GroupCollectionPermission.objects.filter(
            group=world.territory.wg_seniors.group, collection=wg_collection
        ).values_list("permission__codename", flat=True)
    )
    assert {"add_document", "choose_document", "add_image", "choose_image"} <= wg_perms
    coordinator_perms = set(
        GroupCollectionPermission.objects.filter(
            group=world.territory.coordinator_group, collection=territory_collection
        ).values_list("permission__codename", flat=True)
    )
    assert {
        "add_document",
        "change_document",
        "choose_document",
        "add_image",
        "change_image",
        "choose_image",
    } <= coordinator_perms


def test_collection_rights_as_wagtail_checks_them(world):
    """Through Wagtail's own document and image policies: a body adds only to its collection."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection
    from wagtail.permissions import policy_registry

    territory_collection = Collection.objects.get(name=world.territory.title)
    own = territory_collection.get_children().get(name=world.territory.wg_seniors.name)
    sibling = territory_collection.get_children().get(name=world.territory.wg_families.name)
    for model in (get_document_model(), get_image_model()):
        policy = policy_registry.get_by_type(model)
        member_add = set(policy.collections_user_has_permission_for(world.users["wg_member"], "add"))
        assert own in member_add
        assert sibling not in member_add and territory_collection not in member_add
        coordinator_add = set(policy.collections_user_has_permission_for(world.users["coordinator"], "add"))
        assert {territory_collection, own, sibling} <= coordinator_add
        council_change = set(policy.collections_user_has_permission_for(world.users["council_secretary"], "change"))
        assert not council_change & {territory_collection, own, sibling}


def test_users_who_can_edit_a_chapter_include_its_body(world):
    """Wagtail asks the policy who may edit a page (e.g. for notices); the body's members are among them."""
    from wagtail.models import Page as WagtailPage
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(WagtailPage)
    editors = set(policy.users_with_any_permission_for_instance(["change"], world.own_chapter))
    assert world.users["wg_member"] in editors and world.users["coordinator"] in editors
    assert world.users["steering_member"] not in editors
    strategic_editors = set(policy.users_with_any_permission_for_instance(["change"], world.strategic_part))
    assert world.users["steering_member"] in strategic_editors
    assert world.users["wg_member"] not in strategic_editors
    publishers = set(policy.users_with_any_permission_for_instance(["publish"], world.own_chapter))
    assert world.users["wg_member"] not in publishers


@pytest.mark.parametrize("role", ROLES)
def test_lock_chapter(world, role):
    """Only the coordinator locks pages (a lock blocks everyone else's edits)."""
    page = world.own_chapter
    response = client_for(world, role).post(f"/admin/pages/{page.pk}/lock/")
    locked = ChapterPage.objects.get(pk=page.pk).locked
    if role == "coordinator":
        assert response.status_code == 302
        assert locked
    else:
        assert_refused(response)
        assert not locked
