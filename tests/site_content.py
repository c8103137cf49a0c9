"""A small but complete public site for the public-site tests: every page type and block.

Built on tests/factories.py; used until (and beside) the demo loader.
"""

import datetime
import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from cms.models import (
    ContactPage,
    EventPage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    StrategicPartPage,
    TargetGroup,
    TriadaDocument,
    TriadaImage,
    set_strategy,
)
from tests.factories import make_chapter, make_plan, make_territory


def png_bytes(size=(120, 60), colour=(11, 61, 110)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(title="Mapa území", alt="Mapa obcí území"):
    upload = ImageFile(io.BytesIO(png_bytes()), name=f"{slugify(title)}.png")
    return TriadaImage.objects.create(title=title, description=alt, file=upload)


def make_document(title="Zápis z jednání", *, publicity="public", size=1_260_000):
    document = TriadaDocument(title=title, publicity=publicity)
    payload = b"%PDF-1.4\n" + b"0" * (size - 9)
    document.file.save(f"{slugify(title)}.pdf", ContentFile(payload), save=False)
    document.save()
    return document


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def rich_body(image=None, document=None):
    body = [
        block("heading", {"text": "Východiska", "level": "h2"}),
        block("paragraph", "<p>Pečovatelská služba je dostupná ve všech obcích území.</p>"),
        block(
            "table",
            {
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_caption": "Počet klientů podle služby",
                "data": [["Služba", "2023", "2024"], ["Pečovatelská služba", "120", "135"]],
            },
        ),
        block(
            "callout",
            {"kind": "important", "title": "Důležité", "text": "<p>Připomínky lze podávat do 15. března.</p>"},
        ),
        block(
            "key_figures",
            {
                "title": "Území v číslech",
                "figures": [
                    {"value": "45 210", "label": "obyvatel", "note": ""},
                    {"value": "21 %", "label": "obyvatel nad 65 let", "note": "ČSÚ 2024"},
                ],
            },
        ),
    ]
    if image is not None:
        body.append(
            block(
                "figure",
                {
                    "image": {"image": image.pk, "alt_text": "Mapa obcí v území", "decorative": False},
                    "caption": "Obce území",
                },
            )
        )
    if document is not None:
        body.append(block("document_link", {"document": document.pk, "label": "Zápis z jednání řídící skupiny"}))
    return body


def activity(number, title, target_group=None):
    return {
        "number": number,
        "title": title,
        "description": "<p>Rozšíření kapacity služby v menších obcích.</p>",
        "responsible_organisation": "Charita Testov",
        "year_from": 2026,
        "year_to": 2028,
        "estimated_cost": "1250000",
        "funding_sources": [{"source": "rozpočet obce", "amount": "250000"}, {"source": "MPSV", "amount": "1000000"}],
        "indicators": [{"name": "počet klientů", "unit": "osob", "baseline": "120", "target": "150"}],
        "target_groups": [target_group.pk] if target_group else [],
        "service_types": [],
    }


def strategy_value(target_group=None):
    return [
        block(
            "priority",
            {
                "number": 1,
                "title": "Dostupné služby pro seniory",
                "description": "<p>Senioři mohou žít doma co nejdéle.</p>",
                "measures": [
                    {
                        "number": 1,
                        "title": "Terénní služby v obcích",
                        "description": "",
                        "activities": [
                            activity(1, "Rozšíření pečovatelské služby", target_group),
                            activity(2, "Odlehčovací služba v domácnosti", target_group),
                        ],
                    },
                    {"number": 2, "title": "Informovanost seniorů", "description": "", "activities": []},
                ],
            },
        ),
        block(
            "priority",
            {
                "number": 2,
                "title": "Podpora rodin s dětmi",
                "description": "",
                "measures": [
                    {
                        "number": 1,
                        "title": "Sociálně aktivizační služby",
                        "description": "",
                        "activities": [activity(1, "Služba pro rodiny v obtížné situaci", target_group)],
                    }
                ],
            },
        ),
    ]


def make_strategic_part(plan, *, number=10, title="Strategická část", publish=True):
    target_group, _ = TargetGroup.objects.get_or_create(code="seniori", defaults={"name": "Senioři"})
    page = StrategicPartPage(title=title, slug=slugify(title), number=number, body=[])
    set_strategy(page, strategy_value(target_group))
    plan.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def build_site(title="ORP Testov", *, hostname=None, default_site=False):
    """A territory with a plan (chapters, strategic part), news, events, contact and statement pages."""
    territory = make_territory(title, hostname=hostname, default_site=default_site)
    territory.intro = "<p>Společně plánujeme sociální služby pro všechny obce území.</p>"
    territory.coordinator_name = "Mgr. Jana Nováková"
    territory.coordinator_email = "koordinator@testov.example.cz"
    territory.coordinator_phone = "+420 123 456 789"
    territory.funding_statement = "<p>Plánování je financováno z rozpočtu města.</p>"
    territory.save_revision().publish()
    territory.refresh_from_db()

    plan = make_plan(territory)
    plan.summary = "<p>Plán na léta 2026–2028 navazuje na předchozí plán.</p>"
    plan.save_revision().publish()
    image = make_image()
    document = make_document()
    chapters = [
        make_chapter(plan, "Úvod", number=1, group=territory.steering_group),
        make_chapter(plan, "Analýza potřeb uživatelů", number=2, group=territory.wg_seniors),
    ]
    chapters[0].body = rich_body(image, document)
    chapters[0].lead = "Proč plánujeme a pro koho."
    chapters[0].save_revision().publish()
    strategic_part = make_strategic_part(plan, number=3)

    news_index = NewsIndexPage(title="Aktuality", slug="aktuality", show_in_menus=True)
    territory.add_child(instance=news_index)
    news_index.save_revision().publish()
    news = NewsPage(title="Začalo připomínkování plánu", slug="pripominkovani", lead="Návrh plánu je zveřejněn.")
    news_index.add_child(instance=news)
    news.save_revision().publish()
    start = timezone.now() + datetime.timedelta(days=7)
    event = EventPage(
        title="Veřejné projednání plánu",
        slug="verejne-projednani",
        start=start,
        end=start + datetime.timedelta(hours=2),
        place="Městský úřad, zasedací místnost",
    )
    news_index.add_child(instance=event)
    event.save_revision().publish()
    contact = ContactPage(title="Kontakty", slug="kontakty", office_hours="Po a St 8–17", show_in_menus=True)
    territory.add_child(instance=contact)
    contact.save_revision().publish()
    statement = StandardPage(
        title="Prohlášení o přístupnosti",
        slug="prohlaseni-o-pristupnosti",
        lead="Web splňuje požadavky zákona č. 99/2019 Sb.",
        body=[block("paragraph", "<p>Stránky jsou přístupné podle WCAG 2.1 AA.</p>")],
    )
    territory.add_child(instance=statement)
    statement.save_revision().publish()
    plan.show_in_menus = True
    plan.save_revision().publish()
    return {
        "territory": territory,
        "plan": plan,
        "chapters": chapters,
        "strategic_part": strategic_part,
        "news_index": news_index,
        "news": news,
        "event": event,
        "contact": contact,
        "statement": statement,
        "image": image,
        "document": document,
    }
