"""XLSX and CSV -> one page per sheet: the rows as a table, and the same rows as tab-separated lines.

XLSX is streamed with openpyxl in read-only mode (what pandas does underneath, without building a
DataFrame of the whole sheet first), so the cell budget is enforced while reading. A sheet's print
header and footer (where organisations put their SIRET and NDA) follow its rows: read-only mode does
not parse them, so they are taken from the end of the sheet's XML. CSV is read with
the csv module, the separator and encoding found from the bytes: unlike pandas, it keeps ragged
rows (a title line above the table, a total line with fewer cells) instead of dropping or refusing
them.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
from openpyxl.worksheet.header_footer import HeaderFooter

from extractors.errors import CorruptFile, TooLarge
from extractors.safety import Deadline
from schemas import Limits, PageText

CSV_SEPARATORS = (";", ",", "\t", "|")
SNIFF_LINES = 50
SNIFF_CHARS = 64 * 1024
MIN_CSV_LINES = 2
# Share of the first lines that must have the same number of separators for a text to be a CSV.
MIN_CSV_REGULARITY = 0.6
# Lines read between two deadline checks.
CHECK_EVERY_ROWS = 1000


def extract_xlsx(path: Path, limits: Limits, deadline: Deadline) -> Iterator[PageText]:
    # An open file, not a path: openpyxl refuses a path without an Excel suffix (a downloaded copy,
    # a file renamed by its sender), whatever its content.
    handle = path.open("rb")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation, conditional formats... none of which is content.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        handle.close()
        raise CorruptFile("Classeur Excel endommagé : il n'a pas pu être ouvert.") from error
    except Exception as error:  # noqa: BLE001 - openpyxl raises lxml/defusedxml errors of many kinds on bad XML
        handle.close()
        # The parser's own error name stays in the message: it tells a damaged file from a parser fault.
        raise CorruptFile(f"Classeur Excel endommagé : contenu XML invalide ({type(error).__name__}).") from error
    try:
        # A second reader of the archive for the print margins, opened once for every sheet (openpyxl's
        # own reads the rows, lazily, through `handle`).
        with zipfile.ZipFile(path) as margins_archive:
            budget = _CellBudget(limits.spreadsheet_max_cells)
            for number, sheet in enumerate(workbook.worksheets, start=1):
                try:
                    rows = _sheet_rows(sheet.iter_rows(values_only=True), budget, deadline)
                except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as error:
                    raise CorruptFile(f"Classeur Excel endommagé : la feuille « {sheet.title} » est illisible.") from error
                # `_worksheet_path`: the sheet's part in the archive, which read-only worksheets name nowhere else.
                margins = _print_margins(margins_archive, sheet._worksheet_path)
                yield _sheet_page(number, sheet.title, rows, margins)
    finally:
        workbook.close()
        handle.close()


# The sheet's XML ends with its page set-up: the print header and footer lie in its last bytes.
_TAIL_BYTES = 64 * 1024
_HEADER_FOOTER = re.compile(rb"<headerFooter\b.*?</headerFooter>", re.DOTALL)


def _print_margins(archive: zipfile.ZipFile, worksheet_path: str) -> list[str]:
    """The texts of a sheet's print headers and footers, left, centre and right parts."""
    try:
        with archive.open(worksheet_path) as stream:
            tail = b""
            while chunk := stream.read(_TAIL_BYTES):
                tail = tail[-_TAIL_BYTES:] + chunk
        found = _HEADER_FOOTER.search(tail)
        margins = HeaderFooter.from_tree(ElementTree.fromstring(found.group())) if found else None
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError, ValueError, TypeError):
        return []
    items = (
        (margins.oddHeader, margins.oddFooter, margins.evenHeader, margins.evenFooter, margins.firstHeader, margins.firstFooter)
        if margins is not None else ()
    )
    texts = [side.text for item in items if item is not None for side in (item.left, item.center, item.right) if side.text]
    return list(dict.fromkeys(texts))


def extract_csv(text: str, limits: Limits, deadline: Deadline) -> Iterator[PageText]:
    """`text` is the decoded file (see `extractors.encoding`)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_separator(text))
    budget = _CellBudget(limits.spreadsheet_max_cells)
    try:
        rows = _sheet_rows((tuple(row) for row in reader), budget, deadline)
    except csv.Error as error:
        raise CorruptFile("Fichier CSV illisible : lignes mal formées.") from error
    yield _sheet_page(1, None, rows)


def looks_like_csv(text: str) -> bool:
    return detect_separator(text, strict=True) is not None


def detect_separator(text: str, strict: bool = False) -> str | None:
    """The separator whose count per line is the same, and non-zero, on most of the first lines
    (quoted fields counted correctly by the csv module; a title line above the table is tolerated).
    `strict`: None when no separator is convincing, instead of the French default `;`."""
    lines = [line for line in text[:SNIFF_CHARS].split("\n")[:SNIFF_LINES] if line.strip()]
    best, best_score = None, 0.0
    for separator in CSV_SEPARATORS:
        try:
            counts = [len(row) - 1 for row in csv.reader(lines, delimiter=separator)]
        except csv.Error:
            continue
        fields = [count for count in counts if count > 0]
        if len(fields) < MIN_CSV_LINES:
            continue
        mode = max(set(fields), key=fields.count)
        score = fields.count(mode) / len(counts)
        if score > best_score:
            best, best_score = separator, score
    if strict and best_score < MIN_CSV_REGULARITY:
        return None
    return best or ";"


class _CellBudget:
    def __init__(self, max_cells: int) -> None:
        self.left = max_cells
        self.max_cells = max_cells

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise TooLarge(f"Classeur refusé : plus de {self.max_cells:,} cellules.".replace(",", " "))


def _sheet_rows(values: Iterable[tuple], budget: _CellBudget, deadline: Deadline) -> list[list[str]]:
    rows: list[list[str]] = []
    for index, row in enumerate(values):
        budget.spend(len(row))
        if index % CHECK_EVERY_ROWS == 0:
            deadline.check()
        cells = [format_cell(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def format_cell(value: object) -> str:
    """Cell value as a French reader writes it down: dates dd/mm/yyyy, integers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return " ".join(str(value).split())


def _sheet_page(number: int, title: str | None, rows: list[list[str]], margins: Sequence[str] = ()) -> PageText:
    lines = ["\t".join(row).rstrip() for row in rows] + [" ".join(text.split()) for text in margins]
    if title:
        lines.insert(0, title)
    return PageText(number=number, text="\n".join(lines), tables=[rows] if rows else [])
