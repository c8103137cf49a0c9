"""The public page cache: anonymous readers get cached pages, changes show at once, people signed in never."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import TestCase

from cms.models import StandardPage
from tests.factories import make_chapter, make_plan, make_territory, make_user
from tests.workflows.review_setup import approve_through_council, build_world, current, submit


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


def committed(fn, *args, **kwargs):
    """Run `fn` and its on-commit callbacks, as a real request's commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


def test_a_menu_entry_added_in_the_admin_shows_at_once(client, site):
    territory = site["territory"]
    plan = type(site["plan"]).objects.get(pk=site["plan"].pk)
    plan.show_in_menus = True
    committed(plan.save_revision().publish)
    about = StandardPage(title="O komunitním plánování", slug="o-planovani", show_in_menus=False)
    territory.add_child(instance=about)
    committed(about.save_revision().publish)
    read(client, territory)
    cached = read(client, territory)
    assert cached["X-Page-Cache"] == "hit"
    assert "O komunitním plánování" not in cached.content.decode()
    about = StandardPage.objects.get(pk=about.pk)
    about.show_in_menus = True
    committed(about.save_revision().publish)
    fresh = read(client, territory)
    assert fresh["X-Page-Cache"] == "miss"
    assert "O komunitním plánování" in fresh.content.decode()


@pytest.fixture
def review_world(db, settings):
    settings.TRIADA_PAGE_CACHE = True
    cache.clear()
    return build_world()


def test_a_consultation_opening_and_closing_shows_at_once(client, review_world):
    from workflows.consultation.services import close_due

    chapter = review_world.chapter
    read(client, chapter)
    before = read(client, chapter)
    assert before["X-Page-Cache"] == "hit" and "consultation-banner" not in before.content.decode()
    committed(submit, review_world)
    committed(approve_through_council, review_world)  # the council's draft resolution opens the consultation
    opened = read(client, chapter)
    assert opened["X-Page-Cache"] == "miss" and "consultation-banner" in opened.content.decode()
    assert read(client, chapter)["X-Page-Cache"] == "hit"
    consultation = current(chapter)[1].consultation
    assert committed(close_due, now=consultation.ends_at + timedelta(minutes=1)) == 1
    closed = read(client, chapter)
    assert closed["X-Page-Cache"] == "miss" and "consultation-banner" not in closed.content.decode()


def test_a_comment_published_by_the_coordinator_shows_at_once(client, review_world):
    from workflows.consultation.services import publish_comment, submit_public_comment
    from workflows.models.consultation import ModerationMode

    committed(submit, review_world)
    committed(approve_through_council, review_world)
    consultation = current(review_world.chapter)[1].consultation
    consultation.moderation = ModerationMode.AFTER_REVIEW
    committed(consultation.save)
    data = {"target": "chapter", "chapter_id": review_world.chapter.pk, "author_name": "Jana Nováková",
            "triad_side": "user", "text": "Chybí odlehčovací služba v Horní Lhotě."}  # fmt: skip
    comment = committed(submit_public_comment, consultation, data=data)
    detail = f"/pripominky/{consultation.pk}/"
    read_detail = client.get(detail)
    waiting = client.get(detail)
    assert read_detail.status_code == 200 and waiting["X-Page-Cache"] == "hit"
    assert "Horní Lhotě" not in waiting.content.decode()  # waiting for review: not public
    committed(publish_comment, comment, user=review_world.superuser)
    published = client.get(detail)
    assert published["X-Page-Cache"] == "miss"
    assert "Chybí odlehčovací služba v Horní Lhotě." in published.content.decode()


def test_a_consultation_starting_by_the_clock_shows_without_any_write(client, review_world):
    """A consultation scheduled to start later opens with no save: the cached page expires at its start."""
    import time

    from django.utils import timezone

    from workflows.models.consultation import Consultation

    committed(submit, review_world)
    committed(approve_through_council, review_world)
    consultation = current(review_world.chapter)[1].consultation
    starts_at = timezone.now() + timedelta(seconds=3)
    Consultation.objects.filter(pk=consultation.pk).update(starts_at=starts_at)  # no signal, as time passing
    chapter = review_world.chapter
    read(client, chapter)
    waiting = read(client, chapter)
    assert waiting["X-Page-Cache"] == "hit" and "consultation-banner" not in waiting.content.decode()
    time.sleep(max(0.0, (starts_at - timezone.now()).total_seconds()) + 1.5)
    opened = read(client, chapter)
    assert opened["X-Page-Cache"] == "miss" and "consultation-banner" in opened.content.decode()
