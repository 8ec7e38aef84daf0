"""How official documents write places, dates, periods and figures (Nghị định
30/2020/NĐ-CP), whatever the language of the page that asked for them."""

import datetime

from core.dates import date_line, day_month  # noqa: F401  (the rules live in core; documents use them from here)
from core.names import place_name  # noqa: F401
from core.numbers import format_number, format_percent
from digital_metrics.choices import Bound, ValueType


def short_date(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…/…/……"


def month_year(day: datetime.date) -> str:
    """ "01/2023", "4/2024": the months 1 and 2 with a leading zero, as in the date line."""
    return f"{day_month(day.day, day.month)[1]}/{day.year}"


def number_line(number: str, suffix: str) -> str:
    """ "Số: 12/BC-ĐGS"; a draft keeps the number blank before the suffix: "Số:      /BC-ĐGS"."""
    return f"Số: {number}" if number else f"Số:        /{suffix}"


def figure_text(figure) -> str:
    """A Figure of digital_metrics as a document writes it: 2.531; 58,06% (126/217); trên 98%."""
    if figure is None or figure.is_empty:
        return "—"
    ind = figure.indicator
    if ind.value_type == ValueType.TEXT:
        return figure.text
    if ind.value_type == ValueType.RATE:
        text = format_percent(figure.value)
        if figure.numerator is not None and figure.denominator:
            text += f" ({format_number(figure.numerator)}/{format_number(figure.denominator)})"
    else:
        text = format_number(figure.value)
    if figure.bound == Bound.ABOVE:
        text = f"trên {text}"
    elif figure.bound == Bound.BELOW:
        text = f"dưới {text}"
    return text
