"""Number, percentage and date filters for templates, following the active
language: 2.531 and 58,06% in Vietnamese, 2,531 and 58.06% in English."""

import datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_noop

from core.numbers import format_number, format_percent

register = template.Library()

# The default PAR bands (par_index.services.DEFAULT_BANDS): named in Vietnamese in the data,
# shown in the reader's language. A province's own band names are shown as written.
BAND_NAMES = frozenset(
    (
        gettext_noop("Xuất sắc"),
        gettext_noop("Tốt"),
        gettext_noop("Khá"),
        gettext_noop("Trung bình"),
        gettext_noop("Yếu"),
    )
)


@register.filter
def band(name):
    """A PAR band's name ("Trung bình") in the reader's language ("Average")."""
    return gettext(name) if name in BAND_NAMES else name


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
