"""`Document` -> DOCX / TXT, `Workbook` -> XLSX / CSV. Outputs are byte-for-byte reproducible."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from openpyxl import Workbook as XLWorkbook
from openpyxl.styles import Alignment, Font, PatternFill

from data.samplegen.model import Bullets, Document, Heading, PageBreak, Para, Spacer, Table, Workbook

FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
DOCX_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
DOCX_FONTS = {"sans": "Calibri", "serif": "Cambria", "narrow": "Arial Narrow"}
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalize_zip(path: Path, stamp: datetime) -> None:
    """Rewrites an OOXML package with fixed entry times and document dates, so equal input gives equal bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, payload in entries:
            if name == "docProps/core.xml":
                payload = _CORE_DATES.sub(rb"\g<1>" + iso + rb"\g<2>", payload)
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, payload)
    path.write_bytes(buffer.getvalue())


# --- DOCX ------------------------------------------------------------------------------------
def render_docx(doc: Document, path: Path, stamp: datetime) -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONTS[doc.font]
    normal.font.size = Pt(doc.base_size + 1)
    section = document.sections[0]
    if doc.header:
        section.header.paragraphs[0].text = doc.header
    if doc.footer:
        section.footer.paragraphs[0].text = doc.footer
    if doc.title:
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(doc.title)
        run.bold = True
        run.font.size = Pt(doc.base_size * 1.6)
        run.font.color.rgb = RGBColor(0x1F, 0x38, 0x64)
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Para):
            paragraph = document.add_paragraph()
            paragraph.alignment = DOCX_ALIGN[block.align]
            run = paragraph.add_run(block.text)
            run.bold = block.bold
            if block.size:
                run.font.size = Pt(block.size + 1)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _docx_table(document, block)
        elif isinstance(block, Spacer):
            document.add_paragraph()
        elif isinstance(block, PageBreak):
            document.add_page_break()
    properties = document.core_properties
    properties.title = doc.title
    properties.author = doc.author or ""
    properties.last_modified_by = doc.author or ""
    properties.created = properties.modified = stamp
    properties.revision = 1
    document.save(str(path))
    normalize_zip(path, stamp)


def _docx_table(document, block: Table) -> None:
    columns = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=columns)
    table.style = "Table Grid"
    for r, row in enumerate(block.rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            text = "" if (r, c) in block.signature_cells else value
            cell.text = text
            if block.header and r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


# --- TXT -------------------------------------------------------------------------------------
def document_lines(doc: Document) -> list[str]:
    """Plain-text rendering, the way someone types a document into a text editor."""
    lines: list[str] = []
    if doc.header:
        lines += [doc.header, ""]
    if doc.title:
        lines += [doc.title, "=" * len(doc.title), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [block.text, ("-" if block.level == 1 else "~") * len(block.text)]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"  {'-' if block.marker == '•' else block.marker} {item}" for item in block.items] + [""]
        elif isinstance(block, Table):
            widths = [max(len(row[c]) if c < len(row) else 0 for row in block.rows) for c in range(len(block.rows[0]))]
            for r, row in enumerate(block.rows):
                cells = ["" if (r, c) in block.signature_cells else value for c, value in enumerate(row)]
                lines.append(" | ".join(cell.ljust(widths[c]) for c, cell in enumerate(cells)).rstrip())
                if block.header and r == 0:
                    lines.append("-+-".join("-" * width for width in widths))
            lines.append("")
        elif isinstance(block, (Spacer, PageBreak)):
            lines.append("")
    if doc.footer:
        lines += ["", doc.footer]
    return lines


def render_txt(doc: Document, path: Path, encoding: str = "utf-8") -> None:
    path.write_bytes(("\r\n".join(document_lines(doc)) + "\r\n").encode(encoding))


# --- XLSX / CSV ------------------------------------------------------------------------------
def render_xlsx(book: Workbook, path: Path, stamp: datetime) -> None:
    workbook = XLWorkbook()
    workbook.remove(workbook.active)
    for sheet in book.sheets:
        worksheet = workbook.create_sheet(sheet.name[:31])
        for row in sheet.rows:
            worksheet.append(list(row))
        header = sheet.header_row + 1
        for cell in worksheet[header]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F0")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if sheet.header_row > 0:
            worksheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for index, width in enumerate(sheet.col_widths, start=1):
            worksheet.column_dimensions[worksheet.cell(row=header, column=index).column_letter].width = width
        worksheet.freeze_panes = worksheet.cell(row=header + 1, column=1)
    workbook.properties.title = book.title
    workbook.properties.creator = book.author or ""
    workbook.properties.created = stamp
    workbook.save(str(path))
    normalize_zip(path, stamp)


def render_csv(book: Workbook, path: Path, *, encoding: str, delimiter: str = ";") -> None:
    sheet = book.sheets[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in sheet.rows[sheet.header_row :]:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
