"""Adversarial: nothing the public must not see leaves through the PDF, feeds, sitemap, API or a meeting page.

The world (tests/publication/world.py) puts "TAJNE" in the title of every
hidden thing: drafts, a restricted chapter, a draft plan with a live chapter
and strategic part under it, an internal document, a not-yet-open
consultation, a meeting of a body hidden from the public site.
"""

import pytest
from django.test import TestCase

from cms.models import PlanPage, StrategicItem
from meetings.models import MeetingPage
from publication.models import PlanPublication, PublicationStatus
from publication.services import request_plan_pdf
from tests.factories import PASSWORD, make_user
from tests.publication.pdf_structure import page_texts
from tests.publication.test_site_basics import item_full_url, sitemap_locations
from tests.publication.world import HOST, OTHER_HOST, SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pdf(world, django_db_blocker):
    """The world plan's PDF, rendered once by the (eager) background task."""
    with django_db_blocker.unblock():
        with TestCase.captureOnCommitCallbacks(execute=True):
            publication = request_plan_pdf(PlanPage.objects.get(pk=world["plan"].pk))
        publication.refresh_from_db()
        assert publication.status == PublicationStatus.READY, publication.error
        return publication


def test_the_plan_pdf_holds_no_draft_restricted_or_future_content(world, pdf):
    text = "\n".join(page_texts(pdf.file.open("rb").read()))
    assert "Úvod" in text and "Připomínkování plánu" in text  # the public parts and the annex
    assert SECRET not in text


def test_pdf_urls_refuse_other_territories_drafts_and_traversal(client, world, pdf):
    plan = world["plan"]
    assert client.get(f"/publikace/plan-{plan.pk}.pdf", HTTP_HOST=HOST).status_code == 200
    # The same plan asked through the other territory's site.
    assert client.get(f"/publikace/plan-{plan.pk}.pdf", HTTP_HOST=OTHER_HOST).status_code == 404
    assert client.get(f"/publikace/plan-{plan.pk}-{pdf.pk}.pdf", HTTP_HOST=OTHER_HOST).status_code == 404
    # A draft plan with a ready file (a coordinator asked for it) is not public.
    draft = world["draft_plan"]
    secret = PlanPublication.objects.create(
        plan=draft, fingerprint="d" * 64, status=PublicationStatus.READY, file=pdf.file.name, file_size=1
    )
    assert client.get(f"/publikace/plan-{draft.pk}.pdf", HTTP_HOST=HOST).status_code == 404
    assert client.get(f"/publikace/plan-{draft.pk}-{secret.pk}.pdf", HTTP_HOST=HOST).status_code == 404
    # Another plan's version under this plan's address.
    assert client.get(f"/publikace/plan-{plan.pk}-{secret.pk}.pdf", HTTP_HOST=HOST).status_code == 404
    other_plan_pdf = PlanPublication.objects.create(
        plan=world["other_plan"], fingerprint="o" * 64, status=PublicationStatus.READY, file=pdf.file.name
    )
    assert client.get(f"/publikace/plan-{plan.pk}-{other_plan_pdf.pk}.pdf", HTTP_HOST=HOST).status_code == 404
    for path in (
        "/publikace/plan-../../triada/settings/base.pdf",
        f"/publikace/plan-{plan.pk}-..%2F..%2Fsecret.pdf",
        "/publikace/%2e%2e/%2e%2e/etc/passwd",
        f"/publikace/plan-{plan.pk}.pdf/../../../etc/passwd",
        f"/publikace/plan-{plan.pk}-{pdf.pk}%00.pdf",
        "/media/../triada/settings/base.py",
    ):
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code in (301, 302, 400, 404), path
        assert response.get("Content-Type") != "application/pdf", path


@pytest.mark.parametrize("host", [HOST, OTHER_HOST])
def test_feeds_sitemap_and_api_hold_nothing_hidden(client, world, host):
    for path in ("/atom/aktuality/", "/atom/pripominky/", "/atom/jednani/", "/sitemap.xml", "/robots.txt"):
        response = client.get(path, HTTP_HOST=host)
        assert response.status_code == 200, path
        body = response.rendered_content if hasattr(response, "rendered_content") else response.content.decode()
        assert SECRET not in body, path
    for path in ("territories/", "plans/", "chapters/", "strategic-items/", "meetings/", "documents/"):
        response = client.get(f"/api/v1/{path}", {"limit": 200}, HTTP_HOST=host)
        assert response.status_code == 200 and SECRET not in response.content.decode(), path


def test_feeds_of_the_other_territory_carry_none_of_this_one(client, world):
    meetings = client.get("/atom/jednani/", HTTP_HOST=OTHER_HOST).content.decode()
    assert "Jednání PS Senioři" not in meetings
    consultations = client.get("/atom/pripominky/", HTTP_HOST=OTHER_HOST).content.decode()
    assert "Připomínkování plánu 2026–2028" not in consultations


def test_sitemap_lists_the_items_of_public_strategic_parts_only(client, world):
    listed = sitemap_locations(client, HOST)
    public_items = StrategicItem.objects.current().filter(plan=world["plan"])
    draft_items = StrategicItem.objects.filter(plan=world["draft_plan"])
    assert public_items.exists() and draft_items.exists()
    item_urls = {item_full_url(item) for item in public_items}
    assert item_urls <= listed
    assert all("/polozka/" in url for url in item_urls)
    assert not any(str(world["draft_plan"].url) in loc for loc in listed)
    for url in sorted(item_urls)[:2]:  # each listed item page is really there for the public
        assert client.get(url, HTTP_HOST=HOST).status_code == 200
    assert not any("/polozka/" in loc for loc in sitemap_locations(client, OTHER_HOST))


def test_meeting_of_a_hidden_body_is_404_to_the_public_and_other_bodies(client, world):
    meeting = MeetingPage.objects.get(title__startswith=SECRET, body__is_public=False)
    hidden_body = meeting.body
    url = meeting.url
    assert client.get(url, HTTP_HOST=HOST).status_code == 404
    assert client.get(url + "zapis/", HTTP_HOST=HOST).status_code == 404
    assert client.get(world["public_meeting"].url, HTTP_HOST=HOST).status_code == 200

    territory = world["territory"]
    outsider = make_user(groups=[territory.wg_seniors])  # a member of another body of the same territory
    assert client.login(username=outsider.username, password=PASSWORD)
    assert client.get(url, HTTP_HOST=HOST).status_code == 404
    client.logout()
    for insider in (make_user(groups=[hidden_body]), make_user(groups=[territory.coordinator_group])):
        assert client.login(username=insider.username, password=PASSWORD)
        response = client.get(url, HTTP_HOST=HOST)
        assert response.status_code == 200 and SECRET in response.content.decode()
        client.logout()
