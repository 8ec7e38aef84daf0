"""The approved figures a document quotes, read through one narrow function
each from the apps that own them (digital_metrics, exports.sources)."""

from dataclasses import dataclass, field

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import ROMAN, Quarter, quarters_between
from digital_metrics.reports.figures import unit_figures
from documents.formatting import figure_text
from exports.sources import ranking_rows, value_sources

# The rates a chart and a many-unit summary show (the portal's key rates).
KEY_CODES = [
    "dossiers_resolved",
    "dossiers_on_time_rate",
    "dossiers_online_full_rate",
    "copy_certification_electronic_rate",
    "smartphone_household_rate",
]


@dataclass
class Column:
    label: str
    quarters: list[Quarter]
    figures: dict = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)


def period_columns(start, end) -> list[Column]:
    """A column per whole year of the period, and per quarter for the rest:
    01/2023–04/2024 → Năm 2023, Quý I/2024, Quý II/2024."""
    quarters = quarters_between(Quarter.of(start), Quarter.of(end))
    columns: list[Column] = []
    for year in sorted({q.year for q in quarters}):
        in_year = [q for q in quarters if q.year == year]
        if len(in_year) == 4:
            columns.append(Column(f"Năm {year}", in_year))
        else:
            columns.extend(Column(q.label, [q]) for q in in_year)
    return columns


def _span(quarters: list[Quarter]) -> str:
    if len(quarters) == 1:
        return quarters[0].label
    return f"Quý {ROMAN[quarters[0].quarter]}–{ROMAN[quarters[-1].quarter]}/{quarters[0].year}"


def approved_table(unit, start, end, indicators=None) -> list[Column]:
    """The unit's approved figures over the period, a column per year or quarter
    (columns without an approved report left out), each with its sources."""
    indicators = indicators if indicators is not None else catalogue()
    columns = period_columns(start, end)
    reports = list(
        QuarterlyReport.objects.filter(
            unit=unit, status=ReportStatus.APPROVED, year__in={c.quarters[0].year for c in columns}
        )
        .only("pk", "year", "quarter")
        .order_by("year", "quarter")
    )
    sources = value_sources([r.pk for r in reports])
    kept = []
    for column in columns:
        in_column = [r for r in reports if r.period in column.quarters]
        if not in_column:
            continue
        column.figures = unit_figures(unit=unit, quarters=column.quarters, indicators=indicators)
        by_origin: dict[str, list[Quarter]] = {}
        whole_year = len(column.quarters) == 4 and len(in_column) == 4
        for r in in_column:
            by_origin.setdefault(sources[r.pk].label(whole_year=whole_year), []).append(r.period)
        column.sources = [
            label if len(column.quarters) == 1 else f"{_span(qs)}: {label}" for label, qs in by_origin.items()
        ]
        kept.append(column)
    return kept


def period_figures(unit, start, end, indicators) -> dict:
    """The unit's approved figures over the whole period, rolled up (flows summed, stocks latest, rates from counts)."""
    quarters = quarters_between(Quarter.of(start), Quarter.of(end))
    return unit_figures(unit=unit, quarters=quarters, indicators=indicators)


def table_rows(columns: list[Column], indicators) -> list[dict]:
    """Rows of indicators with at least one figure: name, unit of measure, text per column."""
    rows = []
    for ind in indicators:
        cells = [c.figures.get(ind.code) for c in columns]
        if all(cell is None or cell.is_empty for cell in cells):
            continue
        rows.append(
            {
                "code": ind.code,
                "name": ind.name_vi,
                "unit": ind.unit if ind.unit != "%" else "",
                "cells": [figure_text(cell) for cell in cells],
                "section": ind.get_section_display(),
            }
        )
    return rows


def rank_history(unit, *, until_year: int) -> list:
    """The unit's PAR index ranks, year by year (through exports.sources.ranking_rows, the one source of rankings)."""
    return [r for r in ranking_rows(unit_ids=[unit.pk]) if r.year <= until_year]
