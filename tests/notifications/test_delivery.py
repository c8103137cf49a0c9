"""Notifications through a real Redis and a real Celery worker process (not eager).

Every e-mail goes over SMTP to a sink in this process, so what is counted is
what the worker really sent.
"""

import pytest
from django.db import transaction

from notifications.models import Channel, Notification, NotificationEvent, NotificationStatus
from tests.celery_worker import wait_until
from tests.factories import make_user
from tests.workflows.review_setup import act, build_world, resolution_data, stage_of, submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def delivered(sink, expected):
    """Wait until every e-mail row is sent and the sink holds exactly `expected` messages."""

    def done():
        if NotificationEvent.objects.not_fanned_out().exists():
            return False
        pending = Notification.objects.filter(channel=Channel.EMAIL).exclude(status=NotificationStatus.SENT)
        return not pending.exists() and len(sink.snapshot()) >= expected

    wait_until(done, message=f"{expected} e-mails")
    return sink.snapshot()


def subjects_by_recipient(messages):
    result = {}
    for recipients, message in messages:
        for address in recipients:
            result.setdefault(address, []).append(" ".join(str(message["Subject"]).split()))
    return result


def test_review_events_reach_exactly_their_recipients_in_czech(celery_worker, smtp_sink):
    world = build_world()
    second_wg = make_user("seniorka2", groups=[world.territory.wg_seniors])
    make_user("nezucastneny")  # in no body: must never hear anything

    with transaction.atomic():
        submit(world)
    messages = delivered(smtp_sink, 1)
    assert subjects_by_recipient(messages) == {second_wg.email: ["K posouzení: 1. Senioři"]}
    body = messages[0][1].get_body(("plain",)).get_content()
    assert "předložil" in body and "Senioři" in body

    smtp_sink.clear()
    act(world.chapter, second_wg, "approve", comment="Dobrá práce <b>tučně</b>")
    # stage 1 approved → submitter (the working group's other member); stage 2 submitted → steering group
    steering = {user.email for user in world.steering}
    messages = delivered(smtp_sink, 1 + len(steering))
    by_recipient = subjects_by_recipient(messages)
    assert by_recipient.pop(world.wg_member.email) == ["Schváleno: 1. Senioři"]
    assert by_recipient == {address: ["K posouzení: 1. Senioři"] for address in steering}
    approval = next(m for r, m in messages if world.wg_member.email in r)
    assert "Dobrá práce <b>tučně</b>" in approval.get_body(("plain",)).get_content()
    html = approval.get_body(("html",)).get_content()
    assert "&lt;b&gt;tučně&lt;/b&gt;" in html and "<b>tučně</b>" not in html

    smtp_sink.clear()
    act(world.chapter, world.steering_member, "reject", comment="Doplňte data.")
    messages = delivered(smtp_sink, 2)
    assert subjects_by_recipient(messages) == {
        world.wg_member.email: ["Požadovány úpravy: 1. Senioři"],
        second_wg.email: ["Požadovány úpravy: 1. Senioři"],
    }


def test_council_resolution_reaches_coordinator_steering_and_working_groups(celery_worker, smtp_sink):
    world = build_world()
    with transaction.atomic():
        submit(world)
    act(world.chapter, world.wg_member, "approve")
    act(world.chapter, world.steering_member, "approve")
    # the three steering members were asked to review; then "approved" to the submitter and the council asked
    by_recipient = subjects_by_recipient(delivered(smtp_sink, 5))
    assert by_recipient == {
        **{user.email: ["K posouzení: 1. Senioři"] for user in world.steering},
        world.wg_member.email: ["Schváleno: 1. Senioři"],
        world.secretary.email: ["K posouzení: 1. Senioři"],
    }
    smtp_sink.clear()

    act(world.chapter, world.secretary, "record_resolution", **resolution_data(number="ZM/7/2026"))
    expected_council = {
        world.coordinator.email,
        world.wg_member.email,
        world.other_wg_member.email,
        *(user.email for user in world.steering),
    }
    # then: "approved" to the submitter, and the public-comment stage opens a consultation
    consultation_to = {world.coordinator.email, world.wg_member.email, world.other_wg_member.email}
    messages = delivered(smtp_sink, len(expected_council) + 1 + len(consultation_to))
    by_subject = {}
    for address, subjects in subjects_by_recipient(messages).items():
        for subject in subjects:
            by_subject.setdefault(subject, set()).add(address)
    assert by_subject.pop("Usnesení zastupitelstva: 1. Senioři") == expected_council
    assert by_subject.pop("Schváleno: 1. Senioři") == {world.wg_member.email}
    assert len(by_subject) == 1, by_subject
    [(subject, addresses)] = by_subject.items()
    assert subject.startswith("Zahájeno veřejné připomínkování: ")
    assert addresses == consultation_to
    assert world.secretary.email not in expected_council | consultation_to


def message_ids(messages):
    return [str(message["Message-ID"]) for _recipients, message in messages]


def test_redis_down_during_50_transitions_nothing_lost_nothing_twice(celery_worker, smtp_sink):
    from tests.factories import make_chapter
    from tests.services import start_redis, stop_redis

    world = build_world()
    second_wg = make_user("seniorka2", groups=[world.territory.wg_seniors])
    chapters = [
        make_chapter(world.plan, f"Kapitola {n}", number=10 + n, group=world.territory.wg_seniors) for n in range(50)
    ]
    for chapter in chapters:
        with transaction.atomic():
            submit(world, page=chapter)
    delivered(smtp_sink, 50)
    smtp_sink.clear()

    stop_redis()
    try:
        for chapter in chapters:  # the working group approves: 50 transitions while the broker is down
            act(chapter, second_wg, "approve", comment="Souhlasíme.")
        # every transition succeeded; its notices wait in the outbox, not yet handed to anyone
        assert NotificationEvent.objects.not_fanned_out().exists()
    finally:
        start_redis()

    # each approval: "approved" to the submitter + "for your review" to the 3 steering members
    expected = 50 * (1 + len(world.steering))
    messages = delivered(smtp_sink, expected)
    ids = message_ids(messages)
    assert len(ids) == len(set(ids)) == expected
    assert len(smtp_sink.to(world.wg_member.email)) == 50
    for member in world.steering:
        assert len(smtp_sink.to(member.email)) == 50
    assert all(stage_of(chapter) == "SteeringGroupApprovalTask" for chapter in chapters)


def test_worker_killed_mid_batch_delivers_everything_exactly_once(celery_worker, smtp_sink):
    world = build_world()
    many = [make_user(f"clen{i}", groups=[world.territory.steering_group]) for i in range(60)]
    with transaction.atomic():
        submit(world)
    delivered(smtp_sink, 0)
    smtp_sink.clear()
    # the working group approves; the steering group (63 people) is asked to review
    expected = {user.email for user in [*world.steering, *many]}

    sent_before = Notification.objects.filter(channel=Channel.EMAIL, status=NotificationStatus.SENT).count()
    smtp_sink.hold_after_messages(20)  # the worker is mid-batch, waiting on the mail server
    act(world.chapter, world.wg_member, "approve")
    wait_until(lambda: len(smtp_sink.snapshot()) >= 20 and not smtp_sink.gate.is_set(), message="a half-sent batch")
    # Kill once every message the server accepted is recorded as sent: the documented
    # at-least-once window (accepted by SMTP, not yet committed) is not what this test is about.
    wait_until(
        lambda: (
            Notification.objects.filter(channel=Channel.EMAIL, status=NotificationStatus.SENT).count() - sent_before
            == len(smtp_sink.snapshot())
        ),
        message="the accepted messages recorded as sent",
    )
    celery_worker.kill()
    assert len(smtp_sink.snapshot()) < len(expected)
    smtp_sink.release()
    celery_worker.start()

    messages = delivered(smtp_sink, len(expected))
    ids = message_ids(messages)
    assert len(ids) == len(set(ids)) == len(expected)
    got = smtp_sink.recipients()
    assert sorted(got) == sorted(expected)  # everyone once, nobody twice, nobody else


def test_digest_collects_a_days_events_into_one_email(celery_worker, smtp_sink):
    from notifications import delivery
    from notifications.models import DeliveryMode, NotificationKind, NotificationPreference
    from notifications.tasks import send_daily_digests
    from tests.factories import make_chapter

    world = build_world()
    reader = make_user("souhrn", groups=[world.territory.wg_seniors])
    # "off" for a notice that hands over a task still arrives, in the digest
    NotificationPreference.objects.create(user=reader, kind=NotificationKind.SUBMITTED, mode=DeliveryMode.OFF)
    chapters = [
        make_chapter(world.plan, f"Téma {n}", number=20 + n, group=world.territory.wg_seniors) for n in range(3)
    ]
    for chapter in chapters:
        with transaction.atomic():
            submit(world, page=chapter)
    wait_until(
        lambda: (
            Notification.objects.filter(user=reader, channel=Channel.EMAIL, status=NotificationStatus.DIGEST).count()
            == 3
        ),
        message="three digested notices",
    )
    assert smtp_sink.to(reader.email) == []

    send_daily_digests.delay()
    wait_until(lambda: smtp_sink.to(reader.email), message="the digest")
    wait_until(
        lambda: not Notification.objects.filter(user=reader, status=NotificationStatus.DIGEST).exists(),
        message="digest rows marked sent",
    )
    [digest] = smtp_sink.to(reader.email)
    assert str(digest["Subject"]) == "Triáda: denní souhrn oznámení (3)"
    text = digest.get_body(("plain",)).get_content()
    for n in range(3):
        assert f"K posouzení: {20 + n}. Téma {n}" in text
    assert delivery.send_digests() == 0  # a second run finds nothing left to send
    assert len(smtp_sink.to(reader.email)) == 1
