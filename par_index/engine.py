"""The recompute of one scope-year, set-based: a handful of SQL statements,
whatever the number of units, that run the same on SQLite (≥ 3.25, window
functions) and PostgreSQL.

1. automatic leaves: each unit's yearly input (flows summed, stocks and rates
   latest, ratios as summed numerators over summed denominators, from approved
   reports only) and the points the rule gives it;
2. totals, index (rounded to two decimals), band, and RANK() per cohort.

Delete-then-insert inside one transaction makes a run idempotent: running it
twice leaves the same rows.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from par_index.choices import CohortMode, Part
from par_index.models import Band, Criterion, Framework, LeafResult, RuleStep, Score, UnitResult
from wards.models import AdministrativeUnit

T = {
    "unit": AdministrativeUnit._meta.db_table,
    "report": QuarterlyReport._meta.db_table,
    "value": ReportValue._meta.db_table,
    "indicator": Indicator._meta.db_table,
    "components": Indicator.components.through._meta.db_table,
    "criterion": Criterion._meta.db_table,
    "step": RuleStep._meta.db_table,
    "score": Score._meta.db_table,
    "leaf": LeafResult._meta.db_table,
    "result": UnitResult._meta.db_table,
    "band": Band._meta.db_table,
}

# The commune-level units of the province that existed at some time in the year.
UNITS_CTE = """
units AS (
  SELECT u.id AS unit_id,
         CASE WHEN %s = 'single' THEN 'all' WHEN u.unit_type = 'Phường' THEN 'wards' ELSE 'communes' END AS cohort
  FROM {unit} u LEFT JOIN {unit} p ON p.id = u.parent_id
  WHERE u.level = 'commune' AND (u.parent_id = %s OR p.parent_id = %s)
    AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)
)"""

# Table names come from model metadata, never from input: the format() is safe.
# "INSERT … WITH … SELECT" rather than "WITH … INSERT": SQLite reports the
# row count only for the former.
LEAF_SQL = (
    "INSERT INTO {leaf} (framework_id, criterion_id, unit_id, numerator, denominator, value, points)\nWITH"  # noqa: S608
    + UNITS_CTE
    + """,
leaves AS (
  SELECT c.id, c.max_points, c.rule, c.threshold, c.indicator_id, i.numerator_id, i.denominator_id
  FROM {criterion} c JOIN {indicator} i ON i.id = c.indicator_id
  WHERE c.framework_id = %s AND c.method = 'automatic'
    AND NOT EXISTS (SELECT 1 FROM {criterion} k WHERE k.parent_id = c.id)
),
needed AS (
  SELECT indicator_id AS ind FROM leaves
  UNION SELECT numerator_id FROM leaves WHERE numerator_id IS NOT NULL
  UNION SELECT denominator_id FROM leaves WHERE denominator_id IS NOT NULL
),
-- What is stored for an indicator: its components if it is a derived sum
-- (dossiers resolved = on time + late), else the indicator itself.
parts AS (
  SELECT n.ind, COALESCE(m.to_indicator_id, n.ind) AS part
  FROM needed n LEFT JOIN {components} m ON m.from_indicator_id = n.ind
),
quarterly AS (
  SELECT r.unit_id, p.ind, r.quarter, SUM(v.value) AS v
  FROM {value} v JOIN {report} r ON r.id = v.report_id JOIN parts p ON p.part = v.indicator_id
  WHERE r.year = %s AND r.status = 'approved' AND v.value IS NOT NULL
    AND r.unit_id IN (SELECT unit_id FROM units)
  GROUP BY r.unit_id, p.ind, r.quarter
),
ranked AS (
  SELECT q.unit_id, q.ind, q.v, ROW_NUMBER() OVER (PARTITION BY q.unit_id, q.ind ORDER BY q.quarter DESC) AS rn
  FROM quarterly q
),
-- Flows add up over the year; stocks and directly reported rates take the latest quarter.
yearly AS (
  SELECT k.unit_id, k.ind,
         CASE WHEN i.aggregation = 'sum' AND i.value_type <> 'rate' THEN SUM(k.v)
              ELSE MAX(CASE WHEN k.rn = 1 THEN k.v END) END AS v
  FROM ranked k JOIN {indicator} i ON i.id = k.ind
  GROUP BY k.unit_id, k.ind, i.aggregation, i.value_type
),
inputs AS (
  SELECT l.id AS criterion_id, u.unit_id, l.max_points, l.rule, l.threshold, n.v AS num, d.v AS den,
         CASE WHEN l.numerator_id IS NOT NULL AND d.v > 0 THEN n.v * 100.0 / d.v ELSE s.v END AS value
  FROM leaves l CROSS JOIN units u
  LEFT JOIN yearly n ON n.unit_id = u.unit_id AND n.ind = l.numerator_id
  LEFT JOIN yearly d ON d.unit_id = u.unit_id AND d.ind = l.denominator_id
  LEFT JOIN yearly s ON s.unit_id = u.unit_id AND s.ind = l.indicator_id
)
SELECT %s, x.criterion_id, x.unit_id, x.num, x.den, x.value,
  CASE
    WHEN x.value IS NULL THEN 0
    -- points = min(max, max × value / threshold)
    WHEN x.rule = 'proportional' THEN
      CASE WHEN x.threshold IS NULL OR x.threshold <= 0 OR x.value >= x.threshold THEN x.max_points
           ELSE x.max_points * x.value / x.threshold END
    ELSE COALESCE((SELECT MAX(st.points) FROM {step} st
                   WHERE st.criterion_id = x.criterion_id AND st.min_value <= x.value), 0)
  END
FROM inputs x
"""
)

RESULT_SQL = (
    "INSERT INTO {result} (framework_id, unit_id, cohort, points, maximum, index_percent, band, rank, cohort_size, run_id)\nWITH"  # noqa: S608
    + UNITS_CTE
    + """,
leaves AS (
  SELECT c.id, c.part, c.method FROM {criterion} c
  WHERE c.framework_id = %s AND NOT EXISTS (SELECT 1 FROM {criterion} k WHERE k.parent_id = c.id)
),
-- The appraised score prevails; until the appraisal, the self-assessment counts.
manual AS (
  SELECT s.unit_id,
         SUM(CASE WHEN l.part = 'penalty' THEN -1 ELSE 1 END * COALESCE(s.appraised_points, s.self_points, 0)) AS pts
  FROM {score} s JOIN leaves l ON l.id = s.criterion_id
  WHERE l.method = 'manual'
  GROUP BY s.unit_id
),
auto AS (
  SELECT r.unit_id, SUM(CASE WHEN l.part = 'penalty' THEN -r.points ELSE r.points END) AS pts
  FROM {leaf} r JOIN leaves l ON l.id = r.criterion_id
  WHERE r.framework_id = %s
  GROUP BY r.unit_id
),
indexed AS (
  SELECT u.unit_id, u.cohort, COALESCE(m.pts, 0) + COALESCE(a.pts, 0) AS pts,
         ROUND(CAST((COALESCE(m.pts, 0) + COALESCE(a.pts, 0)) * 100.0 / %s AS NUMERIC), 2) AS idx
  FROM units u LEFT JOIN manual m ON m.unit_id = u.unit_id LEFT JOIN auto a ON a.unit_id = u.unit_id
)
SELECT %s, x.unit_id, x.cohort, x.pts, %s, x.idx,
  COALESCE((SELECT b.name FROM {band} b WHERE b.framework_id = %s AND b.min_percent <= x.idx
            ORDER BY b.min_percent DESC LIMIT 1), ''),
  -- Tie rule: equal scores to two decimals share a rank (1, 2, 2, 4).
  RANK() OVER (PARTITION BY x.cohort ORDER BY x.idx DESC),
  COUNT(*) OVER (PARTITION BY x.cohort),
  %s
FROM indexed x
"""
)


def maximum_points(framework: Framework) -> Decimal:
    """The framework's maximum: leaves of the criteria and survey parts (bonus
    and penalty points move a score, not the maximum)."""
    total = (
        Criterion.objects.filter(framework=framework, part__in=[Part.CRITERIA, Part.SURVEY], children__isnull=True)
        .aggregate(total=Sum("max_points"))
        .get("total")
    )
    return total or Decimal(0)


def compute(framework: Framework, *, run_id: int | None = None) -> int:
    """Rewrite the framework's results; returns the number of units ranked.
    The caller holds the transaction."""
    maximum = maximum_points(framework)
    start, end = datetime.date(framework.year, 1, 1), datetime.date(framework.year, 12, 31)
    units_params = [
        framework.cohort_mode or CohortMode.SINGLE,
        framework.province_id,
        framework.province_id,
        end,
        start,
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {T['leaf']} WHERE framework_id = %s", [framework.pk])  # noqa: S608
        cursor.execute(f"DELETE FROM {T['result']} WHERE framework_id = %s", [framework.pk])  # noqa: S608
        cursor.execute(LEAF_SQL.format(**T), [*units_params, framework.pk, framework.year, framework.pk])
        if maximum <= 0:
            return 0
        cursor.execute(
            RESULT_SQL.format(**T),
            [*units_params, framework.pk, framework.pk, maximum, framework.pk, maximum, framework.pk, run_id],
        )
        return max(cursor.rowcount, 0)


__all__ = ["compute", "maximum_points"]
