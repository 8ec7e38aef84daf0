"""Official rankings: what was published, frozen, and what changed since.

A scope-year's official ranking is a snapshot (OfficialRanking). The
recompute keeps the portal's own results (UnitResult) up to date with every
approval; once a ranking is published those never replace it. Pages, the API
and exports show the official result first and the recomputed one beside it,
with the corrections approved since (who, when, why) — never a silent change.

Two ways to have one: the province's appraisers publish the portal's results
(``publish``), or the result the province announced in its own decision is
entered or imported as it stands (``announce``), for every unit or a few.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.numbers import parse_number
from digital_metrics.choices import AuditAction, ReportStatus
from digital_metrics.models import AuditEntry
from par_index.choices import RankingSource
from par_index.models import Framework, OfficialRanking, OfficialResult, RecomputeState, ScoreChange, UnitResult
from par_index.signals import rankings_changed
from wards.access import Do, require
from wards.models import AdministrativeUnit

# The sheet of an announced result: one row per unit (row 1 titles, row 2 these codes).
SHEET = "Kết quả công bố"
COLUMNS = ["unit_code", "rank", "cohort_size", "index_percent", "note"]
REQUIRED = ["unit_code", "rank", "cohort_size"]


def _may_publish(framework: Framework, by) -> None:
    require(
        by,
        Do.PUBLISH_RANKINGS,
        framework.province_id,
        _("Chỉ hội đồng thẩm định chỉ số CCHC của tỉnh mới công bố kết quả xếp hạng."),
    )


@transaction.atomic
def publish(*, framework: Framework, by, decision: str = "", decision_date=None, note: str = "") -> OfficialRanking:
    """Freeze the portal's current results of the scope-year as its official ranking."""
    _may_publish(framework, by)
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if not framework.is_published:
        raise ValidationError(_("Bộ tiêu chí chưa ban hành: chưa thể công bố kết quả."))
    if RecomputeState.objects.filter(framework=framework, stale=True).exists():
        raise ValidationError(
            _("Có số liệu mới đang được tính lại; hãy công bố khi bảng xếp hạng đã tính xong để không công bố số cũ.")
        )
    results = list(UnitResult.objects.filter(framework=framework))
    if not results:
        raise ValidationError(_("Chưa có kết quả nào để công bố."))
    ranking = OfficialRanking.objects.create(
        framework=framework,
        source=RankingSource.PUBLISHED,
        decision=decision,
        decision_date=decision_date,
        note=note,
        is_complete=True,
        published_at=timezone.now(),
        published_by=by,
    )
    OfficialResult.objects.bulk_create(
        OfficialResult(
            ranking=ranking,
            unit_id=r.unit_id,
            cohort=r.cohort,
            rank=r.rank,
            cohort_size=r.cohort_size,
            points=r.points,
            maximum=r.maximum,
            index_percent=r.index_percent,
            band=r.band,
        )
        for r in results
    )
    rankings_changed.send(sender=OfficialRanking, framework_ids=[framework.pk])
    return ranking


@dataclass
class AnnouncedRow:
    """One unit's announced result, as typed or read from a sheet (row: its line number, 0 if typed)."""

    unit_code: str
    rank: object
    cohort_size: object
    index_percent: object = None
    note: str = ""
    row: int = 0


def _errors_of(rows: list[AnnouncedRow], framework: Framework, language: str) -> tuple[list[str], list]:
    """Check every row (all of them: the user sees every error at once).
    Returns (errors, [(unit, rank, size, index, note)])."""
    year = framework.year
    units = {
        u.code: u
        for u in AdministrativeUnit.objects.communes_under(framework.province).existed_during(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )
    }
    errors, clean, seen = [], [], set()

    def where(r: AnnouncedRow, column: str) -> str:
        return (_("Dòng %(n)s, cột %(c)s: ") % {"n": r.row, "c": column}) if r.row else ""

    def whole(r: AnnouncedRow, raw, column: str, label: str) -> int | None:
        try:
            value = parse_number(raw, language) if isinstance(raw, str) else (None if raw is None else Decimal(raw))
        except (InvalidOperation, ValueError):
            value = None
        if value is None or value != value.to_integral_value() or value < 1:
            errors.append(where(r, column) + _("“%(f)s” phải là số nguyên từ 1 trở lên.") % {"f": label})
            return None
        return int(value)

    for r in rows:
        code = str(r.unit_code or "").strip()
        unit = units.get(code)
        if unit is None:
            errors.append(
                where(r, "unit_code")
                + _("Không có đơn vị cấp xã mã “%(code)s” thuộc %(p)s năm %(y)s.")
                % {"code": code, "p": framework.province.name, "y": year}
            )
        elif code in seen:
            errors.append(where(r, "unit_code") + _("Đơn vị mã %(code)s có hai dòng.") % {"code": code})
        seen.add(code)
        rank = whole(r, r.rank, "rank", _("Thứ hạng"))
        size = whole(r, r.cohort_size, "cohort_size", _("Số đơn vị xếp hạng"))
        if rank and size and rank > size:
            errors.append(
                where(r, "rank") + _("Thứ hạng %(r)s lớn hơn số đơn vị xếp hạng %(s)s.") % {"r": rank, "s": size}
            )
        index = None
        if r.index_percent not in (None, ""):
            try:
                raw = r.index_percent
                index = parse_number(raw, language) if isinstance(raw, str) else Decimal(raw)
            except (InvalidOperation, ValueError):
                index = None
            if index is None or not Decimal(0) <= index <= Decimal(100):
                errors.append(where(r, "index_percent") + _("“Chỉ số” phải là số từ 0 đến 100."))
        note = str(r.note or "").strip()
        if len(note) > 500:
            errors.append(where(r, "note") + _("“Ghi chú” không được quá 500 ký tự."))
        if unit is not None:
            clean.append((unit, rank, size, index, note))
    if not rows:
        errors.append(_("Chưa có dòng kết quả nào."))
    return errors, clean


@transaction.atomic
def announce(
    *,
    framework: Framework,
    by,
    rows: list[AnnouncedRow],
    decision: str,
    decision_date=None,
    reference: str = "",
    note: str = "",
    language: str = "vi",
    published_at=None,
) -> OfficialRanking:
    """Record the result the province announced (its decision), as it stands:
    every row checked, all written or none (ValidationError listing every error)."""
    _may_publish(framework, by)
    if not decision.strip():
        raise ValidationError({"decision": _("Hãy ghi văn bản công bố kết quả (số, ký hiệu) hoặc nguồn đã đọc.")})
    errors, clean = _errors_of(rows, framework, language)
    if errors:
        raise ValidationError(errors)
    in_scope = UnitResult.objects.filter(framework=framework).count()
    ranking = OfficialRanking.objects.create(
        framework=framework,
        source=RankingSource.ANNOUNCED,
        decision=decision.strip(),
        decision_date=decision_date,
        reference=reference.strip(),
        note=note.strip(),
        is_complete=len(clean) >= in_scope > 0,
        published_at=published_at or timezone.now(),
        published_by=by,
    )
    OfficialResult.objects.bulk_create(
        OfficialResult(ranking=ranking, unit=unit, rank=rank, cohort_size=size, index_percent=index, note=note)
        for unit, rank, size, index, note in clean
    )
    rankings_changed.send(sender=OfficialRanking, framework_ids=[framework.pk])
    return ranking


def read_announced(data: bytes, *, on_row=None) -> tuple[list[AnnouncedRow], list[str]]:
    """The rows of an announced-result sheet (core.uploads.check_workbook first)."""
    from digital_metrics.reports.excel.pipeline import read_sheet

    sheet = read_sheet(data, SHEET, required=REQUIRED, on_row=on_row)
    problems = [
        p.message if not p.row else _("Dòng %(n)s: %(m)s") % {"n": p.row, "m": p.message} for p in sheet.problems
    ]
    rows = [
        AnnouncedRow(
            unit_code=str(values.get("unit_code") or "").strip(),
            rank=values.get("rank"),
            cohort_size=values.get("cohort_size"),
            index_percent=values.get("index_percent"),
            note=str(values.get("note") or ""),
            row=number,
        )
        for number, values in sheet.rows
    ]
    return rows, problems


# Reads ---------------------------------------------------------------------


def official_for(framework: Framework, on: datetime.date | None = None) -> OfficialRanking | None:
    """The official ranking in force (the last published), or the one in force at the end of ``on``."""
    qs = OfficialRanking.objects.filter(framework=framework).select_related("published_by")
    if on is not None:
        qs = qs.filter(published_at__lte=timezone.make_aware(datetime.datetime.combine(on, datetime.time.max)))
    return qs.order_by("-published_at", "-pk").first()


@dataclass(frozen=True)
class Change:
    """Something that changed a unit's recomputed result after the publication."""

    at: datetime.datetime
    by: object
    what: str
    why: str = ""


@dataclass
class Standing:
    """A unit's official result beside its recomputed one."""

    unit: AdministrativeUnit
    official: OfficialResult | None
    current: UnitResult | None
    changes: list[Change] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.official.ranking.framework.year if self.official else self.current.framework.year

    @property
    def framework(self) -> Framework:
        return self.official.ranking.framework if self.official else self.current.framework

    @property
    def differs(self) -> bool:
        if self.official is None or self.current is None:
            return False
        if self.official.rank != self.current.rank or self.official.cohort_size != self.current.cohort_size:
            return True
        index = self.official.index_percent
        return index is not None and round(index, 2) != round(self.current.index_percent, 2)


def changes_since(framework: Framework, official: OfficialRanking, unit_ids, user=None) -> dict[int, list[Change]]:
    """Per unit: the reports of the year reopened or approved again, and the
    hand-entered scores changed, after the publication (3 queries). A score's
    history is as private as its evidence: to a ``user`` who may not read it,
    only that a score changed, and when."""
    out: dict[int, list[Change]] = {}
    entries = (
        AuditEntry.objects.filter(
            report__unit_id__in=unit_ids,
            year=framework.year,
            action__in=(AuditAction.STATUS, AuditAction.REOPEN),
            at__gt=official.published_at,
        )
        .select_related("by", "report")
        .order_by("at", "pk")
    )
    for e in entries:
        if e.action == AuditAction.REOPEN:
            what = _("Mở lại báo cáo %(q)s") % {"q": e.report.period_label}
        elif e.after == ReportStatus.APPROVED:
            what = _("Duyệt báo cáo %(q)s") % {"q": e.report.period_label}
        else:
            continue
        out.setdefault(e.report.unit_id, []).append(Change(e.at, e.by, what, e.reason))
    scores = (
        ScoreChange.objects.filter(
            score__unit_id__in=unit_ids, score__criterion__framework=framework, at__gt=official.published_at
        )
        .select_related("by", "score__criterion")
        .order_by("at", "pk")
    )
    scores = list(scores)
    readable = (
        {c.pk for c in scores}
        if user is None
        else set(ScoreChange.objects.for_user(user).filter(pk__in=[c.pk for c in scores]).values_list("pk", flat=True))
    )
    for c in scores:
        if c.pk not in readable:
            what = _("Sửa điểm chấm tiêu chí %(code)s") % {"code": c.score.criterion.code}
            out.setdefault(c.score.unit_id, []).append(Change(c.at, None, what))
            continue
        what = _("Sửa %(f)s tiêu chí %(code)s: %(b)s → %(a)s") % {
            "f": c.field_label,
            "code": c.score.criterion.code,
            "b": c.before or "—",
            "a": c.after or "—",
        }
        out.setdefault(c.score.unit_id, []).append(Change(c.at, c.by, what))
    return out


def standings(framework: Framework, official: OfficialRanking | None, results: list[UnitResult], user=None) -> dict:
    """{unit id: Standing} for the units of the recomputed results and of the
    official ranking (3 queries with an official ranking, none without)."""
    current = {r.unit_id: r for r in results}
    out = {r.unit_id: Standing(r.unit, None, r) for r in results}
    if official is None:
        return out
    for o in official.results.select_related("unit", "unit__parent"):
        if o.unit_id in out:
            out[o.unit_id].official = o
        else:
            out[o.unit_id] = Standing(o.unit, o, current.get(o.unit_id))
    changed = [uid for uid, s in out.items() if s.differs]
    if changed:
        for uid, items in changes_since(framework, official, changed, user).items():
            out[uid].changes = items
    return out


def unit_standing(framework: Framework, unit, result: UnitResult | None, user=None) -> Standing:
    """One unit's official result in the ranking in force, beside its recomputed one, with the changes since."""
    published = official_for(framework)
    line = published.results.filter(unit=unit).first() if published else None
    standing = Standing(unit, line, result)
    if line is not None and standing.differs:
        standing.changes = changes_since(framework, published, [unit.pk], user).get(unit.pk, [])
    return standing


def unit_standings(unit_ids) -> list[Standing]:
    """Every year's official result of the units beside the recomputed one
    (for the supervision and profile pages), latest year first (3 queries)."""
    officials = {}
    for o in (
        OfficialResult.objects.filter(unit_id__in=unit_ids)
        .select_related("ranking", "ranking__framework__province", "unit")
        .order_by("ranking__published_at", "ranking__pk")
    ):
        officials[(o.ranking.framework_id, o.unit_id)] = o  # the last publication wins
    current = {
        (r.framework_id, r.unit_id): r
        for r in UnitResult.objects.filter(unit_id__in=unit_ids).select_related("framework__province", "unit")
    }
    out = []
    for key in set(officials) | set(current):
        o, c = officials.get(key), current.get(key)
        out.append(Standing((o or c).unit, o, c))
    return sorted(out, key=lambda s: (-s.year, s.unit.name))


__all__ = [
    "COLUMNS",
    "SHEET",
    "AnnouncedRow",
    "Change",
    "Standing",
    "announce",
    "changes_since",
    "official_for",
    "publish",
    "read_announced",
    "standings",
    "unit_standing",
    "unit_standings",
]
