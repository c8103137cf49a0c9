"""The plan's PDFs in the admin: per version, an earlier adopted text on request, regenerate; coordinators only."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from cms.models import ChapterPage, PlanPage
from publication.models import PlanPublication, PublicationStatus
from tests.factories import PASSWORD, make_chapter, make_plan, make_territory, make_user
from tests.publication.pdf_structure import page_texts

pytestmark = pytest.mark.django_db
HOST = "verze-pdf.localhost"


@pytest.fixture
def versions(settings):
    """A plan published twice: first 'Původní znění' (a day ago), now 'Nové znění' of its chapter."""
    settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS = False  # nothing renders until a coordinator asks
    territory = make_territory("ORP Verze", hostname=HOST)
    plan = make_plan(territory, "Plán s verzemi")
    chapter = make_chapter(plan, "Úvod", paragraphs=("Původní znění úvodu.",))
    first_revision = PlanPage.objects.get(pk=plan.pk).live_revision
    PageLogEntry.objects.all().update(timestamp=datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC))
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    chapter.body = [{"type": "paragraph", "value": "<p>Nové znění úvodu.</p>"}]
    chapter.save_revision().publish()
    plan = PlanPage.objects.get(pk=plan.pk)
    plan.save_revision().publish()
    coordinator = make_user(groups=[territory.coordinator_group])
    other = make_territory("ORP Jinde", hostname="jinde-verze.localhost")
    return {
        "territory": territory,
        "plan": plan,
        "first_revision": first_revision,
        "coordinator": coordinator,
        "member": make_user(groups=[territory.wg_seniors]),
        "other_coordinator": make_user(groups=[other.coordinator_group]),
    }


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def pdf_text(publication):
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.READY, publication.error
    return "\n".join(page_texts(publication.file.open("rb").read()))


def test_coordinator_requests_an_earlier_version_and_regenerates_it(
    client, versions, django_capture_on_commit_callbacks
):
    plan = versions["plan"]
    login(client, versions["coordinator"])
    form = client.get(reverse("publication_pdfs:request"))
    assert form.status_code == 200
    html = form.content.decode()
    old_value = f"{plan.pk}:{versions['first_revision'].pk}"
    assert f'value="{old_value}"' in html and f'value="{plan.pk}:live"' in html
    assert "Zveřejněno" in html  # Czech labels of the versions

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("publication_pdfs:request"), {"version": old_value})
    assert response.status_code == 302
    old = PlanPublication.objects.get(plan=plan, as_of__isnull=False)
    text = pdf_text(old)
    assert "Původní znění úvodu." in text and "Nové znění" not in text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publication_pdfs:request"), {"version": f"{plan.pk}:live"})
    live = PlanPublication.objects.get(plan=plan, as_of__isnull=True)
    assert "Nové znění úvodu." in pdf_text(live)

    index = client.get(reverse("publication_pdfs:index")).content.decode()
    assert index.count("Plán s verzemi") >= 2 and index.count("připraveno") >= 2
    assert re.search(r"\d+(,\d)?\s(kB|KB|MB)", index), "the size of each PDF is listed"
    download = client.get(reverse("publication_pdfs:download", args=[old.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    first_generated = old.generated_at
    assert client.get(reverse("publication_pdfs:regenerate", args=[old.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("publication_pdfs:regenerate", args=[old.pk])).status_code == 302
    old.refresh_from_db()
    assert old.status == PublicationStatus.READY and old.generated_at > first_generated
    assert PlanPublication.objects.filter(plan=plan).count() == 2  # a new render, not a new version


@pytest.mark.parametrize("role", ["member", "other_coordinator", "anonymous"])
def test_nobody_else_lists_requests_downloads_or_regenerates(client, versions, role):
    plan = versions["plan"]
    publication = PlanPublication.objects.create(
        plan=plan, fingerprint="f" * 64, status=PublicationStatus.READY, file="publications/x.pdf", file_size=10
    )
    if role != "anonymous":
        login(client, versions[role])
    index = client.get(reverse("publication_pdfs:index"))
    assert "Plán s verzemi" not in index.content.decode()
    if role == "member":
        assert index.status_code in (302, 403)
        assert "/admin/plan-pdf/" not in client.get("/admin/").content.decode()  # no menu item
    request_page = client.get(reverse("publication_pdfs:request"))
    assert "Plán s verzemi" not in request_page.content.decode()
    before = PlanPublication.objects.count()
    client.post(reverse("publication_pdfs:request"), {"version": f"{plan.pk}:live"})
    assert PlanPublication.objects.count() == before
    for path in (f"/admin/plan-pdf/edit/{publication.pk}/", f"/admin/plan-pdf/delete/{publication.pk}/"):
        response = client.get(path)
        assert response.status_code in (302, 403, 404) and "Plán s verzemi" not in response.content.decode()
    for name in ("download", "regenerate"):
        response = client.post(reverse(f"publication_pdfs:{name}", args=[publication.pk]))
        assert response.status_code in (302, 403, 404)
        assert response.get("Content-Type") != "application/pdf"
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.READY  # not sent back to rendering


def test_coordinator_sees_the_menu_item(client, versions):
    login(client, versions["coordinator"])
    assert "/admin/plan-pdf/" in client.get("/admin/").content.decode()


def test_an_earlier_version_names_the_resolution_that_adopted_it_not_todays(
    client, versions, django_capture_on_commit_callbacks
):
    """The cover of the 2026-01 text says it was adopted by ZM/1/2026, though the plan is now adopted by ZM/9/2026."""
    from workflows.models import CouncilResolution

    plan, council = versions["plan"], versions["territory"].council
    when = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    CouncilResolution.objects.create(
        page=plan,
        plan=plan,
        body=council,
        number="ZM/1/2026",
        date=datetime.date(2026, 1, 4),
        meeting="1. zasedání",
        outcome="adopted",
        purpose="final",
        recorded_at=when,
    )
    CouncilResolution.objects.create(
        page=plan,
        plan=plan,
        body=council,
        number="ZM/9/2026",
        date=datetime.date(2026, 11, 30),
        meeting="9. zasedání",
        outcome="adopted",
        purpose="final",
    )
    PlanPage.objects.filter(pk=plan.pk).update(
        approval_resolution_number="ZM/9/2026", approval_date=datetime.date(2026, 11, 30), approval_body=council.name
    )
    login(client, versions["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publication_pdfs:request"), {"version": f"{plan.pk}:{versions['first_revision'].pk}"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publication_pdfs:request"), {"version": f"{plan.pk}:live"})
    old_text = pdf_text(PlanPublication.objects.get(plan=plan, as_of__isnull=False))
    live_text = pdf_text(PlanPublication.objects.get(plan=plan, as_of__isnull=True))
    assert "ZM/1/2026" in old_text and "ZM/9/2026" not in old_text
    assert "ZM/9/2026" in live_text


def test_an_earlier_version_has_the_annexes_that_stood_then(client, versions, django_capture_on_commit_callbacks):
    """Its action plan as published then, no action plan or consultation begun later; the live PDF has today's."""
    from implementation.models import ActionPlanPage
    from workflows.models import Consultation

    plan, then = versions["plan"], datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    action_plan = ActionPlanPage(
        title="Akční plán 2026", slug="akcni-plan-2026", year=2026, intro="<p>Původní akce.</p>"
    )
    plan.add_child(instance=action_plan)
    action_plan.save_revision().publish()
    PageLogEntry.objects.filter(page=action_plan).update(timestamp=then)
    action_plan = ActionPlanPage.objects.get(pk=action_plan.pk)
    action_plan.intro = "<p>Upravené akce.</p>"
    action_plan.save_revision().publish()
    later = ActionPlanPage(title="Akční plán 2027", slug="akcni-plan-2027", year=2027, intro="<p>Akce roku 2027.</p>")
    plan.add_child(instance=later)
    later.save_revision().publish()
    Consultation.objects.create(
        plan=plan,
        title="Připomínky k aktualizaci",
        starts_at=datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 6, 15, 8, 0, tzinfo=datetime.UTC),
    )

    login(client, versions["coordinator"])
    for version in (f"{plan.pk}:{versions['first_revision'].pk}", f"{plan.pk}:live"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("publication_pdfs:request"), {"version": version})
    old_text = pdf_text(PlanPublication.objects.get(plan=plan, as_of__isnull=False))
    live_text = pdf_text(PlanPublication.objects.get(plan=plan, as_of__isnull=True))
    assert "Akční plán 2026" in old_text and "Původní akce." in old_text
    assert "Upravené akce." not in old_text and "Akční plán 2027" not in old_text
    assert "Připomínky k aktualizaci" not in old_text
    assert "Upravené akce." in live_text and "Akční plán 2027" in live_text
    assert "Připomínky k aktualizaci" in live_text
