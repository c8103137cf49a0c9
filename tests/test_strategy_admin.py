"""The strategic part at real size, edited through Wagtail's own page editor.

A plan of 8 priorities, 30 measures and 150 activities with every field
filled is built once per module; each test runs in a rolled-back savepoint.
The POST data is what the editor's form holds (`tests.strategy_forms` reads
the form Wagtail renders), so a field the editor shows is a field we post.
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text, streamfield

from cms.models import StrategicItem, StrategicPartPage, StrategyEntry
from tests.factories import make_plan, make_strategic_part, make_territory, make_user
from tests.strategy_forms import entry, field_count, form_post_data, scoped_url

REAL_SIZE = (8, 30, 150)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        territory = make_territory("ORP Strategov", hostname="strategov.test")
        plan = make_plan(territory)
        part = make_strategic_part(plan, size=REAL_SIZE, group=territory.steering_group)
        member = make_user("clen-rs-test", groups=[territory.steering_group.group])
        admin = make_user("admin-test", is_superuser=True)
        yield {"part_pk": part.pk, "member_pk": member.pk, "admin_pk": admin.pk}
        transaction.set_rollback(True)


@pytest.fixture
def world(built, db):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return {
        "part": StrategicPartPage.objects.get(pk=built["part_pk"]),
        "member": User.objects.get(pk=built["member_pk"]),
        "admin": User.objects.get(pk=built["admin_pk"]),
    }


def client_as(user):
    client = Client()
    client.force_login(user)
    return client


def latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def test_one_activity_of_150_is_saved_through_the_editor_without_posting_the_others(world):
    part, member = world["part"], world["member"]
    assert StrategicItem.objects.for_plan(part.plan).activities().count() == 150
    activity = entry(part, "5.2.3")
    client = client_as(member)
    url = scoped_url(part, activity.uid)
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["form"].formsets["strategy_entries"].forms) == 1

    post = form_post_data(response, {activity.uid: {"title": "Sdílená asistence v obcích"}})
    assert field_count(post) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS / 10
    response = client.post(url, post)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == url

    draft = latest(part)
    assert entry(draft, "5.2.3").title == "Sdílená asistence v obcích"
    assert len(draft.ordered_entries()) == 8 + 30 + 150
    assert entry(draft, "5.2.2").title == "Aktivita 5.2.2"
    assert draft.get_latest_revision().user_id == member.pk


def test_a_whole_measure_and_the_priorities_stay_under_the_field_limit(world):
    part, member = world["part"], world["member"]
    client = client_as(member)
    for url in (reverse("wagtailadmin_pages:edit", args=[part.pk]), scoped_url(part, entry(part, "1.1").uid)):
        response = client.get(url)
        assert response.status_code == 200
        post = form_post_data(response)
        assert field_count(post) < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        response = client.post(url, post)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert len(latest(part).ordered_entries()) == 188


def test_a_duplicate_code_is_refused_in_czech_and_nothing_is_stored(world):
    part, member = world["part"], world["member"]
    measure = entry(part, "2.1")
    second = entry(part, "2.1.2")
    client = client_as(member)
    url = scoped_url(part, measure.uid)
    revisions_before = part.revisions.count()
    response = client.post(url, form_post_data(client.get(url), {second.uid: {"number": 1}}))
    assert response.status_code == 200
    assert "Kód 2.1.1 používá více položek" in response.content.decode()
    assert part.revisions.count() == revisions_before


def test_renumbering_keeps_the_item_and_redirects_its_old_address(world):
    part, admin = world["part"], world["admin"]
    measure = entry(part, "3.1")
    moved = entry(part, "3.1.1")
    item = StrategicItem.objects.get(strategic_part=part, code="3.1.1")
    client = client_as(admin)
    url = scoped_url(part, measure.uid)
    post = form_post_data(client.get(url), {moved.uid: {"number": 9, "title": "Přečíslovaná aktivita"}})
    post["action-publish"] = "action-publish"
    response = client.post(url, post)
    assert response.status_code == 302

    renumbered = StrategicItem.objects.get(pk=item.pk)
    assert (renumbered.code, renumbered.title, renumbered.is_current) == ("3.1.9", "Přečíslovaná aktivita", True)
    assert StrategicItem.objects.filter(strategic_part=part).count() == 188

    public = Client(HTTP_HOST="strategov.test")
    old = public.get(f"{part.get_url_parts()[2]}polozka/3.1.1/")
    assert old.status_code == 301
    assert old["Location"].endswith("/polozka/3.1.9/")
    page = public.get(old["Location"])
    assert page.status_code == 200
    assert "Přečíslovaná aktivita" in page.content.decode()


def test_items_keep_their_primary_keys_across_edit_and_publish(world):
    part, admin = world["part"], world["admin"]
    before = dict(StrategicItem.objects.filter(strategic_part=part).values_list("code", "pk"))
    client = client_as(admin)
    activity = entry(part, "8.1.1")
    url = scoped_url(part, activity.uid)
    response = client.post(url, form_post_data(client.get(url), {activity.uid: {"title": "Nový název"}}))
    assert response.status_code == 302
    page_url = reverse("wagtailadmin_pages:edit", args=[part.pk])
    post = form_post_data(client.get(page_url))
    post["action-publish"] = "action-publish"
    assert client.post(page_url, post).status_code == 302

    after = dict(StrategicItem.objects.filter(strategic_part=part).values_list("code", "pk"))
    assert after == before
    assert StrategicItem.objects.get(pk=before["8.1.1"]).title == "Nový název"
    assert StrategyEntry.objects.filter(page=part).count() == 188


def test_an_activity_added_in_a_draft_survives_edits_of_others_until_published(world):
    part, admin = world["part"], world["admin"]
    client = client_as(admin)
    measure = entry(part, "4.1")
    url = scoped_url(part, measure.uid)
    response = client.get(url)
    new = {"id": "", "uid": "", "number": 50, "title": "Nová aktivita", "description": rich_text("")}
    new.update(
        {
            "responsible_organisation": "Město",
            "year_from": 2027,
            "year_to": 2027,
            "estimated_cost": "",
            "funding_sources": streamfield([]),
            "indicators": streamfield([]),
        }
    )
    response = client.post(url, form_post_data(response, new=[new]))
    assert response.status_code == 302
    added = entry(latest(part), "4.1.50")
    assert added.pk is None  # only in the draft: the live page does not show it

    # Someone edits another activity of the same measure: the new one stays, with its identity.
    other = entry(part, "4.1.1")
    response = client.post(url, form_post_data(client.get(url), {other.uid: {"title": "Upraveno"}}))
    assert response.status_code == 302
    draft = latest(part)
    assert entry(draft, "4.1.50").uid == added.uid
    assert entry(draft, "4.1.1").title == "Upraveno"
    # ...also when edited elsewhere in the tree.
    elsewhere = entry(part, "1.1.1")
    elsewhere_url = scoped_url(part, elsewhere.uid)
    client.post(elsewhere_url, form_post_data(client.get(elsewhere_url), {elsewhere.uid: {"title": "Jinde"}}))
    draft = latest(part)
    assert entry(draft, "4.1.50").uid == added.uid
    assert len(draft.ordered_entries()) == 189


def test_an_activity_moved_to_another_measure_keeps_its_identity_and_old_address(world):
    part, member, admin = world["part"], world["member"], world["admin"]
    activity, target = entry(part, "2.1.2"), entry(part, "2.2")
    item = StrategicItem.objects.get(strategic_part=part, code="2.1.2")
    client = client_as(member)
    url = scoped_url(part, activity.uid)
    response = client.get(url)
    choices = dict(response.context["form"].formsets["strategy_entries"].forms[0].fields["parent"].choices)
    assert choices[str(target.uid)] == f"Opatření 2.2 {target.title}"
    assert all(label.startswith("Opatření ") for label in choices.values())
    assert len(choices) == 30

    # 2.2.2 exists: the move is refused in Czech and nothing is stored.
    revisions_before = part.revisions.count()
    refused = client.post(url, form_post_data(response, {activity.uid: {"parent": str(target.uid)}}))
    assert refused.status_code == 200
    assert "Kód 2.2.2 používá více položek" in refused.content.decode()
    assert part.revisions.count() == revisions_before
    assert entry(latest(part), "2.1.2").uid == activity.uid

    moved = client.post(url, form_post_data(client.get(url), {activity.uid: {"parent": str(target.uid), "number": 9}}))
    assert moved.status_code == 302
    draft = latest(part)
    assert entry(draft, "2.2.9").uid == activity.uid
    assert entry(draft, "2.2.9").pk == activity.pk
    assert "2.1.2" not in dict(draft.ordered_entries())

    publish_url = reverse("wagtailadmin_pages:edit", args=[part.pk])
    client = client_as(admin)
    post = form_post_data(client.get(publish_url))
    post["action-publish"] = "action-publish"
    assert client.post(publish_url, post).status_code == 302
    item.refresh_from_db()
    assert (item.code, item.parent.code, item.is_current) == ("2.2.9", "2.2", True)
    assert "2.1.2" in item.previous_codes
    public = Client(HTTP_HOST="strategov.test")
    old = public.get(f"{part.get_url_parts()[2]}polozka/2.1.2/")
    assert old.status_code == 301
    assert old["Location"].endswith("/polozka/2.2.9/")


def test_a_measure_moved_to_another_priority_takes_its_activities_along(world):
    part, admin = world["part"], world["admin"]
    measure, target = entry(part, "3.2"), entry(part, "4")
    before = dict(StrategicItem.objects.filter(strategic_part=part).values_list("code", "pk"))
    client = client_as(admin)
    url = scoped_url(part, measure.uid)
    post = form_post_data(client.get(url), {measure.uid: {"parent": str(target.uid), "number": 9}})
    post["action-publish"] = "action-publish"
    response = client.post(url, post)
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    codes = dict(StrategicItem.objects.filter(strategic_part=part).current().values_list("pk", "code"))
    assert codes[before["3.2"]] == "4.9"
    assert codes[before["3.2.1"]] == "4.9.1"
    assert codes[before["3.2.5"]] == "4.9.5"
    assert len(codes) == 188
    public = Client(HTTP_HOST="strategov.test")
    old = public.get(f"{part.get_url_parts()[2]}polozka/3.2.3/")
    assert (old.status_code, old["Location"].endswith("/polozka/4.9.3/")) == (301, True)


def test_a_priority_cannot_be_given_a_parent_nor_an_activity_a_priority(world):
    part, member = world["part"], world["member"]
    client = client_as(member)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[part.pk]))
    assert all("parent" not in form.fields for form in response.context["form"].formsets["strategy_entries"].forms)
    activity = entry(part, "1.1.1")
    url = scoped_url(part, activity.uid)
    refused = client.post(url, form_post_data(client.get(url), {activity.uid: {"parent": str(entry(part, "2").uid)}}))
    assert refused.status_code == 200
    assert "Vyberte platnou možnost" in refused.content.decode()
    assert entry(latest(part), "1.1.1").parent_uid == activity.parent_uid
