"""A real Celery worker process and a tiny SMTP sink, for tests of delivery.

The worker runs `celery -A triada worker -B` as a subprocess against the test
PostgreSQL database and the test Redis (tests/services.py exported their
addresses), sending e-mail over SMTP to `SmtpSink`, which records every
message so a test can count deliveries across processes. The test process is
switched to non-eager for the duration, so it publishes to Redis like the web
process in production.
"""

import email
import os
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from email import policy
from pathlib import Path

import pytest

from tests.services import free_port

ROOT = Path(__file__).resolve().parent.parent


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for Django's SMTP backend."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 sink ESMTP")
        sender, recipients = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250-8BITMIME")
                self.reply("250 SMTPUTF8")
            elif verb == "HELO":
                self.reply("250 sink")
            elif verb == "MAIL":
                self.server.sink.gate.wait()  # a test may hold the sender here, mid-conversation
                sender, recipients = command[10:].strip(), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command[8:].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    line = self.rfile.readline()
                    if line in (b".\r\n", b".\n", b""):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines), policy=policy.default)
                self.server.sink.record(sender, recipients, message)
                self.reply("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SmtpSink:
    """Records messages as (envelope recipients, parsed message)."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self._lock = threading.Lock()
        # Cleared: the next MAIL FROM blocks (the message is not accepted) until set again.
        self.gate = threading.Event()
        self.gate.set()
        self.hold_after = None
        self._server = _Server(("127.0.0.1", self.port), _SmtpHandler)
        self._server.sink = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def record(self, sender, recipients, message):
        with self._lock:
            self.messages.append((recipients, message))
            if self.hold_after is not None and len(self.messages) >= self.hold_after:
                self.gate.clear()

    def hold_after_messages(self, count):
        """Accept `count` messages, then keep every sender waiting before its next message."""
        with self._lock:
            self.hold_after = count

    def release(self):
        with self._lock:
            self.hold_after = None
        self.gate.set()

    def clear(self):
        with self._lock:
            self.messages.clear()
        self.release()

    def snapshot(self):
        with self._lock:
            return list(self.messages)

    def to(self, address):
        return [message for recipients, message in self.snapshot() if address in recipients]

    def recipients(self):
        return sorted(address for recipients, _message in self.snapshot() for address in recipients)


class CeleryWorker:
    """`celery -A triada worker -B` in its own process group, so it can be SIGKILLed whole."""

    def __init__(self, db_name, smtp_port, extra_env=None):
        self.directory = Path(tempfile.mkdtemp(prefix="triada-worker-"))
        self.log_path = self.directory / "worker.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "triada.settings.test",
            "TRIADA_TEST_DB_NAME": db_name,
            "TRIADA_CELERY_EAGER": "0",
            "TRIADA_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "TRIADA_NOTIFICATION_SWEEP_SECONDS": "1",
            "TRIADA_NOTIFICATION_SWEEP_GRACE": "0",
            "TRIADA_LOG_LEVEL": "INFO",
            **(extra_env or {}),
        }
        self.process = None

    def start(self, timeout=60):
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child owns it
        offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "triada",
                "worker",
                "-B",
                "-s",
                str(self.directory / "beat-schedule"),
                "--concurrency",
                "2",
                "--without-gossip",
                "--without-mingle",
                "-l",
                "INFO",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker exited:\n{self.log()}")
            with open(self.log_path, "rb") as handle:
                handle.seek(offset)
                if b" ready." in handle.read():
                    return self
            time.sleep(0.2)
        raise RuntimeError(f"The Celery worker did not start in {timeout} s:\n{self.log()}")

    def ensure_running(self):
        """What the process supervisor does in production (compose: `restart: unless-stopped`).

        Celery's worker may exit on a lost broker connection (an AttributeError in kombu's
        reconnect after Redis went away mid-ack); the supervisor then starts it again.
        """
        if self.process is None or self.process.poll() is not None:
            self.start()
        return self

    def kill(self):
        """SIGKILL the whole worker (main process, pool children, beat): a crash, no cleanup."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self):
        return self.log_path.read_text(errors="replace")[-5000:]


def wait_until(condition, timeout=60, interval=0.2, message="condition"):
    """Poll `condition` until it returns a truthy value; fail with `message` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message}")


@pytest.fixture(scope="session")
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def _celery_worker_process(django_db_setup, django_db_blocker, smtp_sink):
    # Module scope: the worker (and its 1-second outbox sweeper) must not outlive the tests that
    # asked for it, or it would deliver other modules' committed notifications behind their backs.
    from django.db import connection

    worker = CeleryWorker(connection.settings_dict["NAME"], smtp_sink.port).start()
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker(transactional_db, _celery_worker_process, smtp_sink):
    """A running real worker; this test process publishes to Redis (not eager) meanwhile."""
    from triada.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    smtp_sink.clear()
    if _celery_worker_process.process.poll() is not None:
        _celery_worker_process.start()
    try:
        yield _celery_worker_process
    finally:
        app.conf.task_always_eager = eager
        if _celery_worker_process.process.poll() is not None:
            _celery_worker_process.start()
