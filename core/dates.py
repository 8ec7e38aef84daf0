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
