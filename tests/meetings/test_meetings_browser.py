"""axe-core on the meetings pages (list, per body, announcement, minutes) in Chromium."""

from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Site

from cms.models import TriadaDocument
from meetings.models import MeetingAttachment, MeetingResolution
from tests.browser import assert_no_axe_violations
from tests.document_samples import pdf_bytes
from tests.factories import ensure_wagtail_roots, make_territory
from tests.meetings.helpers import admin_user, fresh, make_meeting, make_meeting_index, submit_minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_meetings_pages_have_no_axe_violations(live_server, browser_page):
    ensure_wagtail_roots()
    Site.objects.all().delete()  # Wagtail's initial localhost:80 site, if the migrations left it
    territory = make_territory("ORP Jednací", hostname="localhost", default_site=True)
    Site.objects.filter(root_page=territory).update(port=urlparse(live_server.url).port)
    body = territory.wg_seniors
    chair = admin_user(groups=[body], username="predsedkyne")
    body.chair = chair
    body.save()
    index = make_meeting_index(territory)
    make_meeting(index, body, "Jednání PS Senioři – budoucí", days=5)
    meeting = make_meeting(index, body, "Jednání PS Senioři – minulé", days=-5)

    attachment = TriadaDocument(title="Prezentace z jednání", owning_body=body)
    attachment.file.save("prezentace.pdf", ContentFile(pdf_bytes()), save=False)
    attachment._set_document_file_metadata()
    attachment.save()
    page = fresh(meeting)
    page.minutes = "<p>Skupina projednala návrh kapitoly.</p>"
    page.guests_count = 3
    page.members_present.set([chair])
    page.resolutions = [MeetingResolution(text="Rozeslat návrh kapitoly", responsible="koordinátorka")]
    page.attachments = [MeetingAttachment(document=attachment)]
    page.save_revision()
    state = submit_minutes(fresh(meeting), chair)
    state.current_task_state.task.specific.on_action(state.current_task_state.specific, chair, "approve")
    meeting = fresh(meeting)
    assert meeting.minutes_approved

    base = live_server.url
    index_path = "/" + index.slug + "/"
    for path in (
        index_path,
        index_path + "skupina/ps-seniori/",
        "/" + index.slug + "/" + meeting.slug + "/",
        "/" + index.slug + "/" + meeting.slug + "/zapis/",
    ):
        browser_page.goto(base + path)
        assert browser_page.locator("h1").count() == 1, path
        assert_no_axe_violations(browser_page)
    assert "(PDF, " in browser_page.locator("text=Prezentace z jednání").inner_text()
