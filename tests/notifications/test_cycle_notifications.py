"""Notices of the plan cycle through a real Redis, a real Celery worker and SMTP.

Comments reach the chapter's working group and the territory's coordinators; a proposed
settlement reaches the steering group (its chair too); a publication reaches the coordinators.
Every inbox entry names the stage, chapter, plan and territory, quotes the comment (escaped,
shortened) and opens the comment's settlement form. Nobody hears of one event twice.
"""

import pytest
from django.urls import reverse

from notifications.models import Channel, Notification, NotificationEvent, NotificationKind, NotificationStatus
from tests.celery_worker import wait_until
from tests.factories import make_user
from tests.workflows.test_consultation_support import build, form_data, start_consultation
from workflows.consultation import services
from workflows.models import Comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LONG_TEXT = "Chybí <script>alert(1)</script> denní stacionář. " + "Velmi dlouhé odůvodnění. " * 30 + "KONEC-TEXTU"


def settled_out():
    """Every event fanned out and every immediate e-mail sent."""
    wait_until(
        lambda: (
            not NotificationEvent.objects.not_fanned_out().exists()
            and not Notification.objects.filter(channel=Channel.EMAIL, status=NotificationStatus.PENDING).exists()
        ),
        message="the outbox delivered",
    )


def inbox_of(kind):
    return sorted(
        Notification.objects.filter(kind=kind, channel=Channel.INBOX).values_list("user__username", flat=True)
    )


@pytest.fixture
def cycle(celery_worker, smtp_sink, client):
    territory, plan, chapter, workflow, people = build()
    # A coordinator who is also in the working group, and a steering-group chair outside its user group.
    people["both"] = make_user("dvoji", groups=[territory.coordinator_group, territory.wg_seniors])
    people["chair"] = make_user("predseda")
    territory.steering_group.chair = people["chair"]
    territory.steering_group.save(update_fields=["chair"])
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    settled_out()
    smtp_sink.clear()
    return territory, plan, chapter, consultation, people


def test_a_comment_reaches_working_group_and_coordinators_once_each_with_where_and_text(
    client, cycle, smtp_sink, celery_worker
):
    from tests.services import start_redis, stop_redis

    _territory, plan, chapter, consultation, people = cycle
    url = reverse("consultation_comment", args=[consultation.pk])
    stop_redis()  # the worker's broker is gone: the comment is stored, its notices wait in the outbox
    try:
        response = client.post(url, form_data(consultation, target=f"chapter:{chapter.pk}", text=LONG_TEXT))
        assert response.status_code == 302
        assert NotificationEvent.objects.filter(kind=NotificationKind.PUBLIC_COMMENT).exists()
    finally:
        start_redis()
    from notifications.tasks import sweep_outbox

    sweep_outbox.delay()  # the beat's sweeper picks up what the lost enqueue did not hand over
    settled_out()
    comment = Comment.objects.get()

    # the chapter's working group and the coordinators; the person in both once; nobody else
    assert inbox_of(NotificationKind.PUBLIC_COMMENT) == ["dvoji", "koordinatorka", "seniori"]
    assert sorted(smtp_sink.recipients()) == ["dvoji@example.cz", "koordinatorka@example.cz", "seniori@example.cz"]
    [mail] = smtp_sink.to("koordinatorka@example.cz")
    assert " ".join(str(mail["Subject"]).split()) == "Nová připomínka č. 1: 3. Senioři"
    text = mail.get_body(("plain",)).get_content()
    assert "Fáze: Veřejné připomínky" in text and "Kapitola: 3. Senioři" in text
    assert f"Plán: {plan.title}" in text and "Území: ORP Připomínkov" in text
    assert "KONEC-TEXTU" in text  # the e-mail carries the whole comment
    assert reverse("consultation_admin:comment", args=[comment.pk]) in text

    client.force_login(people["coordinator"])
    html = client.get(reverse("notifications_inbox")).content.decode()
    assert "Nová připomínka č. 1: 3. Senioři" in html
    assert "Fáze: Veřejné připomínky · Kapitola: 3. Senioři · Plán: " in html and "Území: ORP Připomínkov" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "KONEC-TEXTU" not in html and "…" in html  # the inbox shortens a long comment

    # the entry opens the settlement form of that very comment
    entry = Notification.objects.get(kind=NotificationKind.PUBLIC_COMMENT, user=people["wg"], channel=Channel.INBOX)
    client.force_login(people["wg"])
    response = client.get(reverse("notifications_open", args=[entry.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("consultation_admin:comment", args=[comment.pk]))
    page = client.get(response["Location"]).content.decode()
    assert 'name="outcome"' in page and 'name="justification"' in page


def test_a_proposed_settlement_asks_the_steering_group_and_its_chair_to_confirm(client, cycle, smtp_sink):
    _territory, _plan, chapter, consultation, people = cycle
    client.post(
        reverse("consultation_comment", args=[consultation.pk]),
        form_data(consultation, target=f"chapter:{chapter.pk}", text="Doplnit odlehčovací službu."),
    )
    settled_out()
    smtp_sink.clear()
    comment = Comment.objects.get()
    services.settle_comment(comment, user=people["wg"], outcome="accepted", justification="Doplníme.")
    settled_out()

    assert inbox_of(NotificationKind.SETTLEMENT_PROPOSED) == ["predseda", "ridici"]
    assert sorted(smtp_sink.recipients()) == ["predseda@example.cz", "ridici@example.cz"]
    [mail] = smtp_sink.to("predseda@example.cz")
    assert " ".join(str(mail["Subject"]).split()) == "Vypořádání čeká na vaše potvrzení: připomínka č. 1, 3. Senioři"
    text = mail.get_body(("plain",)).get_content()
    assert "vyhověno" in text and "Doplníme." in text and "Doplnit odlehčovací službu." in text
    assert reverse("consultation_admin:comment", args=[comment.pk]) in text

    # a changed proposal asks again; the same proposal saved once is one notice
    services.settle_comment(comment, user=people["wg"], outcome="partly_accepted", justification="Zčásti.")
    settled_out()
    assert inbox_of(NotificationKind.SETTLEMENT_PROPOSED) == ["predseda", "predseda", "ridici", "ridici"]


def test_publication_of_a_chapter_reaches_the_coordinators(cycle, smtp_sink):
    _territory, _plan, chapter, _consultation, people = cycle
    chapter.save_revision(user=people["wg"]).publish()
    settled_out()
    assert inbox_of(NotificationKind.PUBLISHED) == ["dvoji", "koordinatorka"]
    [mail] = smtp_sink.to("koordinatorka@example.cz")
    assert " ".join(str(mail["Subject"]).split()) == "Zveřejněno: 3. Senioři"
    assert "Území: ORP Připomínkov" in mail.get_body(("plain",)).get_content()
