"""Playwright on Debian's Chromium, axe-core and the Nu HTML validator.

Never `playwright install`: the browser is /usr/bin/chromium from apt.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# WCAG 2.1 A and AA rules: what the law (EN 301 549) requires of us.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def axe_violations(page, tags=AXE_TAGS):
    """Run axe-core in `page`; return its violations as a list of dicts."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return result["violations"]


def describe_violations(violations):
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert not violations, f"axe-core on {page.url}:\n{describe_violations(violations)}"


def html_errors(html):
    """Validate an HTML document with vnu.jar; return the error messages."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as handle:
        handle.write(html)
        path = handle.name
    completed = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", path],
        capture_output=True,
        text=True,
        timeout=120,
    )
    Path(path).unlink(missing_ok=True)
    messages = json.loads(completed.stderr or completed.stdout or '{"messages": []}')["messages"]
    return [f"{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]


def html_errors_many(documents):
    """Validate several HTML documents in one vnu.jar run (one JVM start instead of many).

    `documents` maps a name to its HTML; returns {name: [error messages]} for those with errors.
    """
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder).resolve() / f"document-{number}.html"
            path.write_text(html, encoding="utf-8")
            names[str(path)] = name
        completed = subprocess.run(
            ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *names],
            capture_output=True,
            text=True,
            timeout=300,
        )
    messages = json.loads(completed.stderr or completed.stdout or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        if message.get("type") == "error":
            # vnu reports each file as a "file:/path" URL.
            url = message.get("url", "")
            name = names.get(url.removeprefix("file:"), url)
            errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def open_admin_as(browser, base_url, username, password):
    """A new browser context logged into the Wagtail admin through its real login form."""
    context = browser.new_context(locale="cs-CZ", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    return page
