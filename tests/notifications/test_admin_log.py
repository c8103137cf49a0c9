"""The coordinator's notification log on Wagtail's ReportView: its filters and its export, through the real view."""

import pytest

from notifications.models import Channel, Notification, NotificationEvent, NotificationKind, NotificationStatus
from tests.factories import make_territory, make_user
from tests.notifications.test_site import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    from cms.roles import coordinator_group

    territory = make_territory("ORP Lipov")
    coordinator = make_user("koordinatorka", groups=[coordinator_group(territory)])
    event = NotificationEvent.objects.create(kind=NotificationKind.APPROVED, key="log:1", territory=territory)
    common = {"event": event, "kind": event.kind, "channel": Channel.EMAIL}
    Notification.objects.create(
        email="jana@example.cz",
        subject="Schváleno: 4. Analýza",
        status=NotificationStatus.SENT,
        dedupe_key="a",
        **common,
    )
    Notification.objects.create(
        email="petr@example.cz",
        subject="K posouzení: 5. Financování",
        status=NotificationStatus.FAILED,
        attempts=6,
        last_error="ConnectionRefusedError: [Errno 111]",
        dedupe_key="b",
        **common,
    )
    elsewhere = NotificationEvent.objects.create(
        kind=NotificationKind.APPROVED, key="log:2", territory=make_territory("ORP Jinde")
    )
    Notification.objects.create(
        event=elsewhere,
        kind=elsewhere.kind,
        channel=Channel.EMAIL,
        email="cizi@example.cz",
        subject="Cizí",
        dedupe_key="c",
    )
    return coordinator


def test_the_status_and_text_filters_narrow_the_log(client, rows):
    admin_login(client, rows)
    everything = client.get("/admin/oznameni/prehled/").content.decode()
    assert "Schváleno: 4. Analýza" in everything and "K posouzení: 5. Financování" in everything
    assert "Cizí" not in everything  # another territory's e-mail
    failed = client.get("/admin/oznameni/prehled/", {"status": "failed"}).content.decode()
    assert "K posouzení: 5. Financování" in failed and "Schváleno: 4. Analýza" not in failed
    assert "Odeslat znovu" in failed
    found = client.get("/admin/oznameni/prehled/", {"q": "jana@"}).content.decode()
    assert "Schváleno: 4. Analýza" in found and "K posouzení" not in found


def test_the_export_holds_the_filtered_rows_of_own_territories(client, rows):
    admin_login(client, rows)
    response = client.get("/admin/oznameni/prehled/", {"status": "failed", "export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 2  # heading and the one failed e-mail
    assert "petr@example.cz" in lines[1] and "ConnectionRefusedError" in lines[1] and "6" in lines[1]
    assert "Cizí" not in text
