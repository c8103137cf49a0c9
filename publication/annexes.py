"""Annexes of the plan's PDF, collected from any app through a Wagtail hook.

An app adds an annex with::

    @hooks.register("triada_publication_annexes")
    def my_annexes(plan):
        return [{"id": "akcni-plan", "title": "Akční plán 2026", "html": safe_html, "fingerprint": "…"}]

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


def collect_annexes(plan):
    """Every registered annex of `plan`, in hook order, each with a fingerprint."""
    annexes = []
    for fn in hooks.get_hooks(HOOK_NAME):
        for annex in fn(plan) or []:
            annex = dict(annex)
            annex.setdefault("fingerprint", hashlib.sha256(str(annex.get("html", "")).encode("utf-8")).hexdigest())
            annexes.append(annex)
    return annexes


def settlement_annexes(plan):
    """The settlement table of every public consultation of the plan (workflows, when installed)."""
    if not apps.is_installed("workflows"):
        return []
    from workflows.consultation import exports
    from workflows.models.consultation import Consultation

    annexes = []
    for consultation in Consultation.objects.for_plan(plan).public().order_by("starts_at"):
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
