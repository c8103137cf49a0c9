"""The demo brings meetings with approved minutes and a documents page with versions."""

import io

import pytest
from django.core.management import call_command

from cms.models import DocumentIndexPage, TriadaDocument
from meetings.models import MeetingPage, MinutesApproval

pytestmark = pytest.mark.django_db


def test_load_demo_adds_meetings_and_documents():
    call_command("load_demo", stdout=io.StringIO())
    assert DocumentIndexPage.objects.count() == 2
    assert MeetingPage.objects.live().count() >= 4
    approved = MeetingPage.objects.filter(minutes_approved=True)
    assert approved.exists()
    assert MinutesApproval.objects.filter(page__in=approved, approved_by__isnull=False).exists()
    plan_document = TriadaDocument.objects.filter(title__startswith="Komunitní plán").first()
    assert plan_document.versions.count() == 3
    # Idempotent: a second run adds nothing.
    count = MeetingPage.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert MeetingPage.objects.count() == count
