"""Queries of the public plan pages on a real-size plan: a fixed number, never one per chapter or item.

The plan (tests/real_plan.py) has 12 chapters, each approved by its working
group, the steering group and the council (36 rows of approval history; each
chapter is now in its public consultation, so the chapter page serves the
text frozen for it), a 13th chapter published after the consultation opened,
and a strategic part of 150 activities. A query per chapter or per activity
would add 12 or 150 queries and break these limits; the chapter page's 8 are
the issue's goal (routing in one query, cms/routing.py).

The second half is adversarial: the one-query routing decides on the whole
chain of pages, so a chapter of a draft plan, a chapter below a view
restriction, another territory's private page and a draft chapter must not
be served to a visitor. Time is measured in bench/bench_pages.py, not here.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from tests.factories import make_chapter, make_territory
from tests.real_plan import CHAPTERS, build_real_plan
from workflows.models.consultation import Consultation

pytestmark = pytest.mark.django_db

# The plain page's frame: route (one query for the whole chain, with the territory),
# the page's own row, the menu, the unapproved-publication banner check; the site
# comes from the cache (cms/sites.py). (13 before the one-query routing; the
# chapter 21 and, under consultation, 30.)
PLAIN_PAGE_QUERIES = 4
CHAPTER_QUERIES = 8
# The regular chapter: its siblings and target groups come in one statement.
REGULAR_CHAPTER_QUERIES = 6


@pytest.fixture(scope="module")
def plan_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_real_plan()
        # Warm the per-process caches (content types, Wagtail's site root paths) as a running server has them.
        client = Client()
        for page in (world.plain, world.regular, world.chapters[5], world.plan, world.part):
            assert client.get(page.url).status_code == 200
        yield world
        transaction.set_rollback(True)


def test_plain_page_frame_has_a_fixed_number_of_queries(plan_world, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PLAIN_PAGE_QUERIES):
        response = client.get(plan_world.plain.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prohlášení o přístupnosti" in html
    # The frame: the territory's name, the menu and the breadcrumbs are all there.
    assert plan_world.territory.display_name in html
    assert 'class="site-nav"' in html and plan_world.plan.title in html
    assert 'class="breadcrumbs"' in html


def test_plan_page_shows_the_whole_approval_history_without_a_query_per_chapter(
    plan_world, client, django_assert_max_num_queries
):
    # 27 today: a query per chapter (13) would break it.
    with django_assert_max_num_queries(30):
        response = client.get(plan_world.plan.url)
    html = response.content.decode()
    assert response.status_code == 200
    # Every chapter's three stages are in the table: working group, steering group, council.
    assert html.count('<th scope="row">') >= 3 * CHAPTERS
    for number in range(1, CHAPTERS + 1):
        assert f"ZM/{number}/2026" in html
    assert "PS Senioři" in html and "PS Rodiny s dětmi" in html and "Řídící skupina" in html


def test_regular_chapter_has_at_most_eight_queries(plan_world, client, django_assert_max_num_queries):
    chapter = plan_world.regular
    with django_assert_max_num_queries(REGULAR_CHAPTER_QUERIES):
        response = client.get(chapter.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Odstavec 8 kapitoly 13." in html
    assert "PS Rodiny s dětmi" in html and "Senioři" in html and "Rodiny s dětmi" in html
    # Breadcrumbs from the routing's chain, the pager from one query of the siblings.
    assert 'class="breadcrumbs"' in html and plan_world.plan.title in html
    assert plan_world.chapters[-1].title in html
    # Not in the consultation: no comment links.
    assert "comment-link" not in html


def test_chapter_under_consultation_has_at_most_eight_queries(plan_world, client, django_assert_max_num_queries):
    chapter = plan_world.chapters[5]
    consultation = Consultation.objects.get(plan=plan_world.plan)
    with django_assert_max_num_queries(CHAPTER_QUERIES):
        response = client.get(chapter.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Odstavec 8 kapitoly 6." in html
    assert "consultation-banner" in html
    assert html.count(reverse("consultation_comment", args=[consultation.pk])) == 8
    assert "PS Rodiny s dětmi" in html  # chapter 6's responsible group, from the frozen text


def test_chapter_shows_the_target_groups_of_the_text_it_serves(plan_world, client):
    """The live chapter shows its live groups; a chapter under consultation those of the text frozen for it."""
    from cms.models import TargetGroup

    homeless = TargetGroup.objects.create(code="bez-domova", name="Lidé bez domova", sort_order=0)
    regular, frozen = plan_world.regular, plan_world.chapters[5]
    through = type(regular).target_groups.through
    for chapter in (regular, frozen):  # changed on the live rows only, after the text was frozen
        through.objects.create(chapterpage_id=chapter.pk, targetgroup=homeless)
    regular_html = client.get(regular.url).content.decode()
    # First in the order of the groups (sort_order 0), then the chapter's own two.
    assert regular_html.index("Lidé bez domova") < regular_html.index("Senioři")
    frozen_html = client.get(frozen.url).content.decode()
    assert "Odstavec 8 kapitoly 6." in frozen_html and "consultation-banner" in frozen_html
    assert "Lidé bez domova" not in frozen_html


def test_strategic_part_of_150_activities_has_no_query_per_item(plan_world, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get(plan_world.part.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aktivita 8.4.3" in html or html.count("Aktivita ") >= 150


# --- what the one-query routing must not serve ----------------------------------------


def test_live_chapter_of_a_draft_plan_is_not_served(plan_world, client, admin_client):
    plan_world.plan.unpublish()
    for chapter in (plan_world.regular, plan_world.chapters[5]):
        response = client.get(chapter.url)
        assert response.status_code == 404
        assert "Odstavec 8" not in response.content.decode()
    assert client.get(plan_world.plan.url).status_code == 404
    # Staff still read it in the admin: the chapter's editor and its draft view.
    regular = plan_world.regular
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[regular.pk])).status_code == 200
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[regular.pk]))
    assert draft.status_code == 200
    assert "Odstavec 8 kapitoly 13." in draft.content.decode()


def test_chapter_below_a_restricted_plan_asks_for_login(plan_world, client):
    PageViewRestriction.objects.create(page=plan_world.plan, restriction_type=PageViewRestriction.LOGIN)
    for chapter, text in ((plan_world.regular, "Odstavec 8 kapitoly 13."), (plan_world.chapters[5], "kapitoly 6.")):
        response = client.get(chapter.url)
        assert response.status_code == 302
        assert "login" in response["Location"]
        assert text not in response.content.decode()


def test_restricted_sibling_is_left_out_of_the_chapter_pager(plan_world, client):
    hidden = plan_world.chapters[6]
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(plan_world.chapters[5].url).content.decode()
    assert hidden.title not in html
    assert plan_world.chapters[7].title in html  # the next one the public may read
    assert client.get(hidden.url).status_code == 302


def test_other_territorys_private_page_is_not_served(plan_world, client):
    other = make_territory("Mikroregion Jinde", hostname="jinde.localhost")
    private = StandardPage(title="Interní zápis řídící skupiny", slug="interni-zapis")
    other.add_child(instance=private)
    private.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([other.steering_group.group])
    response = client.get("/interni-zapis/", HTTP_HOST="jinde.localhost")
    assert response.status_code == 302 and "login" in response["Location"]
    # Asked on the first territory's address, the path is not that page.
    response = client.get("/interni-zapis/")
    assert response.status_code == 404
    assert "Interní zápis" not in response.content.decode()


def test_draft_and_withdrawn_chapters_are_not_served(plan_world, client):
    draft = make_chapter(plan_world.plan, "Rozpracovaná kapitola", number=30, publish=False)
    assert client.get(f"{plan_world.plan.url}rozpracovana-kapitola/").status_code == 404
    assert draft.pk
    withdrawn = plan_world.chapters[2]
    url = withdrawn.url
    withdrawn.unpublish()
    assert client.get(url).status_code == 404
    # The siblings' pager no longer links to it.
    assert withdrawn.title not in client.get(plan_world.chapters[3].url).content.decode()


def test_pages_served_by_the_one_query_routing_are_valid_html(plan_world, client):
    """The frame now built from the routing's chain (breadcrumbs, menu, footer, pager) stays valid HTML (vnu)."""
    from tests.browser import html_errors_many

    documents = {
        name: client.get(page.url).content.decode()
        for name, page in (
            ("plain", plan_world.plain),
            ("regular chapter", plan_world.regular),
            ("chapter under consultation", plan_world.chapters[5]),
        )
    }
    assert html_errors_many(documents) == {}


def test_standard_page_lists_only_the_subpages_the_public_may_open(plan_world, client):
    parent = plan_world.plain
    shown, restricted, draft = (
        StandardPage(title="Zveřejněná podstránka", slug="zverejnena"),
        StandardPage(title="Podstránka jen pro členy", slug="jen-pro-cleny"),
        StandardPage(title="Rozepsaná podstránka", slug="rozepsana", live=False),
    )
    for child in (shown, restricted, draft):
        parent.add_child(instance=child)
        if child.live:
            child.save_revision().publish()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    parent.refresh_from_db()
    html = client.get(parent.url).content.decode()
    assert "Zveřejněná podstránka" in html
    assert "Podstránka jen pro členy" not in html and "Rozepsaná podstránka" not in html
