from cms.models import ChapterPage, PlanningBody
from tests.factories import make_chapter, make_plan, make_territory


def test_a_territory_with_a_plan_and_chapter_is_served(db, client):
    territory = make_territory("ORP Testov", hostname="testserver", default_site=True)
    plan = make_plan(territory)
    chapter = make_chapter(plan, "Úvod", group=territory.wg_seniors)
    assert PlanningBody.objects.filter(territory=territory).count() == 4
    assert ChapterPage.objects.get(pk=chapter.pk).responsible_group == territory.wg_seniors
    response = client.get(chapter.url)
    assert response.status_code == 200
