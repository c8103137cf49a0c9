"""The cms part of the demo: territory home, site, bodies, plan chapters, news, contact page.

Steps run per territory (see demo/registry.py); the texts are in demo/data/.
"""

import datetime
import io

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from cms.models import (
    ChapterPage,
    ContactPage,
    EventPage,
    Municipality,
    NewsIndexPage,
    NewsPage,
    PartnerLogo,
    PlanningBody,
    PlanningBodyKind,
    PlanPage,
    PlanStatus,
    StandardPage,
    TargetGroup,
    TerritoryHomePage,
    TriadaImage,
)
from cms.roles import top_collection

from .data import fill, load, stream
from .registry import step

STEERING_GROUP = "ridici-skupina"


def child(parent, model, slug):
    """The child page of `parent` with this slug and page type, or None."""
    return model.objects.child_of(parent).filter(slug=slug).first()


def add_published(parent, page):
    """Add `page` under `parent` and publish its first revision."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def main_target_groups():
    """Codes of the four main target groups (the first of each working group)."""
    return [group["target_groups"][0] for group in load("people")["working_groups"]]


def ensure_tree_roots():
    """Recreate the roots Wagtail's migrations create, if a flushed database lost them.

    Transactional test runs truncate every table between tests, migration data included.
    """
    from wagtail.models import Collection, Locale

    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def remove_wagtail_welcome_page():
    """Wagtail's first migration leaves a 'Welcome' page and a localhost:80 site; the demo replaces them."""
    for page in Page.objects.filter(depth=2, slug="home", content_type__model="page", numchild=0):
        Site.objects.filter(root_page=page).delete()
        page.delete()


def _logo_png(name, color):
    """A small partner logo: a coloured badge with the initials."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (240, 96), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 236, 92), radius=14, fill=tuple(color))
    initials = "".join(word[0] for word in name.split()[:3]).upper()
    draw.text((24, 36), initials, fill="white")
    draw.text((80, 36), name[:22], fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _partner_logo(spec, name, color):
    image = TriadaImage.objects.filter(title=f"Logo: {name}").first()
    if image is None:
        image = TriadaImage(
            title=f"Logo: {name}",
            description=name,
            collection=top_collection(spec["title"]),
            file=ImageFile(io.BytesIO(_logo_png(name, color)), name=f"logo-{slugify(name)}.png"),
        )
        image.save()
    return image


def _territory(demo):
    spec = demo.spec
    root = Page.get_first_root_node()
    territory = TerritoryHomePage.objects.child_of(root).filter(slug=spec["key"]).first()
    if territory is not None:
        return territory
    texts = fill(load("pages")["territory"], demo.text_vars())
    territory = TerritoryHomePage(
        title=spec["title"],
        slug=spec["key"],
        short_name=spec["short_name"],
        kind=spec["kind"],
        intro=texts["intro"],
        coordinator_name=spec["coordinator"]["name"],
        coordinator_email=spec["coordinator"]["email"],
        coordinator_phone=spec["coordinator"]["phone"],
        coordinator_address=spec["coordinator"]["address"],
        funding_statement=texts["funding_statement"],
    )
    territory.partner_logos = [
        PartnerLogo(name=partner["name"], logo=_partner_logo(spec, partner["name"], partner["color"]), sort_order=i)
        for i, partner in enumerate(spec["partners"])
    ]
    root.add_child(instance=territory)
    territory.municipalities.set(Municipality.objects.filter(code__in=spec["municipalities"]))
    territory.save_revision().publish()
    return territory


def _site(spec, territory, port):
    if spec["is_default"]:
        Site.objects.exclude(root_page=territory).update(is_default_site=False)
    Site.objects.filter(hostname=spec["hostname"], port=port).exclude(root_page=territory).delete()
    site = Site.objects.filter(root_page=territory).first() or Site(root_page=territory)
    site.hostname = spec["hostname"]
    site.port = port
    site.site_name = spec["title"]
    site.is_default_site = spec["is_default"]
    site.save()
    return site


def _body_description(kind, name):
    if kind == PlanningBodyKind.WORKING_GROUP:
        return (
            f"{name} sdružuje zástupce poskytovatelů, uživatelů a obcí. Připravuje kapitoly plánu "
            "za svou cílovou skupinu a navrhuje opatření."
        )
    if kind == PlanningBodyKind.STEERING_GROUP:
        return "Řídící skupina koordinuje práci pracovních skupin a odpovídá za plán jako celek."
    return f"{name} schvaluje komunitní plán a jeho změny usnesením."


def _bodies(spec, territory):
    """The bodies of the territory, keyed by slug, each with its auth group."""
    target_groups = {tg.code: tg for tg in TargetGroup.objects.all()}
    definitions = [(STEERING_GROUP, PlanningBodyKind.STEERING_GROUP, "Řídící skupina", [])]
    definitions += [
        (group["slug"], PlanningBodyKind.WORKING_GROUP, group["name"], group["target_groups"])
        for group in load("people")["working_groups"]
    ]
    council_slug = "zastupitelstvo" if spec["council_kind"] == PlanningBodyKind.COUNCIL else "valna-hromada"
    definitions.append((council_slug, spec["council_kind"], spec["council_name"], []))
    bodies = {}
    for order, (slug, kind, name, codes) in enumerate(definitions, start=1):
        group, _created = Group.objects.get_or_create(name=f"{spec['title']}: {name}"[:150])
        body, created = PlanningBody.objects.get_or_create(
            territory=territory,
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "group": group,
                "sort_order": order,
                "contact_email": f"{slug}@{spec['key']}.example.cz",
                "description": _body_description(kind, name),
            },
        )
        if created and codes:
            body.target_groups.set([target_groups[c] for c in codes if c in target_groups])
            body.save()  # a ParentalManyToManyField is written on save
        bodies[slug] = body
    return bodies


@step(order=10)
def territory_site_and_bodies(demo):
    """The territory's home page (its site on the demo port) and its planning bodies."""
    demo.territory = _territory(demo)
    demo.site = _site(demo.spec, demo.territory, demo.port)
    demo.bodies = _bodies(demo.spec, demo.territory)


@step(order=30)
def plan_and_chapters(demo):
    """The plan with its text chapters (the strategic part is demo/strategy.py's step)."""
    texts = fill(load("pages")["plan"], demo.text_vars())
    plan = child(demo.territory, PlanPage, texts["slug"])
    if plan is None:
        plan = add_published(
            demo.territory,
            PlanPage(
                title=texts["title"],
                slug=texts["slug"],
                period_from=texts["period"][0],
                period_to=texts["period"][1],
                status=PlanStatus.DRAFT,
                summary=texts["summary"],
            ),
        )
    demo.plan = plan
    target_groups = {tg.code: tg for tg in TargetGroup.objects.all()}
    for chapter_data in fill(load("chapters"), demo.text_vars()):
        if child(plan, ChapterPage, chapter_data["slug"]) is not None:
            continue
        chapter = ChapterPage(
            title=chapter_data["title"],
            slug=chapter_data["slug"],
            number=chapter_data["number"],
            lead=chapter_data["lead"],
            responsible_group=demo.bodies[chapter_data["responsible_group"]],
            body=stream(chapter_data["body"]),
        )
        plan.add_child(instance=chapter)
        # Chapters about the plan as a whole concern the four main target groups.
        codes = chapter_data["target_groups"] or main_target_groups()
        chapter.target_groups.set([target_groups[c] for c in codes if c in target_groups])
        chapter.save_revision().publish()


def _local(value):
    return timezone.make_aware(datetime.datetime.fromisoformat(value), timezone.get_default_timezone())


@step(order=40)
def news_and_events(demo):
    """The news index with three news items and two events."""
    pages = fill(load("pages"), demo.text_vars())
    index_data = pages["news_index"]
    index = child(demo.territory, NewsIndexPage, index_data["slug"])
    if index is None:
        index = add_published(demo.territory, NewsIndexPage(**index_data))
    for news in pages["news"]:
        if child(index, NewsPage, news["slug"]) is None:
            add_published(index, NewsPage(**{**news, "date": datetime.date.fromisoformat(news["date"])}))
    for event in pages["events"]:
        if child(index, EventPage, event["slug"]) is None:
            body = pages["event_body"].replace("{lead}", event["lead"])
            add_published(
                index,
                EventPage(**{**event, "start": _local(event["start"]), "end": _local(event["end"]), "body": body}),
            )


@step(order=45)
def contact_and_accessibility_statement(demo):
    """The contact page and the accessibility statement every public body must publish."""
    pages = fill(load("pages"), demo.text_vars())
    if child(demo.territory, ContactPage, pages["contact"]["slug"]) is None:
        add_published(demo.territory, ContactPage(**pages["contact"]))
    statement = pages["accessibility_statement"]
    page = child(demo.territory, StandardPage, statement["slug"])
    if page is None:
        page = add_published(demo.territory, StandardPage(**{**statement, "body": stream(statement["body"])}))
    if demo.territory.accessibility_statement_id is None:
        # Linked by foreign key, so the footer keeps it when the page is renamed or moved.
        type(demo.territory).objects.filter(pk=demo.territory.pk).update(accessibility_statement=page)
        demo.territory.accessibility_statement = page
