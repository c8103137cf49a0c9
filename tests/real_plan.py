"""A plan of real size for query tests and benchmarks: 12 chapters through three review stages, 150 activities.

Each of chapters 1–12 is approved by its working group, the steering group
and the council (36 rows of approval history) and so is now in its public
consultation; chapter 13 was added after the consultation opened (a regular
published chapter, outside it); the strategic part has 8 priorities, 30
measures and 150 activities. Built through the application's own code paths
(review_setup).
"""

from cms.models import StandardPage, TargetGroup
from tests.factories import make_chapter, make_strategic_part
from tests.workflows.review_setup import act, build_world, resolution_data, submit

CHAPTERS = 12


def build_real_plan(hostname="testserver"):
    world = build_world(hostname=hostname)
    territory = world.territory
    chapters = [world.chapter, world.other_chapter]
    for number in range(3, CHAPTERS + 1):
        group = territory.wg_seniors if number % 2 else territory.wg_families
        paragraphs = [f"Odstavec {i} kapitoly {number}." for i in range(1, 9)]
        chapters.append(
            make_chapter(world.plan, f"Kapitola {number}", number=number, group=group, paragraphs=paragraphs)
        )
    world.part = make_strategic_part(world.plan, size=(8, 30, 150), group=territory.steering_group, number=20)
    for chapter in chapters:
        member = world.wg_member if chapter.responsible_group_id == territory.wg_seniors.pk else world.other_wg_member
        submit(world, chapter, member)
        act(chapter, member, "approve")
        act(chapter, world.steering_member, "approve")
        act(chapter, world.secretary, "record_resolution", **resolution_data(number=f"ZM/{chapter.number}/2026"))
    world.chapters = chapters
    # Published after the consultation opened: a regular chapter, with a responsible group and target groups.
    world.regular = make_chapter(
        world.plan,
        f"Kapitola {CHAPTERS + 1}",
        number=CHAPTERS + 1,
        group=territory.wg_families,
        paragraphs=[f"Odstavec {i} kapitoly {CHAPTERS + 1}." for i in range(1, 9)],
    )
    world.regular.target_groups.set(
        [
            TargetGroup.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in (("seniori", "Senioři"), ("rodiny", "Rodiny s dětmi"))
        ]
    )
    world.regular.save_revision().publish()
    # A bare page type in the same frame (header, menu, footer): the baseline of the benchmarks.
    plain = StandardPage(title="Prohlášení o přístupnosti", slug="prohlaseni-o-pristupnosti")
    territory.add_child(instance=plain)
    plain.save_revision().publish()
    world.plain = plain
    return world
