"""The editor's approve request when the next body has 5 and 500 members: ours vs Wagtail's stock path.

Both paths run side by side in one process against the same PostgreSQL, Redis
and a local SMTP server (tests.celery_worker.SmtpSink):

- ours: the territory's review chain (working group → steering group). The
  approve request writes one outbox row (recipients resolved to ids in one
  query) and publishes one task to Redis after commit; a worker sends later.
- stock: two Wagtail GroupApprovalTasks. Approving the first starts the
  second, and Wagtail e-mails every member of the next group from inside the
  request, one SMTP message per recipient.

Each request goes through the Wagtail admin's workflow action view with
Django's test client. Run: `python -m bench notifications`.
"""

from bench.harness import Timer, django_database, summarise

SIZES = (5, 500)
ROUNDS = 9
WARMUP = 2


def _world(tag, members):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from tests.factories import make_chapter, make_plan, make_territory, make_user
    from workflows.review.provisioning import ensure_default_workflows

    territory = make_territory(f"ORP Bench {tag}", hostname=f"bench-{tag}.localhost")
    plan = make_plan(territory, f"Plán {tag}")
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    editor = make_user(f"editor{tag}", groups=[territory.wg_seniors])
    editor.user_permissions.add(access)
    for i in range(members):
        make_user(f"s{tag}x{i}", groups=[territory.steering_group])

    ours = ensure_default_workflows(territory)

    stock_editors = Group.objects.create(name=f"Stock editors {tag}")
    stock_next = Group.objects.create(name=f"Stock next {tag}")
    stock_next.user_set.add(*territory.steering_group.group.user_set.all())
    editor.groups.add(stock_editors)
    for group in (stock_editors, stock_next):
        group.permissions.add(access)
    first = GroupApprovalTask.objects.create(name=f"Stock 1 {tag}")
    first.groups.set([stock_editors])
    second = GroupApprovalTask.objects.create(name=f"Stock 2 {tag}")
    second.groups.set([stock_next])
    stock = Workflow.objects.create(name=f"Stock {tag}")
    WorkflowTask.objects.create(workflow=stock, task=first, sort_order=0)
    WorkflowTask.objects.create(workflow=stock, task=second, sort_order=1)
    stock_plan = make_plan(territory, f"Plán stock {tag}")
    WorkflowPage.objects.update_or_create(page=stock_plan, defaults={"workflow": stock})

    def chapters(parent, prefix):
        return [
            make_chapter(parent, f"{prefix} {tag} {n}", number=n, group=territory.wg_seniors)
            for n in range(ROUNDS + WARMUP)
        ]

    return {
        "editor": editor,
        "ours": (ours, chapters(plan, "Kapitola")),
        "stock": (stock, chapters(stock_plan, "Stock kapitola")),
    }


def _approve_once(client, workflow, page, editor):
    """Submit `page` (not timed), then time the editor's approve request through the admin."""
    from django.urls import reverse

    page.save_revision(user=editor)
    state = workflow.start(page, editor)
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    with Timer() as timer:
        response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302), response.status_code
    state.refresh_from_db()
    assert state.current_task_state_id != task_state.pk, "the approval did not move the page on"
    return timer.seconds


def main():
    with django_database():
        from django.test import Client, override_settings

        from tests.celery_worker import SmtpSink
        from triada.celery import app

        sink = SmtpSink().start()
        app.conf.task_always_eager = False  # the request publishes to Redis, as in production
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": sink.port,
            "ALLOWED_HOSTS": ["*"],
        }
        results = {}
        with override_settings(**smtp):
            worlds = {size: _world(str(size), size) for size in SIZES}
            clients = {}
            for size, world in worlds.items():
                clients[size] = Client()
                clients[size].force_login(world["editor"])
            times = {(path, size): [] for path in ("ours", "stock") for size in SIZES}
            mails = dict.fromkeys(times, 0)
            # Interleaved rounds, so drift (other processes on the machine) hits every variant alike;
            # the first WARMUP rounds (template compilation, caches) are not counted.
            for round_number in range(ROUNDS + WARMUP):
                for size in SIZES:
                    for path in ("ours", "stock"):
                        workflow, pages = worlds[size][path]
                        before = len(sink.snapshot())
                        seconds = _approve_once(clients[size], workflow, pages[round_number], worlds[size]["editor"])
                        if round_number >= WARMUP:
                            times[(path, size)].append(seconds)
                            mails[(path, size)] += len(sink.snapshot()) - before
            for (path, size), values in times.items():
                per_request = mails[(path, size)] // len(values)
                label = f"{path:<5} approve, next body {size:>3} members ({per_request:>3} e-mails in request)"
                results[(path, size)] = summarise(label, values)
        sink.stop()

        print()
        small, large = SIZES
        for path in ("ours", "stock"):
            ratio = results[(path, large)]["median_ms"] / results[(path, small)]["median_ms"]
            print(f"{path:<5} {large}-member / {small}-member median: {ratio:5.2f}x")
        for size in SIZES:
            ratio = results[("stock", size)]["median_ms"] / results[("ours", size)]["median_ms"]
            print(f"stock / ours at {size:>3} members: {ratio:6.2f}x")
        flat = results[("ours", large)]["median_ms"] <= 1.3 * results[("ours", small)]["median_ms"]
        print(f"ours stays flat (500-member within 1.3x of 5-member): {'yes' if flat else 'NO'}")
        return results


if __name__ == "__main__":
    main()
