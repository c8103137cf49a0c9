"""Permission benchmark: what the per-chapter grants of planning bodies cost per request.

`python -m bench permissions`. Builds one territory with 4 plans × 40 chapters
(chapters spread over four working groups) and times, with a cold permission
cache as in a fresh request:

- a working-group member: `change` on an own chapter and on a foreign one, and
  the explorable pages (our policy computes the body grants);
- the coordinator: the same calls (subtree grant; our policy still looks for bodies);
- baseline, same run: the coordinator under Wagtail's stock PagePermissionPolicy.
"""

from bench.harness import Timer, django_database, summarise

PLANS = 4
CHAPTERS_PER_PLAN = 40
REPEAT = 200


def _cold(user):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user.pk)


def _time(label, user_factory, action):
    seconds = []
    for _ in range(REPEAT):
        user = user_factory()
        with Timer() as timer:
            action(user)
        seconds.append(timer.seconds)
    return summarise(label, seconds)


def main():
    with django_database():
        from django.utils.text import slugify
        from wagtail.models import Page
        from wagtail.permission_policies.pages import PagePermissionPolicy
        from wagtail.permissions import policy_registry

        from cms.models import ChapterPage, PlanningBodyKind, PlanPage
        from tests.factories import make_body, make_territory, make_user

        territory = make_territory("ORP Benchov")
        groups = [territory.wg_seniors, territory.wg_families]
        groups += [make_body(territory, PlanningBodyKind.WORKING_GROUP, f"PS {n}") for n in ("OZP", "Vyloučení")]
        from cms.roles import ensure_territory_roles

        ensure_territory_roles(territory)
        territory.refresh_from_db()
        chapters = []
        for p in range(PLANS):
            plan = PlanPage(title=f"Plán {p}", slug=f"plan-{p}", period_from=2020 + p, period_to=2022 + p)
            territory.add_child(instance=plan)
            for c in range(CHAPTERS_PER_PLAN):
                chapter = ChapterPage(
                    title=f"Kapitola {p}.{c}", slug=slugify(f"kapitola-{c}"), number=c, responsible_group=groups[c % 4]
                )
                plan.add_child(instance=chapter)
                chapters.append(chapter)
        member = make_user("clen", groups=[territory.wg_seniors])
        coordinator = make_user("koordinator", groups=[territory.coordinator_group])
        own, foreign = chapters[0], chapters[1]
        ours = policy_registry.get_by_type(Page)
        stock = PagePermissionPolicy(Page)
        print(f"{len(chapters)} chapters in {PLANS} plans, {REPEAT} cold requests per line")

        def can_change(policy, page):
            return lambda user: policy.user_has_permission_for_instance(user, "change", page)

        def explorable(policy):
            return lambda user: list(policy.explorable_instances(user))

        m_own = _time("WG member: may change own chapter", lambda: _cold(member), can_change(ours, own))
        _time("WG member: may change foreign chapter", lambda: _cold(member), can_change(ours, foreign))
        m_expl = _time("WG member: explorable pages", lambda: _cold(member), explorable(ours))
        c_edit = _time("coordinator: may change (Triáda policy)", lambda: _cold(coordinator), can_change(ours, own))
        c_expl = _time("coordinator: explorable pages (Triáda policy)", lambda: _cold(coordinator), explorable(ours))
        b_edit = _time(
            "baseline: coordinator may change (stock policy)", lambda: _cold(coordinator), can_change(stock, own)
        )
        b_expl = _time(
            "baseline: coordinator explorable (stock policy)", lambda: _cold(coordinator), explorable(stock)
        )
        print(
            f"ratio change     WG member / stock baseline: {m_own['median_ms'] / b_edit['median_ms']:.2f}x; "
            f"coordinator / stock baseline: {c_edit['median_ms'] / b_edit['median_ms']:.2f}x"
        )
        print(
            f"ratio explorable WG member / stock baseline: {m_expl['median_ms'] / b_expl['median_ms']:.2f}x; "
            f"coordinator / stock baseline: {c_expl['median_ms'] / b_expl['median_ms']:.2f}x"
        )


if __name__ == "__main__":
    main()
