"""Number, percentage and date filters for templates, following the active
language: 2.531 and 58,06% in Vietnamese, 2,531 and 58.06% in English."""

import datetime

from django import template
from django.utils import formats, timezone

from core.numbers import format_number, format_percent

register = template.Library()


@register.filter
def num(value, decimals=None):
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def pct(value):
    return format_percent(value)


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
