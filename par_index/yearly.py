"""The yearly roll-up the rankings read (YearlyInput): each unit's figure of
each indicator over a year, from its approved quarterly reports only, by the
rules of digital_metrics.reports.figures.aggregate for one unit (tested equal
on the demo and on cases with missing quarters, tests/par_index/test_yearly.py):

- a total with no value of its own is, quarter by quarter, the sum of its parts;
- a flow (aggregation "sum", not a rate) adds up over the quarters;
- a stock or a directly reported rate takes the latest quarter that has it;
- a ratio is summed numerators over summed denominators over the quarters that
  have both (never an average of rates, never counts of different quarters);
  a stock ratio takes its latest quarter with both; when there is none, a rate
  that may be reported directly takes its latest reported value.

Set-based: one DELETE and one INSERT … SELECT, for one unit-year (inside the
transaction of the approval that changes it) or for everything (``rebuild``:
after data loaded without the approval signal, e.g. the demo or an import).
The same statements on SQLite and PostgreSQL.
"""

from django.db import connection, transaction

from core.db import literal
from digital_metrics.choices import Aggregation, ReportStatus, ValueType
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from par_index.models import YearlyInput
from wards.models import AdministrativeUnit

T = {
    "yearly": YearlyInput._meta.db_table,
    "report": QuarterlyReport._meta.db_table,
    "value": ReportValue._meta.db_table,
    "indicator": Indicator._meta.db_table,
    "components": Indicator.components.through._meta.db_table,
    # The choices the statements compare with, as SQL literals.
    "sum": literal(Aggregation.SUM),
    "approved": literal(ReportStatus.APPROVED),
    "text": literal(ValueType.TEXT),
    "rate": literal(ValueType.RATE),
}

# {where} narrows the reports read (one unit-year, or nothing for all). Table
# names come from model metadata, never from input.
LATEST = """COALESCE(SUM(CASE WHEN {q} = 4 THEN {v} END), SUM(CASE WHEN {q} = 3 THEN {v} END),
                        SUM(CASE WHEN {q} = 2 THEN {v} END), SUM(CASE WHEN {q} = 1 THEN {v} END))"""

T["latest_value"] = LATEST.format(q="b.quarter", v="b.value")
T["latest_num"] = LATEST.format(q="quarter", v="num")
T["latest_den"] = LATEST.format(q="quarter", v="den")

INSERT_SQL = """
INSERT INTO {yearly} (unit_id, year, indicator_id, numerator, denominator, value)
WITH q AS (
  -- What the approved reports hold: one row per unit, quarter and indicator.
  SELECT r.unit_id, r.year, r.quarter, v.indicator_id AS ind, v.value
  FROM {report} r JOIN {value} v ON v.report_id = r.id JOIN {indicator} i ON i.id = v.indicator_id
  WHERE r.status = {approved} AND v.value IS NOT NULL AND i.value_type <> {text} {where}
),
-- Quarter by quarter, digital_metrics' _bases: an indicator's own value, else
-- (a total) the sum of its parts present in that quarter.
qbase AS (
  SELECT unit_id, year, quarter, ind, value FROM q
  UNION ALL
  SELECT q.unit_id, q.year, q.quarter, m.from_indicator_id, SUM(q.value)
  FROM q JOIN {components} m ON m.to_indicator_id = q.ind
  JOIN {indicator} d ON d.id = m.from_indicator_id AND d.numerator_id IS NULL
  WHERE NOT EXISTS (SELECT 1 FROM q o WHERE o.unit_id = q.unit_id AND o.year = q.year AND o.quarter = q.quarter
                    AND o.ind = m.from_indicator_id)
  GROUP BY q.unit_id, q.year, q.quarter, m.from_indicator_id
),
-- The year: a flow adds up; a stock or a directly reported rate takes its latest quarter.
year_base AS (
  SELECT b.unit_id, b.year, b.ind,
         CASE WHEN i.aggregation = {sum} AND i.value_type <> {rate} THEN SUM(b.value)
              ELSE {latest_value} END AS value
  FROM qbase b JOIN {indicator} i ON i.id = b.ind
  GROUP BY b.unit_id, b.year, b.ind, i.aggregation, i.value_type
),
-- A rate's counts over the SAME quarters: only the quarters that have both.
pairs AS (
  SELECT n.unit_id, n.year, n.quarter, i.id AS ind, i.aggregation, n.value AS num, d.value AS den
  FROM {indicator} i JOIN qbase n ON n.ind = i.numerator_id
  JOIN qbase d ON d.unit_id = n.unit_id AND d.year = n.year AND d.quarter = n.quarter AND d.ind = i.denominator_id
  WHERE i.value_type <> {text}
),
ratio AS (
  SELECT unit_id, year, ind,
         CASE WHEN aggregation = {sum} THEN SUM(num) ELSE {latest_num} END AS num,
         CASE WHEN aggregation = {sum} THEN SUM(den) ELSE {latest_den} END AS den
  FROM pairs GROUP BY unit_id, year, ind, aggregation
)
SELECT y.unit_id, y.year, y.ind, CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), y.value
FROM year_base y JOIN {indicator} i ON i.id = y.ind WHERE i.numerator_id IS NULL
UNION ALL
SELECT x.unit_id, x.year, x.ind, x.num, x.den, x.num * 100.0 / x.den FROM ratio x WHERE x.den <> 0
UNION ALL
SELECT y.unit_id, y.year, y.ind, CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), y.value
FROM year_base y JOIN {indicator} i ON i.id = y.ind
WHERE i.numerator_id IS NOT NULL AND i.direct_rate_allowed
  AND NOT EXISTS (SELECT 1 FROM ratio x WHERE x.unit_id = y.unit_id AND x.year = y.year AND x.ind = y.ind
                  AND x.den <> 0)
{order}"""


def refresh(*, unit_id: int, year: int) -> int:
    """Rewrite one unit-year from its approved reports (a lock, 2 statements); the
    caller's transaction holds it, so it commits or rolls back with the
    approval that asked for it. Returns the rows written."""
    # Two approvals of the same unit-year at once (two quarters) would each
    # delete the rows they see and insert theirs: the second insert would hit
    # the first one's new rows. Take turns on the unit's row (NO KEY UPDATE:
    # inserts of reports referencing the unit are not blocked). SQLite
    # serializes writers anyway and ignores this.
    AdministrativeUnit.objects.select_for_update(no_key=True).filter(pk=unit_id).values_list("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {T['yearly']} WHERE unit_id = %s AND year = %s", [unit_id, year])  # noqa: S608
        cursor.execute(
            INSERT_SQL.format(where="AND r.unit_id = %s AND r.year = %s", order="", **T),
            [unit_id, year],
        )
        return max(cursor.rowcount, 0)


def rebuild() -> int:
    """Rewrite the whole table from the reports (2 statements, one
    transaction): after data loaded without the approval signal. Returns the
    rows written."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(f"DELETE FROM {T['yearly']}")  # noqa: S608
        else:
            # TRUNCATE (transactional in PostgreSQL) rather than DELETE: no
            # million dead rows left for the next reads to step over.
            cursor.execute(f"TRUNCATE {T['yearly']}")
            # A one-off scan of every value: hashing beats index walks; no JIT
            # (it compiles longer than the statement runs).
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        # Written in key order, a unit-year's rows share a page or two: the
        # recompute of one province reads them with fewer page visits.
        cursor.execute(INSERT_SQL.format(where="", order="ORDER BY 1, 2, 3", **T))
        rows = max(cursor.rowcount, 0)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit TO DEFAULT")
            cursor.execute("SET LOCAL work_mem TO DEFAULT")
            cursor.execute(f"ANALYZE {T['yearly']}")
        return rows


__all__ = ["rebuild", "refresh"]
