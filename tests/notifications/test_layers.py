"""The notifications app's own seams: one template per kind, one safe enqueue, one attempt per eager run."""

import pytest
from django.utils import translation

from notifications import delivery
from notifications.messages import SEPARATOR, compose
from notifications.models import Channel, Notification, NotificationKind, NotificationStatus
from notifications.outbox import record_event
from tests.factories import make_user
from tests.services import free_port
from triada.enqueue import enqueue

CONTEXT = {
    "page": "4. Sociodemografická analýza",
    "actor": "Jana Nováková",
    "stage": "Projednání v pracovní skupině",
    "body": "PS Senioři",
    "title": "Komunitní plán 2026–2028",
    "territory": "ORP Lipov",
    "ends": "5. 3. 2026 14:00",
    "number": "7",
    "date": "1. 2. 2026",
    "outcome": "schváleno",
    "author": "Petr Svoboda",
    "due": "6. 3. 2026",
    "comment": "Chybí odlehčovací služby.",
}


def test_every_kind_speaks_czech_from_its_own_template():
    with translation.override("cs"):
        subjects = {kind: compose(kind, CONTEXT) for kind in NotificationKind.values}
    for kind, parts in subjects.items():
        assert parts["subject"] and parts["lines"] and parts["link_label"], kind
        assert all(line == line.strip() for line in parts["lines"])
    assert subjects["approved"]["subject"] == "Schváleno: 4. Sociodemografická analýza"
    assert subjects["consultation_opened"]["link_label"] != subjects["approved"]["link_label"]
    assert subjects["public_comment"]["quote_label"] != subjects["approved"]["quote_label"]
    assert len({parts["subject"] for parts in subjects.values()}) == len(NotificationKind.values)


def test_what_people_typed_cannot_split_a_message_into_parts():
    sneaky = {**CONTEXT, "page": f"Kapitola{SEPARATOR}lines\nPodvržený odstavec <b>"}
    with translation.override("cs"):
        parts = compose("approved", sneaky)
    assert len(parts["lines"]) == 1
    assert "Kapitola" in parts["subject"] and "<b>" in parts["subject"]  # text, escaped later by the templates
    assert SEPARATOR not in parts["subject"] + "".join(parts["lines"])


@pytest.mark.django_db
def test_an_eager_run_that_fails_costs_one_attempt_and_leaves_the_row_to_the_sweep(
    settings, django_capture_on_commit_callbacks, mailoutbox
):
    reader = make_user("ctenarka")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        record_event(NotificationKind.APPROVED, "eager:1", context=CONTEXT, user_ids=[reader.pk])
    row = Notification.objects.get(channel=Channel.EMAIL, user=reader)
    # Before, the task's autoretry looped inside the request until every attempt was spent.
    assert (row.status, row.attempts) == (NotificationStatus.PENDING, 1)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.sweep(grace_seconds=0)["sent"] == 1
    assert [m.to for m in mailoutbox] == [[reader.email]]


@pytest.mark.django_db
def test_with_redis_stopped_enqueueing_gives_up_and_the_save_goes_through(
    settings, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    from cms.models import TriadaDocument
    from cms.models.media import ExtractionStatus
    from tests.services import start_redis, stop_redis
    from triada.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    stop_redis()
    try:
        assert enqueue("notifications.sweep_outbox") is False
        with django_capture_on_commit_callbacks(execute=True):
            document = TriadaDocument(title="Nahráno bez Redisu")
            document.file.save("bez.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
            document.save()  # enqueues the text extraction after commit; must not raise
    finally:
        start_redis()
        app.conf.task_always_eager = True
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.PENDING  # the extraction sweep takes it later
