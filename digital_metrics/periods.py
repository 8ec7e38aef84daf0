"""Periods: a quarter is a (year, quarter) pair; labels follow Vietnamese usage."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self):
        if self.quarter not in ROMAN:
            raise ValueError(f"quarter must be 1–4, not {self.quarter}")

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> datetime.date:
        return self.next().start - datetime.timedelta(days=1)

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    def __str__(self):
        return self.label


def quarter_label(year: int, quarter: int) -> str:
    """ "Quý I/2024" (the year is never grouped with a thousands separator)."""
    return _("Quý %(roman)s/%(year)s") % {"roman": ROMAN[quarter], "year": str(year)}


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    out, q = [], first
    while q <= last:
        out.append(q)
        q = q.next()
    return out
