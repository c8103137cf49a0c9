"""What an operator sets up on a fresh production database before people sign in.

Run by tests/test_production_stack.py through `manage.py shell` under the
production settings: a territory with its review chain, a news section and one
person per role (the password comes from the environment, never the demo one).
"""

import json
import os

from wagtail.models import Page, Site

from cms.models import NewsIndexPage
from tests.workflows.review_setup import build_world, current, submit


def seed():
    # Wagtail's migrations leave a "Welcome" site on localhost; the territory takes its place.
    Site.objects.filter(hostname="localhost").delete()
    Page.objects.filter(depth=2, slug="home").delete()
    world = build_world(hostname="localhost", title="ORP Produkce", steering_count=1)
    news = NewsIndexPage(title="Aktuality", slug="aktuality")
    world.territory.add_child(instance=news)
    news.save_revision().publish()
    password = os.environ["TRIADA_SEED_PASSWORD"]
    users = [world.coordinator, world.wg_member, *world.steering, world.secretary, world.superuser]
    for user in users:
        user.set_password(password)
        user.save()
    # The working group has submitted its chapter: the review waits at the group's own stage.
    submit(world)
    _state, task_state = current(world.chapter)
    print(
        json.dumps(
            {
                "news_index": news.pk,
                "chapter": world.chapter.pk,
                "task_state": task_state.pk,
                "coordinator": world.coordinator.username,
                "wg_member": world.wg_member.username,
                "steering_emails": [user.email for user in world.steering],
                "superuser": world.superuser.username,
            }
        )
    )
