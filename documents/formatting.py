"""How official documents write places, dates, periods and figures (Nghị định
30/2020/NĐ-CP), whatever the language of the page that asked for them."""

import datetime

from core.numbers import format_number, format_percent
from digital_metrics.choices import Bound, ValueType

TYPE_WORDS = ("thành phố", "tỉnh", "phường", "xã", "thị trấn", "đặc khu", "quận", "huyện", "thị xã")


def place_name(unit_name: str) -> str:
    """ "Thành Phố Bắc Kạn" → "Bắc Kạn": the place of the date line."""
    lowered = unit_name.lower()
    for word in TYPE_WORDS:
        if lowered.startswith(word + " "):
            return unit_name[len(word) + 1 :].strip()
    return unit_name


def day_month(day: int, month: int) -> tuple[str, str]:
    """Days below 10 and the months 1 and 2 take a leading zero (NĐ 30/2020, Phụ lục I)."""
    return f"{day:02d}", (f"{month:02d}" if month < 3 else str(month))


def date_line(place: str, day: datetime.date | None) -> str:
    """ "Bắc Kạn, ngày 24 tháng 4 năm 2024"; a draft without a date leaves the day blank to fill."""
    if day is None:
        return f"{place}, ngày      tháng      năm      "
    d, m = day_month(day.day, day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"


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
