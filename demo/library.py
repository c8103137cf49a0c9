"""The document library of the demo: a documents page and four documents, one with three versions, one internal."""

import io
from datetime import date

from django.core.files.base import ContentFile
from pypdf import PdfWriter

from cms.models import DocumentIndexPage, DocumentType, PlanningBody, Publicity, TriadaDocument
from cms.roles import body_collection, territory_collection

from .registry import step


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _document(title, filename, *, user=None, note="", **fields):
    document = TriadaDocument(title=title, uploaded_by_user=user, **fields)
    document._version_note = note
    document.file.save(filename, ContentFile(_pdf()), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _new_version(document, filename, *, user=None, note=""):
    document.file.save(filename, ContentFile(_pdf() + f"% {note}\n".encode()), save=False)
    document._set_document_file_metadata()
    document._version_user = user
    document._version_note = note
    document.save()


@step(order=50)
def document_library(demo):
    """The documents page with the plan's full text (three versions), an analysis, a leaflet, an internal paper."""
    territory, plan = demo.territory, demo.plan
    if DocumentIndexPage.objects.child_of(territory).exists():
        return
    index = DocumentIndexPage(title="Dokumenty", slug="dokumenty")
    territory.add_child(instance=index)
    index.save_revision().publish()
    coordinator = demo.coordinator
    bodies = {body.kind: body for body in PlanningBody.objects.for_territory(territory)}
    steering = bodies.get("steering_group")
    working = bodies.get("working_group")
    plan_document = _document(
        "Komunitní plán sociálních služeb – celý text",
        "komunitni-plan.pdf",
        user=coordinator,
        note="návrh pro veřejné projednání",
        document_type=DocumentType.PLAN,
        date=date(2025, 11, 3),
        owning_body=steering,
        plan=plan,
        collection=territory_collection(territory),
        description="Úplné znění plánu ve formátu PDF.",
    )
    _new_version(plan_document, "komunitni-plan.pdf", user=coordinator, note="po vypořádání připomínek")
    _new_version(plan_document, "komunitni-plan.pdf", user=coordinator, note="schváleno zastupitelstvem")
    _document(
        "Analýza potřeb uživatelů sociálních služeb",
        "analyza-potreb.pdf",
        user=coordinator,
        document_type=DocumentType.ANALYSIS,
        date=date(2025, 6, 12),
        owning_body=working,
        plan=plan,
        collection=body_collection(working) if working else territory_collection(territory),
    )
    _document(
        "Leták: kam se obrátit v tíživé situaci",
        "letak.pdf",
        user=coordinator,
        document_type=DocumentType.LEAFLET,
        date=date(2024, 9, 1),
        collection=territory_collection(territory),
    )
    _document(
        "Rozpočty poskytovatelů (interní podklad)",
        "rozpocty.pdf",
        user=coordinator,
        document_type=DocumentType.OTHER,
        date=date(2025, 10, 1),
        owning_body=steering,
        publicity=Publicity.INTERNAL,
        collection=body_collection(steering) if steering else territory_collection(territory),
    )
