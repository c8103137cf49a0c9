"""Run a script against the embedded default (`make run`'s settings) on a fresh, migrated SQLite database.

For code written as SQL by hand or specific to SQLite: a child process with
`triada.settings.dev`, so the real embedded set-up answers, not the test
run's PostgreSQL. Returns the JSON the script prints on its last line.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_on_embedded_sqlite(tmp_path, script, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "triada.settings.dev",
        "TRIADA_SQLITE_PATH": str(tmp_path / "triada.sqlite3"),
        "TRIADA_MEDIA_ROOT": str(tmp_path / "media"),
        "TRIADA_PERIODIC_IN_PROCESS": "false",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    result = subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
