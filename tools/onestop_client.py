#!/usr/bin/env python3
"""Send dossier counts of a one-stop system (Một cửa điện tử) to the oversight portal.

Standard library only (urllib, json, csv): copy this file to the machine that
exports the counts and run it, e.g. every night from cron.

    export ONESTOP_TOKEN=...            # printed once by: manage.py create_system_account ...
    python3 onestop_client.py --url https://giamsat.example.gov.vn counts.csv
    python3 onestop_client.py --url https://giamsat.example.gov.vn --batch-id mc-2024-04-05 counts.json

The file is a CSV with a header row, or JSON (a list of rows, or {"batch_id", "rows"}).
Columns / keys of a row:

    unit              official code of the ward or commune (mã đơn vị hành chính), e.g. 01855
    procedure         code of the procedure (mã TTHC)
    channel           desk | online_full | online_partial | postal
    period            a day YYYY-MM-DD or a month YYYY-MM (send a month one way only)
    received, resolved_on_time, resolved_late, paid_online      whole numbers (empty = 0)
    resolved          optional; must equal resolved_on_time + resolved_late

Each batch is identified by its batch id: sending the same batch again is
harmless (the portal answers with its first result). Without --batch-id the id
is made from the file's content, so re-running after a network failure never
counts anything twice; a corrected file gets a new id and replaces the counts
with the same unit, procedure, channel and period. A file larger than --chunk
rows goes as several batches (<id>-1, <id>-2, ...).

Exit status: 0 every batch written (or already written), 1 a batch refused (the
portal's messages are printed, one per bad row), 2 a usage or network error.
"""

import argparse
import csv
import hashlib
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PATH = "/api/v1/onestop/batches/"
COUNTS = ("received", "resolved_on_time", "resolved_late", "paid_online", "resolved")


def read_rows(path: str) -> tuple[list[dict], str | None]:
    """The rows of a CSV or JSON file, and the batch id a JSON object names (if any)."""
    with open(path, encoding="utf-8-sig") as f:
        if path.lower().endswith(".json"):
            data = json.load(f)
            if isinstance(data, dict):
                return data.get("rows", []), data.get("batch_id")
            return data, None
        rows = []
        for line in csv.DictReader(f):
            row = {k.strip(): (v or "").strip() for k, v in line.items() if k}
            for name in COUNTS:
                if name in row:
                    if row[name] == "":
                        del row[name]
                    else:
                        row[name] = int(row[name])  # a bad number stops here, before anything is sent
            rows.append(row)
        return rows, None


def content_id(rows: list[dict]) -> str:
    canonical = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "auto-" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


def batches(rows: list[dict], batch_id: str, chunk: int) -> list[dict]:
    if len(rows) <= chunk:
        return [{"batch_id": batch_id, "rows": rows}]
    return [
        {"batch_id": f"{batch_id}-{n}", "rows": rows[i : i + chunk]}
        for n, i in enumerate(range(0, len(rows), chunk), start=1)
    ]


def send(url: str, token: str, body: dict, *, opener=urllib.request.urlopen, attempts: int = 4) -> tuple[int, dict]:
    """POST one batch; (status, JSON answer). Retries on 429 (after Retry-After) and on 502–504:
    safe, because a batch id is written once."""
    data = json.dumps(body, ensure_ascii=False).encode()
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(  # noqa: S310 - main() accepts only http(s) addresses
            url.rstrip("/") + PATH,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Token {token}",
                "Accept": "application/json",
            },
        )
        try:
            with opener(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            if exc.code in (429, 502, 503, 504) and attempt < attempts:
                time.sleep(min(int(exc.headers.get("Retry-After") or 2 * attempt), 60))
                continue
            try:
                return exc.code, json.loads(exc.read() or b"{}")
            except ValueError:
                return exc.code, {"detail": exc.reason}
    raise RuntimeError("unreachable")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="counts as .csv (with a header row) or .json")
    parser.add_argument("--url", required=True, help="the portal's address, e.g. https://giamsat.example.gov.vn")
    parser.add_argument("--batch-id", help="the system's id of this batch (default: made from the file's content)")
    parser.add_argument("--token-file", help="a file holding the token (default: the ONESTOP_TOKEN variable)")
    parser.add_argument("--chunk", type=int, default=2000, help="rows per batch (the portal takes at most 5000)")
    args = parser.parse_args(argv)
    if not args.url.startswith(("https://", "http://")):
        print("--url must start with https:// (or http:// on a test machine)", file=sys.stderr)
        return 2
    token = Path(args.token_file).read_text().strip() if args.token_file else os.environ.get("ONESTOP_TOKEN", "")
    if not token:
        print("no token: set ONESTOP_TOKEN or give --token-file", file=sys.stderr)
        return 2
    try:
        rows, named = read_rows(args.file)
    except (OSError, ValueError) as exc:
        print(f"cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    batch_id = args.batch_id or named or content_id(rows)
    status = 0
    for body in batches(rows, batch_id, args.chunk):
        try:
            code, answer = send(args.url, token, body)
        except (urllib.error.URLError, OSError) as exc:
            print(f"{body['batch_id']}: network error: {exc}", file=sys.stderr)
            return 2
        if code in (200, 201):
            again = " (already received)" if answer.get("replayed") else ""
            print(f"{body['batch_id']}: {answer.get('rows')} rows written{again}")
            continue
        status = 1
        print(f"{body['batch_id']}: refused ({code}): {answer.get('detail', answer)}", file=sys.stderr)
        for error in answer.get("rows", []) if isinstance(answer.get("rows"), list) else []:
            print(f"  {error['message']}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
