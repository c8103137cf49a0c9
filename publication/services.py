"""Which PDF a plan needs, and asking for it.

The public functions here are what other code (signals, the demo, the admin,
a management command) calls: `request_plan_pdf(plan)` and `latest_pdf(plan)`.
"""

import hashlib
import json
import logging

from django.db import IntegrityError, transaction

from cms.models import ChapterPage, PlanPage
from triada.enqueue import enqueue

from .annexes import collect_annexes
from .models import PlanPublication, PublicationStatus

logger = logging.getLogger(__name__)

# Bump when the PDF's layout changes, so every plan gets a fresh file.
LAYOUT_VERSION = 1


def published_chapters(plan):
    """The live, public chapters (and the strategic part) of `plan`, specific, in order."""
    return list(plan.chapters().specific())


def plan_fingerprint(plan, chapters=None, annexes=None):
    """A hash of everything the PDF shows: live revisions of the plan and chapters, and the annexes."""
    chapters = published_chapters(plan) if chapters is None else chapters
    annexes = collect_annexes(plan) if annexes is None else annexes
    payload = {
        "layout": LAYOUT_VERSION,
        "plan": [plan.pk, plan.live_revision_id, plan.title],
        "chapters": [[page.pk, page.live_revision_id] for page in chapters],
        "annexes": [[annex.get("id"), annex["fingerprint"]] for annex in annexes],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def request_plan_pdf(plan, *, force=False):
    """Make sure a PDF of the plan's current text exists or is on its way; return its row.

    A new text gets a new row (earlier PDFs are kept); the rendering runs in a
    Celery task enqueued after the transaction commits (in-process in the
    embedded default). A row whose task was lost stays pending and is picked
    up by `tasks.render_pending_publications` (beat). Nothing for a plan that is not live.
    """
    plan = plan.specific if not isinstance(plan, PlanPage) else plan
    if not plan.live:
        return None
    fingerprint = plan_fingerprint(plan)
    publication = PlanPublication.objects.filter(plan=plan, fingerprint=fingerprint).first()
    enqueue = force
    if publication is None:
        try:
            with transaction.atomic():
                publication = PlanPublication.objects.create(
                    plan=plan, fingerprint=fingerprint, plan_revision_id=plan.live_revision_id
                )
            enqueue = True
        except IntegrityError:
            publication = PlanPublication.objects.get(plan=plan, fingerprint=fingerprint)
    elif publication.status == PublicationStatus.FAILED:
        enqueue = True
    if enqueue:
        if publication.status != PublicationStatus.PENDING or force:
            PlanPublication.objects.filter(pk=publication.pk).update(status=PublicationStatus.PENDING, error="")
            publication.status = PublicationStatus.PENDING
        publication_pk = publication.pk
        transaction.on_commit(lambda: enqueue_render(publication_pk))
    return publication


def enqueue_render(publication_pk):
    """Queue the PDF; with the broker down the row stays pending and the beat sweep renders it later."""
    from .tasks import render_plan_pdf

    enqueue(render_plan_pdf, publication_pk)


def plan_text_changed(plan_pk):
    """Called when a page of the plan was published or withdrawn: after commit, ask for the new PDF.

    Deferred to the commit so that many publishes in one transaction (the
    demo, a bulk action) ask once for the final text, not once per page.
    """
    transaction.on_commit(lambda: _after_change(plan_pk))


def _after_change(plan_pk):
    try:
        plan = PlanPage.objects.filter(pk=plan_pk).first()
        if plan is not None:
            request_plan_pdf(plan)
    except Exception:  # noqa: BLE001 (the publish itself succeeded; never turn it into an error page)
        logger.exception("Could not request the PDF of plan %s", plan_pk)


def plan_of_page(page):
    """The plan a published page belongs to (the plan itself, or a chapter's parent)."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(specific, PlanPage):
        return specific
    if isinstance(specific, ChapterPage):
        return PlanPage.objects.ancestor_of(specific).first()
    return None


def latest_pdf(plan):
    """The newest ready PDF of `plan`, or None."""
    return PlanPublication.objects.latest_ready(plan)
