"""The production stack, started the way it runs, used over HTTP only.

gunicorn, a Celery worker and Celery beat start from the same scripts as
docker-compose.yml (docker/bin/), with `triada.settings.production`, against
the test run's PostgreSQL (a database of their own), Redis and search node,
and an SMTP sink. Then a person signs in, publishes a news item and finds it,
uploads a PDF and finds a sentence from inside it, submits a chapter for
review and the steering group gets the e-mail; static files carry far-future
cache headers; /zdravi/ reports every component; `check --deploy` passes; a
backup restored into another database and media folder has every row and file.
"""

import html
import html.parser
import json
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import requests

from tests.services import ensure_search_node, free_port, wait_for_port
from tests.smtp_sink import SMTPSink

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "docker" / "bin"
PDF_SENTENCE = "Hospicová péče v Klatovské nemocnici má nově osm lůžek."


class FormParser(html.parser.HTMLParser):
    """The fields of the form whose action matches, with their current values, as a browser posts them."""

    def __init__(self, form_id=None):
        super().__init__()
        self.form_id, self.inside, self.fields, self._textarea, self._select = form_id, False, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append([attrs["name"], attrs.get("value") or ""])
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = [attrs["name"], None]
        elif tag == "option" and self._select is not None and (self._select[1] is None or "selected" in attrs):
            self._select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append(self._select)
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_fields(page_html, form_id=None, **overrides):
    parser = FormParser(form_id)
    parser.feed(page_html)
    data = dict(parser.fields)
    data.update(overrides)
    return data


class Stack:
    def __init__(self, base, env, tmp):
        self.base, self.env, self.tmp, self.processes = base, env, tmp, []
        self.http = requests.Session()
        # What the TLS-terminating reverse proxy adds to every request.
        self.http.headers.update({"X-Forwarded-Proto": "https"})

    def url(self, path):
        return self.base + path

    def get(self, path, **kwargs):
        return self.http.get(self.url(path), timeout=60, **kwargs)

    def post(self, path, data, files=None):
        referer = "https://" + self.base.split("://", 1)[1] + path
        return self.http.post(self.url(path), data=data, files=files, headers={"Referer": referer}, timeout=120)

    def manage(self, *args, env=None, check=True):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def start(self, script, name):
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen([str(BIN / script)], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def stop(self):
        for process, log in reversed(self.processes):
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()

    def log_tail(self, name, lines=40):
        """The end of a process's log, for failure messages."""
        path = self.tmp / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def sign_in(self, username, password):
        self.http.cookies.clear()
        login = self.get("/admin/login/")
        data = form_fields(login.text, username=username, password=password)
        response = self.post("/admin/login/", data)
        assert response.ok and "/admin/login/" not in response.url, response.text[:500]


def create_database(server_url, name):
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def visible_text(page_html):
    """The page's text without tags (search results highlight the matched words with <mark>)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


def poll(condition, timeout=90, interval=1.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return condition()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    server_url = os.environ["TRIADA_TEST_DATABASE_URL"]
    database_url = create_database(server_url, f"triada_prod_{uuid.uuid4().hex[:8]}")
    redis_url = os.environ["TRIADA_TEST_REDIS_URL"].rsplit("/", 1)[0] + "/7"
    smtp = SMTPSink()
    port = free_port()
    password = secrets.token_urlsafe(16)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRIADA_DEMO"))},
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "triada.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://localhost:{port}",
        # The test speaks plain HTTP to gunicorn like the proxy does, so cookies must travel without TLS.
        "DJANGO_SECURE_COOKIES": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ELASTICSEARCH_URL": ensure_search_node(),
        "SEARCH_ENGINE": "opensearch2",
        "ELASTICSEARCH_INDEX_PREFIX": f"triada_prod_{uuid.uuid4().hex[:6]}_",
        "TRIADA_STATIC_ROOT": str(tmp / "static"),
        "TRIADA_MEDIA_ROOT": str(tmp / "media"),
        "TRIADA_BASE_URL": f"https://localhost:{port}",
        "TRIADA_BIND": f"127.0.0.1:{port}",
        "TRIADA_NOTIFICATION_SWEEP_SECONDS": "5",
        "TRIADA_NOTIFICATION_SWEEP_GRACE": "1",
        "GUNICORN_WORKERS": "2",
        "CELERY_CONCURRENCY": "1",
        "CELERY_LOG_LEVEL": "warning",
        "CELERY_BEAT_SCHEDULE_FILE": str(tmp / "celerybeat-schedule"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "TRIADA_SEED_PASSWORD": password,
    }
    subprocess.run([str(BIN / "setup")], cwd=ROOT, env=env, check=True, capture_output=True)
    stack = Stack(f"http://localhost:{port}", env, tmp)
    seeded = stack.manage("shell", "-c", "from tests.production_seed import seed; seed()")
    stack.seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    stack.password, stack.smtp = password, smtp
    stack.start("web", "web")
    stack.start("worker", "worker")
    stack.start("beat", "beat")
    wait_for_port(port, timeout=60)

    def ready():
        try:
            return stack.get("/zdravi/").status_code == 200
        except requests.RequestException:
            return False

    poll(ready, timeout=240, interval=2)  # the first request boots Django in each gunicorn worker
    yield stack
    stack.stop()
    smtp.shutdown()


def test_health_reports_database_redis_and_search(stack):
    response = stack.get("/zdravi/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "search": "ok"}
    assert "no-store" in response.headers["Cache-Control"] or "max-age=0" in response.headers["Cache-Control"]


def test_static_files_are_hashed_and_cached_for_a_year(stack):
    home = stack.get("/")
    assert home.status_code == 200
    asset = re.search(r'/static/[^"\']+\.[0-9a-f]{12}\.(?:css|js)', home.text)
    assert asset, "the home page links no hashed static file"
    response = stack.get(asset.group(0))
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "immutable" in cache_control and "max-age=315360000" in cache_control


def test_publish_a_news_item_and_find_it(stack):
    stack.sign_in(stack.seed["coordinator"], stack.password)
    add_path = f"/admin/pages/add/cms/newspage/{stack.seed['news_index']}/"
    form = stack.get(add_path)
    assert form.status_code == 200
    data = form_fields(
        form.text,
        "page-edit-form",
        title="Burza sociálních služeb v sokolovně",
        slug="burza-socialnich-sluzeb",
        lead="Poskytovatelé představí své služby.",
    )
    data["action-publish"] = "action-publish"
    response = stack.post(add_path, data)
    assert response.status_code == 200 and "/edit/" not in response.url or "errorlist" not in response.text
    public = stack.get("/aktuality/burza-socialnich-sluzeb/")
    assert public.status_code == 200 and "Burza sociálních služeb" in public.text

    def found():
        results = stack.get("/hledat/", params={"q": "burza sokolovna"})
        return "Burza sociálních služeb v sokolovně" in visible_text(results.text)

    assert poll(found), "the published news item is not found through search\n" + stack.log_tail("web")


def test_upload_a_pdf_and_find_a_sentence_from_inside_it(stack):
    from tests.search.corpus import pdf_bytes

    stack.sign_in(stack.seed["coordinator"], stack.password)
    form = stack.get("/admin/documents/add/")
    assert form.status_code == 200
    data = form_fields(form.text, title="Zápis ze schůzky o hospicích")
    if "publicity" in data:
        data["publicity"] = "public"
    pdf = pdf_bytes(PDF_SENTENCE)
    response = stack.post("/admin/documents/add/", data, files={"file": ("zapis.pdf", pdf, "application/pdf")})
    assert response.status_code == 200, response.text[:500]

    def found():
        results = stack.get("/hledat/", params={"q": "osm lůžek hospicová péče"})
        return "Zápis ze schůzky o hospicích" in visible_text(results.text)

    assert poll(found, timeout=120), "the worker did not make the PDF's text findable\n" + stack.log_tail("worker")


def test_a_chapter_moved_to_the_next_review_stage_mails_the_steering_group(stack):
    steering = set(stack.seed["steering_emails"])

    def mailed():
        return [message for recipients, message in stack.smtp.messages if steering & set(recipients)]

    before = len(mailed())
    stack.sign_in(stack.seed["wg_member"], stack.password)
    page = stack.get(f"/admin/pages/{stack.seed['chapter']}/edit/")
    assert page.status_code == 200
    token = form_fields(page.text, "page-edit-form")["csrfmiddlewaretoken"]
    action = f"/admin/pages/workflow/action/{stack.seed['chapter']}/approve/{stack.seed['task_state']}/"
    response = stack.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 200, stack.log_tail("web")
    messages = poll(lambda: mailed()[before:], timeout=120)
    assert messages, f"no e-mail to the steering group; the sink has {len(stack.smtp.messages)} messages"
    message = messages[0]
    assert "Senioři" in message["Subject"] + message.get_body(("plain", "html")).get_content()


def test_check_deploy_passes(stack):
    result = stack.manage("check", "--deploy", env={**stack.env, "DJANGO_SECURE_COOKIES": "true"}, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "security." not in result.stdout + result.stderr


def test_backup_restores_every_row_and_file_elsewhere(stack):
    backup_dir = stack.tmp / "backup"
    stack.manage("backup", str(backup_dir))
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    assert manifest["counts"]["wagtailcore.revision"] > 0
    assert manifest["counts"]["cms.triadadocument"] >= 1
    assert manifest["media"], "the uploaded PDF is in the backup"
    server_url = os.environ["TRIADA_TEST_DATABASE_URL"]
    restored_env = {
        **stack.env,
        "DATABASE_URL": create_database(server_url, f"triada_restored_{uuid.uuid4().hex[:8]}"),
        "TRIADA_MEDIA_ROOT": str(stack.tmp / "restored-media"),
    }
    result = stack.manage("restore", str(backup_dir), env=restored_env)
    assert "every row count and file matches" in result.stdout
