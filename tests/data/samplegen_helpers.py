"""Readers shared by the samplegen tests: what a file says, whatever its format."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import openpyxl
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[2]
COMMITTED_SAMPLES = ROOT / "data" / "samples"
COMMITTED_EXPECTED = ROOT / "data" / "expected"
# Two archetypes cover every format: native PDF, image-only scan, photo JPG, DOCX, XLSX, CSV, TXT, a broken PDF.
QUICK = ["bc_certif", "new_entrant"]


def text_content(path: Path) -> str:
    """What a reader sees in a file: text layer, cells, lines. Images and broken files by their bytes."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            return path.read_bytes().hex()
        return "\f".join(page.get_textpage().get_text_range() for page in document)
    if suffix == ".docx":
        document = docx.Document(str(path))
        parts = [paragraph.text for paragraph in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        parts += [
            p.text for section in document.sections for p in section.header.paragraphs + section.footer.paragraphs
        ]
        return "\n".join(parts)
    if suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(
            "\t".join("" if value is None else str(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return path.read_bytes().hex()


def read_answers(path: Path, encoding: str | None) -> list[list[str]]:
    """Rows under the header of a raw survey export (CSV or XLSX), as text."""
    if path.suffix.lower() == ".csv":
        text = path.read_bytes().decode(encoding or "utf-8")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        return rows[1:]
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = []
    for sheet in workbook.worksheets:
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        header = next(i for i, row in enumerate(values) if any(cell.startswith(("Horodatage", "Date")) for cell in row))
        rows += values[header + 1 :]
    return rows
