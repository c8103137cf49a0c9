"""Two territories with public content and, beside it, everything the public must never get.

Every hidden thing has "TAJNE" in its title, so a test can look for the word in
any response (API, sitemap, feed) instead of listing what to leave out.
"""

import datetime

from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.models import NewsPage, Publicity
from tests.factories import make_chapter, make_plan, make_territory
from tests.meetings.helpers import make_meeting, make_meeting_index
from tests.site_content import build_site, make_document, make_strategic_part

SECRET = "TAJNE"
HOST = "otevrena-data.localhost"
OTHER_HOST = "sousedni.localhost"


def build_world():
    from workflows.models.consultation import Consultation

    site = build_site("ORP Otevřená data", hostname=HOST)
    territory, plan = site["territory"], site["plan"]

    # Drafts, restricted pages and a whole draft plan, with a live chapter and strategic part under it.
    make_chapter(plan, f"{SECRET} rozpracovaná kapitola", number=7, publish=False)
    private = make_chapter(plan, f"{SECRET} neveřejná kapitola", number=8)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    draft_plan = make_plan(territory, f"{SECRET} koncept plánu 2029–2031", period=(2029, 2031), publish=False)
    make_chapter(draft_plan, f"{SECRET} kapitola konceptu", number=1)
    make_strategic_part(draft_plan, number=2, title=f"{SECRET} strategie konceptu")
    news_draft = NewsPage(title=f"{SECRET} nezveřejněná aktualita", slug="koncept-aktuality", live=False)
    site["news_index"].add_child(instance=news_draft)
    news_draft.save_revision()

    make_document(f"{SECRET} interní zápis řídící skupiny", publicity=Publicity.INTERNAL, size=2000)
    public_document = make_document("Leták pro seniory", size=3000)

    meetings = make_meeting_index(territory)
    public_meeting = make_meeting(meetings, territory.wg_seniors, "Jednání PS Senioři")
    hidden_body = territory.wg_families
    hidden_body.is_public = False
    hidden_body.save()
    make_meeting(meetings, hidden_body, f"{SECRET} jednání neveřejné skupiny")
    make_meeting(meetings, territory.wg_seniors, f"{SECRET} koncept jednání", publish=False, days=10)

    now = timezone.now()
    consultation = Consultation.objects.create(
        plan=plan, title="Připomínkování plánu 2026–2028", starts_at=now, ends_at=now + datetime.timedelta(days=14)
    )
    Consultation.objects.create(
        plan=plan,
        title=f"{SECRET} připomínkování, které ještě nezačalo",
        starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=44),
    )

    other = make_territory("ORP Sousední", hostname=OTHER_HOST)
    other_plan = make_plan(other, "Plán sousedního území")
    make_chapter(other_plan, "Úvod sousedů")
    return {
        **site,
        "draft_plan": draft_plan,
        "private_chapter": private,
        "public_document": public_document,
        "public_meeting": public_meeting,
        "consultation": consultation,
        "other": other,
        "other_plan": other_plan,
    }
