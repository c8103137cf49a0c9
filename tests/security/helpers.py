"""What the security suite shares: production settings read in a child process, traversal spellings."""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAFE_ENV = {
    "DJANGO_SECRET_KEY": "k3v9-R2x!q8Zt7mW4pL1sN6bH0cY5dJ2fG8aE3uQ",
    "DATABASE_URL": "postgres://triada:heslo@127.0.0.1:5432/triada",
    "DJANGO_ALLOWED_HOSTS": "kpss.example.cz",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://kpss.example.cz",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
KEEP = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}


def production_environ(extra=None):
    env = {key: value for key, value in os.environ.items() if key in KEEP}
    return env | SAFE_ENV | {"DJANGO_SETTINGS_MODULE": "triada.settings.production"} | (extra or {})


def run_production(code, extra_env=None, timeout=180):
    """Run `code` in a child process under the production settings; return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environ(extra_env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@functools.cache
def production_settings(*names):
    """Values of the named production settings (JSON-able), read in a child process."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {list(names)!r}}}, default=str))"
    )
    result = run_production(code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


DOTDOTS = ["..", "%2e%2e", "%2E%2E", ".%2e", "%252e%252e", "..;", "%2e%2e;", "..%00", "..%c0%af"]
SEPARATORS = ["/", "%2f", "%252f", "\\", "%5c"]


def traversal_paths(prefix, target, depths=(1, 2)):
    """Unnormalised spellings of `prefix` + `../` × depth + `target` (never normalised by the client)."""
    paths = []
    for depth in depths:
        for dotdot in DOTDOTS:
            for sep in SEPARATORS:
                paths.append(prefix + (dotdot + sep) * depth + target.replace("/", sep))
    return paths
