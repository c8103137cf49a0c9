"""The coordinator's plan list and a plan's approval matrix, on Wagtail's ReportView, through the real views."""

import pytest
from django.test import Client

from tests.factories import make_chapter, make_plan, make_territory
from tests.workflows.review_setup import act, build_world
from workflows.review.transitions import submit_plan

pytestmark = pytest.mark.django_db

PLANS = "/admin/schvalovani/plans/"


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def plan_queries(captured):
    return sum(1 for query in captured.captured_queries if 'FROM "cms_planpage"' in query["sql"])


def state_queries(captured):
    tables = ('FROM "wagtailcore_workflowstate"', 'FROM "wagtailcore_taskstate"')
    return sum(1 for query in captured.captured_queries if any(table in query["sql"] for table in tables))


@pytest.fixture
def world():
    world = build_world()
    elsewhere = make_territory("ORP Jinde")
    make_plan(elsewhere, title="Plán jiného území")
    return world


def test_the_plan_list_shows_status_filters_and_exports_only_the_coordinators_plans(world):
    coordinator = client_of(world.coordinator)
    html = coordinator.get(PLANS).content.decode()
    assert "Komunitní plán 2026–2028" in html and "Plán jiného území" not in html
    assert "ORP Testov" in html and "rozpracovaný" in html
    assert f"/admin/schvalovani/plan/{world.plan.pk}/" in html

    submit_plan(world.plan, world.coordinator)
    html = coordinator.get(PLANS, {"status": "in_review"}).content.decode()
    assert "Komunitní plán 2026–2028" in html and "ve schvalování" in html
    assert "Komunitní plán 2026–2028" not in coordinator.get(PLANS, {"status": "adopted"}).content.decode()

    export = coordinator.get(PLANS, {"export": "csv"})
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0] == "Plán,Období,Území,Stav"
    assert rows[1:] == ["Komunitní plán 2026–2028,2026–2028,ORP Testov,ve schvalování"]

    # Nobody else: a working-group member is refused.
    refused = client_of(world.wg_member).get(PLANS)
    assert refused.status_code in (302, 403) and "Komunitní plán" not in refused.content.decode()


def test_the_plan_list_reads_in_the_same_number_of_queries_for_more_plans(world, django_assert_max_num_queries):
    coordinator = client_of(world.coordinator)
    coordinator.get(PLANS)  # warm the session and the content types
    with django_assert_max_num_queries(200) as one_plan:
        coordinator.get(PLANS)
    for year in (2029, 2032, 2035, 2038):
        make_plan(world.territory, title=f"Komunitní plán {year}", period=(year, year + 2))
    with django_assert_max_num_queries(200) as five_plans:
        html = coordinator.get(PLANS).content.decode()
    # Neither the list's own queries (plans, their territories, the count) nor the admin frame's
    # menu items grow with the plans.
    assert plan_queries(five_plans) == plan_queries(one_plan) <= 8
    assert len(five_plans.captured_queries) <= len(one_plan.captured_queries) + 2
    assert "Komunitní plán 2038" in html


def test_the_matrix_names_each_stage_its_holder_and_exports_it(world, django_assert_max_num_queries):
    submit_plan(world.plan, world.coordinator)
    act(world.chapter, world.wg_member, "approve")
    coordinator = client_of(world.coordinator)
    url = f"/admin/schvalovani/plan/{world.plan.pk}/"
    html = coordinator.get(url).content.decode()
    assert "1. Senioři" in html and "2. Rodiny s dětmi" in html
    assert "ORP Testov" in html and "Předložit všechny kapitoly ke schválení" in html
    assert "rozhoduje Řídící skupina" in html  # the chapter's current stage and who holds it
    assert "rozhoduje PS Rodiny" in html

    export = coordinator.get(url, {"export": "csv"})
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert rows[0].startswith("Kapitola,Projednání v pracovní skupině")
    assert rows[1].startswith('1. Senioři,"Schváleno') and "rozhoduje Řídící skupina" in rows[1]

    coordinator.get(url)
    with django_assert_max_num_queries(400) as two:
        coordinator.get(url)
    for number in range(3, 9):
        make_chapter(world.plan, f"Kapitola {number}", number=number, group=world.territory.wg_families)
    with django_assert_max_num_queries(400) as eight:
        html = coordinator.get(url).content.decode()
    # Workflow and task states, bodies and holders are read in bulk, whatever the number of chapters.
    assert state_queries(eight) == state_queries(two)
    assert len(eight.captured_queries) <= len(two.captured_queries) + 2, [
        q["sql"] for q in eight.captured_queries[len(two.captured_queries) - 5 :]
    ]
    assert "8. Kapitola 8" in html

    other = client_of(world.other_wg_member).get(url)
    assert other.status_code in (302, 403) and "Senioři" not in other.content.decode()
