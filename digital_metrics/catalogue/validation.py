"""Validation of a quarterly report's values, declared in the catalogue.

One code path for the entry form, the Excel import and the API: each of them
turns its input into {indicator code: raw value} and calls ``validate``. Errors
block saving; warnings (a value far from the ward's own history) only ask the
clerk to confirm. Messages are whole Vietnamese sentences naming the field.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.numbers import Bounded, parse_measure
from digital_metrics.choices import RelationKind, ValueType
from digital_metrics.models import Indicator, IndicatorRelation

ERROR = "error"
WARNING = "warning"
# A flow more than this many times its previous quarter (or less than its
# inverse) is worth a second look, not a refusal.
HISTORY_FACTOR = Decimal(3)
MAX_VALUE = Decimal("999999999999")
STORED = Decimal("0.01")  # the precision of ReportValue.value


# The sentences of the rules, by rule id: the server fills them here, and the
# entry form's script fills the same sentences as the clerk types
# (``client_rules`` below, static/js/report_rules.js).
MESSAGES = {
    "number": gettext_lazy("“%(name)s” phải là một số (đã nhập: %(raw)s)."),
    "whole_non_negative": gettext_lazy("“%(name)s” phải là số nguyên không âm (đã nhập: %(raw)s)."),
    "rate_range": gettext_lazy("“%(name)s” là tỷ lệ phần trăm, phải từ 0 đến 100 (đã nhập: %(raw)s)."),
    "part_lte_whole": gettext_lazy("%(part)s (%(value)s) không được lớn hơn %(whole)s (%(whole_value)s)."),
    "parts_lte_whole": gettext_lazy("Tổng %(names)s (%(value)s) không được lớn hơn %(whole)s (%(whole_value)s)."),
    "parts_sum_to_whole": gettext_lazy("Tổng %(names)s (%(shown)s = %(value)s) phải bằng %(whole)s (%(whole_value)s)."),
    "far_from_history": gettext_lazy(
        "“%(name)s” (%(value)s) khác xa quý trước (%(before)s): hãy kiểm tra lại và xác nhận."
    ),
}


def message(rule: str, **args) -> str:
    return str(MESSAGES[rule]) % args


@dataclass(frozen=True)
class Issue:
    field: str  # the indicator code the message is about
    message: str
    severity: str = ERROR
    rule: str = ""


class HasIssues:
    """Errors block a write; warnings only ask to confirm. For anything with ``issues``."""

    issues: list

    @property
    def errors(self) -> list:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list:
        return [i for i in self.issues if i.severity == WARNING]


@dataclass
class Cleaned(HasIssues):
    values: dict[str, Decimal | str | None]
    issues: list[Issue]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _lower_first(name: str) -> str:
    """Mid-sentence form of a name: only the first letter, so "CCCD" stays."""
    return name[:1].lower() + name[1:]


def _fmt(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def entered_indicators(indicators: list[Indicator]) -> list[Indicator]:
    return [i for i in indicators if i.is_entered]


def number_of(value) -> Decimal | None:
    """The number a rule uses: a bound counts as its bound ("trên 98%" as 98)."""
    return value.value if isinstance(value, Bounded) else value if isinstance(value, Decimal) else None


def validate(
    raw: Mapping[str, object],
    *,
    indicators: list[Indicator],
    relations: list[IndicatorRelation],
    previous: Mapping[str, Decimal | None] | None = None,
    notation: str = "vi",
) -> Cleaned:
    """Check raw values against the catalogue. Unknown or computed codes are
    errors too: nothing is silently dropped. Numbers are read in ``notation``
    ("vi" or "en": the page's language for a form, see core.numbers); a number may
    be a bound ("trên 98%"), checked as its bound; every number is kept to the
    two decimals the portal stores, so that what is saved is what was checked."""
    by_code = {i.code: i for i in indicators}
    issues: list[Issue] = []
    values: dict[str, Decimal | Bounded | str | None] = {}
    for code, value in raw.items():
        ind = by_code.get(code)
        if ind is None:
            issues.append(
                Issue(code, _("Không có chỉ tiêu mã “%(code)s” trong danh mục.") % {"code": code}, rule="unknown")
            )
            continue
        if not ind.is_entered:
            if value not in (None, ""):
                issues.append(
                    Issue(
                        code,
                        _("“%(name)s” được tính tự động, không nhập trực tiếp.") % {"name": ind.name},
                        rule="computed",
                    )
                )
            continue
        if ind.value_type == ValueType.TEXT:
            text = "" if value is None else str(value).strip()
            if len(text) > 500:
                issues.append(Issue(code, _("“%(name)s” dài quá 500 ký tự.") % {"name": ind.name}, rule="length"))
            values[code] = text
            continue
        try:
            measure = parse_measure(value, notation)
        except (InvalidOperation, ValueError):
            issues.append(Issue(code, message("number", name=ind.name, raw=value), rule="number"))
            continue
        if measure is None:
            values[code] = None
            continue
        number = number_of(measure).quantize(STORED, rounding=ROUND_HALF_UP)
        measure = Bounded(number, measure.bound) if isinstance(measure, Bounded) else number
        if ind.value_type == ValueType.COUNT:
            if number < 0 or number != number.to_integral_value():
                issues.append(
                    Issue(code, message("whole_non_negative", name=ind.name, raw=value), rule="whole_non_negative")
                )
                continue
            if number > MAX_VALUE:
                issues.append(Issue(code, _("“%(name)s” quá lớn.") % {"name": ind.name}, rule="too_large"))
                continue
        elif ind.value_type == ValueType.RATE and not (0 <= number <= 100):
            issues.append(Issue(code, message("rate_range", name=ind.name, raw=value), rule="rate_range"))
            continue
        values[code] = measure

    issues.extend(_relation_issues(values, by_code, relations))
    issues.extend(_total_issues(values, by_code, indicators))
    if previous:
        issues.extend(_history_warnings(values, by_code, previous))
    return Cleaned(values, issues)


def _total_issues(values, by_code, indicators) -> list[Issue]:
    """A total typed beside its parts (dossiers resolved = on time + late): when
    every part is there they must add up to it; when some are, not exceed it.
    A total typed alone (the parts not known) is taken as it is."""
    out = []
    for ind in indicators:
        comps = [c.code for c in ind.components.all()] if not ind.is_ratio else []
        whole = number_of(values.get(ind.code))
        parts = [number_of(values.get(c)) for c in comps]
        if not comps or whole is None or all(p is None for p in parts):
            continue
        total = sum((p for p in parts if p is not None), Decimal(0))
        complete = all(p is not None for p in parts)
        if (complete and total == whole) or (not complete and total <= whole):
            continue
        names = " + ".join(_lower_first(by_code[c].name) for c in comps)
        if complete:
            msg = message(
                "parts_sum_to_whole",
                names=names,
                shown=" + ".join(_fmt(p) for p in parts),
                value=_fmt(total),
                whole=_lower_first(ind.name),
                whole_value=_fmt(whole),
            )
        else:
            msg = message(
                "parts_lte_whole", names=names, value=_fmt(total), whole=_lower_first(ind.name), whole_value=_fmt(whole)
            )
        out.append(Issue(ind.code, msg, rule="parts_sum_to_total"))
    return out


def _relation_issues(values, by_code, relations) -> list[Issue]:
    out = []
    values = {code: number_of(v) for code, v in values.items()}
    for rel in relations:
        whole_code = rel.whole.code
        part_codes = [p.code for p in rel.parts.all()]
        whole = values.get(whole_code)
        parts = [values.get(c) for c in part_codes]
        if not isinstance(whole, Decimal) or all(p is None for p in parts):
            continue
        whole_name = by_code[whole_code].name if whole_code in by_code else whole_code
        if rel.kind == RelationKind.SUM_LTE:
            total = sum((p for p in parts if isinstance(p, Decimal)), Decimal(0))
            if total <= whole:
                continue
            if len(part_codes) == 1:
                msg = message(
                    "part_lte_whole",
                    part=by_code[part_codes[0]].name,
                    value=_fmt(total),
                    whole=_lower_first(whole_name),
                    whole_value=_fmt(whole),
                )
                out.append(Issue(part_codes[0], msg, rule="part_lte_whole"))
            else:
                names = " + ".join(_lower_first(by_code[c].name) for c in part_codes)
                msg = message(
                    "parts_lte_whole",
                    names=names,
                    value=_fmt(total),
                    whole=_lower_first(whole_name),
                    whole_value=_fmt(whole),
                )
                out.append(Issue(whole_code, msg, rule="parts_lte_whole"))
        elif rel.kind == RelationKind.SUM_EQ:
            if any(p is None for p in parts):
                continue
            total = sum(parts, Decimal(0))
            if total == whole:
                continue
            shown = " + ".join(_fmt(p) for p in parts)
            names = " + ".join(_lower_first(by_code[c].name) for c in part_codes)
            msg = message(
                "parts_sum_to_whole",
                names=names,
                shown=shown,
                value=_fmt(total),
                whole=_lower_first(whole_name),
                whole_value=_fmt(whole),
            )
            out.append(Issue(whole_code, msg, rule="parts_sum_to_whole"))
    return out


def _history_warnings(values, by_code, previous) -> list[Issue]:
    out = []
    for code, value in values.items():
        ind = by_code[code]
        before, value = number_of(previous.get(code)), number_of(value)
        if ind.value_type != ValueType.COUNT or value is None or not before:
            continue
        if value > before * HISTORY_FACTOR or (value and value * HISTORY_FACTOR < before):
            out.append(
                Issue(
                    code,
                    message("far_from_history", name=ind.name, value=_fmt(value), before=_fmt(before)),
                    severity=WARNING,
                    rule="far_from_history",
                )
            )
    return out


# --- The same rules in the browser. ---------------------------------------------


def _plain(value) -> str | None:
    number = number_of(value)
    return None if number is None else format(number.normalize(), "f")


def _relation_rule(kind: str, single: bool) -> str:
    """The rule id (and sentence) ``_relation_issues`` uses for a relation."""
    if kind == RelationKind.SUM_EQ:
        return "parts_sum_to_whole"
    return "part_lte_whole" if single else "parts_lte_whole"


def client_rules(
    *,
    indicators: list[Indicator],
    relations: list[IndicatorRelation],
    previous: Mapping[str, object] | None = None,
) -> dict:
    """The rules ``validate`` applies, as data for the entry form's script
    (static/js/report_rules.js, given to the page with json_script): which
    fields each rule reads, its sentence with the names already in place, and
    the previous quarter's numbers. The script only adds the numbers typed; the
    server stays the judge on save."""
    by_code = {i.code: i for i in indicators}
    previous = previous or {}
    fields = {}
    for ind in indicators:
        if not ind.is_entered:
            continue
        rv = previous.get(ind.code)
        fields[ind.code] = {
            "name": ind.name,
            "type": ind.value_type,
            "previous": _plain(rv.value if hasattr(rv, "value") else rv),
            "components": [c.code for c in ind.components.all()] if ind.is_total else [],
        }
    rules = []
    for ind in indicators:  # a total typed beside its parts (_total_issues)
        comps = [c.code for c in ind.components.all()] if not ind.is_ratio else []
        if comps:
            rules.append(
                {
                    "id": "parts_sum_to_total",
                    "kind": "total",
                    "field": ind.code,
                    "whole": ind.code,
                    "parts": comps,
                    "names": " + ".join(_lower_first(by_code[c].name) for c in comps),
                    "whole_name": _lower_first(ind.name),
                }
            )
    for rel in relations:  # declared between indicators (_relation_issues)
        parts = [p.code for p in rel.parts.all()]
        whole_name = _lower_first(by_code[rel.whole.code].name if rel.whole.code in by_code else rel.whole.code)
        single = rel.kind == RelationKind.SUM_LTE and len(parts) == 1
        rules.append(
            {
                "id": _relation_rule(rel.kind, single),
                "kind": rel.kind,
                "field": parts[0] if single else rel.whole.code,
                "whole": rel.whole.code,
                "parts": parts,
                "part_name": by_code[parts[0]].name if single else "",
                "names": " + ".join(_lower_first(by_code[c].name) for c in parts),
                "whole_name": whole_name,
            }
        )
    return {
        "fields": fields,
        "rules": rules,
        "history_factor": str(HISTORY_FACTOR),
        "messages": {rule: str(text) for rule, text in MESSAGES.items()},
    }


def completeness(indicators: list[Indicator], values: Mapping[str, object]) -> tuple[int, int, list[Indicator]]:
    """(filled, expected, the indicators still empty) of a report: a value a
    clerk types counts when it is there, a total also when all its parts are
    (it is their sum). The entry form's script counts the same way."""
    entered = entered_indicators(indicators)

    def has(code) -> bool:
        rv = values.get(code)
        if rv is None:
            return False
        if isinstance(rv, str):
            return rv.strip() != ""
        text = getattr(rv, "text_value", "")
        return getattr(rv, "value", None) is not None or bool(text)

    missing = [
        i for i in entered if not has(i.code) and not (i.is_total and all(has(c.code) for c in i.components.all()))
    ]
    return len(entered) - len(missing), len(entered), missing
