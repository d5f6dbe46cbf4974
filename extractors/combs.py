"""Rows of boxes printed one per character (« peignes »), replaced by their characters before OCR.

Paper forms such as the cerfa 10443 print the NDA and the SIRET in a comb: a row of adjacent boxes,
one digit in each. Tesseract reads the box sides as characters (« [1|1|7|5… », « 9[9la[ »), and a
number read that way is lost. A comb is found by its geometry alone: two long ruled lines, one above
the other at about a character's height, joined by at least `MIN_CELLS` + 1 evenly spaced sides.
The comb is painted the colour of the paper and its characters are set back side by side, as a
number is printed: spread one per box, Tesseract doubled or dropped some digits.

Separate checkboxes (each with its own sides, gaps between them) and the cells of a table (uneven or
wide) are not combs and are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DARK = 128
MIN_CELLS = 6
# A comb's cells, in millimetres: from small print to a hand-filled form.
MIN_CELL_MM = 2.5
MAX_CELL_MM = 10.0
# A cell is about as wide as it is high.
MIN_WIDTH_TO_HEIGHT = 0.45
MAX_WIDTH_TO_HEIGHT = 1.6
# Sides: the share of a column's pixels between the two lines that are ink; spacing regularity.
MIN_SIDE_INK = 0.8
# A side's blurred edge on a photo still inks this share of the column.
SIDE_EDGE_INK = 0.3
MAX_SPACING_DEVIATION = 0.25
# A row of a comb's top or bottom line: this share of the comb's width in ink.
MIN_RULED_ROW_INK = 0.5
# Detection runs on a copy reduced this many times (a 300 dpi page's lines stay 1-2 pixels thick),
# unless the page is of low resolution already.
REDUCTION = 2
MIN_DPI_TO_REDUCE = 250


@dataclass(frozen=True)
class Comb:
    """In pixels of the page: the rows of its top and bottom lines, its left and right ends, and the
    centre of each side."""

    top: int
    bottom: int
    left: int
    right: int
    sides: tuple[int, ...]


def erase_combs(pixels: np.ndarray, dpi: float) -> np.ndarray:
    """`pixels` (greyscale) with every comb replaced by its characters; `pixels` itself when there is
    none."""
    combs = find_combs(pixels < DARK, dpi)
    if not combs:
        return pixels
    cleaned = pixels.copy()
    for comb in combs:
        _pack_characters(cleaned, comb, margin=max(2, round(dpi / 100)))
    return cleaned


def _pack_characters(pixels: np.ndarray, comb: Comb, margin: int) -> None:
    """Replaces the comb, in place, by its characters set side by side at a printed word's spacing."""
    top, bottom = max(0, comb.top - margin), comb.bottom + margin + 1
    spacing = (comb.sides[-1] - comb.sides[0]) / (len(comb.sides) - 1)
    # The outer sides may be lost in the lines' ends: the comb's ends stand in for them.
    bounds = [
        *([comb.left] if comb.sides[0] - comb.left > spacing / 2 else []),
        *comb.sides,
        *([comb.right] if comb.right - comb.sides[-1] > spacing / 2 else []),
    ]
    region = pixels[top:bottom, max(0, comb.left - margin) : comb.right + margin + 1]
    paper = region[region >= DARK]
    first, last = _inside_rows(pixels[top:bottom, comb.left : comb.right + 1] < DARK)
    glyphs = []
    for left, right in zip(bounds, bounds[1:]):
        cell = _without_sides(pixels[top + first : top + last, left:right])
        # A glyph's columns hold a stroke, not a speck of grain.
        inked = np.flatnonzero((cell < DARK).sum(axis=0) >= max(2, cell.shape[0] // 10))
        if inked.size:
            glyphs.append(cell[:, inked[0] : inked[-1] + 1].copy())
    # Painted the colour of the paper around: a white patch on a grey scan reads as a box.
    region[:] = int(np.median(paper)) if paper.size else 255
    gap = max(2, (comb.bottom - comb.top) // 6)
    x = comb.left
    for glyph in glyphs:
        height, width = glyph.shape
        pixels[top + first : top + first + height, x : x + width] = glyph
        x += width + gap


def _without_sides(cell: np.ndarray) -> np.ndarray:
    """A box's inside: the columns of its two sides, blurred edges included, cut off (a side inks a
    column from top to bottom, a character standing in the middle of its box does not)."""
    inked = (cell < DARK).mean(axis=0)
    start, end = 0, inked.size
    while start < end and inked[start] >= SIDE_EDGE_INK:
        start += 1
    while end > start and inked[end - 1] >= SIDE_EDGE_INK:
        end -= 1
    return cell[:, start:end]


def _inside_rows(band: np.ndarray) -> tuple[int, int]:
    """The rows between a comb's top and bottom lines (rows mostly ink across the comb), from a
    band that holds both."""
    ruled = np.flatnonzero(band.mean(axis=1) >= MIN_RULED_ROW_INK)
    middle = band.shape[0] // 2
    above, below = ruled[ruled < middle], ruled[ruled >= middle]
    first = int(above.max()) + 2 if above.size else 0
    last = int(below.min()) - 1 if below.size else band.shape[0]
    return first, max(first, last)


def find_combs(ink: np.ndarray, dpi: float) -> list[Comb]:
    """The combs of a page's ink map (True where dark), found on a reduced copy and placed at full
    resolution."""
    reduction = REDUCTION if dpi >= MIN_DPI_TO_REDUCE else 1
    small = _reduced(ink, reduction)
    scale = dpi / reduction
    cell_min, cell_max = (round(mm / 25.4 * scale) for mm in (MIN_CELL_MM, MAX_CELL_MM))
    lines = _ruled_lines(small, MIN_CELLS * cell_min)
    combs = []
    for upper_index, upper in enumerate(lines):
        for lower in lines[upper_index + 1 :]:
            height = lower.row - upper.row
            if height < cell_min:
                continue
            if height > cell_max:
                break
            left, right = max(upper.left, lower.left), min(upper.right, lower.right)
            if right - left < MIN_CELLS * height * MIN_WIDTH_TO_HEIGHT:
                continue
            sides = _even_sides(small[upper.row : lower.row + 1, left : right + 1], height)
            if sides:
                combs.append(
                    Comb(
                        top=upper.row * reduction,
                        bottom=lower.row * reduction + reduction - 1,
                        left=left * reduction,
                        right=right * reduction + reduction - 1,
                        sides=tuple((left + side) * reduction + reduction // 2 for side in sides),
                    )
                )
    return combs


def _reduced(ink: np.ndarray, reduction: int) -> np.ndarray:
    """Any ink in each block of `reduction` × `reduction` pixels."""
    if reduction == 1:
        return ink
    height, width = (size - size % reduction for size in ink.shape)
    reduced = np.zeros((height // reduction, width // reduction), dtype=bool)
    for row in range(reduction):
        for column in range(reduction):
            reduced |= ink[row:height:reduction, column:width:reduction]
    return reduced


@dataclass(frozen=True)
class _Line:
    row: int
    left: int
    right: int


def _ruled_lines(ink: np.ndarray, min_length: int) -> list[_Line]:
    """Horizontal runs of ink at least `min_length` long, one per line (its middle row when it is
    several rows thick), top to bottom."""
    # A line left a little tilted by the straightening steps from one row to the next: each row is
    # looked at with its neighbours.
    ink = ink.copy()
    ink[1:-1] |= ink[:-2] | ink[2:]
    # Rows holding `min_length` consecutive pixels nearly all ink, found with running sums (a Python
    # loop over every row cost a tenth of a second a page).
    running = np.cumsum(ink, axis=1, dtype=np.int32)
    window = running[:, min_length - 1 :] - np.pad(running, ((0, 0), (1, 0)))[:, : running.shape[1] - min_length + 1]
    groups: list[list[tuple[int, int, int]]] = []  # (row, left, right) of the rows of one line
    for row in np.flatnonzero((window >= min_length - 2).any(axis=1)).tolist():
        for left, right in _runs(ink[row]):
            if right - left < min_length:
                continue
            group = next((g for g in groups if row - g[-1][0] <= 1 and left < g[-1][2] and g[-1][1] < right), None)
            if group is None:
                groups.append([(row, left, right)])
            else:
                group.append((row, left, right))
    lines = [
        _Line(round(sum(r for r, _, _ in g) / len(g)), min(l for _, l, _ in g), max(r for _, _, r in g) - 1)
        for g in groups
    ]
    return sorted(lines, key=lambda line: line.row)


def _runs(row: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True, end excluded; a one-pixel break does not end a run."""
    bridged = row.copy()
    bridged[1:-1] |= row[:-2] & row[2:]
    padded = np.concatenate(([False], bridged, [False]))
    changes = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(changes[::2].tolist(), changes[1::2].tolist(), strict=True))


def _even_sides(band: np.ndarray, height: int) -> tuple[int, ...] | None:
    """The columns of the sides joining a band's two lines, when there are enough of them, evenly
    spaced by about a cell's height."""
    inner = band[1:-1] if band.shape[0] > 2 else band
    columns = inner.mean(axis=0) >= MIN_SIDE_INK
    sides = [(start + end - 1) // 2 for start, end in _runs(columns)]
    if len(sides) < MIN_CELLS + 1:
        return None
    gaps = np.diff(sides)
    spacing = float(np.median(gaps))
    if not MIN_WIDTH_TO_HEIGHT * height <= spacing <= MAX_WIDTH_TO_HEIGHT * height:
        return None
    if np.abs(gaps - spacing).max() > MAX_SPACING_DEVIATION * spacing:
        return None
    return tuple(sides)
