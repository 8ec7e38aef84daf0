"""Template helpers for reports: audit values shown the Vietnamese way."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from core.numbers import format_number, format_percent
from digital_metrics.choices import Bound, ReportStatus, ValueType
from digital_metrics.reports.audit import LOCKED
from digital_metrics.reports.figures import APPROX

register = template.Library()


@register.filter
def figure(fig) -> str:
    """A Figure as a reader expects it: "126/217 = 58,06%", "trên 98%", "2.531"."""
    if fig is None or fig.is_empty:
        return "—"
    if fig.text:
        return fig.text
    if fig.indicator.value_type == ValueType.RATE:
        text = format_percent(fig.value)
        if fig.numerator is not None:
            text = f"{format_number(fig.numerator)}/{format_number(fig.denominator)} = {text}"
    else:
        text = format_number(fig.value)
    if fig.bound == Bound.ABOVE:
        return _("trên %(value)s") % {"value": text}
    if fig.bound == Bound.BELOW:
        return _("dưới %(value)s") % {"value": text}
    if fig.bound == APPROX:
        return _("khoảng %(value)s") % {"value": text}
    return text


@register.filter
def audit_value(value) -> str:
    """ "2531" → "2.531", "82.05" → "82,05", a status code → its label, text as is, "" → "—"."""
    if value in (None, ""):
        return "—"
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    if value in ReportStatus.values:
        return str(ReportStatus(value).label)
    if value == LOCKED:
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
    if indicator is not None and indicator.value_type == ValueType.RATE and text != "—":
        return f"{text}%"
    return text
