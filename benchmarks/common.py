"""What the benchmark scripts share: running against a configured database
(``setup``), writing generated rows fast on PostgreSQL and SQLite alike
(``bulk_rows``), timing a step with its query count (``timed``), and the closing JSON line.

Every script exposes ``run(argv) -> dict``, which the test suite calls with
``--tiny`` on its own database (tests/test_benchmarks.py), so that a script
that no longer matches the models fails CI instead of rotting."""

import io
import json
import os
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]


def setup(*, migrate: bool = True) -> None:
    """For a script run by hand: Django set up against DATABASE_URL, migrated."""
    if str(BASE) not in sys.path:
        sys.path.insert(0, str(BASE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oversight_portal.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def bulk_rows(model, rows: list[dict]) -> int:
    """Insert ``rows`` ({field name: value}) into ``model``'s table; every
    concrete column a row leaves out gets the field's default, so a column
    added to the model later does not break the generator. COPY on
    PostgreSQL, one executemany elsewhere."""
    from django.db import connection

    from core.db import insert_many

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: (None if f.null and not f.has_default() else f.get_default()) for f in fields}

    def values(row):
        out = []
        for f in fields:
            value = row.get(f.attname, row.get(f.name, defaults[f.attname]))
            out.append(f.get_db_prep_save(value, connection))
        return out

    if connection.vendor != "postgresql":
        return insert_many(model, [f.name for f in fields], (values(r) for r in rows))
    buf = io.StringIO()
    n = 0
    for row in rows:
        buf.write("\t".join(_copy_text(v) for v in values(row)) + "\n")
        n += 1
    buf.seek(0)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    connection.ensure_connection()
    with connection.connection.cursor() as raw, raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        while chunk := buf.read(1 << 20):
            copy.write(chunk)
    return n


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def emit(result: dict) -> dict:
    """The last line a script prints: its figures as one JSON object."""
    print(json.dumps(result, ensure_ascii=False))
    return result


class Rollback(Exception):
    """Raised inside ``transaction.atomic()`` to measure a write and leave nothing behind."""


def timed(fn):
    """``(fn(), milliseconds, queries)``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return result, elapsed * 1000, len(ctx.captured_queries)
