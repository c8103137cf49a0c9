"""The demo app: dev-only, its data complete, its logins known to the deployment check."""

import os
import subprocess
import sys
from pathlib import Path

from demo.data import fill, load
from demo.registry import DemoTerritory, steps
from triada.demo_credentials import DEMO_USERNAMES

ROOT = Path(__file__).resolve().parent.parent


def test_every_demo_login_is_known_to_the_deployment_check():
    logins = {"admin"} | {a["username"] for t in load("territories")["territories"] for a in t["accounts"]}
    assert logins == set(DEMO_USERNAMES)


def test_every_placeholder_in_the_data_is_filled_for_every_territory():
    for spec in load("territories")["territories"]:
        demo = DemoTerritory(spec=spec, password="x", port=8000, admin=None)
        text = repr(fill([load("chapters"), load("pages")], demo.text_vars()))
        # The event body's {lead} is filled per event.
        assert "{" not in text.replace("{lead}", "").replace("{'", "").replace('{"', "")
        assert spec["short_name"] in repr(fill(load("pages")["territory"], demo.text_vars()))


def test_each_app_part_is_a_registered_step_in_a_fixed_order():
    names = [s.name for s in steps()]
    assert names.index("demo.cms.territory_site_and_bodies") < names.index("demo.people.accounts_and_members")
    assert names.index("demo.cms.plan_and_chapters") < names.index("demo.strategy.strategic_part")
    assert names.index("demo.strategy.strategic_part") < names.index("demo.meetings.meetings")


def test_production_settings_do_not_install_the_demo():
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SECRET_KEY": "k3v9-R2x!q8Zt7mW4pL1sN6bH0cY5dJ2fG8aE3uQ",
        "DATABASE_URL": "postgres://triada:heslo@127.0.0.1:5432/triada",
        "DJANGO_ALLOWED_HOSTS": "kpss.example.cz",
    }
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'triada.settings.production'; import django; "
        "django.setup(); from django.apps import apps; from django.core.management import get_commands; "
        "print(apps.is_installed('demo'), apps.is_installed('cms'), 'load_demo' in get_commands())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "False"]
