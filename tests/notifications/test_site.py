"""Notifications as people meet them: public subscription, the admin inbox, the log, settings,
deadline reminders, and Wagtail's own workflow e-mails switched off for our workflow.

These run the tasks in-process (eager) after commit; delivery through a real
worker and Redis is covered in test_notifications_delivery.py.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupApprovalTask, TaskState, Workflow, WorkflowTask

from notifications import delivery
from notifications.models import (
    Channel,
    Notification,
    NotificationKind,
    NotificationStatus,
    Subscription,
    SubscriptionStatus,
)
from notifications.reminders import raise_deadline_events
from tests.factories import PASSWORD, make_chapter, make_user
from tests.services import free_port
from tests.workflows.review_setup import act, build_world, submit
from workflows import signals
from workflows.models.consultation import Comment, Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed (on_commit callbacks execute)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def recipients(mailoutbox):
    return sorted(address for message in mailoutbox for address in message.to)


def make_consultation(world):
    now = timezone.now()
    return Consultation.objects.create(
        plan=world.plan, title="Návrh plánu 2026–2028", starts_at=now, ends_at=now + timedelta(days=14)
    )


# --- Wagtail's own e-mails ---------------------------------------------------------------


def test_our_workflow_sends_one_czech_message_and_none_of_wagtails(world, commit, mailoutbox):
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    commit(submit, world)
    # Wagtail would also mail every superuser "submitted for moderation"; ours tells the body only.
    assert recipients(mailoutbox) == [second.email]
    assert mailoutbox[0].subject == "K posouzení: 1. Senioři"
    mailoutbox.clear()
    commit(act, world.chapter, second, "approve")
    assert sorted(recipients(mailoutbox)) == sorted([world.wg_member.email, *(u.email for u in world.steering)])
    assert len(recipients(mailoutbox)) == len(set(recipients(mailoutbox)))


def test_wagtails_stock_workflow_still_sends_its_own_emails(world, commit, mailoutbox):
    """The guard is specific to our workflow: the stock one behaves as Wagtail ships it."""
    moderators = Group.objects.create(name="Moderátoři")
    moderator = make_user("moderator", groups=[moderators])
    task = GroupApprovalTask.objects.create(name="Stock approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Stock")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    page = make_chapter(world.plan, "Mimo schvalování", number=9)
    page.save_revision(user=world.wg_member)
    commit(workflow.start, page, world.wg_member)
    assert moderator.email in recipients(mailoutbox)
    assert world.superuser.email in recipients(mailoutbox)
    assert not Notification.objects.exists()


# --- consultation, subscribers, comments -----------------------------------------------


def test_subscription_double_opt_in_and_one_click_unsubscribe(world, commit, client, mailoutbox):
    consultation = make_consultation(world)

    response = client.post("/odber/", {"email": "to neni adresa"})
    assert response.status_code == 400
    assert "Zadejte platnou e-mailovou adresu" in response.content.decode()
    assert not Subscription.objects.exists()

    response = commit(client.post, "/odber/", {"email": "obcan@example.cz"})
    assert response.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.PENDING
    [confirmation] = mailoutbox
    assert confirmation.to == ["obcan@example.cz"]
    assert confirmation.subject == "Potvrďte odběr: ORP Testov"
    assert f"/odber/potvrdit/{subscription.token}/" in confirmation.body
    mailoutbox.clear()

    # unconfirmed: nothing but the confirmation
    with transaction.atomic():
        commit(signals.consultation_opened.send, sender=Consultation, consultation=consultation)
    assert "obcan@example.cz" not in recipients(mailoutbox)

    assert client.get(f"/odber/potvrdit/{subscription.token}/").status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # a GET (mail scanner) confirms nothing
    client.post(f"/odber/potvrdit/{subscription.token}/")
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED

    mailoutbox.clear()
    commit(signals.consultation_closing_soon.send, sender=Consultation, consultation=consultation)
    [public] = [m for m in mailoutbox if m.to == ["obcan@example.cz"]]
    assert public.subject == "Veřejné připomínkování končí za 3 dny: Návrh plánu 2026–2028"
    unsubscribe = f"http://testserver/odber/odhlasit/{subscription.token}/"
    assert public.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert public.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in public.body
    assert "/admin/" not in public.body  # the public gets the public page, not the administration
    # coordinators and working groups hear too; the steering group and the council do not
    staff = {world.coordinator.email, world.wg_member.email, world.other_wg_member.email}
    assert set(recipients(mailoutbox)) == staff | {"obcan@example.cz"}

    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 204
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    mailoutbox.clear()
    commit(signals.consultation_closed.send, sender=Consultation, consultation=consultation)
    assert set(recipients(mailoutbox)) == staff


def test_public_comment_goes_to_the_owning_working_group_and_settlement_to_the_commenter(world, commit, mailoutbox):
    consultation = make_consultation(world)
    comment = Comment.objects.create(
        consultation=consultation,
        number=7,
        target="chapter",
        chapter=world.chapter,
        author_name="Jana Nováková",
        author_email="jana@example.cz",
        text="<script>alert(1)</script> Chybí odlehčovací služba.",
        received_at=timezone.now(),
    )
    commit(signals.public_comment_created.send, sender=Comment, comment=comment, consultation=consultation)
    # the chapter's working group settles it; the territory's coordinator hears of every comment
    assert recipients(mailoutbox) == sorted([world.wg_member.email, world.coordinator.email])
    [message] = [m for m in mailoutbox if m.to == [world.wg_member.email]]
    assert message.subject == "Nová připomínka č. 7: 1. Senioři"
    assert "Jana Nováková podal(a) připomínku č. 7" in message.body and "Text připomínky:" in message.body
    html = message.alternatives[0][0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html

    mailoutbox.clear()
    comment.outcome, comment.justification = "accepted", "Doplněno do opatření 1.2."
    comment.save()
    commit(signals.comment_settled.send, sender=Comment, comment=comment, consultation=consultation)
    assert recipients(mailoutbox) == ["jana@example.cz"]
    assert "Doplněno do opatření 1.2." in mailoutbox[0].body

    mailoutbox.clear()
    comment.author_email = ""
    comment.pk = None
    comment.number = 8
    comment.save()
    commit(signals.comment_settled.send, sender=Comment, comment=comment, consultation=consultation)
    assert mailoutbox == []  # no address given, nobody to tell


# --- deadlines --------------------------------------------------------------------------


def test_deadline_reminders_go_to_the_body_and_the_coordinator_once(world, commit, mailoutbox):
    commit(submit, world)
    mailoutbox.clear()
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    task_state.started_at = timezone.now() - timedelta(days=13)  # due in 14 days → due tomorrow
    task_state.save(update_fields=["started_at"])

    assert commit(raise_deadline_events) == 1
    assert sorted(recipients(mailoutbox)) == sorted([world.wg_member.email, world.coordinator.email])
    assert mailoutbox[0].subject == "Termín za 2 dny: 1. Senioři"
    mailoutbox.clear()
    commit(raise_deadline_events)
    assert mailoutbox == []  # the hourly run does not repeat a reminder

    task_state.started_at = timezone.now() - timedelta(days=15)
    task_state.save(update_fields=["started_at"])
    commit(raise_deadline_events)
    assert sorted(recipients(mailoutbox)) == sorted([world.wg_member.email, world.coordinator.email])
    assert mailoutbox[0].subject == "Po termínu: 1. Senioři"


# --- admin: inbox, settings, log ----------------------------------------------------------


def admin_login(client, user):
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    user.user_permissions.add(access)
    assert client.login(username=user.username, password=PASSWORD)


def sidebar_labels(html):
    """The admin menu's labels, from the JSON Wagtail's sidebar is rendered from."""
    import json
    import re

    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    labels = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.append(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return labels


def test_inbox_shows_unread_count_on_the_dashboard_and_in_the_menu(world, commit, client):
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    commit(submit, world)
    admin_login(client, second)
    from notifications.wagtail_hooks import NotificationsPanel

    panel = NotificationsPanel(second).render_html({})
    assert "1 nepřečtené oznámení" in panel and "K posouzení: 1. Senioři" in panel
    inbox = client.get("/admin/oznameni/").content.decode()
    assert "Oznámení (1)" in sidebar_labels(inbox)  # the menu item's badge
    assert "K posouzení: 1. Senioři" in inbox
    item = Notification.objects.get(user=second, channel=Channel.INBOX)
    response = client.get(f"/admin/oznameni/{item.pk}/")
    assert response.status_code == 302 and f"/admin/pages/{world.chapter.pk}/edit/" in response["Location"]
    assert "Oznámení" in sidebar_labels(client.get("/admin/oznameni/").content.decode())
    assert "0 nepřečtených oznámení" in NotificationsPanel(second).render_html({})
    # someone else's notice is not found, not opened
    other = make_user("cizi")
    admin_login(client, other)
    assert client.get(f"/admin/oznameni/{item.pk}/").status_code == 404


def test_preferences_cannot_switch_off_a_task_notice(world, client):
    admin_login(client, world.wg_member)
    response = client.post("/admin/oznameni/nastaveni/", dict.fromkeys(NotificationKind.values, "immediate"))
    assert response.status_code == 302
    data = dict.fromkeys(NotificationKind.values, "immediate")
    data[NotificationKind.SUBMITTED] = "off"
    response = client.post("/admin/oznameni/nastaveni/", data)
    assert response.status_code == 400
    assert "Nastavení nebylo uloženo" in response.content.decode()
    assert not world.wg_member.notification_preferences.filter(mode="off").exists()
    data[NotificationKind.SUBMITTED] = "digest"
    data[NotificationKind.APPROVED] = "off"
    assert client.post("/admin/oznameni/nastaveni/", data).status_code == 302
    modes = dict(world.wg_member.notification_preferences.values_list("kind", "mode"))
    assert modes[NotificationKind.SUBMITTED] == "digest" and modes[NotificationKind.APPROVED] == "off"


def test_coordinator_log_and_resend_are_permission_checked(world, commit, client, mailoutbox, settings):
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    # a mail server that is down: SMTP to a port where nothing listens
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    commit(submit, world)
    row = Notification.objects.get(channel=Channel.EMAIL, user=second)
    assert (
        row.status == NotificationStatus.PENDING and row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    )
    Notification.objects.filter(pk=row.pk).update(status=NotificationStatus.FAILED)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    admin_login(client, world.wg_member)  # not a coordinator
    # Wagtail answers PermissionDenied in the admin with a redirect to the dashboard
    response = client.get("/admin/oznameni/prehled/")
    assert response.status_code in (302, 403) and "K posouzení" not in response.content.decode()
    assert client.post(f"/admin/oznameni/prehled/{row.pk}/znovu/").status_code in (302, 403)
    row.refresh_from_db()
    assert row.status == NotificationStatus.FAILED

    admin_login(client, world.coordinator)
    log = client.get("/admin/oznameni/prehled/").content.decode()
    assert "K posouzení: 1. Senioři" in log and second.email in log and "ConnectionRefusedError" in log
    commit(client.post, f"/admin/oznameni/prehled/{row.pk}/znovu/")
    row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert recipients(mailoutbox) == [second.email]
    # a coordinator of another territory cannot see or resend it
    from tests.factories import make_territory

    elsewhere = make_territory("ORP Jinde")
    from cms.roles import coordinator_group

    stranger = make_user("jinde", groups=[coordinator_group(elsewhere)])
    admin_login(client, stranger)
    assert "K posouzení" not in client.get("/admin/oznameni/prehled/").content.decode()
    assert client.post(f"/admin/oznameni/prehled/{row.pk}/znovu/").status_code == 404


def test_sweeper_delivers_what_the_after_commit_path_missed(world, mailoutbox):
    second = make_user("seniorka2", groups=[world.territory.wg_seniors])
    submit(world)  # inside the test transaction: no on_commit, as if the broker had been down
    assert mailoutbox == []
    result = delivery.sweep(grace_seconds=0)
    assert result["events"] == 1 and result["sent"] == 1
    assert recipients(mailoutbox) == [second.email]
    assert delivery.sweep(grace_seconds=0)["sent"] == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_embedded_mode_runs_the_beat_schedule_in_process(settings, mailoutbox):
    """`make run` has no broker and no beat: the runserver thread runs the same schedule in-process."""
    import threading

    from notifications.models import NotificationEvent
    from tests.celery_worker import wait_until
    from triada.celery import app
    from triada.periodic import maybe_start_in_process_scheduler, run_schedule

    assert maybe_start_in_process_scheduler(argv=["manage.py", "migrate"]) is None  # only runserver runs it
    assert {
        "notifications.sweep_outbox",
        "notifications.send_daily_digests",
        "notifications.send_deadline_reminders",
    } <= {entry["task"] for entry in app.conf.beat_schedule.values()}
    reader = make_user("ctenar")
    # an event whose after-commit delivery never happened
    NotificationEvent.objects.create(
        kind=NotificationKind.APPROVED,
        key="lost:1",
        context={"page": "1. Senioři", "stage": "PS", "actor": "Jana"},
        recipient_user_ids=[reader.pk],
    )
    settings.TRIADA_NOTIFICATION_SWEEP_GRACE = 0
    schedule = app.conf.beat_schedule
    app.conf.beat_schedule = {"sweep": {"task": "notifications.sweep_outbox", "schedule": 0.2}}
    stop = threading.Event()
    thread = threading.Thread(target=run_schedule, args=(stop, 0.1), daemon=True)
    thread.start()
    try:
        wait_until(lambda: mailoutbox, timeout=30, message="the swept e-mail")
    finally:
        stop.set()
        thread.join(10)
        app.conf.beat_schedule = schedule
    assert [(m.to, m.subject) for m in mailoutbox] == [([reader.email], "Schváleno: 1. Senioři")]
