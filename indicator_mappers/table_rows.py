"""Where a page's table rows lie in its matching text, so that a match can be read with its row.

Extraction keeps a spreadsheet's or a ruled PDF table's rows apart (`PageText.tables`) and prints
them in the page text too; matching runs on that text. A row is located where its non-empty cells
follow one another there, only separators between them; a row printed otherwise (cells wrapped
and interleaved by the PDF's text layer) is not located, and a match in it is read as prose.

Two things rest on rows: a column's header labels the column, so a table whose entries all leave
the column empty proves nothing by that label (a log with an empty « actions taken » column); and a
match can be tied to the other cells of its entry (`row_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from indicator_mappers.matching import DocumentMatches, PageMatches, clean_page_text
from schemas.extraction import PageText

# Rows located per page: evidence sits in a table's first rows, and each row costs a search.
MAX_ROWS = 2000
# How far after the previous row a row's first cell is looked for (a title or a note may come between).
_ROW_WINDOW = 2000
# What the page text prints between two cells of a row: spaces, or the « | » and « ; » of a sheet's text.
_SEPARATORS = " |;"


@dataclass(frozen=True)
class TableRow:
    start: int
    end: int
    cells: tuple[str, ...]
    # Each cell's span in the page's matching text; None for an empty cell.
    spans: tuple[tuple[int, int] | None, ...]

    def holds(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


def _after_separators(text: str, position: int) -> int:
    while position < len(text) and text[position] in _SEPARATORS:
        position += 1
    return position


def _locate(text: str, cells: Sequence[str], cursor: int) -> TableRow | None:
    cleaned = [clean_page_text(cell or "") for cell in cells]
    filled = [c for c in cleaned if c]
    if not filled:
        return None
    limit = min(len(text), cursor + _ROW_WINDOW + len(filled[0]))
    first = text.find(filled[0], cursor, limit)
    while first >= 0:
        spans: list[tuple[int, int] | None] = []
        position = first
        for cell in cleaned:
            if not cell:
                spans.append(None)
                continue
            at = _after_separators(text, position) if any(spans) else position
            if not text.startswith(cell, at) or text[at + len(cell) : at + len(cell) + 1].isalnum():
                break
            spans.append((at, at + len(cell)))
            position = at + len(cell)
        else:
            located = [s for s in spans if s]
            return TableRow(located[0][0], located[-1][1], tuple(cleaned), tuple(spans))
        first = text.find(filled[0], first + 1, limit)
    return None


def table_rows(page: PageText, text: str) -> list[list[TableRow | None]]:
    """Each table of `page`, its rows located in `text` (the page's matching text) or None."""
    located: list[list[TableRow | None]] = []
    cursor, budget = 0, MAX_ROWS
    for table in page.tables:
        rows: list[TableRow | None] = []
        for cells in table[:budget]:
            row = _locate(text, cells, cursor)
            if row is not None:
                cursor = row.end
            rows.append(row)
        budget -= len(rows)
        located.append(rows)
    return located


def row_of(rows: Sequence[Sequence[TableRow | None]], start: int, end: int) -> TableRow | None:
    return next((row for table in rows for row in table if row is not None and row.holds(start, end)), None)


def _blank_column_labels(table: Sequence[Sequence[str]], rows: Sequence[TableRow | None]) -> list[tuple[int, int]]:
    """Spans of the header cells whose column every entry leaves empty, when some entry is filled:
    the header is the first row of two cells or more, the entries the rows below it."""
    header_index = next((i for i, cells in enumerate(table) if sum(1 for c in cells if (c or "").strip()) >= 2), None)
    header = rows[header_index] if header_index is not None and header_index < len(rows) else None
    if header is None:
        return []
    entries = [cells for cells in table[header_index + 1 :] if any((c or "").strip() for c in cells)]
    if not entries:
        return []
    return [
        span
        for column, span in enumerate(header.spans)
        if span is not None and not any(column < len(cells) and (cells[column] or "").strip() for cells in entries)
    ]


def without_blank_column_labels(documents: Sequence[DocumentMatches]) -> list[DocumentMatches]:
    """The documents with no match lying in the header of a column its table's entries leave empty."""
    return [_document_without(document) for document in documents]


def _document_without(document: DocumentMatches) -> DocumentMatches:
    pages = []
    changed = False
    for page, matches in zip(document.document.pages, document.pages):
        if not page.tables:
            pages.append(matches)
            continue
        located = table_rows(page, matches.text)
        blank = [span for table, rows in zip(page.tables, located) for span in _blank_column_labels(table, rows)]
        if not blank:
            pages.append(matches)
            continue
        hits = {
            key: [(s, e) for s, e in spans if not any(b <= s and e <= f for b, f in blank)]
            for key, spans in matches.hits.items()
        }
        changed = True
        pages.append(PageMatches(matches.number, matches.text, {k: v for k, v in hits.items() if v}))
    return replace(document, pages=tuple(pages)) if changed else document
