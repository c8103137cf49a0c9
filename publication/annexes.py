"""Annexes of the plan's PDF, collected from any app through a Wagtail hook.

An app adds an annex with::

    @hooks.register("triada_publication_annexes")
    def my_annexes(plan, as_of=None):
        return [{"id": "akcni-plan", "title": "Akční plán 2026", "html": safe_html, "fingerprint": "…"}]

`as_of` is None for the live plan; for the PDF of an earlier version it is the
moment that version was published, and the annex shows what stood then
(`cms.history.revision_live_at` finds a page's revision at that moment).

`html` must be safe HTML (render_to_string / format_html); it goes into the PDF
as it is. `fingerprint` changes when the annex's content changes, so the PDF
is regenerated; by default the HTML itself is hashed. Publication imports no
app that may not exist (the action plan lives in the implementation app).
"""

import hashlib

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail import hooks

HOOK_NAME = "triada_publication_annexes"


def collect_annexes(plan, as_of=None):
    """Every registered annex of `plan` (as it stood at `as_of`, if given), in hook order, each with a fingerprint."""
    annexes = []
    for fn in hooks.get_hooks(HOOK_NAME):
        for annex in fn(plan, as_of=as_of) or []:
            annex = dict(annex)
            annex.setdefault("fingerprint", hashlib.sha256(str(annex.get("html", "")).encode("utf-8")).hexdigest())
            annexes.append(annex)
    return annexes


def settlement_annexes(plan, as_of=None):
    """The settlement table of every public consultation of the plan (workflows, when installed).

    For an earlier version, only the consultations that had begun when it was published.
    """
    if not apps.is_installed("workflows"):
        return []
    from workflows.consultation import exports
    from workflows.models.consultation import Consultation

    annexes = []
    consultations = Consultation.objects.for_plan(plan).public()
    if as_of is not None:
        consultations = consultations.filter(starts_at__lte=as_of)
    for consultation in consultations.order_by("starts_at"):
        rows = exports.rows(consultation)
        html = render_to_string(
            "publication/annex_settlement.html",
            {"consultation": consultation, "columns": exports.columns(), "rows": rows},
        )
        annexes.append(
            {
                "id": f"vyporadani-{consultation.pk}",
                "title": _("Settlement of comments: %(title)s") % {"title": consultation.title},
                "html": html,
            }
        )
    return annexes
