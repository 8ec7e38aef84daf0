"""A batch of counts from the one-stop system: checked whole, then written whole.

``ingest(account=..., body=...)`` is the one entry point (the API calls it, and
so do the demo and the tests). In order:

1. The batch id: a batch already received under that id is answered with its
   first result when its content is the same (``replayed``) and refused with
   409 when it differs; nothing is counted twice.
2. Every row is read: its fields, its unit (a code plus the period's first day
   finds one unit: codes were reused in 2025), and the catalogue's rules
   (digital_metrics.catalogue.validation, the same as a form, an import or the
   reports API: whole non-negative counts, paid online ≤ received, on time +
   late = resolved when ``resolved`` is given). A unit outside the account's
   scope refuses the whole batch with 403 naming the unit; bad rows refuse it
   with 400, one message per row and field.
3. One transaction writes the batch and its counts: a count with the same key
   (unit, procedure, channel, day or month) is replaced, as a correction.
"""

import datetime
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digital_metrics.catalogue.selectors import Catalogue
from digital_metrics.catalogue.validation import validate
from digital_metrics.periods import Quarter
from onestop.choices import Channel, Granularity
from onestop.mapping import CHANNEL_INDICATORS, COUNT_FIELDS, COVERED
from onestop.models import Batch, DossierCount, SystemAccount
from procedures.models import Procedure
from wards.models import AdministrativeUnit

ROW_FIELDS = ("unit", "procedure", "channel", "period", *COUNT_FIELDS, "resolved")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
# An indicator named by a catalogue rule → the row field the sender should fix.
FIELD_OF = {code: name for name, code in COUNT_FIELDS.items()} | {"dossiers_resolved": "resolved"}
FIELD_OF |= dict.fromkeys(CHANNEL_INDICATORS.values(), "received")


@dataclass
class Outcome:
    """What the API answers: a status and a JSON body."""

    status: int
    body: dict


@dataclass
class RowError:
    row: int  # 1-based, as the sender counts the rows of its list
    field: str
    message: str

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "field": self.field,
            "message": _("Dòng %(row)s, trường “%(field)s”: %(message)s")
            % {"row": self.row, "field": self.field, "message": self.message},
        }


@dataclass
class Row:
    number: int
    unit: AdministrativeUnit
    procedure: str
    channel: str
    granularity: str
    day: datetime.date
    counts: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.unit.pk, self.procedure, self.channel, self.granularity, self.day)

    @property
    def month(self) -> datetime.date:
        return self.day.replace(day=1)


def digest(body) -> str:
    """The content's fingerprint: the same JSON, whatever its key order or spacing."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _fmt_day(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _period(raw) -> tuple[str, datetime.date] | str:
    """(granularity, first day) of "2024-04-05" or "2024-04", or an error message."""
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        if _DAY.match(text):
            return Granularity.DAY, datetime.date.fromisoformat(text)
        if _MONTH.match(text):
            return Granularity.MONTH, datetime.date.fromisoformat(text + "-01")
    except ValueError:
        pass
    return _("kỳ phải là một ngày “YYYY-MM-DD” hoặc một tháng “YYYY-MM” (đã gửi: %(raw)s).") % {"raw": raw}


# A row's count never comes near this (a ward handles hundreds of dossiers a month); the
# column is a 32-bit integer, and a larger number would end in a database error, not a message.
MAX_COUNT = 1_000_000_000


def _count(raw) -> int | str:
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        if raw > MAX_COUNT:
            return _("quá lớn (đã gửi: %(raw)s).") % {"raw": raw}
        return raw
    return _("phải là số nguyên không âm (đã gửi: %(raw)s).") % {"raw": json.dumps(raw, ensure_ascii=False)}


def ingest(*, account: SystemAccount, body, today: datetime.date | None = None) -> Outcome:
    if not isinstance(body, dict):
        return Outcome(400, {"detail": _("Nội dung phải là một đối tượng JSON có “batch_id” và “rows”.")})
    batch_id = body.get("batch_id")
    if not isinstance(batch_id, str) or not batch_id.strip() or len(batch_id) > 100:
        return Outcome(400, {"batch_id": [_("“batch_id” phải là một chuỗi từ 1 đến 100 ký tự: mã lô của hệ thống.")]})
    fingerprint = digest(body)
    earlier = Batch.objects.filter(account=account, external_id=batch_id).first()
    if earlier is not None:
        return _replay(earlier, fingerprint)
    rows = body.get("rows")
    if not isinstance(rows, list) or not rows:
        return Outcome(400, {"rows": [_("“rows” phải là một danh sách có ít nhất một dòng.")]})
    if len(rows) > settings.ONESTOP_MAX_ROWS:
        return Outcome(
            400,
            {"rows": [_("Một lô có tối đa %(n)s dòng; hãy chia thành nhiều lô.") % {"n": settings.ONESTOP_MAX_ROWS}]},
        )
    extra = sorted(set(body) - {"batch_id", "rows"})
    if extra:
        return Outcome(400, {"detail": _("Trường không có trong định dạng: %(names)s.") % {"names": ", ".join(extra)}})
    parsed, errors, outside = _read_rows(account, rows, today or timezone.localdate())
    if outside:
        names = "; ".join(f"{u.code} ({u.name})" for u in outside)
        return Outcome(
            403,
            {
                "detail": _("Tài khoản hệ thống “%(account)s” không được gửi số liệu của đơn vị: %(units)s.")
                % {"account": account.name, "units": names},
                "units": [u.code for u in outside],
            },
        )
    errors += _clashes(account, parsed)
    if errors:
        errors.sort(key=lambda e: (e.row, ROW_FIELDS.index(e.field) if e.field in ROW_FIELDS else 99))
        return Outcome(
            400,
            {
                "detail": _("Lô số liệu có %(n)s lỗi; không dòng nào được ghi.") % {"n": len(errors)},
                "rows": [e.as_dict() for e in errors],
            },
        )
    try:
        return _write(account, batch_id, fingerprint, parsed)
    except IntegrityError:
        # The same batch id sent twice at once: the first one's transaction won.
        earlier = Batch.objects.filter(account=account, external_id=batch_id).first()
        if earlier is None:
            raise
        return _replay(earlier, fingerprint)


def _replay(earlier: Batch, fingerprint: str) -> Outcome:
    if earlier.digest == fingerprint:
        return Outcome(200, {**earlier.result, "replayed": True})
    return Outcome(
        409,
        {
            "detail": _(
                "Lô “%(id)s” đã được nhận lúc %(at)s với nội dung khác. Không ghi gì: "
                "một lô đã gửi không sửa được; hãy gửi số liệu sửa trong một lô mới với mã mới."
            )
            % {
                "id": earlier.external_id,
                "at": formats.date_format(timezone.localtime(earlier.received_at), "d/m/Y H:i"),
            },
            "batch_id": earlier.external_id,
        },
    )


def _read_rows(account, rows, today):
    """(rows read, errors, units outside the account's scope)."""
    errors: list[RowError] = []
    codes = {r.get("unit") for r in rows if isinstance(r, dict) and isinstance(r.get("unit"), str)}
    candidates = defaultdict(list)
    for unit in AdministrativeUnit.objects.filter(code__in=codes):
        candidates[unit.code].append(unit)
    scope = set(account.units.values_list("pk", flat=True))
    rules = RowRules.of(Catalogue())
    parsed: list[Row] = []
    outside: dict[int, AdministrativeUnit] = {}
    seen: dict[tuple, int] = {}
    for number, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            errors.append(RowError(number, "row", _("mỗi dòng phải là một đối tượng JSON.")))
            continue
        row_errors = [
            RowError(number, k, _("trường này không có trong định dạng.")) for k in raw if k not in ROW_FIELDS
        ]
        for name in ("unit", "procedure", "channel", "period"):
            if raw.get(name) in (None, ""):
                row_errors.append(RowError(number, name, _("thiếu giá trị.")))
        procedure = raw.get("procedure")
        if procedure not in (None, "") and (not isinstance(procedure, str) or not 0 < len(procedure.strip()) <= 40):
            row_errors.append(RowError(number, "procedure", _("mã thủ tục phải là một chuỗi từ 1 đến 40 ký tự.")))
        channel = raw.get("channel")
        if channel not in (None, "") and channel not in Channel.values:
            row_errors.append(
                RowError(
                    number,
                    "channel",
                    _("kênh phải là một trong %(choices)s (đã gửi: %(raw)s).")
                    % {"choices": ", ".join(Channel.values), "raw": channel},
                )
            )
        period = _period(raw["period"]) if raw.get("period") not in (None, "") else None
        if isinstance(period, str):
            row_errors.append(RowError(number, "period", period))
            period = None
        elif period is not None and period[1] > today:
            row_errors.append(RowError(number, "period", _("kỳ %(raw)s chưa bắt đầu.") % {"raw": raw["period"]}))
            period = None
        counts = {}
        for name in (*COUNT_FIELDS, "resolved"):
            if name not in raw:
                continue
            value = _count(raw[name])
            if isinstance(value, str):
                row_errors.append(RowError(number, name, value))
            else:
                counts[name] = value
        unit = None
        code = raw.get("unit")
        if period is not None and code not in (None, ""):
            unit = (
                next((u for u in candidates.get(code, []) if u.is_valid_on(period[1])), None)
                if isinstance(code, str)
                else None
            )
            if unit is None:
                row_errors.append(
                    RowError(
                        number,
                        "unit",
                        _("không có đơn vị mang mã %(code)s vào ngày %(day)s.")
                        % {"code": code, "day": _fmt_day(period[1])},
                    )
                )
            elif unit.pk not in scope:
                outside.setdefault(unit.pk, unit)
        if row_errors or unit is None:
            errors += row_errors
            continue
        errors += _catalogue_errors(number, channel, counts, rules)
        row = Row(number, unit, procedure.strip(), channel, period[0], period[1], counts)
        if row.key in seen:
            errors.append(
                RowError(
                    number,
                    "period",
                    _("trùng đơn vị, thủ tục, kênh và kỳ với dòng %(other)s.") % {"other": seen[row.key]},
                )
            )
            continue
        seen[row.key] = number
        parsed.append(row)
    return parsed, errors, list(outside.values())


@dataclass
class RowRules:
    """The catalogue's indicators a row counts and the rules between them, picked
    once per batch: the rules of other indicators cannot concern a row, and
    checking 5.000 rows against the whole catalogue costs seconds for nothing."""

    indicators: list
    relations: list

    @classmethod
    def of(cls, cat: Catalogue) -> "RowRules":
        covered = set(COVERED)
        return cls(
            [_Read(i, "components") for i in cat.indicators if i.code in covered],
            [
                _Read(r, "parts")
                for r in cat.relations
                if r.whole.code in covered and all(p.code in covered for p in r.parts.all())
            ],
        )


class _Read:
    """A catalogue row with one many-to-many relation read once (prefetched by the
    catalogue): validate() asks ``components.all()`` of every indicator on every
    call, and building Django's related manager each time made a 5.000-row batch
    spend most of its time there. Everything else is the row's own."""

    def __init__(self, obj, relation: str):
        self._obj, self._relation, self._rows = obj, relation, list(getattr(obj, relation).all())

    def all(self) -> list:
        return self._rows

    def __getattr__(self, name):
        return self if name == self._relation else getattr(self._obj, name)


def _catalogue_errors(number: int, channel: str, counts: dict, rules: RowRules) -> list[RowError]:
    """The catalogue's rules on one row, read as the indicators it counts."""
    raw = {COUNT_FIELDS[name]: counts.get(name, 0) for name in COUNT_FIELDS}
    raw[CHANNEL_INDICATORS[Channel(channel)]] = counts.get("received", 0)
    if "resolved" in counts:
        raw["dossiers_resolved"] = counts["resolved"]
    cleaned = validate(raw, indicators=rules.indicators, relations=rules.relations, notation="en")
    return [RowError(number, FIELD_OF.get(issue.field, issue.field), issue.message) for issue in cleaned.errors]


def _clashes(account, parsed: list[Row]) -> list[RowError]:
    """A month is counted by day or by month, never both (the quarter would count it twice)."""
    if not parsed:
        return []
    months = defaultdict(set)  # (unit, procedure, channel, month) → granularities
    for r in parsed:
        months[(r.unit.pk, r.procedure, r.channel, r.month)].add(r.granularity)
    first = min(r.month for r in parsed)
    last = max(r.month for r in parsed)
    last = (last + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)  # its month's end
    stored = DossierCount.objects.filter(
        account=account, unit_id__in={r.unit.pk for r in parsed}, day__gte=first, day__lte=last
    ).values_list("unit_id", "procedure_code", "channel", "granularity", "day")
    for unit_id, procedure, channel, granularity, day in stored:
        key = (unit_id, procedure, channel, day.replace(day=1))
        if key in months:
            months[key].add(granularity)
    out = []
    for r in parsed:
        if len(months[(r.unit.pk, r.procedure, r.channel, r.month)]) > 1:
            out.append(
                RowError(
                    r.number,
                    "period",
                    _(
                        "tháng %(month)s của thủ tục %(procedure)s, kênh %(channel)s đã có số liệu theo "
                        "%(other)s: mỗi tháng gửi theo ngày hoặc theo tháng, không cả hai."
                    )
                    % {
                        "month": r.month.strftime("%m/%Y"),
                        "procedure": r.procedure,
                        "channel": r.channel,
                        "other": _("tháng") if r.granularity == Granularity.DAY else _("ngày"),
                    },
                )
            )
    return out


@transaction.atomic
def _write(account, batch_id: str, fingerprint: str, parsed: list[Row]) -> Outcome:
    now = timezone.now()
    batch = Batch.objects.create(
        account=account, external_id=batch_id, digest=fingerprint, received_at=now, row_count=len(parsed)
    )
    existing = {
        (c.unit_id, c.procedure_code, c.channel, c.granularity, c.day): c
        for c in DossierCount.objects.filter(
            account=account,
            unit_id__in={r.unit.pk for r in parsed},
            day__gte=min(r.day for r in parsed),
            day__lte=max(r.day for r in parsed),
        )
    }
    create, update = [], []
    for r in parsed:
        values = {name: r.counts.get(name, 0) for name in COUNT_FIELDS}
        count = existing.get(r.key)
        if count is None:
            create.append(
                DossierCount(
                    account=account,
                    batch=batch,
                    unit=r.unit,
                    procedure_code=r.procedure,
                    channel=r.channel,
                    granularity=r.granularity,
                    day=r.day,
                    **values,
                )
            )
        else:
            count.batch = batch
            for name, value in values.items():
                setattr(count, name, value)
            update.append(count)
    DossierCount.objects.bulk_create(create, batch_size=1000)
    DossierCount.objects.bulk_update(update, ["batch", *COUNT_FIELDS], batch_size=1000)
    codes = {r.procedure for r in parsed}
    known = set(Procedure.objects.filter(code__in=codes).values_list("code", flat=True))
    quarters = sorted({(r.unit.code, r.unit.name, Quarter.of(r.day)) for r in parsed}, key=lambda q: (q[0], q[2]))
    batch.result = {
        "batch_id": batch_id,
        "received_at": now.isoformat(),
        "rows": len(parsed),
        "created": len(create),
        "updated": len(update),
        "illustrative": account.illustrative,
        "quarters": [
            {"unit": code, "unit_name": name, "year": q.year, "quarter": q.quarter} for code, name, q in quarters
        ],
        # Not an error (the counts are kept): codes the portal's procedure catalogue does not hold yet.
        "unknown_procedures": sorted(codes - known)[:50],
    }
    batch.save(update_fields=["result"])
    return Outcome(201, {**batch.result, "replayed": False})
