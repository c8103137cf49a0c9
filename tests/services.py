"""Throwaway PostgreSQL and Redis servers on loopback for the test run.

The pytest plugin tests/plugin.py calls `ensure_services()` first. That process
starts the servers in a temporary directory and exports their addresses in
the environment, so child processes (a Celery worker, a live server) reuse
them instead of starting their own. The servers stop when that first
process exits.
"""

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PG_BIN_DIRS = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"]
ENV_DATABASE_URL = "TRIADA_TEST_DATABASE_URL"
ENV_REDIS_URL = "TRIADA_TEST_REDIS_URL"
ENV_MEDIA_ROOT = "TRIADA_TEST_MEDIA_ROOT"
ENV_REDIS_PORT = "TRIADA_TEST_REDIS_PORT"
ENV_REDIS_DIR = "TRIADA_TEST_REDIS_DIR"

_state = {}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"Nothing listens on 127.0.0.1:{port} after {timeout} s")


def _pg_bin(name):
    for directory in PG_BIN_DIRS:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} was not found; run `make test`, which installs it.")
    return found


def _as_postgres(cmd):
    """initdb and postgres refuse to run as root; run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def start_postgres(base_dir):
    data_dir = base_dir / "pg"
    data_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base_dir, "postgres")
        shutil.chown(data_dir, "postgres")
    subprocess.run(
        _as_postgres(
            [
                _pg_bin("initdb"),
                "-D",
                str(data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    options = (
        f"-p {port} -k {data_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    subprocess.run(
        _as_postgres(
            [_pg_bin("pg_ctl"), "-D", str(data_dir), "-o", options, "-l", str(data_dir / "log"), "-w", "start"]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    atexit.register(
        subprocess.run,
        _as_postgres([_pg_bin("pg_ctl"), "-D", str(data_dir), "-m", "immediate", "stop"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return f"postgres://postgres@127.0.0.1:{port}/postgres"


def start_redis(port=None, directory=None):
    """Start (or restart on the same port) a Redis that never evicts keys."""
    port = port or int(os.environ.get(ENV_REDIS_PORT) or free_port())
    directory = directory or os.environ[ENV_REDIS_DIR]
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "/usr/bin/redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory-policy",
            "noeviction",
            "--dir",
            directory,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port)
    _state["redis"] = process
    os.environ[ENV_REDIS_PORT] = str(port)
    return process


def stop_redis():
    """Stop the test Redis, as if the broker went down."""
    process = _state.pop("redis", None)
    if process:
        process.terminate()
        process.wait(10)


def ensure_services():
    if os.environ.get(ENV_DATABASE_URL) and os.environ.get(ENV_REDIS_URL):
        return {
            "database_url": os.environ[ENV_DATABASE_URL],
            "redis_url": os.environ[ENV_REDIS_URL],
            "media_root": os.environ.get(ENV_MEDIA_ROOT) or tempfile.mkdtemp(prefix="triada-media-"),
        }
    base_dir = Path(tempfile.mkdtemp(prefix="triada-test-"))
    atexit.register(shutil.rmtree, base_dir, True)
    database_url = start_postgres(base_dir)
    redis_dir = base_dir / "redis"
    redis_dir.mkdir()
    os.environ[ENV_REDIS_DIR] = str(redis_dir)
    start_redis(directory=str(redis_dir))
    atexit.register(stop_redis)
    redis_url = f"redis://127.0.0.1:{os.environ[ENV_REDIS_PORT]}/0"
    media_root = base_dir / "media"
    media_root.mkdir()
    os.environ[ENV_DATABASE_URL] = database_url
    os.environ[ENV_REDIS_URL] = redis_url
    os.environ[ENV_MEDIA_ROOT] = str(media_root)
    return {"database_url": database_url, "redis_url": redis_url, "media_root": str(media_root)}


# The search node: OpenSearch 2.19 from Maven Central (docker/search-node), started on first use
# because it costs a JVM; its address is exported like PostgreSQL's, so child processes reuse it.
ENV_SEARCH_URL = "TRIADA_TEST_SEARCH_URL"
ENV_SEARCH_HOME = "TRIADA_TEST_SEARCH_HOME"
SEARCH_NODE_DIR = Path(__file__).resolve().parent.parent / "docker" / "search-node"
SEARCH_NODE_HEAP = ["-Xms512m", "-Xmx768m"]


def build_search_node():
    """`mvn package` once: the launcher and OpenSearch's jars end up in target/ (the cache)."""
    marker = SEARCH_NODE_DIR / "target" / ".built"
    sources = [SEARCH_NODE_DIR / "pom.xml", *SEARCH_NODE_DIR.joinpath("src").rglob("*.java")]
    if marker.exists() and all(path.stat().st_mtime <= marker.stat().st_mtime for path in sources):
        return
    mvn = shutil.which("mvn")
    if not mvn:
        raise RuntimeError("Maven was not found; run `make test`, which installs it.")
    subprocess.run([mvn, "-q", "-B", "package", "-DskipTests"], cwd=SEARCH_NODE_DIR, check=True)
    marker.touch()


def _wait_for_search(url, timeout=240.0):
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The search node at {url} did not answer within {timeout} s")


def start_search_node():
    """Start (or restart on the same port and data) the single search node."""
    home = os.environ.get(ENV_SEARCH_HOME) or tempfile.mkdtemp(prefix="triada-search-")
    if not os.environ.get(ENV_SEARCH_HOME):
        atexit.register(shutil.rmtree, home, True)
    url = os.environ.get(ENV_SEARCH_URL) or f"http://127.0.0.1:{free_port()}"
    port = url.rsplit(":", 1)[1]
    build_search_node()
    target = SEARCH_NODE_DIR / "target"
    with open(Path(home) / "node.log", "ab") as log:
        process = subprocess.Popen(
            [
                shutil.which("java") or "java",
                *SEARCH_NODE_HEAP,
                "-Djava.awt.headless=true",
                "-Dlog4j2.disable.jmx=true",
                "-cp",
                f"{target / 'classes'}:{target / 'lib'}/*",
                "cz.triada.searchnode.SearchNode",
                home,
                port,
                str(os.getpid()),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    _state["search"] = process
    _wait_for_search(url)
    os.environ[ENV_SEARCH_HOME] = home
    os.environ[ENV_SEARCH_URL] = url
    return url


def stop_search_node():
    """Stop the search node, as if the server went down (its data stays for a restart)."""
    process = _state.pop("search", None)
    if process:
        process.terminate()
        process.wait(30)


def ensure_search_node():
    """The search node's URL, starting it in this process if no parent process did."""
    if os.environ.get(ENV_SEARCH_URL) and "search" not in _state:
        return os.environ[ENV_SEARCH_URL]
    if "search" in _state and _state["search"].poll() is None:
        return os.environ[ENV_SEARCH_URL]
    url = start_search_node()
    atexit.register(stop_search_node)
    return url
