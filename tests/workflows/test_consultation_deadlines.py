"""Deadlines at the boundary (time frozen), late and staff-recorded comments."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.workflows.test_consultation_support import (  # noqa: F401 (fixture)
    build,
    form_data,
    fresh_rate_limits,
    start_consultation,
)
from workflows.models import Comment, ConsultationEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


@pytest.fixture
def consultation_setup():
    territory, plan, chapter, workflow, people = build()
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    return consultation, chapter, people


def test_a_comment_one_second_before_the_deadline_is_accepted(client, consultation_setup):
    consultation, chapter, _people = consultation_setup
    with time_machine.travel(consultation.ends_at - datetime.timedelta(seconds=1), tick=False):
        response = client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.number == 1 and not comment.is_late
    assert comment.received_at == consultation.ends_at - datetime.timedelta(seconds=1)


def test_a_comment_at_the_deadline_is_refused_with_a_czech_message_and_nothing_stored(client, consultation_setup):
    consultation, chapter, _people = consultation_setup
    with time_machine.travel(consultation.ends_at, tick=False):
        response = client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation))
        form_page = client.get(reverse("consultation_comment", args=[consultation.pk]))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Lhůta pro připomínky skončila" in html
    assert consultation.ends_at_local.strftime("%-d. %-m. %Y %H:%M") in html
    assert not Comment.objects.exists()
    assert not ConsultationEvent.objects.filter(kind="comment_created").exists()
    consultation.refresh_from_db()
    assert consultation.last_number == 0
    # The form itself is no longer offered.
    assert form_page.status_code == 410
    assert "Odeslat připomínku" not in form_page.content.decode()


def test_the_deadline_is_checked_when_storing_not_only_when_showing_the_form(client, consultation_setup):
    """A form opened before the deadline and sent after it is refused."""
    consultation, _chapter, _people = consultation_setup
    with time_machine.travel(consultation.ends_at - datetime.timedelta(minutes=5), tick=False):
        assert client.get(reverse("consultation_comment", args=[consultation.pk])).status_code == 200
    with time_machine.travel(consultation.ends_at + datetime.timedelta(seconds=1), tick=False):
        response = client.post(reverse("consultation_comment", args=[consultation.pk]), form_data(consultation))
    assert response.status_code == 410
    assert not Comment.objects.exists()


def _record(client, consultation, received_at, **overrides):
    overrides.setdefault("channel", "post")
    data = form_data(consultation, received_at=received_at, **overrides)
    data.pop("website")
    return client.post(reverse("consultation_admin:record", args=[consultation.pk]), data)


def test_staff_record_comments_by_post_email_and_hearing(client, consultation_setup):
    consultation, chapter, people = consultation_setup
    received = consultation.starts_at_local + datetime.timedelta(days=2)
    with time_machine.travel(received + datetime.timedelta(hours=3), tick=False):
        client.force_login(people["coordinator"])
        response = _record(
            client,
            consultation,
            received.strftime("%Y-%m-%dT%H:%M"),
            channel="email",
            target=f"chapter:{chapter.pk}",
            author_name="Charita Připomínkov",
            triad_side="provider",
        )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.channel == "email"
    assert comment.recorded_by == people["coordinator"]
    assert comment.received_at == received.replace(second=0, microsecond=0)
    assert not comment.is_late and comment.outcome == ""
    assert comment.chapter_id == chapter.pk


def test_a_late_comment_is_recorded_as_late_and_defaults_to_disregarded(client, consultation_setup):
    consultation, chapter, people = consultation_setup
    late = consultation.ends_at_local + datetime.timedelta(days=1)
    with time_machine.travel(late + datetime.timedelta(days=1), tick=False):
        client.force_login(people["coordinator"])
        response = _record(client, consultation, late.strftime("%Y-%m-%dT%H:%M"), channel="hearing")
        assert response.status_code == 302
        detail = client.get(reverse("consultation_admin:detail", args=[consultation.pk])).content.decode()
    comment = Comment.objects.get()
    assert comment.is_late
    assert comment.outcome == "disregarded"
    assert comment.justification == "Připomínka byla podána po lhůtě."
    # Still to be confirmed by the steering group: it counts as unsettled.
    assert not comment.is_settled
    assert "opožděná" in detail


@pytest.mark.parametrize("role", ["wg", "council", "other_wg"])
def test_only_coordinator_or_steering_group_record_comments(client, consultation_setup, role):
    consultation, _chapter, people = consultation_setup
    client.force_login(people[role])
    response = _record(client, consultation, consultation.starts_at_local.strftime("%Y-%m-%dT%H:%M"))
    # Wagtail turns the refusal into a redirect to the dashboard with an error message.
    assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    assert not Comment.objects.exists()


def test_anonymous_cannot_record(client, consultation_setup):
    consultation, _chapter, _people = consultation_setup
    response = _record(client, consultation, consultation.starts_at_local.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Comment.objects.exists()
