"""What the consultation adds to public cms pages, through the hooks the cms templates offer.

cms knows nothing of workflows: its templates call the hooks
``triada_page_banners``, ``triada_block_tools`` and ``triada_plan_sections``,
and Wagtail's ``before_serve_page`` lets us serve the draft under consultation.
"""

import json
from urllib.parse import quote

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import TaskState

from cms.access import is_view_restricted
from cms.models import ChapterPage, PlanPage
from workflows.models.consultation import Consultation

from .services import block_text, frozen_revision

# The frozen text: the revision of the running public-comment task of this page in this consultation.
_FROZEN = """
    SELECT {column} FROM workflows_publiccommenttaskstate pcts
    JOIN wagtailcore_taskstate ts ON ts.id = pcts.taskstate_ptr_id
    JOIN wagtailcore_workflowstate ws ON ws.id = ts.workflow_state_id
    {join}
    WHERE pcts.consultation_id = c.id AND ws.object_id = %s AND ts.status = %s AND ts.revision_id IS NOT NULL
    ORDER BY ts.started_at DESC LIMIT 1
"""
OPEN_WITH_COVERAGE_SQL = f"""
    SELECT c.*,
        (EXISTS (SELECT 1 FROM workflows_consultation_chapters cc
                 WHERE cc.consultation_id = c.id AND cc.chapterpage_id = %s)
         OR NOT EXISTS (SELECT 1 FROM workflows_consultation_chapters cc WHERE cc.consultation_id = c.id)
        ) AS covers_page,
        ({_FROZEN.format(column="ts.revision_id", join="")}) AS frozen_revision_id,
        ({_FROZEN.format(column="r.content", join="JOIN wagtailcore_revision r ON r.id = ts.revision_id")})
            AS frozen_content
    FROM workflows_consultation c
    JOIN wagtailcore_page plan ON plan.id = c.plan_id
    WHERE c.starts_at <= %s AND c.ends_at > %s AND c.closed_at IS NULL AND plan.path = %s
    ORDER BY c.id
"""


def open_consultation_for_page(request, page):
    """The open consultation covering `page` (a chapter or plan), cached on the request."""
    if page is None or not getattr(page, "pk", None):
        return None
    cache = getattr(request, "_triada_consultations", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._triada_consultations = cache
    if page.pk in cache:
        return cache[page.pk]
    found = getattr(request, "triada_consultation", None)
    if found is not None and not found.is_open():
        found = None
    if found is None:
        specific = page.specific if not isinstance(page, (ChapterPage, PlanPage)) else page
        if isinstance(specific, ChapterPage):
            for consultation in _open_with_coverage(specific):
                if consultation.covers_page:
                    found = consultation
                    break
        elif isinstance(specific, PlanPage):
            found = Consultation.objects.open_at().filter(plan=specific).first()
    cache[page.pk] = found
    return found


def _open_with_coverage(chapter):
    """The open consultations of the chapter's plan in one query, each marked whether it covers the chapter.

    `covers_page` is `Consultation.covers`' rule (the chosen chapters, or every
    chapter when none is chosen); `frozen_revision_id`/`frozen_content` are
    `services.frozen_revision`'s answer (the running public-comment task's
    revision), so serving the text under comment costs no further query.
    Written as SQL: it runs on every chapter view of a plan under consultation,
    and building the same query with the ORM's Exists/Subquery annotations cost
    more Python time than the database took to answer it.
    """
    return Consultation.objects.raw(OPEN_WITH_COVERAGE_SQL, _open_with_coverage_params(chapter))


def _open_with_coverage_params(chapter):
    from django.utils import timezone

    now = timezone.now()
    page_id = str(chapter.pk)
    running = TaskState.STATUS_IN_PROGRESS
    return [chapter.pk, page_id, running, page_id, running, now, now, chapter.path[: -chapter.steplen]]


def _frozen_text(consultation, page):
    """The chapter as frozen for `consultation`, or None when that is the live text (or nothing is frozen).

    `services.public_version` for an open consultation known to cover the page,
    read from the lookup's annotations and built from the live page we hold
    (`ChapterPage.with_public_content`) rather than `revision.as_object()`.
    """
    revision_id = getattr(consultation, "frozen_revision_id", None)
    content = getattr(consultation, "frozen_content", None)
    if revision_id is None or content is None:
        revision = frozen_revision(consultation, page)
        if revision is None:
            return None
        revision_id, content = revision.pk, revision.content
    if revision_id == page.live_revision_id:
        return None
    if isinstance(content, str):
        content = json.loads(content)
    return page.with_public_content(content)


def page_banner(request, page):
    """A banner on plan and chapter pages while their consultation is open (hook `triada_page_banners`)."""
    consultation = open_consultation_for_page(request, page)
    if consultation is None:
        return None
    return render_to_string("workflows/consultation/banner.html", {"consultation": consultation}, request=request)


def block_tools(request, page, block):
    """ "Comment on this paragraph" beside each paragraph of a chapter under consultation (hook `triada_block_tools`).

    Built with format_html rather than a template, and what is the same for
    every paragraph (the form's address, the labels, the paragraphs' positions)
    once per page view: it runs once per paragraph of every chapter view
    during a consultation.
    """
    if not isinstance(page, ChapterPage):
        return None
    consultation = open_consultation_for_page(request, page)
    if consultation is None:
        return None
    shared = _paragraph_link_parts(request, page, consultation)
    position = shared["positions"].get(block.id, 1)
    snippet = Truncator(block_text(block)).chars(60)
    described = shared["paragraph"] % {"position": position}
    return format_html(
        '<a class="comment-link" href="{}?cil={}">{}<span class="visually-hidden"> ({})</span></a>',
        shared["url"],
        f"paragraph:{page.pk}:{quote(str(block.id), safe='')}",
        shared["label"],
        f"{described}: {snippet}" if snippet else described,
    )


def _paragraph_link_parts(request, page, consultation):
    """The comment link's parts common to a page's paragraphs, kept on the request for that page."""
    key = (page.pk, consultation.pk, id(page))
    cached = getattr(request, "_triada_paragraph_links", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    parts = {
        "url": reverse("consultation_comment", args=[consultation.pk]),
        "positions": {candidate.id: index for index, candidate in enumerate(page.body, start=1)},
        "paragraph": _("paragraph %(position)s"),
        "label": _("Comment on this paragraph"),
    }
    if request is not None:
        request._triada_paragraph_links = (key, parts)
    return parts


def item_tools(request, page, item):
    """The "Připomínkovat" link beside each activity of the strategic part while its consultation is open."""
    if item.get("kind") != "activity" or not isinstance(page, ChapterPage):
        return None
    consultation = open_consultation_for_page(request, page)
    if consultation is None:
        return None
    return render_to_string(
        "workflows/consultation/item_tools.html",
        {"consultation": consultation, "page": page, "code": item["code"], "title": item["title"]},
        request=request,
    )


def plan_sections(request, page):
    """The plan page's annex with the settlement of its public consultations (hook `triada_plan_sections`)."""
    from django.utils.translation import gettext as _

    if not isinstance(page, PlanPage):
        return []
    consultations = list(Consultation.objects.for_plan(page).public().order_by("starts_at"))
    if not consultations:
        return []
    return [
        {
            "id": "vyporadani-pripominek",
            "title": _("Annex: settlement of comments"),
            "template": "workflows/consultation/plan_annex.html",
            "context": {"consultations": consultations},
        }
    ]


def serve_draft_under_consultation(page, request, serve_args, serve_kwargs):
    """A live chapter under consultation shows the draft the public is asked about."""
    if request.method != "GET" or not isinstance(page, ChapterPage):
        return None
    consultation = open_consultation_for_page(request, page)
    if consultation is None:
        return None
    # Before Wagtail's view-restriction check runs: a restricted chapter keeps that check.
    if is_view_restricted(page):
        return None
    draft = _frozen_text(consultation, page)
    if draft is None:
        return None
    request.triada_consultation = consultation
    return draft.serve(request, *serve_args, **serve_kwargs)
