"""The two renderings of one context: DOCX from the kind's Word template
(docxtpl, in a sandboxed Jinja with escaping on) and PDF from the kind's HTML
template (WeasyPrint, which fetches nothing but the data: images we embed)."""

import base64
import io
import logging
from pathlib import Path

from django.template.loader import render_to_string
from jinja2.sandbox import SandboxedEnvironment

from documents.models import PaperTemplate

BUNDLED = Path(__file__).resolve().parent / "docx"
# The page and type of the PDF: a file, not a <style> in the template (no inline style anywhere).
PAPER_CSS = Path(__file__).resolve().parent / "static" / "documents" / "paper.css"
# WeasyPrint logs every layout step at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
TWIPS_PER_MM = 56.7


def template_source(kind: str):
    """The admin's replacement if one was uploaded, else the bundled template (a path or a file object)."""
    custom = PaperTemplate.objects.filter(kind=kind).first()
    if custom is not None and custom.file:
        return io.BytesIO(custom.file.read())
    return BUNDLED / f"{kind}.docx"


def render_docx(kind: str, context: dict, *, source=None) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    template = DocxTemplate(source if source is not None else template_source(kind))
    charts = [
        {**chart, "image": InlineImage(template, io.BytesIO(chart["png"]), width=Mm(150))}
        for chart in context.get("charts", [])
    ]
    template.render({**context, "charts": charts}, jinja_env=SandboxedEnvironment(), autoescape=True)
    fit_tables(template.docx)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def fit_tables(document) -> None:
    """A table whose columns a loop repeated (one per period; its grid no longer
    matches, or was evened out) gets a grid of
    as many columns: the first (the indicator's name) 38% of the width, the
    second (its unit) 11%, the others sharing the rest. Word and LibreOffice lay a table out by its grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    for table in document.tables:
        tbl = table._tbl
        grid = tbl.tblGrid
        columns = grid.findall(qn("w:gridCol"))
        widest = max((len(tr.findall(qn("w:tc"))) for tr in tbl.findall(qn("w:tr"))), default=0)
        widths_now = {c.get(qn("w:w")) for c in columns}
        # A loop over columns leaves a grid that does not match the rows, or (docxtpl's own fix) equal columns.
        if widest < 3 or (widest == len(columns) and len(widths_now) > 1):
            continue
        total = sum(int(c.get(qn("w:w")) or 0) for c in columns) or int(165 * TWIPS_PER_MM)
        first = int(total * 0.38) if widest > 2 else total // 2
        head = tbl.findall(qn("w:tr"))[0].findall(qn("w:tc"))
        has_unit = len(head) > 1 and "".join(t.text or "" for t in head[1].iter(qn("w:t"))).strip() == "Đơn vị tính"
        second = int(total * 0.11) if has_unit and widest > 3 else 0  # the unit of measure: short
        rest = (total - first - second) // max(widest - 1 - (1 if second else 0), 1)
        widths = [first] + ([second] if second else []) + [rest] * (widest - 1 - (1 if second else 0))
        for col in columns:
            grid.remove(col)
        for width in widths:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(width))
            grid.append(col)
        for tr in tbl.findall(qn("w:tr")):
            for tc, width in zip(tr.findall(qn("w:tc")), widths, strict=False):
                tc.get_or_add_tcPr().get_or_add_tcW().w = Twips(width)


def render_html(kind: str, context: dict) -> str:
    charts = [
        {**chart, "src": "data:image/png;base64," + base64.b64encode(chart["png"]).decode()}
        for chart in context.get("charts", [])
    ]
    return render_to_string(f"documents/paper/{kind}.html", {**context, "charts": charts})


def render_pdf(kind: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML, URLFetcher

    html = render_html(kind, context)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[CSS(filename=str(PAPER_CSS))])
