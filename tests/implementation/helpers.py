"""A territory with a plan, its strategic part (3 activities) and one person per role."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from cms.models import (
    ChapterPage,
    PlanningBody,
    PlanningBodyKind,
    PlanStatus,
    StrategicItem,
    StrategicPartPage,
    StrategyEntry,
    TargetGroup,
)
from cms.models.strategy import forget_items
from tests.factories import make_chapter, make_plan, make_territory, make_user
from tests.site_content import make_strategic_part


@dataclass
class World:
    territory: object
    plan: object
    part: object
    activities: list
    coordinator: object
    wg_member: object
    other_wg_member: object
    steering_member: object
    outsider: object
    other_coordinator: object


def admin_user(username, groups=()):
    user = make_user(username, groups=groups)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def build_world(hostname="testserver", title="ORP Plnění", default_site=True):
    territory = make_territory(title, hostname=hostname, default_site=default_site)
    plan = make_plan(territory)
    part = make_strategic_part(plan, number=3)
    seniors = TargetGroup.objects.get(code="seniori")
    territory.wg_seniors.target_groups.add(seniors)
    territory.wg_seniors.save()  # a ParentalManyToManyField is written on save
    other = make_territory(f"{title} jiné", hostname=f"jine-{hostname}")
    activities = list(StrategicItem.objects.for_plan(plan).activities().current().order_by("sort_order"))
    for item in activities:
        # The mirror's target group codes decide the reporting group; the strategic part's
        # storage is being reworked, so state them here rather than rely on its lookup.
        item.data = {**item.data, "target_groups": ["seniori"]}
        item.save(update_fields=["data"])
    assert len(activities) == 3
    return World(
        territory=territory,
        plan=plan,
        part=part,
        activities=activities,
        coordinator=admin_user("koordinatorka", [territory.coordinator_group]),
        wg_member=admin_user("seniorka", [territory.wg_seniors]),
        other_wg_member=admin_user("rodic", [territory.wg_families]),
        steering_member=admin_user("ridici", [territory.steering_group]),
        outsider=admin_user("cizi-koordinator", [other.wg_seniors]),
        other_coordinator=admin_user("jina-koordinatorka", [other.coordinator_group]),
    )


def open_round(world, year=2026, due=None):
    from implementation.services.monitoring import open_round as open_

    return open_(world.plan, year, due or date.today() + timedelta(days=5), world.coordinator)


def report_data(status="fulfilled", clients="140", narrative="Služba rozšířena do 4 obcí.", spent=None):
    return {
        "status": status,
        "narrative": narrative,
        "indicators": {"počet klientů": clients},
        "spent": spent if spent is not None else {"rozpočet obce": "200000", "MPSV": "800000"},
    }


def complete_round(world, round_, statuses=("fulfilled", "partly", "ongoing")):
    """Every report submitted by the working group and confirmed by the steering group."""
    from implementation.services.monitoring import confirm_report, save_report

    for report, status in zip(round_.reports.order_by("activity__sort_order"), statuses, strict=True):
        save_report(report, world.wg_member, report_data(status=status), submit=True)
        confirm_report(report, world.steering_member)
    round_.refresh_from_db()
    return round_


def body(territory, slug):
    return PlanningBody.objects.get(territory=territory, slug=slug)


def adopt(plan, number):
    """The council's final resolution on the plan page, as the review workflow records it."""
    from workflows.models.review import CouncilResolution, ResolutionOutcome, ReviewPurpose

    type(plan).objects.filter(pk=plan.pk).update(status=PlanStatus.ADOPTED, approval_resolution_number=number)
    return CouncilResolution.objects.create(
        page=plan,
        plan=plan,
        body=PlanningBody.objects.get(territory=plan.territory, kind=PlanningBodyKind.COUNCIL),
        number=number,
        date=timezone.localdate(),
        meeting="Zasedání zastupitelstva",
        outcome=ResolutionOutcome.ADOPTED,
        purpose=ReviewPurpose.FINAL,
        recorded_at=timezone.now(),
    )


def publish_entries(part, change):
    part = StrategicPartPage.objects.get(pk=part.pk)
    entries = list(part.strategy_entries.all())
    part.strategy_entries = change({e.title: e for e in entries}, entries)
    forget_items(part)
    part.save_revision().publish()


def publish_chapter(chapter, *paragraphs):
    chapter = ChapterPage.objects.get(pk=chapter.pk)
    chapter.body = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs]
    chapter.save_revision().publish()


def two_adopted_versions(world):
    """The plan adopted by ZM/1/2025, and its update adopted by ZM/7/2027 with a known change set.

    Activity 1.1.1 renamed and costlier, 1.1.2 removed, "Sdílená doprava k lékaři" added, one paragraph of
    the introduction changed. Edits published after each resolution were adopted by nobody.
    """
    from implementation.services import versions

    intro = make_chapter(world.plan, "Úvod", number=1, paragraphs=("Plán vznikl v roce 2025.", "Platí tři roky."))
    adopt(world.plan, "ZM/1/2025")
    publish_chapter(intro, "Oprava po schválení, kterou zastupitelstvo nevidělo.", "Platí tři roky.")

    copy = versions.start_update(world.plan, 2027, world.coordinator)
    for child in copy.get_children():
        child.specific.save_revision().publish()
    copy.save_revision().publish()
    part = StrategicPartPage.objects.child_of(copy).get()
    copy_intro = ChapterPage.objects.child_of(copy).get(slug=intro.slug)

    def known_change_set(by_title, entries):
        changed = by_title["Rozšíření pečovatelské služby"]
        changed.title = "Rozšíření pečovatelské služby do všech obcí"
        changed.estimated_cost = 1500000
        removed = by_title["Odlehčovací služba v domácnosti"]
        added = StrategyEntry(
            kind="activity", parent_uid=removed.parent_uid, number=3, title="Sdílená doprava k lékaři"
        )
        return [e for e in entries if e is not removed] + [added]

    publish_entries(part, known_change_set)
    publish_chapter(copy_intro, "Plán vznikl v roce 2025.", "Platí tři roky a každý rok se aktualizuje.")
    adopt(copy, "ZM/7/2027")

    def later_edit(by_title, entries):
        by_title["Služba pro rodiny v obtížné situaci"].title = "Po schválení přejmenováno"
        return entries

    publish_entries(part, later_edit)  # live now, but adopted by nobody

    return copy
