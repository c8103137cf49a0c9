"""When the plan's PDF is made again: a publish (in the background), a settled comment; never in the request."""

import pytest

from publication.models import PlanPublication, PublicationStatus
from publication.services import request_plan_pdf
from publication.tasks import render_pending_publications
from tests.factories import make_chapter, make_plan, make_territory
from tests.publication.pdf_structure import page_texts
from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.consultation import services as consultation

pytestmark = pytest.mark.django_db
HOST = "pdf-na-pozadi.localhost"


def pdf_text(publication):
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.READY, publication.error
    return "\n".join(page_texts(publication.file.open("rb").read()))


def test_a_publish_asks_for_the_pdf_the_sweep_renders_it_and_the_link_waits(
    client, settings, django_capture_on_commit_callbacks
):
    # The test settings, like a deployment whose worker is busy: the publish only records the request.
    assert settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS is False
    territory = make_territory("ORP Na pozadí", hostname=HOST)
    plan = make_plan(territory, "Plán na pozadí")
    with django_capture_on_commit_callbacks(execute=True):
        make_chapter(plan, "Úvod", paragraphs=("Text úvodu na pozadí.",))
    pending = PlanPublication.objects.get(plan=plan)
    assert pending.status == PublicationStatus.PENDING

    response = client.get(f"/publikace/plan-{plan.pk}.pdf", HTTP_HOST=HOST)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "PDF se připravuje" in response.content.decode()
    assert "ke-stazeni" not in client.get(plan.url, HTTP_HOST=HOST).content.decode()  # no link yet

    assert render_pending_publications(older_than_seconds=0) == 1
    assert "Text úvodu na pozadí." in pdf_text(pending)
    response = client.get(f"/publikace/plan-{plan.pk}.pdf", HTTP_HOST=HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ke-stazeni" in client.get(plan.url, HTTP_HOST=HOST).content.decode()


@pytest.mark.usefixtures("fresh_rate_limits")
def test_settling_a_comment_makes_a_new_pdf_with_the_settlement(settings, django_capture_on_commit_callbacks):
    settings.TRIADA_PUBLICATION_RENDER_IN_PROCESS = True  # as in the embedded mode, or with a worker
    _territory, plan, chapter, workflow, people = build(hostname="vyporadani-pdf.localhost")
    open_consultation = start_consultation(workflow, chapter, people["coordinator"])
    comment = consultation.submit_public_comment(
        open_consultation,
        data=form_data(open_consultation, text="Chybí denní stacionář."),
    )
    with django_capture_on_commit_callbacks(execute=True):
        before = request_plan_pdf(plan)
    assert "Stacionáře" not in pdf_text(before)

    with django_capture_on_commit_callbacks(execute=True):
        comment = consultation.settle_comment(
            comment,
            user=people["coordinator"],
            outcome="accepted",
            justification="Stacionáře.",  # one word: a narrow table cell wraps longer text
        )
    with django_capture_on_commit_callbacks(execute=True):
        consultation.confirm_settlement(comment, user=people["steering"])
    newest = PlanPublication.objects.filter(plan=plan).latest("pk")
    assert newest.pk != before.pk
    assert "Stacionáře" in pdf_text(newest)
    assert before.is_ready  # the earlier version stays


def test_publishing_an_action_plan_asks_for_a_pdf_with_it(django_capture_on_commit_callbacks):
    from implementation.models import ActionPlanPage

    territory = make_territory("ORP Akční plán", hostname="pdf-akcni-plan.localhost")
    plan = make_plan(territory, "Plán s akčním plánem")
    with django_capture_on_commit_callbacks(execute=True):
        make_chapter(plan, "Úvod", paragraphs=("Text úvodu.",))
    first = PlanPublication.objects.get(plan=plan)
    action_plan = ActionPlanPage(title="Akční plán 2026", slug="akcni-plan-2026", year=2026, intro="<p>Akce roku.</p>")
    plan.add_child(instance=action_plan)
    with django_capture_on_commit_callbacks(execute=True):
        action_plan.save_revision().publish()
    newest = PlanPublication.objects.filter(plan=plan).exclude(pk=first.pk).get()
    assert render_pending_publications(older_than_seconds=0) >= 1
    text = pdf_text(newest)
    assert "Akční plán 2026" in text and "Akce roku." in text
