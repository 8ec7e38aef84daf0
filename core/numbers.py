"""Numbers as people write them, and as the portal stores them.

Reading: Vietnamese notation (2.531; 58,06) is the portal's working notation,
in every language of the page. Writing: grouped and separated the way the
active language writes them (2.531 and 58,06% in Vietnamese, 2,531 and 58.06%
in English). Canonical: how a value is stored as text in audit rows ("2531",
"82.05"), whatever the language.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def parse_number(raw) -> Decimal | None:
    """Accept 2531, "2.531", "2531", "58,06", " 82.05 " → Decimal; "" → None.

    A dot followed by exactly three digits is a thousands separator (2.531);
    a comma is the decimal separator, as Vietnamese writes numbers. Raises
    InvalidOperation (or ValueError) for what is not a number.
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
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") >= 1:
        head, _, tail = text.rpartition(".")
        if len(tail) == 3 and head.replace(".", "").lstrip("-").isdigit():
            text = text.replace(".", "")
    return Decimal(text)


def canonical(value) -> str:
    """How a value is written in an audit row: "2531", "82.05", a text as is, "" for nothing."""
    if value is None:
        return ""
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
