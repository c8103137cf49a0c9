"""The import contracts (.importlinter) hold for the tree and catch a deliberate violation."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd, pythonpath):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(path) for path in pythonpath)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_tree_keeps_every_contract():
    result = lint_imports(ROOT, [ROOT])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize(
    ("package", "module", "source", "contract", "chain"),
    [
        ("cms", "_violation", "import workflows.signals\n", "cms imports none", "cms._violation -> workflows.signals"),
        (
            "notifications",
            "models/_violation",
            "from notifications import tasks\n",
            "Notifications keep their layers",
            "notifications.models._violation -> notifications.tasks",
        ),
    ],
)
def test_a_deliberate_violation_breaks_its_contract(tmp_path, package, module, source, contract, chain):
    """A copy of one package with one offending module shadows the real one; the rest of the tree is real."""
    shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc", "locale", "static"))
    (tmp_path / package / f"{module}.py").write_text(source, encoding="utf-8")
    result = lint_imports(tmp_path, [tmp_path, ROOT])
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert len(broken) == 1 and broken[0].startswith(contract), result.stdout
    assert chain in result.stdout
