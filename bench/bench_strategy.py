"""Strategic part benchmark: saving in the editor and rendering the public page, at 21 and at 150 activities.

`python -m bench strategy`. Builds two strategic parts with every field filled
(3 priorities / 8 measures / 21 activities, the demo's size, and 8 / 30 / 150,
a real plan's size) and, through Django's test client (middleware, Wagtail's
edit view and routing included), times:

- saving one activity in the page editor ("Save draft" of its scope),
- saving one whole measure with its activities,
- opening the editor of one activity,
- rendering the public strategic part (every item, anchors, tables),

each with its query count and POST field count. The 21-activity part is the
baseline: the ratios show how each figure grows with the size of the plan.
"""

from bench.harness import Timer, django_database, summarise

REPEAT = 15
SIZES = [("21 activities", (3, 8, 21)), ("150 activities", (8, 30, 150))]


def _count_queries(connection, fn):
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = fn()
    return result, len(queries)


def main():
    with django_database():
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from tests.factories import make_plan, make_strategic_part, make_territory, make_user
        from tests.strategy_forms import entry, field_count, form_post_data

        territory = make_territory("ORP Benchov", hostname="benchov.test")
        admin = make_user("bench-admin", is_superuser=True)
        editor = Client()
        editor.force_login(admin)
        public = Client(HTTP_HOST="benchov.test")
        results = {}
        for label, size in SIZES:
            plan = make_plan(territory, title=f"Plán {label}")
            part = make_strategic_part(plan, size=size, group=territory.steering_group)
            activity = entry(part, "1.1.1")
            measure = entry(part, "1.1")
            cases = [
                ("save one activity", reverse("cms_strategy_edit", args=[part.pk, activity.uid]), activity.uid),
                (
                    "save one measure and its activities",
                    reverse("cms_strategy_edit", args=[part.pk, measure.uid]),
                    None,
                ),
            ]
            for case, url, changed in cases:
                seconds = []
                fields = queries = 0
                for counter in range(REPEAT):
                    post = form_post_data(editor.get(url), {changed: {"title": f"Název {counter}"}} if changed else {})
                    fields = field_count(post)
                    with Timer() as timer:
                        response, queries = _count_queries(
                            connection, lambda url=url, post=post: editor.post(url, post)
                        )
                    assert response.status_code == 302, response.status_code
                    seconds.append(timer.seconds)
                results[(case, label)] = (summarise(f"{case} ({label})", seconds), queries, fields)

            url = reverse("cms_strategy_edit", args=[part.pk, activity.uid])
            seconds = []
            for _ in range(REPEAT):
                with Timer() as timer:
                    response, queries = _count_queries(connection, lambda url=url: editor.get(url))
                seconds.append(timer.seconds)
            results[("open the editor of one activity", label)] = (
                summarise(f"open the editor of one activity ({label})", seconds),
                queries,
                0,
            )

            part.get_latest_revision().publish()
            path = part.get_url_parts()[2]
            assert public.get(path).status_code == 200
            seconds = []
            for _ in range(REPEAT):
                with Timer() as timer:
                    response, queries = _count_queries(connection, lambda path=path: public.get(path))
                seconds.append(timer.seconds)
            assert response.status_code == 200
            results[("render the public strategic part", label)] = (
                summarise(f"render the public strategic part ({label})", seconds),
                queries,
                0,
            )

        print()
        print(f"{'':<45} {'21 activities':>18} {'150 activities':>18} {'ratio':>7}")
        for case in dict.fromkeys(case for case, _label in results):
            small, large = results[(case, SIZES[0][0])], results[(case, SIZES[1][0])]
            ratio = large[0]["median_ms"] / small[0]["median_ms"]
            print(
                f"{case:<45} {small[0]['median_ms']:10.1f} ms q={small[1]:<4} "
                f"{large[0]['median_ms']:10.1f} ms q={large[1]:<4} {ratio:6.2f}x"
            )
            if small[2]:
                print(f"{'':<45} {small[2]:>10} fields {large[2]:>12} fields")
