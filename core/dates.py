"""Dates as people type them and as the portal's pages read them."""

import datetime

from django.utils import formats, timezone


def today() -> datetime.date:
    """Today in Việt Nam (TIME_ZONE), not in UTC."""
    return timezone.localdate()


def parse_day(raw: str | None) -> datetime.date | None:
    """A date typed day first (24/04/2024) or ISO, as the active language reads it; None if unreadable."""
    if not raw:
        return None
    for fmt in formats.get_format("DATE_INPUT_FORMATS"):
        try:
            return datetime.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    return None


def day_month(day: int, month: int) -> tuple[str, str]:
    """Days below 10 and the months 1 and 2 take a leading zero (NĐ 30/2020, Phụ lục I)."""
    return f"{day:02d}", (f"{month:02d}" if month < 3 else str(month))


def date_line(place: str, day: datetime.date | None) -> str:
    """ "Bắc Kạn, ngày 24 tháng 4 năm 2024" (NĐ 30/2020); a paper to be signed
    without a date leaves the day blank to fill by hand."""
    if day is None:
        return f"{place}, ngày      tháng      năm      "
    d, m = day_month(day.day, day.month)
    return f"{place}, ngày {d} tháng {m} năm {day.year}"
