"""The public page cache: anonymous readers get cached pages, changes show at once, people signed in never."""

import pytest
from django.core.cache import cache
from django.test import TestCase

from tests.factories import make_chapter, make_plan, make_territory, make_user


@pytest.fixture
def site(db, settings):
    settings.TRIADA_PAGE_CACHE = True
    cache.clear()
    territory = make_territory("ORP Mezipaměť", hostname="testserver", default_site=True)
    plan = make_plan(territory)
    chapter = make_chapter(plan, "Senioři", paragraphs=("Původní text kapitoly.",))
    return {"territory": territory, "plan": plan, "chapter": chapter}


def read(client, page):
    return client.get(page.url)


def republish(page, text):
    page = type(page).objects.get(pk=page.pk)
    page.body = [{"type": "paragraph", "value": f"<p>{text}</p>"}]
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    return page


def test_anonymous_readers_get_the_cached_page_with_proxy_headers(client, site):
    first = read(client, site["chapter"])
    second = read(client, site["chapter"])
    assert first.status_code == second.status_code == 200
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Původní text kapitoly." in second.content.decode()
    cache_control = second["Cache-Control"]
    assert "public" in cache_control and "s-maxage=60" in cache_control and "max-age=0" in cache_control


def test_publishing_and_unpublishing_show_at_once(client, site):
    read(client, site["chapter"])
    chapter = republish(site["chapter"], "Nový text po schválení.")
    fresh = read(client, chapter)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Nový text po schválení." in fresh.content.decode()
    # A draft saved without publishing changes nothing public: the cache stays.
    chapter.save_revision()
    assert read(client, chapter)["X-Page-Cache"] == "hit"
    with TestCase.captureOnCommitCallbacks(execute=True):
        chapter.unpublish()
    assert read(client, chapter).status_code == 404


def test_a_body_renamed_in_the_admin_is_shown_at_once(client, site):
    territory = site["territory"]
    read(client, site["plan"])
    body = territory.wg_seniors
    body.name = "PS Senioři a pečující"
    with TestCase.captureOnCommitCallbacks(execute=True):
        body.save()
    assert read(client, site["plan"])["X-Page-Cache"] == "miss"


def test_people_signed_in_are_never_served_nor_fill_the_cache(client, site):
    coordinator = make_user("koordinator", groups=[site["territory"].coordinator_group])
    client.force_login(coordinator)
    personal = read(client, site["chapter"])
    assert personal.status_code == 200
    assert "X-Page-Cache" not in personal
    assert "private" in personal["Cache-Control"]
    client.logout()
    client.cookies.clear()
    assert read(client, site["chapter"])["X-Page-Cache"] == "miss"


def test_search_and_the_document_library_are_never_cached(client, site):
    assert "X-Page-Cache" not in client.get("/hledat/", {"q": "senioři"})
    assert "X-Page-Cache" not in client.get("/zdravi/")
