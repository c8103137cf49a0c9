"""Finding 2, as a property over a plan's life cycle.

For every page and every revision: no anonymous URL of the site returns text
that exists only in a non-live revision — except the revision frozen for a
consultation while that consultation is open. The life cycle: drafts before
a consultation, an open chapter consultation, a plan-wide consultation with a
never-published chapter, closing, and drafts after the close.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Page

from cms.models import ChapterPage
from tests.factories import make_chapter, make_plan
from tests.workflows.test_consultation_support import build, start_consultation
from workflows.consultation import services
from workflows.models import Consultation

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)')
SKIP = ("/admin", "/dokumenty/", "/static/", "/media/", "mailto:", "tel:")


def _revise(page, marker, *, title=None):
    """Save a draft whose text (and title, if given) carries `marker`; return the revision."""
    page = ChapterPage.objects.get(pk=page.pk)
    page.body = [{"type": "paragraph", "value": f"<p>Text {marker} odstavce.</p>"}]
    if title:
        page.title = title
    return page.save_revision()


class Markers:
    """Every revision's own marker; which of them the public may see is decided per snapshot."""

    def __init__(self):
        self.by_revision = {}

    def add(self, revision, marker):
        self.by_revision.setdefault(revision.pk, set()).add(marker)
        return revision

    def forbidden(self, allowed_revision_ids):
        live = set(Page.objects.exclude(live_revision=None).values_list("live_revision_id", flat=True))
        return {
            marker
            for revision_id, found in self.by_revision.items()
            if revision_id not in live and revision_id not in allowed_revision_ids
            for marker in found
        }


def _anonymous_urls(client):
    """Every public page, every consultation URL for every chapter, searches for every marker; then links."""
    urls = {page.url for page in Page.objects.live().public().specific() if page.url}
    urls |= {f"{url}?cely=1" for url in list(urls)}
    chapters = list(ChapterPage.objects.all())
    urls |= {chapter.url for chapter in chapters if chapter.url}
    for consultation in Consultation.objects.all():
        base = f"/pripominky/{consultation.pk}/"
        urls |= {base, f"{base}vyporadani/", f"{base}pripominka/"}
        urls |= {f"{base}kapitola/{chapter.pk}/" for chapter in chapters}
    # Words every revision shares (searching for a marker would only echo it back).
    for word in ("odstavce", "Senioři", "Financování", "Nepublikovaná", "text"):
        urls |= {f"/hledat/?q={word}", f"/hledat/?q={word}&scope=all", f"/hledat/naseptavac/?q={word}"}
    seen, queue, bodies = set(), sorted(urls), {}
    while queue and len(seen) < 250:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        text = response.content.decode("utf-8", "replace")
        bodies[url] = text
        for href in HREF.findall(text):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.netloc not in ("", "testserver") or href.startswith(SKIP) or parts.path.startswith(SKIP):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in seen:
                queue.append(link)
    return bodies


def _leaks(client, markers, allowed_revision_ids=()):
    forbidden = markers.forbidden(set(allowed_revision_ids))
    bodies = _anonymous_urls(client)
    return sorted({(url, marker) for url, text in bodies.items() for marker in forbidden if marker in text})


def test_no_anonymous_url_shows_a_non_live_revision(client):
    _territory, plan, chapter, workflow, people = build()
    markers = Markers()
    start = timezone.now()

    # Drafts before the consultation; the last one is what the working group submits.
    markers.add(_revise(chapter, "ZNACKAPRED"), "ZNACKAPRED")
    frozen = markers.add(_revise(chapter, "ZNACKAZMRAZENA"), "ZNACKAZMRAZENA")
    consultation = start_consultation(workflow, chapter, people["coordinator"])
    # The working group keeps writing while the public reads the frozen text.
    markers.add(_revise(chapter, "ZNACKABEHEM", title="Senioři ZNACKATITULEK"), "ZNACKABEHEM")
    markers.add(ChapterPage.objects.get(pk=chapter.pk).latest_revision, "ZNACKATITULEK")

    # A plan-wide consultation of a second plan: a live chapter with a later draft,
    # and a chapter that was never published.
    second_plan = make_plan(plan.get_parent().specific, "Akční plán 2027", period=(2027, 2027))
    live_chapter = make_chapter(second_plan, "Financování", number=1, paragraphs=("Živý text financování.",))
    markers.add(_revise(live_chapter, "ZNACKAPLANDRAFT"), "ZNACKAPLANDRAFT")
    never = make_chapter(
        second_plan, "Nepublikovaná ZNACKANIKDY", number=2, paragraphs=("ZNACKANIKDYTEXT",), publish=False
    )
    markers.add(never.latest_revision, "ZNACKANIKDY")
    markers.add(never.latest_revision, "ZNACKANIKDYTEXT")
    Consultation.objects.create(
        plan=second_plan, title="Celý akční plán", starts_at=start, ends_at=start + datetime.timedelta(days=14)
    )

    assert _leaks(client, markers, allowed_revision_ids=[frozen.pk]) == []
    # The frozen text is what the public reads while the consultation is open.
    assert "ZNACKAZMRAZENA" in client.get(f"/pripominky/{consultation.pk}/kapitola/{chapter.pk}/").content.decode()

    # The period ends; the consultation closes and publishes; the working group drafts again.
    with time_machine.travel(consultation.ends_at + datetime.timedelta(hours=1), tick=False):
        assert services.complete_if_ready(consultation.pk)
        markers.add(_revise(chapter, "ZNACKAPOTOM"), "ZNACKAPOTOM")
        assert _leaks(client, markers) == []
