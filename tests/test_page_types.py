"""Page-type rules keep the tree sane, and every page type renders valid Czech HTML."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from cms.models import (
    ChapterPage,
    ContactPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    PlanPage,
    StandardPage,
    StrategicPartPage,
    TerritoryHomePage,
)
from tests.browser import html_errors, html_errors_many
from tests.factories import make_plan, make_territory, make_user
from tests.site_content import build_site, make_strategic_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site("ORP Testov", hostname="testserver")


def test_page_types_can_be_created_only_where_they_belong(site):
    territory, plan = site["territory"], site["plan"]
    root = Page.get_first_root_node()
    chapter = site["chapters"][0]
    news_index = site["news_index"]

    allowed = [
        (TerritoryHomePage, root),
        (PlanPage, territory),
        (ChapterPage, plan),
        (StandardPage, territory),
        (StandardPage, site["statement"]),
        (NewsPage, news_index),
        (EventPage, news_index),
    ]
    refused = [
        (ChapterPage, territory),
        (ChapterPage, root),
        (StrategicPartPage, territory),
        (PlanPage, root),
        (PlanPage, plan),
        (TerritoryHomePage, territory),
        (NewsPage, territory),
        (EventPage, plan),
        (StandardPage, plan),
        (ChapterPage, chapter),
        (StandardPage, chapter),
        # One of each per parent: the territory already has them, the plan its strategic part.
        (NewsIndexPage, territory),
        (ContactPage, territory),
        (StrategicPartPage, plan),
    ]
    wrong_allowed = [(cls.__name__, parent.title) for cls, parent in allowed if not cls.can_create_at(parent)]
    wrong_refused = [(cls.__name__, parent.title) for cls, parent in refused if cls.can_create_at(parent)]
    assert wrong_allowed == []
    assert wrong_refused == []


def test_a_plan_without_a_strategic_part_may_get_exactly_one():
    territory = make_territory("ORP Jedna")
    plan = make_plan(territory)
    assert StrategicPartPage.can_create_at(plan)
    make_strategic_part(plan)
    assert not StrategicPartPage.can_create_at(plan)


def assert_refused(response):
    """Wagtail's admin answers a refused action with 403 or a redirect to the dashboard."""
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def _add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk))


def test_admin_add_view_refuses_a_chapter_under_a_territory_and_creates_nothing(client, site):
    territory = site["territory"]
    client.force_login(make_user("spravce", is_superuser=True))
    before = ChapterPage.objects.count()

    assert_refused(client.get(_add_url(ChapterPage, territory)))
    response = client.post(
        _add_url(ChapterPage, territory),
        {"title": "Podstrčená kapitola", "slug": "podstrcena", "number": "5", "action-publish": "1"},
    )
    assert_refused(response)
    assert ChapterPage.objects.count() == before
    assert not Page.objects.filter(slug="podstrcena").exists()


def test_admin_add_view_refuses_a_second_strategic_part(client, site):
    client.force_login(make_user("spravce2", is_superuser=True))
    assert_refused(client.get(_add_url(StrategicPartPage, site["plan"])))
    assert client.get(_add_url(ChapterPage, site["plan"])).status_code == 200


def test_admin_offers_only_allowed_child_types(client, site):
    client.force_login(make_user("spravce3", is_superuser=True))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(site["territory"].pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/add/cms/planpage/" in html
    assert "/add/cms/standardpage/" in html
    for refused in ("chapterpage", "strategicpartpage", "newspage", "eventpage", "newsindexpage", "contactpage"):
        assert f"/add/cms/{refused}/" not in html, refused


def _page_urls(site):
    activity_url = site["strategic_part"].url + "polozka/1.1.1/"
    priority_url = site["strategic_part"].url + "polozka/1/"
    return {
        "territory home page": site["territory"].url,
        "plan": site["plan"].url,
        "chapter": site["chapters"][0].url,
        "strategic part": site["strategic_part"].url,
        "activity": activity_url,
        "priority": priority_url,
        "news index": site["news_index"].url,
        "news": site["news"].url,
        "event": site["event"].url,
        "contact page": site["contact"].url,
        "standard page": site["statement"].url,
        "whole plan for printing": site["plan"].url + "?cely=1",
    }


def test_every_page_type_renders_valid_czech_html(client, site):
    problems = {}
    documents = {}
    for name, url in _page_urls(site).items():
        response = client.get(url)
        if response.status_code != 200:
            problems[name] = f"HTTP {response.status_code} for {url}"
            continue
        html = response.content.decode()
        if '<html lang="cs"' not in html:
            problems[name] = "no lang=cs"
        elif "Přeskočit na obsah" not in html:
            problems[name] = "the Czech catalogue is not in use (skip link untranslated)"
        elif html.count("<h1") != 1:
            problems[name] = f"{html.count('<h1')} h1 elements"
        else:
            documents[name] = html
    problems.update(html_errors_many(documents))
    assert problems == {}


def test_missing_page_gets_a_czech_404_page(client, site):
    response = client.get(site["plan"].url + "neexistuje/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Stránka nenalezena" in html
    assert '<html lang="cs"' in html
    assert site["territory"].title in html  # the site's own header and navigation
    assert html_errors(html) == []
