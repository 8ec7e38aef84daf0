"""Numbers as people write them, and as the portal stores them.

Reading and writing follow the page's language, by one rule (parse_number):
2.531 and 58,06% in Vietnamese, 2,531 and 58.06% in English, so that a number
shown in a form is read back as the same number in either language. Canonical: how a value is stored as text in audit rows ("2531",
"82.05"), whatever the language.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import get_language


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


# How each language writes a number: (thousands separator, decimal separator).
NOTATIONS = {"vi": (".", ","), "en": (",", ".")}
ABOVE, BELOW = "above", "below"  # the values of digital_metrics.choices.Bound
# Words and signs that make a number a bound ("trên 98%", "dưới 5"), in either language.
BOUND_WORDS = {
    ABOVE: ("trên", "hơn", "above", "over", "more than", ">=", "≥", ">"),
    BELOW: ("dưới", "below", "under", "less than", "<=", "≤", "<"),
}
_GROUPED = re.compile(r"^-?\d{1,3}(?:[.,]\d{3})+$")


@dataclass(frozen=True)
class Bounded:
    """A number known only as a bound: "trên 98%" is Bounded(98, "above"). Rules
    that need a number use ``value`` (the bound itself) and say so."""

    value: Decimal
    bound: str  # ABOVE or BELOW

    def __str__(self):
        return canonical(self)


def notation_of(language: str | None = None) -> str:
    """The notation of a language (default: the active one, as a page is
    rendered): "vi" or "en". Code outside a page (the API, imports, commands)
    names its notation instead of relying on the active language."""
    return "en" if (language or get_language() or "vi").startswith("en") else "vi"


def parse_number(raw, notation: str | None = None) -> Decimal | None:
    """Read a number as people type it; "" → None. Raises InvalidOperation (or
    ValueError) for what is not a number.

    The same rule in every language and in the browser (static/js/numbers.js):
    when both "." and "," appear, the rightmost is the decimal separator
    ("9.999,5" and "9,999.5" are both 9999.5); a separator repeated is a
    thousands separator ("1.234.567"); a single separator followed by exactly
    three digits ("2.531", "1,000") is read by the notation of the page's
    language (Vietnamese: dot = thousands; English: comma = thousands); any
    other single separator is the decimal one ("58,06", "82.05").
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise InvalidOperation
    if isinstance(raw, int | Decimal):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "").replace("\u00a0", "").rstrip("%")
    if text == "":
        return None
    group, decimal = NOTATIONS[notation or notation_of()]
    if "." in text and "," in text:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        group = "," if decimal == "." else "."
        head, _, tail = text.rpartition(decimal)
        if group in tail or not (_GROUPED.match(head) or head.lstrip("-").isdigit()):
            raise InvalidOperation(text)
        text = head.replace(group, "") + "." + tail
    elif text.count(".") + text.count(",") > 1:
        if not _GROUPED.match(text) or ("." in text and "," in text):
            raise InvalidOperation(text)
        text = text.replace(".", "").replace(",", "")
    elif _GROUPED.match(text):
        sep = "." if "." in text else ","
        text = text.replace(sep, "") if sep == group else text.replace(sep, ".")
    else:
        text = text.replace(",", ".")
    return Decimal(text)


def parse_measure(raw, notation: str | None = None) -> Decimal | Bounded | None:
    """A number, or a bound written with a word or sign before it ("trên 98%", "> 98", "dưới 5")."""
    if isinstance(raw, Bounded):
        return Bounded(parse_number(raw.value, notation), raw.bound)
    if isinstance(raw, str):
        text = raw.strip()
        lowered = text.lower()
        for bound, words in BOUND_WORDS.items():
            word = next((w for w in words if lowered.startswith(w)), None)
            if word is not None:
                number = parse_number(text[len(word) :], notation)
                if number is None:
                    raise InvalidOperation(text)
                return Bounded(number, bound)
    return parse_number(raw, notation)


def canonical(value) -> str:
    """How a value is written in an audit row: "2531", "82.05", ">98" (a bound), a text as is, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, Bounded):
        return (">" if value.bound == ABOVE else "<") + canonical(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def format_number(value, decimals: int | None = None) -> str:
    """Thousands grouped, decimal separator of the language; trailing zeros of
    a whole number dropped (2531.00 → 2.531)."""
    number = to_decimal(value)
    if number is None:
        return "—"
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(value) -> str:
    """58.0645 → "58,06%"; 100 → "100%"; 82.5 → "82,5%"."""
    number = to_decimal(value)
    if number is None:
        return "—"
    text = format_number(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), 2)
    sep = formats.get_format("DECIMAL_SEPARATOR")
    if sep in text:
        text = text.rstrip("0").rstrip(sep)
    return f"{text}%"
