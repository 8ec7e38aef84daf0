"""Real Celery workers and a private Redis for the `worker` tests and the benchmark.

The worker is a subprocess pointed at the test database (so tests using it are
transactional: the data must be committed to be seen) and listening on a
queue of its own, so that it never takes another test's or engineer's tasks.
"""

import os
import shutil
import socket
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"


def require_real_parts() -> str:
    """The broker's URL; fail (never skip) when Redis or PostgreSQL is missing."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.fail("worker tests need CELERY_BROKER_URL=redis://… (the PostgreSQL/Redis pass of make test)")
    if connection.vendor != "postgresql":
        pytest.fail("worker tests need DATABASE_URL=postgres://… (the PostgreSQL/Redis pass of make test)")
    parsed = urlparse(broker)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2).close()
    except OSError as exc:
        pytest.fail(f"Redis does not answer at {broker}: {exc}")
    return broker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    """The URL of the database this process uses now (pytest's test database)."""
    s = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError(f"a real worker needs PostgreSQL, not {connection.vendor}")
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def unique_queue() -> str:
    return f"par-test-{uuid.uuid4().hex[:10]}"


class Worker:
    def __init__(self, *, broker_url: str, queue: str, log: Path, env: dict | None = None, beat: bool = False):
        extra = env or {}
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "PAR_RECOMPUTE_QUEUE": queue,
            "DJANGO_SETTINGS_MODULE": "oversight_portal.settings",
            **extra,
        }
        self.log = log
        self._out = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                str(CELERY),
                "-A",
                "oversight_portal",
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{queue}@%h",
                # -B: Celery beat inside this worker (its schedule file in the log's folder), as production runs beat.
                *(["-B", "-s", str(log.with_suffix(".beat"))] if beat else []),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


class PrivateRedis:
    """A redis-server of our own on a spare port: stopping it is an outage of
    our broker only (the shared one on 6379 is never touched)."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "PrivateRedis":
        server = shutil.which("redis-server")
        if server is None:
            raise RuntimeError("redis-server is not installed")
        self.proc = subprocess.Popen(  # noqa: S603 - fixed argv
            [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        self.proc = None


def use_broker(url: str | None) -> None:
    """Point this process's Celery publisher at ``url`` (None: back to the
    configured broker), dropping pooled connections. The write URL, because
    Celery reads ``broker_url`` from the CELERY_BROKER_URL variable first."""
    from oversight_portal.celery import app

    app.conf.broker_write_url = url
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


def wait_for(predicate, *, timeout: float, interval: float = 0.1) -> float:
    """Seconds until ``predicate()`` held; raises TimeoutError after ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(interval)
    raise TimeoutError(f"not true after {timeout} s")
