"""The Word-building helpers of documents.docx.build: a Builder that writes
Nghị định 30/2020/NĐ-CP's layout (header table, motto, date line, title,
numbered body, signature block, "Nơi nhận") with docxtpl tags, and the table and
font helpers under it.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Times New Roman"
TEXT_WIDTH_MM = 210 - 30 - 15


def _font(run, size=None, bold=None, italic=None, underline=None):
    run.font.name = FONT
    run._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def _border(paragraph, side="bottom", size=6):
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.append(borders)


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)


def _grid(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            edge.set(qn(key), value)
        borders.append(edge)
    tbl_pr.append(borders)


def set_widths(table, widths_mm):
    """Column widths that Word and LibreOffice both keep: the grid, each cell, a fixed layout."""
    tbl = table._tbl
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for width in widths_mm:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(int(width * 56.7)))
        grid.append(col)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _cant_split(row):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _repeat_header(row):
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _page_number_header(section):
    """The page number centred at the top, from page 2: the first page's header stays empty."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _font(paragraph.add_run(), 13)
    for tag, attrs in (
        ("w:fldChar", {"w:fldCharType": "begin"}),
        ("w:instrText", {}),
        ("w:fldChar", {"w:fldCharType": "end"}),
    ):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if tag == "w:instrText":
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._r.append(el)
    section.first_page_header.paragraphs[0].text = ""


class Builder:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.start_type = WD_SECTION.NEW_PAGE
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        section.header_distance = Mm(10)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(14)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.1
        for name in ("Header", "Table Grid"):
            if name in [s.name for s in self.doc.styles]:
                self.doc.styles[name].font.name = FONT
        _page_number_header(section)
        self.body = self.doc

    # --- blocks ---
    def para(self, *runs, align="justify", indent=True, size=14, space_after=6, container=None, keep=False):
        """A paragraph of runs: a string, or (text, {"bold": True, "italic": True, "size": 12})."""
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        fmt = paragraph.paragraph_format
        fmt.space_after, fmt.space_before = Pt(space_after), Pt(0)
        if indent and align == "justify":
            fmt.first_line_indent = Cm(1.27)
        if keep:
            fmt.keep_with_next = True
        for run in runs:
            text, style = (run, {}) if isinstance(run, str) else run
            _font(
                paragraph.add_run(text),
                style.get("size", size),
                style.get("bold"),
                style.get("italic"),
                style.get("underline"),
            )
        return paragraph

    def tag(self, text, container=None):
        """A paragraph holding only a {%p … %} tag: docxtpl removes it."""
        target = container if container is not None else self.doc
        paragraph = target.add_paragraph()
        paragraph.add_run(text)
        return paragraph

    def heading(self, text):
        return self.para((text, {"bold": True}), indent=False, align="justify", keep=True, space_after=6)

    def items(self, var, text_runs, *, item="x"):
        """One paragraph per element of ``var``."""
        self.tag(f"{{%p for {item} in {var} %}}")
        self.para(*text_runs)
        self.tag("{%p endfor %}")

    def header(self, *, both_bold=False):
        """Issuing body and number top left, national motto and the date line top right."""
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        set_widths(table, [72, TEXT_WIDTH_MM - 72 + 6])
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        first = left.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.space_after = Pt(0)
        _font(first.add_run("{{ issuer_lines[0].text }}"), 13, bold=both_bold)
        second = self.para(
            ("{{ issuer_lines[1].text }}", {"bold": True, "size": 13}), align="center", container=left, space_after=0
        )
        rule = self.para("", align="center", container=left, space_after=6)
        rule.paragraph_format.left_indent, rule.paragraph_format.right_indent = Cm(2.0), Cm(2.0)
        _border(rule)
        second.paragraph_format.keep_with_next = True
        self.para(("{{ doc.number_line }}", {"size": 13}), align="center", container=left, space_after=0)
        motto1 = right.paragraphs[0]
        motto1.alignment = WD_ALIGN_PARAGRAPH.CENTER
        motto1.paragraph_format.space_after = Pt(0)
        _font(motto1.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12.5, bold=True)
        self.para(
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True, "size": 14, "underline": True}),
            align="center",
            container=right,
            space_after=12,
        )
        self.para(("{{ doc.date_line }}", {"italic": True, "size": 14}), align="center", container=right, space_after=0)
        self.tag("{%p if doc.is_draft %}")
        draft = self.para(("DỰ THẢO", {"bold": True, "size": 12}), align="left", indent=False, space_after=0)
        draft.paragraph_format.space_before = Pt(6)
        self.tag("{%p endif %}")

    def title(self):
        self.para(
            ("{{ doc.title }}", {"bold": True, "size": 14}), align="center", space_after=0
        ).paragraph_format.space_before = Pt(18)
        summary = self.para(("{{ doc.summary }}", {"bold": True, "size": 14}), align="center", space_after=0)
        summary.paragraph_format.left_indent = summary.paragraph_format.right_indent = Cm(1)
        rule = self.para("", align="center", space_after=12)
        rule.paragraph_format.left_indent, rule.paragraph_format.right_indent = Cm(6.2), Cm(6.2)
        _border(rule)

    def signature(self):
        """ "Nơi nhận" at the left, the signature block at the right."""
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        set_widths(table, [75, TEXT_WIDTH_MM - 75])
        _cant_split(table.rows[0])
        left, right = table.rows[0].cells
        first = left.paragraphs[0]
        first.paragraph_format.space_before = Pt(12)
        first.paragraph_format.space_after = Pt(0)
        _font(first.add_run("Nơi nhận:"), 12, bold=True, italic=True)
        self.tag("{%p for r in recipients %}", container=left)
        self.para(("- {{ r }}", {"size": 11}), align="left", indent=False, space_after=0, container=left)
        self.tag("{%p endfor %}", container=left)
        top = right.paragraphs[0]
        top.alignment = WD_ALIGN_PARAGRAPH.CENTER
        top.paragraph_format.space_before = Pt(12)
        top.paragraph_format.space_after = Pt(0)
        _font(top.add_run("{{ signer.on_behalf }}"), 14, bold=True)
        self.para(("{{ signer.title }}", {"bold": True}), align="center", container=right, space_after=0)
        for _ in range(4):
            self.para("", align="center", container=right, space_after=0)
        self.para(("{{ signer.name }}", {"bold": True}), align="center", container=right, space_after=0)

    def table(
        self, header: list[str], row_cells: list[str], *, loop: str, widths_mm: list[float], item="r", column_loop=None
    ):
        """A bordered table: a header row, then one row per element of ``loop``.
        ``column_loop`` = (header label, cell text, list var) repeats a column per element."""
        cols = len(header) + (3 if column_loop else 0)
        table = self.doc.add_table(rows=3, cols=cols)
        _grid(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head, loop_open, data = table.rows
        _repeat_header(head)
        _cant_split(data)  # a row stays on one page (the header repeats on the next)

        def put(cell, text, *, bold=False, size=12, align="left"):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.first_line_indent = None
            _font(p.add_run(text), size, bold=bold)

        labels = list(header)
        cells = list(row_cells)
        if column_loop:
            label, cell_text, var, header_var = column_loop
            at = min(2, len(labels))
            labels[at:at] = [f"{{%tc for c in {header_var} %}}", "{{ c }}", "{%tc endfor %}"]
            cells[at:at] = [f"{{%tc for v in {var} %}}", cell_text, "{%tc endfor %}"]
        for i, text in enumerate(labels):
            put(head.cells[i], text, bold=True, align="center")
        loop_open.cells[0].paragraphs[0].add_run(f"{{%tr for {item} in {loop} %}}")
        for i, text in enumerate(cells):
            put(data.cells[i], text, align="center" if i and not text.startswith("{{ r.text") else "left")
        close = table.add_row()
        close.cells[0].paragraphs[0].add_run("{%tr endfor %}")
        # A table with a loop over columns gets its final widths when rendered (render.fit_tables).
        set_widths(table, widths_mm if not column_loop else [TEXT_WIDTH_MM / cols] * cols)
        self.para("", space_after=3, indent=False)
        return table

    def image_loop(self, var="charts"):
        self.tag(f"{{%p for ch in {var} %}}")
        self.para("{{ ch.image }}", align="center", space_after=0)
        self.para(("{{ ch.caption }}", {"italic": True, "size": 12}), align="center", space_after=6)
        self.tag("{%p endfor %}")

    def save(self, name: str):
        self.doc.save(HERE / f"{name}.docx")
