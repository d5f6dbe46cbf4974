"""Resolved document blocks and one line-layout routine shared by the native-PDF and the scan renderers.

Both renderers place the same text the same way; only the surface differs (reportlab canvas in points,
Pillow image at 300 dpi). Keeping the layout in one place means a scanned page and its native twin
carry exactly the same words, which is what makes the OCR cost comparable across documents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Protocol, Union

PAGE_WIDTH_PT = 595.0
PAGE_HEIGHT_PT = 842.0
MARGIN_PT = 56.0
BODY_SIZE = 10.0
HEADING_SIZE = 12.5
LINE_FACTOR = 1.35


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # (row, column) cells that a scan shows with a handwritten mark (signatures)
    sign_cells: frozenset[tuple[int, int]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Para, Bullets, Table, PageBreak]


class Surface(Protocol):
    """A page-oriented drawing target, in points, origin at the top-left corner."""

    def text_width(self, text: str, size: float, bold: bool) -> float: ...
    def text(self, x: float, y: float, text: str, size: float, bold: bool) -> None: ...
    def line(self, x1: float, y1: float, x2: float, y2: float) -> None: ...
    def signature(self, x: float, y: float, width: float, height: float, rng: random.Random) -> None: ...
    def new_page(self) -> None: ...


def wrap(surface: Surface, text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap; a word longer than the line stays whole (it overflows a little, like real documents)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and surface.text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


class _Cursor:
    def __init__(self, surface: Surface) -> None:
        self.surface = surface
        self.y = MARGIN_PT
        self.pages = 1

    def need(self, height: float) -> None:
        if self.y + height > PAGE_HEIGHT_PT - MARGIN_PT:
            self.break_page()

    def break_page(self) -> None:
        self.surface.new_page()
        self.y = MARGIN_PT
        self.pages += 1


def lay_out(surface: Surface, blocks: list[Block], rng: random.Random) -> int:
    """Draw `blocks` on `surface`, adding pages as needed; returns the number of pages."""
    cursor = _Cursor(surface)
    width = PAGE_WIDTH_PT - 2 * MARGIN_PT
    body_line = BODY_SIZE * LINE_FACTOR
    for block in blocks:
        if isinstance(block, PageBreak):
            cursor.break_page()
        elif isinstance(block, Heading):
            lines = wrap(surface, block.text, width, HEADING_SIZE, bold=True)
            cursor.need(len(lines) * HEADING_SIZE * LINE_FACTOR + body_line * 2)
            cursor.y += 4
            for line in lines:
                cursor.y += HEADING_SIZE * LINE_FACTOR
                surface.text(MARGIN_PT, cursor.y, line, HEADING_SIZE, True)
            cursor.y += 4
        elif isinstance(block, Para):
            _paragraph(surface, cursor, block.text, MARGIN_PT, width)
            cursor.y += 3
        elif isinstance(block, Bullets):
            for item in block.items:
                cursor.need(body_line)
                surface.text(MARGIN_PT + 6, cursor.y + body_line, "•", BODY_SIZE, False)
                _paragraph(surface, cursor, item, MARGIN_PT + 18, width - 18)
            cursor.y += 3
        else:
            _table(surface, cursor, block, width, rng)
    return cursor.pages


def _paragraph(surface: Surface, cursor: _Cursor, text: str, x: float, width: float) -> None:
    line_height = BODY_SIZE * LINE_FACTOR
    for line in wrap(surface, text, width, BODY_SIZE):
        cursor.need(line_height)
        cursor.y += line_height
        surface.text(x, cursor.y, line, BODY_SIZE, False)


def _column_widths(table: Table, width: float) -> list[float]:
    # The first column holds labels and names: give it twice the share of the others.
    count = len(table.header)
    shares = [2.0] + [1.0] * (count - 1)
    return [width * share / sum(shares) for share in shares]


def _table(surface: Surface, cursor: _Cursor, table: Table, width: float, rng: random.Random) -> None:
    widths = _column_widths(table, width)
    line_height = BODY_SIZE * LINE_FACTOR
    padding = 4.0
    all_rows = [(table.header, True)] + [(row, False) for row in table.rows]
    has_signatures = bool(table.sign_cells)
    for row_index, (row, is_header) in enumerate(all_rows):
        cells = [wrap(surface, cell, w - 2 * padding, BODY_SIZE, is_header) for cell, w in zip(row, widths)]
        min_height = 2.6 * line_height if has_signatures and not is_header else line_height
        height = max(min_height, max(len(lines) for lines in cells) * line_height) + 2 * padding
        cursor.need(height)
        top = cursor.y
        x = MARGIN_PT
        surface.line(MARGIN_PT, top, MARGIN_PT + width, top)
        for column, (lines, w) in enumerate(zip(cells, widths)):
            for number, line in enumerate(lines, start=1):
                surface.text(x + padding, top + padding + number * line_height - 2, line, BODY_SIZE, is_header)
            if (row_index - 1, column) in table.sign_cells:
                surface.signature(x + padding, top + padding, w - 2 * padding, height - 2 * padding, rng)
            surface.line(x, top, x, top + height)
            x += w
        surface.line(x, top, x, top + height)
        surface.line(MARGIN_PT, top + height, MARGIN_PT + width, top + height)
        cursor.y = top + height
    cursor.y += 6
