"""Which PDF a plan needs, and asking for it.

The public functions here are what other code (signals, the demo, the admin,
a management command) calls: `request_plan_pdf(plan)` and `latest_pdf(plan)`.
"""

import datetime
import hashlib
import json
import logging

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from wagtail.models import PageLogEntry

from cms.history import revision_live_at
from cms.models import ChapterPage, PlanPage, PlanStatus
from triada.enqueue import enqueue_on_commit

from .annexes import collect_annexes
from .models import PlanPublication, PublicationStatus

logger = logging.getLogger(__name__)

# Bump when the PDF's layout changes, so every plan gets a fresh file.
LAYOUT_VERSION = 2


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


def _renders_on_change():
    """Whether a change of the text renders the PDF at once.

    With a worker: always (after commit, in the background). In-process
    (eager Celery) only where `TRIADA_PUBLICATION_RENDER_IN_PROCESS` says so:
    the embedded mode does, so the PDF exists right after publishing; the test
    settings do not, so every other test's publish does not wait for a PDF.
    There the row stays pending until someone asks for it (the admin, a test)
    or the periodic sweep renders it.
    """
    return not settings.CELERY_TASK_ALWAYS_EAGER or getattr(settings, "TRIADA_PUBLICATION_RENDER_IN_PROCESS", True)


def request_plan_pdf(plan, *, force=False, automatic=False):
    """Make sure a PDF of the plan's current text exists or is on its way; return its row.

    A new text gets a new row (earlier PDFs are kept); the rendering runs in a
    Celery task enqueued after the transaction commits. A row whose task was
    lost stays pending and is picked up by `tasks.render_pending_publications`
    (beat). `automatic` requests (a publish, a settlement) follow
    `_renders_on_change`. Nothing for a plan that is not live.
    """
    plan = plan.specific if not isinstance(plan, PlanPage) else plan
    if not plan.live:
        return None
    fingerprint = plan_fingerprint(plan)
    return _ensure(plan, fingerprint, plan.live_revision_id, None, force=force, automatic=automatic)


def _ensure(plan, fingerprint, revision_id, as_of, *, force=False, automatic=False):
    publication = PlanPublication.objects.filter(plan=plan, fingerprint=fingerprint).first()
    wanted = force
    if publication is None:
        try:
            with transaction.atomic():
                publication = PlanPublication.objects.create(
                    plan=plan, fingerprint=fingerprint, plan_revision_id=revision_id, as_of=as_of
                )
            wanted = True
        except IntegrityError:
            publication = PlanPublication.objects.get(plan=plan, fingerprint=fingerprint)
    elif publication.status == PublicationStatus.FAILED:
        wanted = True
    if wanted:
        if publication.status != PublicationStatus.PENDING or force:
            PlanPublication.objects.filter(pk=publication.pk).update(status=PublicationStatus.PENDING, error="")
            publication.status = PublicationStatus.PENDING
        if not automatic or _renders_on_change():
            enqueue_render(publication.pk)
    return publication


def regenerate(publication):
    """Render this row again (the same version of the text), e.g. after a layout fix."""
    PlanPublication.objects.filter(pk=publication.pk).update(status=PublicationStatus.PENDING, error="")
    publication.status = PublicationStatus.PENDING
    enqueue_render(publication.pk)
    return publication


def enqueue_render(publication_pk):
    """Queue the PDF after commit; with the broker down the row stays pending for the beat sweep."""
    from .tasks import render_plan_pdf

    enqueue_on_commit(render_plan_pdf, publication_pk)


# --- earlier versions of the text -------------------------------------------------


def published_revisions(plan):
    """[(revision, published_at)] of the plan, newest first: the versions one may print again."""
    entries = (
        PageLogEntry.objects.filter(page=plan, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp")
    )
    seen, versions = set(), []
    for entry in entries:
        if entry.revision_id not in seen:
            seen.add(entry.revision_id)
            versions.append((entry.revision, entry.timestamp))
    return versions


# Chapters published in the same session as the plan (the adoption publishes them together) count with it.
SAME_SESSION = datetime.timedelta(minutes=1)


def chapters_as_of(plan, moment):
    """The chapters as the public saw them at `moment`: each one's last publication before it."""
    moment = moment + SAME_SESSION
    chapters = []
    for page in ChapterPage.objects.child_of(plan):
        revision = revision_live_at(page, moment)
        if revision is None:
            continue
        chapter = revision.as_object()
        chapter.shown_revision_id = revision.pk
        chapters.append(chapter)
    return sorted(chapters, key=lambda chapter: (chapter.number, chapter.path))


def text_of_revision(plan, revision):
    """(plan as that revision, its chapters as of its publication, the moment) for a published revision."""
    moment = {rev.pk: at for rev, at in published_revisions(plan)}.get(revision.pk)
    if moment is None:
        raise ValueError("This revision of the plan was never published.")
    old_plan = plan.with_content_json(revision.content)
    _approval_as_of(old_plan, moment)
    return old_plan, chapters_as_of(plan, moment), moment


def _approval_as_of(plan, moment):
    """Put on `plan` the status and adoption the plan had at `moment`, not today's.

    The cover of an earlier version must name the resolution that adopted *that* text:
    a revision keeps the plan's cycle fields from today, so they are rebuilt from the
    council's final resolutions recorded by then.
    """
    latest = None
    if apps.is_installed("workflows"):
        from workflows.models import CouncilResolution

        latest = (
            CouncilResolution.objects.adopted()
            .final()
            .for_plan(plan)
            .filter(recorded_at__lte=moment + SAME_SESSION)
            .select_related("body")
            .order_by("-date", "-recorded_at")
            .first()
        )
    if latest is None:
        plan.status = PlanStatus.DRAFT
        plan.approval_resolution_number, plan.approval_date, plan.approval_body = "", None, ""
    else:
        plan.status = PlanStatus.ADOPTED
        plan.approval_resolution_number = latest.number
        plan.approval_date = latest.date
        plan.approval_body = latest.body.name


def request_plan_pdf_of_revision(plan, revision, *, force=False):
    """A PDF of the plan as published with `revision` (an adopted version, not only the live text)."""
    plan = plan.specific if not isinstance(plan, PlanPage) else plan
    if revision.pk == plan.live_revision_id:
        return request_plan_pdf(plan, force=force)
    old_plan, chapters, moment = text_of_revision(plan, revision)
    payload = {
        "layout": LAYOUT_VERSION,
        "plan": [plan.pk, revision.pk, old_plan.title],
        "as_of": moment.isoformat(),
        "chapters": [[page.pk, page.shown_revision_id] for page in chapters],
    }
    fingerprint = hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()
    return _ensure(plan, fingerprint, revision.pk, moment, force=force)


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
            request_plan_pdf(plan, automatic=True)
    except Exception:  # noqa: BLE001 (the publish itself succeeded; never turn it into an error page)
        logger.exception("Could not request the PDF of plan %s", plan_pk)


def plan_of_page(page):
    """The plan a published page belongs to: the plan itself, or the plan it lies under.

    Any page under a plan counts (chapters, the strategic part, an action plan
    that the PDF prints as an annex); pages that show nothing in the PDF only
    cost a fingerprint check, which finds the stored PDF still current.
    """
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(specific, PlanPage):
        return specific
    return PlanPage.objects.ancestor_of(specific).first()


def latest_pdf(plan):
    """The newest ready PDF of `plan`, or None."""
    return PlanPublication.objects.latest_ready(plan)
