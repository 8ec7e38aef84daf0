"""The yearly roll-up the rankings read (YearlyInput): each unit's figure of
each indicator over a year, from its approved quarterly reports only, by the
rules of digital_metrics.reports.figures.aggregate for one unit:

- a flow (aggregation "sum", not a ratio) adds up over the quarters;
- a stock or a directly reported rate takes the latest quarter that has it;
- a derived sum with no value of its own is the sum of its components present;
- a ratio is its numerator's figure over its denominator's (summed numerators
  over summed denominators, never an average of rates); when the denominator
  is missing or zero, a rate that may be reported directly takes its latest
  reported value.

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
}

# {where} narrows the reports read (one unit-year, or nothing for all). Table
# names come from model metadata, never from input.
INSERT_SQL = """
INSERT INTO {yearly} (unit_id, year, indicator_id, numerator, denominator, value)
WITH stored AS (
  -- What the reports hold, per unit-year and indicator. One report per
  -- quarter and one value per report and indicator: a quarter's SUM is its value.
  SELECT r.unit_id, r.year, v.indicator_id AS ind,
         CASE WHEN i.aggregation = {sum} AND i.numerator_id IS NULL THEN SUM(v.value)
              ELSE COALESCE(SUM(CASE WHEN r.quarter = 4 THEN v.value END),
                            SUM(CASE WHEN r.quarter = 3 THEN v.value END),
                            SUM(CASE WHEN r.quarter = 2 THEN v.value END),
                            SUM(CASE WHEN r.quarter = 1 THEN v.value END)) END AS value
  FROM {report} r JOIN {value} v ON v.report_id = r.id JOIN {indicator} i ON i.id = v.indicator_id
  WHERE r.status = {approved} AND v.value IS NOT NULL AND i.value_type <> {text} {where}
  GROUP BY r.unit_id, r.year, v.indicator_id, i.aggregation, i.numerator_id
),
-- digital_metrics' base_value: an indicator's own figure, else (a derived sum)
-- the sum of the figures of its components that are present.
base AS (
  SELECT s.unit_id, s.year, s.ind, s.value FROM stored s
  UNION ALL
  SELECT s.unit_id, s.year, m.from_indicator_id, SUM(s.value)
  FROM stored s JOIN {components} m ON m.to_indicator_id = s.ind
  JOIN {indicator} d ON d.id = m.from_indicator_id AND d.numerator_id IS NULL
  WHERE NOT EXISTS (SELECT 1 FROM stored o
                    WHERE o.unit_id = s.unit_id AND o.year = s.year AND o.ind = m.from_indicator_id)
  GROUP BY s.unit_id, s.year, m.from_indicator_id
),
ratio AS (
  SELECT n.unit_id, n.year, i.id AS ind, n.value AS num, d.value AS den
  FROM {indicator} i JOIN base n ON n.ind = i.numerator_id
  JOIN base d ON d.unit_id = n.unit_id AND d.year = n.year AND d.ind = i.denominator_id
  WHERE i.value_type <> {text} AND d.value <> 0
)
SELECT b.unit_id, b.year, b.ind, CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), b.value
FROM base b JOIN {indicator} i ON i.id = b.ind WHERE i.numerator_id IS NULL
UNION ALL
SELECT x.unit_id, x.year, x.ind, x.num, x.den, x.num * 100.0 / x.den FROM ratio x
UNION ALL
SELECT s.unit_id, s.year, s.ind, CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC), s.value
FROM stored s JOIN {indicator} i ON i.id = s.ind
WHERE i.numerator_id IS NOT NULL AND i.direct_rate_allowed
  AND NOT EXISTS (SELECT 1 FROM ratio x WHERE x.unit_id = s.unit_id AND x.year = s.year AND x.ind = s.ind)
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
