"""Load on the public ranking page (issue 13): a crowd of anonymous visitors on
HĐND thành phố Bắc Kạn's public page, served by gunicorn (2 workers, DEBUG=0) on
the loopback, for a bounded time. Prints requests per second, p50 and p99, and
the status codes seen (every one must be 200: no error, no rate limit).

    DATABASE_URL=sqlite:////tmp/public-bench.db .venv/bin/python benchmarks/public_load.py [--seconds 20] [--clients 16]
    (REDIS_URL=redis://127.0.0.1:6379/8 to share the cache between the workers;
    --no-cache builds the page on every request, for comparison)

The database is migrated and the demo loaded if missing (idempotent); the static
files are collected for DEBUG=0 once (staticfiles/, gitignored). The per-address
limit stays on, at a rate no single address reaches here, so its counting is
measured too. The whole run is bounded: the load stops after --seconds (≤ 45) and
gunicorn is killed at the end, whatever happens.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import BASE, emit, setup  # noqa: E402

MAX_SECONDS = 45


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("SECRET_KEY") or "benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        PUBLIC_RATE_PER_MINUTE=env.get("PUBLIC_RATE_PER_MINUTE", "100000000"),
        LOG_LEVEL="WARNING",
    )
    return env


def wait_until_up(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - our own loopback server
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} in time")


def hammer(port: int, path: str, stop_at: float, latencies: list, statuses: dict, lock) -> None:
    conn = HTTPConnection("127.0.0.1", port, timeout=10)
    mine, codes = [], {}
    while time.monotonic() < stop_at:
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError:
            conn.close()
            conn = HTTPConnection("127.0.0.1", port, timeout=10)
            status = 0
        mine.append(time.perf_counter() - t0)
        codes[status] = codes.get(status, 0) + 1
    conn.close()
    with lock:
        latencies.extend(mine)
        for k, v in codes.items():
            statuses[k] = statuses.get(k, 0) + v


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_tiny(requests: int = 50) -> dict:
    """The same page through Django's test client on the current database (the suite's, with
    the demo loaded): the script still matches the URLs and the page still answers from the cache."""
    from django.test import Client

    from wards.models import SupervisingBody

    path = f"/public/{SupervisingBody.objects.get(name='HĐND thành phố Bắc Kạn').pk}/"
    client, latencies, statuses = Client(), [], {}
    start = time.monotonic()
    for _ in range(requests):
        t0 = time.perf_counter()
        status = client.get(path).status_code
        latencies.append(time.perf_counter() - t0)
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    elapsed = time.monotonic() - start
    return emit(
        {
            "benchmark": "public_load",
            "tiny": True,
            "path": path,
            "requests": requests,
            "req_per_s": round(requests / elapsed, 1),
            "p50_ms": round(percentile(latencies, 50) * 1000, 1),
            "p99_ms": round(percentile(latencies, 99) * 1000, 1),
            "statuses": statuses,
        }
    )


def run(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-cache", action="store_true", help="build the page on every request (for comparison)")
    parser.add_argument("--tiny", action="store_true", help="in-process, 50 requests (the test suite's check)")
    args = parser.parse_args(argv)
    if args.tiny:
        return run_tiny()
    seconds = min(args.seconds, MAX_SECONDS)

    setup()
    from django.conf import settings
    from django.db import connection

    from demo.services import load_demo
    from wards.models import SupervisingBody

    if not SupervisingBody.objects.filter(name="HĐND thành phố Bắc Kạn").exists():
        load_demo()
    body = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn").pk
    connection.close()
    port = free_port()
    env = server_env(port)
    if args.no_cache:
        env["PUBLIC_CACHE_SECONDS"] = "0"  # Django's cache keeps nothing with a timeout of 0
    if not (BASE / "staticfiles" / "staticfiles.json").exists():
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE,
            env=env,
            check=True,
            timeout=900,
        )
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "oversight_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
        start_new_session=True,
    )
    path = f"/public/{body}/"
    try:
        wait_until_up(f"http://127.0.0.1:{port}{path}", time.monotonic() + 30)
        for _ in range(args.workers * 4):  # every worker's cache warm (local memory: one per worker)
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()  # noqa: S310
        latencies, statuses, lock = [], {}, threading.Lock()
        start = time.monotonic()
        stop_at = start + seconds
        threads = [
            threading.Thread(target=hammer, args=(port, path, stop_at, latencies, statuses, lock))
            for _ in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 15)
        elapsed = time.monotonic() - start
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)
    result = {
        "benchmark": "public_load",
        "tiny": False,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "cache": "off" if args.no_cache else "redis" if os.environ.get("REDIS_URL") else "locmem",
        "path": path,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "req_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 99) * 1000, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }
    print(
        f"{result['requests']} requests in {result['seconds']} s: {result['req_per_s']} req/s, "
        f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, statuses {result['statuses']}"
    )
    return emit(result)


if __name__ == "__main__":
    run()
