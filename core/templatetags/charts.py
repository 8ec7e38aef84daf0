"""Server-drawn SVG charts for templates (core.charts)."""

from django import template

from core import charts

register = template.Library()


@register.simple_tag
def rank_sparkline(points, label=""):
    return charts.rank_sparkline(points or [], label=label)


@register.filter
def get_points(mapping, key):
    return (mapping or {}).get(key, [])


@register.filter
def marked_by(row, target):
    """A row's cells with how each stands against ``target`` (row.marked(target))."""
    return row.marked(target)
