"""The clerk's write, in process (issue 12): what one write of the deadline costs a
worker, without the queue in front of it that benchmarks/load_overview.py measures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wtwrites REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python benchmarks/clerk_writes.py [--rounds 8]

The sequence of load_overview.py's clerk, through the API with a token (DRF's test
client, no server): on each of its quarters a new report of phường Xuất Hóa (demo),
saved twice with values, submitted, then approved by the reviewer of UBND thành phố
Bắc Kạn; ``--rounds`` times, the first round a warm-up. Per step: the median and
mean of the milliseconds, the median of the process's CPU milliseconds, and the
queries (Django's count: PostgreSQL's COPY of the values and the audit rows is not
in it). The reports written are removed before and after. Prints a table; the last
line is JSON. ``--tiny`` (tests/test_benchmarks.py): one round on the test database.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

if not __package__:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import emit, setup  # noqa: E402

UNIT = "01855"  # phường Xuất Hóa: its clerk canbo_xuathoa, the reviewer noivu_thanhpho (demo accounts)
CLERK, REVIEWER = "canbo_xuathoa", "noivu_thanhpho"
QUARTERS = [(2024, 3), (2024, 4), (2025, 1), (2025, 2)]  # load_overview.WRITE_QUARTERS: no demo report
VALUES = [  # load_overview.WRITE_VALUES, the two saves
    {"campaigns_mobile": 2, "broadcasts_loudspeaker": 3},
    {"campaigns_mobile": 3, "festival_sessions": 1},
]
STEPS = ["save (new report)", "save", "submit", "approve"]


def _client(username: str):
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    from core.tokens import create_token

    client = APIClient()
    _token, text = create_token(user=get_user_model().objects.get(username=username), days=1)
    client.credentials(HTTP_AUTHORIZATION=f"Token {text}")
    return client


def _reset(quarters) -> None:
    from django.db.models import Q

    from digital_metrics.models import QuarterlyReport

    period = Q()
    for y, q in quarters:
        period |= Q(year=y, quarter=q)
    QuarterlyReport.objects.filter(period, unit__code=UNIT).delete()


def run(argv=None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=8)
    p.add_argument("--tiny", action="store_true")
    args = p.parse_args(argv if argv is not None else sys.argv[1:])
    setup(migrate=not args.tiny)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from demo.services import load_demo
    from wards.models import SupervisingBody

    if not SupervisingBody.objects.filter(name="UBND thành phố Bắc Kạn").exists():
        load_demo()
    rounds, quarters = (1, QUARTERS[:1]) if args.tiny else (max(args.rounds, 2), QUARTERS)
    clerk, reviewer = _client(CLERK), _client(REVIEWER)
    figures = {step: {"ms": [], "cpu_ms": [], "queries": 0} for step in STEPS}
    errors = 0

    def step(name, client, method, url, body):
        nonlocal errors
        with CaptureQueriesContext(connection) as ctx:
            start, cpu = time.perf_counter(), time.process_time()
            response = getattr(client, method)(url, body, format="json")
            ms, cpu_ms = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        errors += response.status_code != 200
        f = figures[name]
        f["ms"].append(ms)
        f["cpu_ms"].append(cpu_ms)
        f["queries"] = len(ctx.captured_queries)
        return response.json().get("version")

    _reset(quarters)
    try:
        for _round in range(rounds):
            for y, q in quarters:
                url = f"/api/v1/reports/{UNIT}/{y}/{q}/"
                body = {"version": 0, "values": VALUES[0], "confirm_warnings": True}
                version = step("save (new report)", clerk, "put", url, body)
                body = {"version": version, "values": VALUES[1], "confirm_warnings": True}
                version = step("save", clerk, "put", url, body)
                version = step("submit", clerk, "post", url + "submit/", {"version": version})
                step("approve", reviewer, "post", url + "approve/", {"version": version})
            _reset(quarters)
    finally:
        _reset(quarters)

    warm = len(quarters) if rounds > 1 else 0  # the first round warms the caches and the connection
    steps = {}
    print(f"{'step':18} {'n':>3} {'p50 ms':>7} {'mean ms':>7} {'CPU ms':>7} {'queries':>7}")
    for name, f in figures.items():
        ms, cpu = f["ms"][warm:], f["cpu_ms"][warm:]
        steps[name] = {
            "n": len(ms),
            "p50_ms": round(statistics.median(ms), 1),
            "mean_ms": round(statistics.mean(ms), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": f["queries"],
        }
        s = steps[name]
        print(f"{name:18} {s['n']:3} {s['p50_ms']:7} {s['mean_ms']:7} {s['cpu_p50_ms']:7} {s['queries']:7}")
    return emit(
        {
            "benchmark": "clerk_writes",
            "tiny": args.tiny,
            "database": connection.vendor,
            "errors": errors,
            "steps": steps,
        }
    )


if __name__ == "__main__":
    run()
