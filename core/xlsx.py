"""One sheet of an uploaded .xlsx read as a stream, within a budget.

openpyxl (even read-only) trusts the sheet: it loads every shared string first,
pads rows up to the size the sheet declares, and has no notion of time, so a
2 MB file whose sheet holds 3,3 million rows kept a web worker busy for
minutes and took gigabytes. Here the sheet's XML is parsed as it is inflated
(zipfile streams it; defusedxml refuses any DTD), rows and cells are counted as
they come, and reading stops at the first excess of rows, cells, text or
seconds with a Vietnamese message naming the limit. Memory stays bounded: a
row is dropped from the tree as soon as it has been yielded.

Call ``core.uploads.check_workbook`` first: it bounds the container (entries,
declared sizes, compression ratio) before anything is inflated.
"""

import io
import posixpath
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from django.conf import settings
from django.utils.translation import gettext as _

from core.numbers import format_number
from core.uploads import UnsafeUpload

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's own limit on the text of one cell.
MAX_CELL_CHARS = 32_767
# workbook.xml and its relationships are a few kilobytes; anything larger is not a workbook we made.
MAX_SMALL_PART = 5 * 1024 * 1024


@dataclass(frozen=True)
class Budget:
    """How much of a sheet may be read: data rows, cells, characters of text, seconds."""

    rows: int
    cells: int
    chars: int
    seconds: float

    @classmethod
    def from_settings(cls) -> "Budget":
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            cells=settings.IMPORT_MAX_CELLS,
            chars=settings.IMPORT_MAX_TEXT_CHARS,
            seconds=settings.IMPORT_MAX_SECONDS,
        )


class BudgetExceeded(UnsafeUpload):
    """Reading stopped at a limit; the message names it."""


class _Clock:
    def __init__(self, budget: Budget):
        self.budget = budget
        self.deadline = time.monotonic() + budget.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(
                _("Đọc tệp quá %(n)s giây (giới hạn %(n)s giây); hãy chia tệp thành nhiều tệp nhỏ hơn.")
                % {"n": format_number(self.budget.seconds)}
            )


class _TimedStream(io.RawIOBase):
    """A part of the zip as it is inflated, with the clock checked on every read
    (so that even one enormous XML element cannot run past the budget)."""

    def __init__(self, raw, clock: _Clock):
        self.raw, self.clock = raw, clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.clock.check()
        chunk = self.raw.read(min(len(buffer), 64 * 1024))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _xml_error(part: str, exc: Exception) -> UnsafeUpload:
    if isinstance(exc, DefusedXmlException):
        return UnsafeUpload(
            _("Tệp có khai báo DTD hoặc thực thể XML (%(part)s), không được phép; hãy lưu lại tệp bằng Excel.")
            % {"part": part}
        )
    where = getattr(exc, "position", None)
    line = where[0] if where else "?"
    return UnsafeUpload(
        _("Tệp .xlsx bị hỏng: phần “%(part)s” không phải XML hợp lệ (dòng %(line)s).") % {"part": part, "line": line}
    )


def _small_xml(archive: zipfile.ZipFile, part: str):
    info = archive.getinfo(part)
    if info.file_size > MAX_SMALL_PART:
        raise UnsafeUpload(_("Tệp .xlsx có phần “%(part)s” quá lớn.") % {"part": part})
    try:
        return fromstring(archive.read(part), forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise _xml_error(part, exc) from exc


def _part_path(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _column_index(ref: str) -> int | None:
    """0 for "A1", 27 for "AB7"; None when the reference has no letters."""
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + (ord(ch) - 64)
        else:
            break
    return index - 1 if index else None


def _number(text: str):
    try:
        if any(ch in text for ch in ".eE"):
            return float(text)
        return int(text)
    except ValueError:
        return text


def _text_of(element) -> str:
    """The text of a shared or inline string: every <t>, rich runs included, phonetic hints (rPh) left out."""
    parts = []
    for child in element:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            parts.extend(t.text or "" for t in child if t.tag == MAIN + "t")
    return "".join(parts)


class Reader:
    """The sheets of one workbook; ``rows(name)`` streams one of them."""

    def __init__(self, data: bytes, *, budget: Budget | None = None):
        self.budget = budget or Budget.from_settings()
        self.clock = _Clock(self.budget)
        self.chars = 0
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(self.archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise UnsafeUpload(_("Tệp .xlsx bị hỏng, không đọc được.")) from exc
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            raise UnsafeUpload(_("Tệp không phải là bảng tính Excel .xlsx (nội dung không đúng định dạng)."))
        rels = {
            rel.get("Id"): (rel.get("Type", ""), _part_path(rel.get("Target", "")))
            for rel in _small_xml(self.archive, "xl/_rels/workbook.xml.rels").iter(PKG_REL + "Relationship")
        }
        workbook = _small_xml(self.archive, "xl/workbook.xml")
        self.sheets: dict[str, str] = {}
        for sheet in workbook.iter(MAIN + "sheet"):
            kind, path = rels.get(sheet.get(REL + "id"), ("", ""))
            if path in names:
                self.sheets[sheet.get("name", "")] = path
        self._strings_part = next(
            (path for kind, path in rels.values() if kind.endswith("/sharedStrings") and path in names), None
        )
        self._strings: list[str] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def _charge(self, text: str, cells: int = 1) -> None:
        self.chars += len(text)
        if len(text) > MAX_CELL_CHARS or self.chars > self.budget.chars:
            raise BudgetExceeded(
                _("Tệp có quá nhiều chữ (giới hạn %(n)s ký tự, mỗi ô tối đa %(cell)s ký tự).")
                % {"n": format_number(self.budget.chars), "cell": format_number(MAX_CELL_CHARS)}
            )

    def _parse(self, part: str):
        stream = io.BufferedReader(_TimedStream(self.archive.open(part), self.clock), buffer_size=64 * 1024)
        return iterparse(stream, events=("start", "end"), forbid_dtd=True)

    def strings(self) -> list[str]:
        """The shared strings, read once, within the same budget (a string per cell at most)."""
        if self._strings is not None:
            return self._strings
        self._strings = []
        if self._strings_part is None:
            return self._strings
        root = None
        try:
            for event, element in self._parse(self._strings_part):
                if root is None:
                    root = element
                if event != "end" or element.tag != MAIN + "si":
                    continue
                text = _text_of(element)
                self._charge(text)
                self._strings.append(text)
                if len(self._strings) > self.budget.cells:
                    raise _too_many_cells(self.budget)
                root.clear()
        except (ParseError, DefusedXmlException) as exc:
            raise _xml_error(self._strings_part, exc) from exc
        return self._strings

    def rows(
        self, name: str, *, on_row: Callable[[int], None] | None = None
    ) -> Iterator[tuple[int, dict[int, object]]]:
        """(Excel row number, {column index: value}) for each row that has a cell, in order.
        Raises BudgetExceeded at the first row, cell, text or second past the budget,
        UnsafeUpload if the XML is broken or declares a DTD."""
        part = self.sheets[name]
        strings = self.strings()
        budget, clock = self.budget, self.clock
        cells = 0
        last_row = 0
        current: dict[int, object] = {}
        parent = None
        try:
            for event, element in self._parse(part):
                tag = element.tag
                if event == "start":
                    if tag == MAIN + "sheetData":
                        parent = element
                    continue
                if tag == MAIN + "c":
                    cells += 1
                    if cells > budget.cells:
                        raise _too_many_cells(budget)
                    value = self._value(element, strings)
                    if value is not None:
                        column = _column_index(element.get("r", "")) if element.get("r") else len(current)
                        current[len(current) if column is None else column] = value
                elif tag == MAIN + "row":
                    number = element.get("r")
                    last_row = int(number) if number and number.isdigit() else last_row + 1
                    # Rows 1 and 2 are the titles and the column codes: the budget counts data rows.
                    if last_row - 2 > budget.rows:
                        raise BudgetExceeded(
                            _("Trang tính “%(sheet)s” có quá nhiều dòng (giới hạn %(n)s dòng số liệu).")
                            % {"sheet": name, "n": format_number(budget.rows)}
                        )
                    if current:
                        yield last_row, current
                    current = {}
                    if on_row is not None and last_row % 1000 == 0:
                        on_row(last_row)
                    clock.check()
                    if parent is not None:
                        parent.clear()  # the rows already read: memory stays flat
        except (ParseError, DefusedXmlException) as exc:
            raise _xml_error(part, exc) from exc

    def _value(self, element, strings: list[str]):
        kind = element.get("t", "n")
        if kind == "inlineStr":
            inline = element.find(MAIN + "is")
            text = _text_of(inline) if inline is not None else ""
            self._charge(text)
            return text
        v = element.find(MAIN + "v")
        if v is None or v.text is None:
            return None
        text = v.text
        if kind == "s":
            try:
                return strings[int(text)]
            except (ValueError, IndexError):
                raise UnsafeUpload(
                    _("Tệp .xlsx bị hỏng: ô %(cell)s trỏ tới chuỗi không tồn tại.") % {"cell": element.get("r", "?")}
                ) from None
        if kind == "b":
            return text.strip() == "1"
        if kind in ("str", "e", "d"):
            self._charge(text)
            return text
        return _number(text.strip())


def _too_many_cells(budget: Budget) -> BudgetExceeded:
    return BudgetExceeded(_("Tệp có quá nhiều ô (giới hạn %(n)s ô).") % {"n": format_number(budget.cells)})
