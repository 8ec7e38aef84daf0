"""The recompute, set-based: one DELETE and one INSERT … SELECT, whatever the
number of units or scope-years, the same on SQLite (≥ 3.25, window functions)
and PostgreSQL. One scope-year (after an approval) and the whole country
(recompute_rankings) go through the same statement: the scope-years to
compute come in as a VALUES list. In it:

1. automatic leaves: each unit's yearly figure of the leaf's indicator, read
   from the roll-up (par_index.yearly: flows summed, stocks and rates latest,
   ratios as summed numerators over summed denominators, approved reports
   only), and the points the rule gives it;
2. totals, index (rounded to two decimals), band, and RANK() per framework and cohort.

The leaf points are not stored: the "why this score" page computes one unit's
with the same SQL (leaf_points). Delete-then-insert inside one transaction
makes a run idempotent: running it twice leaves the same rows.
"""

import contextlib
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from core.db import literal
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from par_index.choices import Cohort, CohortMode, Method, Part, Rule
from par_index.models import Band, Criterion, Framework, RuleStep, Score, UnitResult, YearlyInput
from wards.choices import Level
from wards.models import WARD_TYPE, AdministrativeUnit

T = {
    "unit": AdministrativeUnit._meta.db_table,
    "report": QuarterlyReport._meta.db_table,
    "value": ReportValue._meta.db_table,
    "indicator": Indicator._meta.db_table,
    "components": Indicator.components.through._meta.db_table,
    "criterion": Criterion._meta.db_table,
    "step": RuleStep._meta.db_table,
    "score": Score._meta.db_table,
    "yearly": YearlyInput._meta.db_table,
    "result": UnitResult._meta.db_table,
    "band": Band._meta.db_table,
    # The choices the statements compare with, as SQL literals.
    "commune": literal(Level.COMMUNE),
    "district": literal(Level.DISTRICT),
    "ward_type": literal(WARD_TYPE),
    "single": literal(CohortMode.SINGLE),
    "cohort_all": literal(Cohort.ALL),
    "cohort_wards": literal(Cohort.WARDS),
    "cohort_communes": literal(Cohort.COMMUNES),
    "automatic": literal(Method.AUTOMATIC),
    "manual": literal(Method.MANUAL),
    "proportional": literal(Rule.PROPORTIONAL),
    "penalty": literal(Part.PENALTY),
}

# The scope-years to compute, as rows: (framework, province, year, cohort mode,
# first day, last day, maximum, run); {fw_values} is "(%s, …), (%s, …)".
FW_CTE = """
fw (framework_id, province_id, year, cohort_mode, year_start, year_end, maximum, run_id) AS (VALUES {fw_values}),
-- The commune-level units of each province that existed at some time in the year:
-- children of the province (after 2025) and grandchildren (under a district, before).
scope AS (
  SELECT fw.framework_id, fw.year, fw.cohort_mode, u.id AS unit_id, u.unit_type, u.valid_from, u.valid_to
  FROM fw JOIN {unit} u ON u.parent_id = fw.province_id
  WHERE u.level = {commune}
  UNION ALL
  SELECT fw.framework_id, fw.year, fw.cohort_mode, u.id, u.unit_type, u.valid_from, u.valid_to
  FROM fw JOIN {unit} d ON d.parent_id = fw.province_id AND d.level = {district}
          JOIN {unit} u ON u.parent_id = d.id
  WHERE u.level = {commune}
),
units AS (
  SELECT s.framework_id, s.year, s.unit_id,
         CASE WHEN s.cohort_mode = {single} THEN {cohort_all} WHEN s.unit_type = {ward_type} THEN {cohort_wards}
              ELSE {cohort_communes} END
           AS cohort
  FROM scope s JOIN fw ON fw.framework_id = s.framework_id
  WHERE (s.valid_from IS NULL OR s.valid_from <= fw.year_end) AND (s.valid_to IS NULL OR s.valid_to >= fw.year_start)
)"""

# The leaves of the scope-years and the points of each automatic one for each
# unit, from the yearly roll-up (one row per unit, year and indicator: no
# grouping here). Needs CTEs "fw" (framework_id) and "units" (framework_id,
# year, unit_id) before it. A unit with no approved figure for a leaf gets no
# row: it scores 0 there. Shared by the recompute and the "why this score"
# page, so that both apply the same rules.
LEAF_CTE = """
leaves AS (
  SELECT c.id, c.framework_id, c.part, c.method, c.max_points, c.rule, c.threshold, c.indicator_id
  FROM {criterion} c
  WHERE c.framework_id IN (SELECT framework_id FROM fw)
    AND NOT EXISTS (SELECT 1 FROM {criterion} k WHERE k.parent_id = c.id)
),
inputs AS (
  SELECT l.id AS criterion_id, un.framework_id, un.unit_id, l.part, l.max_points, l.rule, l.threshold,
         y.numerator, y.denominator,
         -- A ratio from its summed numerator and denominator at full precision.
         CASE WHEN y.denominator IS NOT NULL THEN y.numerator * 100.0 / y.denominator ELSE y.value END AS value
  FROM units un
  JOIN {yearly} y ON y.unit_id = un.unit_id AND y.year = un.year
  JOIN leaves l ON l.framework_id = un.framework_id AND l.indicator_id = y.indicator_id
  WHERE l.method = {automatic}
),
points AS (
  SELECT x.*,
    CASE
      WHEN x.value IS NULL THEN 0
      -- points = min(max, max × value / threshold)
      WHEN x.rule = {proportional} THEN
        CASE WHEN x.threshold IS NULL OR x.threshold <= 0 OR x.value >= x.threshold THEN x.max_points
             ELSE x.max_points * x.value / x.threshold END
      -- the highest step reached
      ELSE COALESCE((SELECT MAX(st.points) FROM {step} st
                     WHERE st.criterion_id = x.criterion_id AND st.min_value <= x.value), 0)
    END AS points
  FROM inputs x
)"""

# One unit's automatic leaves, computed on demand (the breakdown page).
UNIT_LEAVES_SQL = (
    "WITH fw (framework_id) AS (SELECT CAST(%s AS BIGINT)),\n"  # noqa: S608
    "units (framework_id, year, unit_id) AS (SELECT CAST(%s AS BIGINT), CAST(%s AS INTEGER), CAST(%s AS BIGINT)),"
    + LEAF_CTE
    + "\nSELECT criterion_id, numerator, denominator, value, points FROM points"
)

# "INSERT … WITH … SELECT" rather than "WITH … INSERT": SQLite reports the
# row count only for the former. Joins are written in the order PostgreSQL
# must take them (see _planner_hints): from the units of the scope-years to
# their yearly figures and scores, never the reverse.
RESULT_SQL = (
    "INSERT INTO {result} (framework_id, unit_id, cohort, points, maximum, index_percent, band, rank, cohort_size, run_id)\nWITH"  # noqa: S608
    + FW_CTE
    + ","
    + LEAF_CTE
    + """,
-- Every unit's points in one GROUP BY over three streams (no join of
-- aggregates): the units in scope (with their cohort), their hand-entered
-- scores (the appraised score prevails; until the appraisal, the
-- self-assessment counts) and their automatic points. Scores of units out of
-- scope (not existing that year) fall out with HAVING.
streams AS (
  SELECT u.framework_id, u.unit_id, u.cohort, 1 AS in_scope, 0 AS pts FROM units u
  UNION ALL
  SELECT l.framework_id, s.unit_id, NULL, 0,
         CASE WHEN l.part = {penalty} THEN -1 ELSE 1 END * COALESCE(s.appraised_points, s.self_points, 0)
  FROM leaves l JOIN {score} s ON s.criterion_id = l.id
  WHERE l.method = {manual}
  UNION ALL
  SELECT p.framework_id, p.unit_id, NULL, 0, CASE WHEN p.part = {penalty} THEN -p.points ELSE p.points END
  FROM points p
),
totals AS (
  SELECT framework_id, unit_id, MAX(cohort) AS cohort, SUM(pts) AS pts
  FROM streams
  GROUP BY framework_id, unit_id
  HAVING MAX(in_scope) = 1
),
indexed AS (
  SELECT t.framework_id, t.unit_id, t.cohort, fw.maximum, fw.run_id, t.pts,
         ROUND(CAST(t.pts * 100.0 / fw.maximum AS NUMERIC), 2) AS idx
  FROM totals t JOIN fw ON fw.framework_id = t.framework_id
  WHERE fw.maximum > 0
)
SELECT x.framework_id, x.unit_id, x.cohort, x.pts, x.maximum, x.idx,
  COALESCE((SELECT b.name FROM {band} b WHERE b.framework_id = x.framework_id AND b.min_percent <= x.idx
            ORDER BY b.min_percent DESC LIMIT 1), ''),
  -- Tie rule: equal scores to two decimals share a rank (1, 2, 2, 4).
  RANK() OVER (PARTITION BY x.framework_id, x.cohort ORDER BY x.idx DESC),
  COUNT(*) OVER (PARTITION BY x.framework_id, x.cohort),
  x.run_id
FROM indexed x
"""
)


def maxima(framework_ids: list[int]) -> dict[int, Decimal]:
    """Each framework's maximum: leaves of the criteria and survey parts (bonus
    and penalty points move a score, not the maximum). One query."""
    rows = (
        Criterion.objects.filter(
            framework_id__in=framework_ids, part__in=[Part.CRITERIA, Part.SURVEY], children__isnull=True
        )
        .values("framework_id")
        .annotate(total=Sum("max_points"))
        .values_list("framework_id", "total")
    )
    found = dict(rows)
    return {pk: found.get(pk) or Decimal(0) for pk in framework_ids}


def maximum_points(framework: Framework) -> Decimal:
    return maxima([framework.pk])[framework.pk]


def compute_many(frameworks: list[Framework], *, run_ids: dict[int, int] | None = None) -> int:
    """Rewrite the results of the given scope-years in two statements; returns
    the number of unit results written. The caller holds the transaction."""
    if not frameworks:
        return 0
    run_ids = run_ids or {}
    ids = [f.pk for f in frameworks]
    maximum = maxima(ids)
    rows, params = [], []
    for f in frameworks:
        rows.append("(%s, %s, %s, %s, %s, %s, %s, %s)")
        params += [
            f.pk,
            f.province_id,
            f.year,
            f.cohort_mode or CohortMode.SINGLE,
            datetime.date(f.year, 1, 1),
            datetime.date(f.year, 12, 31),
            maximum[f.pk],
            run_ids.get(f.pk),
        ]
    if connection.vendor == "postgresql":
        # VALUES gives its columns the types of the first row: spell them out
        # so that a NULL run id or a date literal is not read as text.
        rows[0] = "(%s::bigint, %s::bigint, %s::int, %s::text, %s::date, %s::date, %s::numeric, %s::bigint)"
    values = ", ".join(rows)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {T['result']} WHERE framework_id IN ({marks})", ids)  # noqa: S608
        with _planner_hints(cursor, many=len(frameworks) > MANY):
            cursor.execute(RESULT_SQL.format(fw_values=values, **T), params)
            return max(cursor.rowcount, 0)


# Above this many scope-years the statement reads most of the values table:
# scanning and hashing beats walking indexes.
MANY = 20


@contextlib.contextmanager
def _planner_hints(cursor, *, many: bool):
    """PostgreSQL cannot estimate how many units a VALUES row of scope-years
    brings (a province has 8 to 549 communes), and with estimates of a few rows
    it joins the leaves to the units before the values, multiplying rows. The
    FROM clause is written in the right order (units → reports → values →
    leaves), so keep it; no JIT; for many scope-years also prefer hash joins and
    hash aggregation. SET LOCAL,
    set back at once: nothing leaks into the rest of the caller's transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    names = ["join_collapse_limit", "jit"] + (["enable_nestloop", "enable_sort", "work_mem"] if many else [])
    cursor.execute("SET LOCAL join_collapse_limit = 1")
    # The cost of these statements passes jit_above_cost, but compiling them
    # takes longer (50–1.000 ms) than running them.
    cursor.execute("SET LOCAL jit = off")
    if many:
        cursor.execute("SET LOCAL enable_nestloop = off")
        # The estimate of the scope-years' units is a few thousand rows (it is
        # 80.000): PostgreSQL sorts the 2 million point rows to group them,
        # where hashing them into 80.000 groups takes half the time.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL work_mem = '256MB'")
    try:
        yield
    finally:
        for name in names:
            cursor.execute(f"SET LOCAL {name} TO DEFAULT")


@dataclass(frozen=True)
class LeafPoints:
    """An automatic leaf's input and points for one unit."""

    criterion_id: int
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    points: Decimal


def _decimal(x) -> Decimal | None:
    # SQLite hands back floats for computed columns; PostgreSQL Decimals.
    return None if x is None else Decimal(str(x))


def leaf_points(framework: Framework, unit) -> dict[int, LeafPoints]:
    """One unit's automatic leaves, by criterion id, with the recompute's own
    rules (the same SQL): what the "why this score" page shows. A leaf with no
    approved figure is absent (it scores 0). One query."""
    unit_id = getattr(unit, "pk", unit)
    with connection.cursor() as cursor:
        cursor.execute(UNIT_LEAVES_SQL.format(**T), [framework.pk, framework.pk, framework.year, unit_id])
        rows = cursor.fetchall()
    return {
        r[0]: LeafPoints(r[0], _decimal(r[1]), _decimal(r[2]), _decimal(r[3]), _decimal(r[4]) or Decimal(0))
        for r in rows
    }


def compute(framework: Framework, *, run_id: int | None = None) -> int:
    """One scope-year (what the Celery task does after an approval)."""
    return compute_many([framework], run_ids={framework.pk: run_id} if run_id else None)


__all__ = ["LeafPoints", "compute", "compute_many", "leaf_points", "maxima", "maximum_points"]
