"""Findings 6 and 7: review pages only for those who may act or coordinate; no editor for the council.

6. `/admin/schvalovani/page/<id>/` was open to every body member of the
   territory, and its `conflict/` view checked nothing (and named another
   territory's page).
7. The council secretary could open the editor of a chapter at the council
   stage.
"""

import pytest
from django.urls import reverse

from tests.factories import make_territory, make_user
from tests.workflows.review_setup import act, build_world, stage_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    submit(world)
    return world


def _review_url(page):
    return reverse("workflows_review:chapter_review", args=[page.pk])


def _conflict_url(page):
    return reverse("workflows_review:conflict", args=[page.pk])


def test_review_page_is_for_those_who_act_or_coordinate(client, world):
    outsider = make_user("cizi-koordinator", groups=[make_territory("ORP Jinde").coordinator_group])
    for user, allowed in (
        (world.coordinator, True),
        (world.wg_member, True),  # edits the chapter and holds its first stage
        (world.other_wg_member, False),  # another working group of the same territory
        (world.secretary, False),  # the council does not hold this stage
        (outsider, False),
    ):
        client.force_login(user)
        response = client.get(_review_url(world.chapter))
        assert (response.status_code == 200) is allowed, user.username
        if not allowed:
            assert world.chapter.title not in response.content.decode()


def test_conflict_view_names_nothing_to_outsiders(client, world):
    foreign = make_territory("ORP Jinde")
    client.force_login(make_user("cizi", groups=[foreign.wg_seniors]))
    response = client.get(_conflict_url(world.chapter), follow=True)
    assert response.status_code == 404
    assert world.chapter.title not in response.content.decode()
    client.force_login(world.coordinator)
    assert client.get(_conflict_url(world.chapter)).status_code == 302


def test_council_secretary_records_but_never_edits(client, world):
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    assert stage_of(world.chapter) == "CouncilDecisionTask"
    client.force_login(world.secretary)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[world.chapter.pk]))
    assert edit.status_code in (302, 403)
    # They still see the review page of the stage they hold.
    assert client.get(_review_url(world.chapter)).status_code == 200
