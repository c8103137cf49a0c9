"""Small builders for test data: territories, bodies, plans, chapters, users.

They use the same code paths as the demo loader where one exists, so a test
sees what a real installation has.
"""

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify
from wagtail.models import Page, Site

from cms.models import ChapterPage, PlanningBody, PlanningBodyKind, PlanPage, TerritoryHomePage
from cms.roles import ensure_territory_roles

PASSWORD = "heslo-pro-testy-123"
_counter = itertools.count(1)


def ensure_wagtail_roots():
    """A transactional test's flush removes the rows Wagtail's migrations create; put them back."""
    from django.conf import settings
    from wagtail.models import Collection, Locale

    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def make_user(username=None, *, groups=(), is_superuser=False, email=None, first_name="Test", last_name=None):
    username = username or f"user{next(_counter)}"
    user = get_user_model().objects.create_user(
        username=username,
        email=email or f"{username}@example.cz",
        password=PASSWORD,
        first_name=first_name,
        last_name=last_name or username.capitalize(),
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    for group in groups:
        user.groups.add(group.group if isinstance(group, PlanningBody) else group)
    return user


def make_body(territory, kind, name, *, chair=None):
    slug = slugify(name)[:90]
    group, _ = Group.objects.get_or_create(name=f"{territory.display_name}: {name}"[:150])
    body, _ = PlanningBody.objects.get_or_create(
        territory=territory, slug=slug, defaults={"kind": kind, "name": name, "group": group, "chair": chair}
    )
    return body


def make_territory(title="ORP Testov", *, hostname=None, short_name=None, default_site=False):
    ensure_wagtail_roots()
    root = Page.get_first_root_node()
    territory = TerritoryHomePage(title=title, short_name=short_name or title, slug=slugify(title))
    root.add_child(instance=territory)
    territory.save_revision().publish()
    Site.objects.create(
        hostname=hostname or f"{slugify(title)}.localhost",
        port=80,
        root_page=territory,
        is_default_site=default_site,
        site_name=title,
    )
    territory.steering_group = make_body(territory, PlanningBodyKind.STEERING_GROUP, "Řídící skupina")
    territory.council = make_body(territory, PlanningBodyKind.COUNCIL, "Zastupitelstvo")
    territory.wg_seniors = make_body(territory, PlanningBodyKind.WORKING_GROUP, "PS Senioři")
    territory.wg_families = make_body(territory, PlanningBodyKind.WORKING_GROUP, "PS Rodiny s dětmi")
    ensure_territory_roles(territory)
    return territory


def make_plan(territory, title="Komunitní plán 2026–2028", *, period=(2026, 2028), publish=True):
    plan = PlanPage(title=title, slug=slugify(title), period_from=period[0], period_to=period[1], live=publish)
    territory.add_child(instance=plan)
    revision = plan.save_revision()
    if publish:
        revision.publish()
    return plan


def make_chapter(plan, title, *, number=1, group=None, paragraphs=("Text kapitoly.",), publish=True):
    body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    chapter = ChapterPage(
        title=title, slug=slugify(title), number=number, responsible_group=group, body=body, live=publish
    )
    plan.add_child(instance=chapter)
    revision = chapter.save_revision()
    if publish:
        revision.publish()
    return chapter


def strategy_tree(priorities=3, measures=8, activities=21, *, target_groups=(), service_types=()):
    """Nested priorities → measures → activities with every field filled, spread evenly.

    `strategy_tree(8, 30, 150)` is the size of a real plan.
    """
    tree = []
    measure_counts = [measures // priorities + (1 if i < measures % priorities else 0) for i in range(priorities)]
    activity_counts = [activities // measures + (1 if i < activities % measures else 0) for i in range(measures)]
    measure_index = 0
    for p in range(1, priorities + 1):
        priority = {"number": p, "title": f"Priorita {p}", "description": f"<p>Cíl priority {p}.</p>", "measures": []}
        for m in range(1, measure_counts[p - 1] + 1):
            measure = {"number": m, "title": f"Opatření {p}.{m}", "description": "<p>Popis.</p>", "activities": []}
            for a in range(1, activity_counts[measure_index] + 1):
                measure["activities"].append(
                    {
                        "number": a,
                        "title": f"Aktivita {p}.{m}.{a}",
                        "description": f"<p>Popis aktivity {p}.{m}.{a} v obcích území.</p>",
                        "responsible_organisation": "Charita Testov",
                        "year_from": 2026,
                        "year_to": 2028,
                        "estimated_cost": "1250000",
                        "funding_sources": [
                            {"source": "rozpočet obce", "amount": "250000"},
                            {"source": "MPSV", "amount": "1000000"},
                        ],
                        "indicators": [
                            {"name": "počet klientů", "unit": "osob", "baseline": "120", "target": "150"},
                            {"name": "počet obcí", "unit": "obcí", "baseline": "8", "target": "12"},
                        ],
                        "target_groups": list(target_groups),
                        "service_types": list(service_types),
                    }
                )
            priority["measures"].append(measure)
            measure_index += 1
        tree.append(priority)
    return tree


def make_strategic_part(plan, *, size=(3, 8, 21), group=None, number=10, title="Strategická část", publish=True):
    """A strategic part of `size` = (priorities, measures, activities), with full fields."""
    from cms.models import ServiceType, StrategicPartPage, TargetGroup, set_strategy

    groups = [TargetGroup.objects.get_or_create(code="seniori", defaults={"name": "Senioři"})[0]]
    types = list(ServiceType.objects.all()[:2])
    page = StrategicPartPage(title=title, slug=slugify(title), number=number, responsible_group=group, body=[])
    set_strategy(page, strategy_tree(*size, target_groups=groups, service_types=types))
    page.live = publish
    plan.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page
