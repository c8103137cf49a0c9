"""A small Czech corpus for the search tests: pages, strategic items, files.

Documents are real PDF (WeasyPrint), DOCX (python-docx) and ODT (odfpy)
files generated here, so the tests exercise the real extraction.
"""

import io
import uuid
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify

from cms.models import (
    ChapterPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    Publicity,
    StrategicPartPage,
    TargetGroup,
    TriadaDocument,
    set_strategy,
)
from tests.factories import make_chapter, make_plan, make_territory

CHAPTERS = {
    "seniors": (
        "Analýza potřeb seniorů",
        "Pečovatelská služba zajišťuje péči o seniory v jejich domácnostech. "
        "Senioři v menších městech často žijí osaměle a chybí jim doprava k lékaři.",
    ),
    "families": (
        "Rodiny s dětmi",
        "Sociálně aktivizační služby pro rodiny s dětmi pomáhají rodičům s výchovou. "
        "Dluhová poradna je otevřena každé úterý.",
    ),
    "disability": (
        "Osoby se zdravotním postižením",
        "Chráněné bydlení a podpora samostatného bydlení pro lidi s mentálním postižením. Osobní asistence.",
    ),
    "funding": (
        "Financování sociálních služeb",
        "Dotace z rozpočtu kraje a příspěvky obcí. Město Klatovy přispívá na provoz azylového zařízení.",
    ),
}

PDF_TEXT = "Zápis z jednání pracovní skupiny. Hospicová péče v Klatovské nemocnici má nově osm lůžek."
DOCX_TEXT = "Respondenti nejčastěji zmiňovali nedostatek přepravní služby typu senior taxi."
ODT_TEXT = "Azylový dům pro matky s dětmi v Horažďovicích rozšíří kapacitu."


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def activity(number, title, description):
    return {
        "number": number,
        "title": title,
        "description": f"<p>{description}</p>",
        "responsible_organisation": "Oblastní charita Klatovy",
        "year_from": 2026,
        "year_to": 2028,
        "estimated_cost": None,
        "funding_sources": [],
        "indicators": [{"name": "počet klientů", "unit": "osob", "baseline": "120", "target": "150"}],
        "target_groups": [],
        "service_types": [],
    }


def strategy():
    return [
        block(
            "priority",
            {
                "number": 1,
                "title": "Podpora seniorů v domácím prostředí",
                "description": "",
                "measures": [
                    {
                        "number": 1,
                        "title": "Rozvoj terénních služeb",
                        "description": "",
                        "activities": [
                            activity(1, "Rozšíření kapacity odlehčovací služby", "Pobyty na přechodnou dobu."),
                        ],
                    }
                ],
            },
        )
    ]


def pdf_bytes(text):
    from weasyprint import HTML

    return HTML(string=f"<html lang='cs'><body><h1>Zápis</h1><p>{text}</p></body></html>").write_pdf()


def docx_bytes(text):
    import docx

    document = docx.Document()
    document.add_heading("Dotazníkové šetření", level=1)
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt_bytes(text):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Analýza poskytovatelů"))
    document.text.addElement(P(text=text))
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def make_document(title, filename, content, *, publicity=Publicity.PUBLIC, body=None, plan=None):
    document = TriadaDocument(title=title, publicity=publicity, owning_body=body, plan=plan, date=date(2026, 3, 5))
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def build_corpus(hostname="testserver"):
    """Everything published the way editors publish it; returns a dict of objects."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        territory = make_territory("ORP Klatovy", hostname=hostname)
        seniors, _ = TargetGroup.objects.get_or_create(code="seniori", defaults={"name": "Senioři"})
        plan = make_plan(territory)
        chapters = {}
        for number, (key, (title, text)) in enumerate(CHAPTERS.items(), start=1):
            group = territory.wg_seniors if key == "seniors" else territory.wg_families
            chapters[key] = make_chapter(plan, title, number=number, group=group, paragraphs=(text,))
        chapters["seniors"].target_groups.add(seniors)
        chapters["seniors"].save_revision().publish()
        strategic = StrategicPartPage(title="Strategická část", slug="strategicka-cast", number=9)
        set_strategy(strategic, strategy())
        plan.add_child(instance=strategic)
        strategic.save_revision().publish()
        # A draft as the admin creates one: saved, never published (not live).
        draft = ChapterPage(
            title="Krizová lůžka",
            slug="krizova-luzka",
            number=8,
            live=False,
            body=[{"type": "paragraph", "value": "<p>Návrh: krizové lůžko pro osoby bez přístřeší.</p>"}],
        )
        plan.add_child(instance=draft)
        draft.save_revision()
        news_index = NewsIndexPage(title="Aktuality", slug="aktuality")
        territory.add_child(instance=news_index)
        news_index.save_revision().publish()
        news = NewsPage(
            title="Veřejné projednání návrhu plánu",
            slug="verejne-projednani",
            date=date(2026, 2, 1),
            lead="Zveme občany na setkání v sokolovně.",
        )
        news_index.add_child(instance=news)
        news.save_revision().publish()
        event = EventPage(
            title="Kulatý stůl k bezbariérovosti",
            slug=slugify("Kulatý stůl k bezbariérovosti"),
            start=timezone.make_aware(datetime(2026, 4, 10, 16, 0)),
            place="Kulturní dům Sušice",
            lead="Diskuse o přístupnosti chodníků.",
        )
        news_index.add_child(instance=event)
        event.save_revision().publish()
        documents = {
            "pdf": make_document("Zápis PS Senioři", "zapis.pdf", pdf_bytes(PDF_TEXT), body=territory.wg_seniors),
            "docx": make_document("Dotazníkové šetření", "setreni.docx", docx_bytes(DOCX_TEXT), plan=plan),
            "odt": make_document("Analýza poskytovatelů", "analyza.odt", odt_bytes(ODT_TEXT), plan=plan),
            "internal": make_document(
                "Interní rozpočtová rezerva",
                "rezerva.docx",
                docx_bytes("Reorganizace koordinačního týmu a rozpočtová rezerva."),
                publicity=Publicity.INTERNAL,
                body=territory.steering_group,
            ),
        }
    return {
        "territory": territory,
        "plan": plan,
        "chapters": chapters,
        "strategic": strategic,
        "items": {item.code: item for item in strategic.items.all()},
        "draft": draft,
        "news": news,
        "event": event,
        "documents": documents,
    }
