"""Cells written to a spreadsheet or a CSV file that people will open in Excel
or LibreOffice: text that a user typed must never start a formula.

OWASP's advice on CSV (formula) injection: a cell whose text begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
spreadsheet programs (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), so such text
is written with a leading apostrophe, which the programs show as text. Numbers
stay numbers (a negative count is written as a number, not as text).

Every export that writes user-entered or admin-entered text goes through
``cell`` (one value) or ``row`` (a list), or writes CSV with ``csv_writer``;
an import of our own template reads the text back with ``unescape``.
"""

import csv
from collections.abc import Iterable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def cell(value):
    """The value safe to write into a cell: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return QUOTE + value
    return value


def row(values: Iterable) -> list:
    return [cell(v) for v in values]


def unescape(value):
    """What ``cell`` wrote, read back: the apostrophe it added is dropped (the round trip of our templates)."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, values: Iterable):
        return self._writer.writerow(row(values))

    def writerows(self, rows: Iterable[Iterable]):
        for values in rows:
            self.writerow(values)


def csv_writer(fh, **kwargs) -> _SafeWriter:
    """csv.writer whose every row goes through ``row``; fields are quoted as csv does."""
    return _SafeWriter(csv.writer(fh, **kwargs))
