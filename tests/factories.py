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
