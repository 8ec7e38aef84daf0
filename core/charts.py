"""Small charts drawn on the server as SVG: no script, readable without one,
printed as they are. Rank 1 is drawn at the top."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def rank_sparkline(points, *, width: int = 160, height: int = 44, label: str = "") -> SafeString:
    """A line of ranks over the years: ``points`` have ``year``, ``rank`` and
    ``size`` (the ranking's number of units). The y axis goes from 1 (top) to the
    largest size; each point carries its rank as text for screen readers and
    hover, and the last is written beside its dot."""
    points = [p for p in points if p.rank]
    if not points:
        return SafeString("")
    pad_x, pad_y, text_w = 6, 6, 44
    worst = max(p.size for p in points) or 1
    inner_w, inner_h = width - 2 * pad_x - text_w, height - 2 * pad_y
    step = inner_w / (len(points) - 1) if len(points) > 1 else 0

    def xy(i, p):
        x = pad_x + (i * step if len(points) > 1 else inner_w / 2)
        y = pad_y + (inner_h * (p.rank - 1) / (worst - 1) if worst > 1 else inner_h / 2)
        return round(x, 1), round(y, 1)

    coords = [xy(i, p) for i, p in enumerate(points)]
    line = " ".join(f"{x},{y}" for x, y in coords)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="#0d6efd"><title>{}</title></circle>',
        (
            (x, y, _("Năm %(year)s: hạng %(rank)s/%(size)s") % {"year": p.year, "rank": p.rank, "size": p.size})
            for (x, y), p in zip(coords, points, strict=True)
        ),
    )
    last_x, last_y = coords[-1]
    last = points[-1]
    summary = "; ".join(
        _("Năm %(year)s: hạng %(rank)s/%(size)s") % {"year": p.year, "rank": p.rank, "size": p.size} for p in points
    )
    return format_html(
        '<svg class="rank-spark" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'role="img" aria-label="{aria}"><title>{aria}</title>'
        '<line x1="{px}" y1="{top}" x2="{right}" y2="{top}" stroke="#ced4da" stroke-dasharray="2 2"/>'
        '<polyline points="{line}" fill="none" stroke="#0d6efd" stroke-width="1.5"/>{dots}'
        '<text x="{tx}" y="{ty}" font-size="11" fill="#212529" dominant-baseline="middle">{rank}/{size}</text></svg>',
        w=width,
        h=height,
        aria=f"{label}: {summary}" if label else summary,
        px=pad_x,
        top=pad_y,
        right=pad_x + inner_w,
        line=line,
        dots=dots,
        tx=round(last_x + 6, 1),
        ty=last_y,
        rank=last.rank,
        size=last.size,
    )
