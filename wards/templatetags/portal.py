"""Number, percentage, date and period formatting for templates, following the
active language: 2.531 and 58,06% in Vietnamese, 2,531 and 58.06% in English."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


def _to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def format_number(value, decimals: int | None = None) -> str:
    """Thousands grouped, decimal separator of the language; trailing zeros of
    a whole number dropped (2531.00 → 2.531)."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_percent(value) -> str:
    """58.0645 → "58,06%"; 100 → "100%"; 82.5 → "82,5%"."""
    number = _to_decimal(value)
    if number is None:
        return "—"
    text = format_number(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), 2)
    sep = formats.get_format("DECIMAL_SEPARATOR")
    if sep in text:
        text = text.rstrip("0").rstrip(sep)
    return f"{text}%"


@register.filter
def num(value, decimals=None):
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def pct(value):
    return format_percent(value)


@register.filter
def figure(fig) -> str:
    """A Figure as a reader expects it: "126/217 = 58,06%", "trên 98%", "2.531"."""
    if fig is None or fig.is_empty:
        return "—"
    if fig.text:
        return fig.text
    ind = fig.indicator
    if ind.value_type == "rate":
        text = format_percent(fig.value)
        if fig.numerator is not None:
            text = f"{format_number(fig.numerator)}/{format_number(fig.denominator)} = {text}"
    else:
        text = format_number(fig.value)
    if fig.bound == "above":
        return _("trên %(value)s") % {"value": text}
    if fig.bound == "below":
        return _("dưới %(value)s") % {"value": text}
    return text


@register.filter
def vndate(value) -> str:
    """A date in the short format of the language (24/04/2024)."""
    if not value:
        return "—"
    if isinstance(value, datetime.datetime):
        # Stored in UTC: show the wall-clock time of Việt Nam (TIME_ZONE).
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.date_format(value, "SHORT_DATE_FORMAT")
