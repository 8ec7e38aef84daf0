"""A full batch of the one-stop system, end to end, and the roll-up it feeds.

Against the configured database (migrated, demo loaded), inside a transaction
that is rolled back: a system account serving every commune of Bắc Kạn province
(108) posts, through the API with its token, a batch of ROWS daily counts (the
largest batch, ONESTOP_MAX_ROWS, by default) spread over the communes, procedures
and channels of one quarter; then the same batch again (the idempotent replay);
then the quarter's system figures of every commune and the gaps with approved
figures are read. Prints the figures, then ONE JSON line.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate && ... load_demo
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python benchmarks/onestop_ingest.py [ROWS] [--tiny]
"""

import argparse
import datetime
import json
import sys
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/onestop_ingest.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import Rollback, emit, setup, timed  # noqa: E402

QUARTER_START = datetime.date(2024, 7, 1)  # Quý III/2024: no demo figures from the system there


def make_rows(codes: list[str], n: int) -> list[dict]:
    channels = ["desk", "online_full", "online_partial", "postal"]
    rows, i = [], 0
    while len(rows) < n:
        code = codes[i % len(codes)]
        step = i // len(codes)
        day = QUARTER_START + datetime.timedelta(days=step % 90)
        procedure = f"HT-{1 + (step // 90) % 40:02d}"
        channel = channels[(step // 3600) % 4]
        rows.append(
            {
                "unit": code,
                "procedure": procedure,
                "channel": channel,
                "period": day.isoformat(),
                "received": 5,
                "resolved_on_time": 4,
                "resolved_late": 1,
                "paid_online": 2 if channel.startswith("online") else 0,
            }
        )
        i += 1
    return rows


def run(argv=None) -> dict:
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client

    from digital_metrics.periods import Quarter
    from onestop.accounts import system_account_create, system_token
    from onestop.selectors import differences, system_figures
    from wards.choices import Level
    from wards.models import BEFORE_REFORM_END, AdministrativeUnit

    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=settings.ONESTOP_MAX_ROWS, help="rows in the batch")
    parser.add_argument("--tiny", action="store_true", help="50 rows: CI's run")
    args = parser.parse_args(argv)
    n = 50 if args.tiny else args.rows
    settings.API_THROTTLE_RATES = {"user": "100000/min", "anon": "100000/min"}
    figures = {}
    try:
        with transaction.atomic():
            province = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="06", valid_to=BEFORE_REFORM_END)
            communes = list(AdministrativeUnit.objects.under(province).communes().order_by("code"))
            account = system_account_create(username="bench_motcua", name="Bench", units=communes)
            token = system_token(account=account)
            body = {"batch_id": f"bench-{n}", "rows": make_rows([c.code for c in communes], n)}
            data = json.dumps(body)
            client = Client()

            def post():
                return client.post(
                    "/api/v1/onestop/batches/", data=data, content_type="application/json",
                    HTTP_AUTHORIZATION=f"Token {token}",
                )  # fmt: skip

            quarter = Quarter.of(QUARTER_START)
            ids = [c.pk for c in communes]
            before = sum(f["dossiers_received"].value for f in system_figures(ids, [quarter]).values())
            client.post("/api/v1/onestop/batches/", data="{}", content_type="application/json")  # warm up: URLs, apps
            first, first_ms, first_q = timed(post)
            assert first.status_code == 201, first.content[:500]
            again, again_ms, again_q = timed(post)
            assert again.status_code == 200 and again.json()["replayed"]
            figs, roll_ms, roll_q = timed(lambda: system_figures(ids, [quarter]))
            total = sum(f["dossiers_received"].value for f in figs.values())
            assert total == before + 5 * n, (total, before, n)
            gaps, gaps_ms, gaps_q = timed(lambda: differences(unit_ids=ids, quarters=[quarter]))
            print(
                f"database: {connection.vendor}; communes in scope: {len(communes)}; rows: {n}; body: {len(data) // 1024} KB"
            )
            print(f"POST batch (validate + write)  : {first_ms:8.1f} ms {first_q:5d} queries")
            print(f"POST same batch again (replay) : {again_ms:8.1f} ms {again_q:5d} queries")
            print(f"quarter roll-up, {len(figs):3d} communes  : {roll_ms:8.1f} ms {roll_q:5d} queries")
            print(f"gaps with approved figures     : {gaps_ms:8.1f} ms {gaps_q:5d} queries ({len(gaps)} flagged)")
            figures = {
                "benchmark": "onestop_ingest",
                "tiny": args.tiny,
                "database": connection.vendor,
                "rows": n,
                "body_kb": len(data) // 1024,
                "communes": len(communes),
                "post_ms": round(first_ms, 1),
                "post_queries": first_q,
                "replay_ms": round(again_ms, 1),
                "replay_queries": again_q,
                "rollup_ms": round(roll_ms, 1),
                "rollup_queries": roll_q,
                "gaps_queries": gaps_q,
            }
            raise Rollback
    except Rollback:
        pass
    return emit(figures)


if __name__ == "__main__":
    setup()
    run(sys.argv[1:])
