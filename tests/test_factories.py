"""The builders give what a visitor and a coordinator see on a real installation."""

from cms.models import PlanningBody
from tests.factories import make_chapter, make_plan, make_territory


def test_a_territory_with_a_plan_and_chapter_is_served(db, client):
    territory = make_territory("ORP Testov", hostname="testserver", default_site=True)
    plan = make_plan(territory)
    chapter = make_chapter(plan, "Úvod", group=territory.wg_seniors, paragraphs=("Senioři v obcích území.",))
    draft = make_chapter(plan, "Rozpracovaná kapitola", number=2, publish=False)

    names = set(PlanningBody.objects.filter(territory=territory).values_list("name", flat=True))
    assert names == {"Řídící skupina", "Zastupitelstvo", "PS Senioři", "PS Rodiny s dětmi"}
    page = client.get(chapter.url).content.decode()
    assert "Úvod" in page and "Senioři v obcích území." in page
    assert "PS Senioři" in page  # the responsible group is named on the chapter
    plan_page = client.get(plan.url).content.decode()
    assert "Úvod" in plan_page and "Rozpracovaná kapitola" not in plan_page
    assert client.get(draft.relative_url(territory.get_site())).status_code == 404
