"""Reads of administrative units: lookup by code and date, history labels."""

import datetime

from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.collation import sort_vi
from core.names import lower_type
from wards.choices import SuccessionKind
from wards.models import AdministrativeUnit, UnitSuccession


def today() -> datetime.date:
    return timezone.localdate()


def _bearer(candidates: list[AdministrativeUnit], on: datetime.date) -> AdministrativeUnit:
    """Of the units that bore one code, the one that bore it on ``on``; if none did,
    the latest one that bore it before, else the earliest after."""
    for unit in candidates:
        if unit.is_valid_on(on):
            return unit
    before = [u for u in candidates if u.valid_to and u.valid_to < on]
    if before:
        return max(before, key=lambda u: u.valid_to)
    return min(candidates, key=lambda u: u.valid_from or datetime.date.min)


def unit_by_code(code: str, on: datetime.date | None = None) -> AdministrativeUnit:
    """The unit that bore ``code`` on ``on`` (default today), by the rule of _bearer.
    404 if the code was never used."""
    candidates = list(AdministrativeUnit.objects.filter(code=code).select_related("parent", "parent__parent"))
    if not candidates:
        raise Http404(_("Không có đơn vị nào mang mã %(code)s.") % {"code": code})
    return _bearer(candidates, on or today())


def units_by_code(codes: list[str], on: datetime.date | None = None) -> dict[str, AdministrativeUnit]:
    """unit_by_code for several codes in one query: {code: unit} for the codes ever used."""
    found: dict[str, list[AdministrativeUnit]] = {}
    for unit in AdministrativeUnit.objects.filter(code__in=codes).select_related("parent", "parent__parent"):
        found.setdefault(unit.code, []).append(unit)
    return {code: _bearer(candidates, on or today()) for code, candidates in found.items()}


def with_parent(unit: AdministrativeUnit) -> str:
    if unit.parent_id:
        return f"{lower_type(unit.name)}, {lower_type(unit.parent.name)}"
    return lower_type(unit.name)


def successors(unit: AdministrativeUnit) -> list[UnitSuccession]:
    return list(
        UnitSuccession.objects.filter(predecessor=unit).select_related("successor", "successor__parent").order_by("pk")
    )


def predecessors(unit: AdministrativeUnit) -> list[UnitSuccession]:
    links = UnitSuccession.objects.filter(successor=unit).select_related("predecessor", "predecessor__parent")
    return sort_vi(links, key=lambda link: link.predecessor.name)


def history_label(unit: AdministrativeUnit, links: list[UnitSuccession] | None = None) -> str:
    """ "Phường Xuất Hóa (đến 30/06/2025; nay là phường Bắc Kạn, tỉnh Thái Nguyên)"."""
    if unit.valid_to is None:
        if unit.valid_from:
            return _("%(name)s (từ %(date)s)") % {
                "name": unit.name,
                "date": formats.date_format(unit.valid_from, "SHORT_DATE_FORMAT"),
            }
        return unit.name
    links = successors(unit) if links is None else links
    until = formats.date_format(unit.valid_to, "SHORT_DATE_FORMAT")
    if not links:
        return _("%(name)s (đến %(date)s)") % {"name": unit.name, "date": until}
    full = [link for link in links if link.kind == SuccessionKind.FULL]
    if len(full) == 1 and len(links) == 1:
        now = _("nay là %(unit)s") % {"unit": with_parent(full[0].successor)}
    else:
        names = ", ".join(with_parent(link.successor) for link in links)
        now = _("nay thuộc %(units)s") % {"units": names}
    return _("%(name)s (đến %(date)s; %(now)s)") % {"name": unit.name, "date": until, "now": now}


def ancestors(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    chain, node = [], unit.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))
