"""Template helpers for reports: audit values shown the Vietnamese way."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from digital_metrics.choices import ReportStatus
from wards.templatetags.portal import format_number

register = template.Library()


@register.filter
def audit_value(value) -> str:
    """ "2531" → "2.531", "82.05" → "82,05", a status code → its label, text as is, "" → "—"."""
    if value in (None, ""):
        return "—"
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    if value in ReportStatus.values:
        return str(ReportStatus(value).label)
    if value == "locked":
        return _("đã khóa")
    try:
        return format_number(value) if value.replace(".", "", 1).lstrip("-").isdigit() else value
    except AttributeError:
        return str(value)


@register.filter
def status_label(value) -> str:
    return str(ReportStatus(value).label) if value in ReportStatus.values else value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def shown_as(value, indicator) -> str:
    """An audited value with its indicator's unit: rates get their % sign."""
    text = audit_value(value)
    if indicator is not None and indicator.value_type == "rate" and text != "—":
        return f"{text}%"
    return text
