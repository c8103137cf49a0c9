"""A coordinator archives an adopted plan a newer one replaced, and can restore it; nobody else can."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import PageLogEntry, Site

from cms.models import PlanPage, PlanStatus
from tests.browser import open_admin_as
from tests.factories import PASSWORD, make_plan, make_territory, make_user
from tests.workflows.review_setup import build_world


def status_of(plan):
    return PlanPage.objects.get(pk=plan.pk).status


def adopt(plan):
    PlanPage.objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def world(db):
    return build_world()


def test_only_the_territorys_coordinator_archives_and_restores(client, world):
    adopt(world.plan)
    archive = reverse("workflows_review:archive_plan", args=[world.plan.pk])
    restore = reverse("workflows_review:restore_plan", args=[world.plan.pk])
    stranger_territory = make_territory("ORP Jinde")
    make_plan(stranger_territory)
    stranger = make_user("koordinator-jinde", groups=[stranger_territory.coordinator_group])
    for user in (world.wg_member, world.steering_member, world.secretary, stranger):
        client.logout()
        login(client, user)
        response = client.post(archive)
        assert response.status_code == 403 or response["Location"] == "/admin/"
        assert status_of(world.plan) == PlanStatus.ADOPTED
    client.logout()
    assert client.post(archive).status_code == 302 and status_of(world.plan) == PlanStatus.ADOPTED

    login(client, world.coordinator)
    assert client.get(archive).status_code == 405  # a link can never archive a plan
    html = client.post(archive, follow=True).content.decode()
    assert status_of(world.plan) == PlanStatus.ARCHIVED
    assert "je archivovaný" in html and "Obnovit plán" in html
    assert PageLogEntry.objects.filter(page=world.plan, action="triada.plan.archived").count() == 1
    # Archiving twice changes nothing and says why.
    html = client.post(archive, follow=True).content.decode()
    assert "Archivovat lze jen schválený plán." in html
    assert PageLogEntry.objects.filter(page=world.plan, action="triada.plan.archived").count() == 1

    html = client.post(restore, follow=True).content.decode()
    assert status_of(world.plan) == PlanStatus.ADOPTED and "je znovu platný" in html
    assert PageLogEntry.objects.filter(page=world.plan, action="triada.plan.restored").count() == 1


def test_a_plan_under_review_cannot_be_archived(client, world):
    login(client, world.coordinator)
    before = status_of(world.plan)
    assert before != PlanStatus.ADOPTED
    html = client.post(reverse("workflows_review:archive_plan", args=[world.plan.pk]), follow=True).content.decode()
    assert "Archivovat lze jen schválený plán." in html
    assert status_of(world.plan) == before
    assert "Archivovat plán" not in html  # no button for a plan that is not adopted


def test_the_public_page_says_archived_at_once_even_when_cached(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TRIADA_PAGE_CACHE = True
    cache.clear()
    adopt(world.plan)
    url = world.plan.get_url()
    assert "schválený" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"
    login(client, world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workflows_review:archive_plan", args=[world.plan.pk]))
    client.logout()
    public = client.get(url)
    assert public["X-Page-Cache"] == "miss"
    assert "archivovaný" in public.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_archives_from_the_plan_matrix_in_the_browser(browser, live_server):
    Site.objects.all().delete()
    world = build_world(hostname="localhost")
    adopt(world.plan)
    page = open_admin_as(browser, live_server.url, world.coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}{reverse('workflows_review:plan_matrix', args=[world.plan.pk])}")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Archivovat plán").click()
    page.get_by_text("je archivovaný").first.wait_for()
    assert status_of(world.plan) == PlanStatus.ARCHIVED
    with page.expect_navigation():
        page.get_by_role("button", name="Obnovit plán").click()
    page.get_by_text("je znovu platný").first.wait_for()
    assert status_of(world.plan) == PlanStatus.ADOPTED
