"""Printed checkboxes on an OCR'd page, told ticked or empty by their pixels.

Tesseract reads a box as whatever letters it resembles (« CI », « C1 », « [] », « 0 ») and a ticked
one as others (« px », « Q », « X »): the two cannot be told apart from the text. The word's box on
the page can: a checkbox is a square outline, and a tick leaves ink inside it. Such words become
« ☐ » and « ☒ », the characters a native document prints, so that one reader serves both.
"""

from __future__ import annotations

import numpy as np

EMPTY_BOX = "☐"
TICKED_BOX = "☒"
# A box read as a word is a short token; longer words are text even when square.
MAX_TOKEN_CHARS = 4
# Sides of a checkbox relative to each other, and in pixels (about 2-8 mm at 150-300 dpi).
MAX_ASPECT = 1.45
MIN_SIDE_PX = 12
MAX_SIDE_PX = 120
DARK = 128
# A side of the outline: the share of its length with ink in the band along it, and on its best single
# row or column (a ruled line, where two digits side by side leave a gap and curves fall short).
MIN_SIDE_COVERAGE = 0.9
MIN_SIDE_LINE = 0.85
# Ink inside the outline, as a share of the inner area: an empty box has next to none, a tick some.
MAX_EMPTY_INK = 0.04
MIN_TICKED_INK = 0.10
# A box coloured in; and the thickest a side's line may be, as a share of the side.
MIN_FILLED_INK = 0.8
MAX_BORDER = 0.2
# Ink in the ring around a box: neighbouring letters take some, a dark band all of it.
MAX_SURROUNDING_INK = 0.5


def box_mark(page: np.ndarray, left: int, top: int, width: int, height: int) -> str | None:
    """« ☒ » or « ☐ » when the word box (`left`, `top`, `width`, `height` in pixels of `page`, a
    greyscale array) holds a checkbox; None when it is text, or a box whose inside is neither clean
    nor clearly marked."""
    if not _box_shaped(width, height):
        return None
    margin = 2
    crop = page[max(0, top - margin) : top + height + margin, max(0, left - margin) : left + width + margin]
    ink = crop < DARK
    if _surroundings_inked(page, left, top, width, height):
        return None  # light text on a dark band: each letter's box is dark all round
    rows, columns = np.nonzero(ink)
    if rows.size == 0:
        return None
    ink = ink[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    side_height, side_width = ink.shape
    if not _box_shaped(side_width, side_height):
        return None
    band = max(2, round(0.18 * min(side_height, side_width)))
    sides = (ink[:band, :], ink[-band:, :], ink[:, :band].T, ink[:, -band:].T)  # each as rows along the side
    corners = (ink[:band, :band], ink[:band, -band:], ink[-band:, :band], ink[-band:, -band:])
    # A square's corners are inked; an « O » or a « 0 » read alone has none.
    if not all(_ruled(side) for side in sides) or not all(corner.any() for corner in corners):
        return None
    inside = ink[band + 1 : -band - 1, band + 1 : -band - 1]
    if inside.size == 0:
        return None
    share = float(inside.mean())
    if share >= MIN_FILLED_INK:
        return TICKED_BOX
    # A box's sides are thin lines at its edges; the stems of « II » in a bold serif are thick, and
    # stand back from the serifs' ends.
    middle_rows, middle_columns = (
        ink[side_height // 3 : -(side_height // 3) or None],
        ink[:, side_width // 3 : -(side_width // 3) or None].T,
    )
    strokes = (
        _median_stroke(middle_rows, band),
        _median_stroke(middle_rows[:, ::-1], band),
        _median_stroke(middle_columns, band),
        _median_stroke(middle_columns[:, ::-1], band),
    )
    if min(strokes) == 0 or max(strokes) > MAX_BORDER * min(side_height, side_width):
        return None
    return _mark_of_inside(share)


def crossing_mark(page: np.ndarray, x: float, y: float, side: float) -> str | None:
    """« ☒ » or « ☐ » for the box a form's grid has at (`x`, `y`), centre in pixels of `page` (a
    greyscale array), `side` pixels wide, from the ink inside its outline alone: where a tick drawn
    past the box's sides made OCR read a word, the outline cannot be measured. None when the ink
    there is neither next to none nor a tick's."""
    band = max(2, round(0.18 * side))
    inner = side / 2 - band - 1
    if inner < 2:
        return None
    top, left = max(0, round(y - inner)), max(0, round(x - inner))
    inside = page[top : round(y + inner), left : round(x + inner)] < DARK
    return _mark_of_inside(float(inside.mean())) if inside.size else None


def _mark_of_inside(share: float) -> str | None:
    """What a box's inked share of its inside says: empty, ticked, or neither clearly."""
    if share <= MAX_EMPTY_INK:
        return EMPTY_BOX
    return TICKED_BOX if share >= MIN_TICKED_INK else None


# A ruled table's column border: ink down at least this share of a row of text crossing it.
MIN_RULING_COVERAGE = 0.9
# A hand's tick in a ruled cell, as a share of the cell's inside: a cross or a check mark inks about 3 %
# of a 3 cm wide cell. A row's other cells are empty when they hold at most a quarter of its most inked
# cell's share (a scan's speckles, a stroke past the border), ticked too when at least half.
MIN_TICKED_CELL_INK = 0.01
EMPTY_CELL_SHARE = 0.25
TICKED_CELL_SHARE = 0.5


Ruling = tuple[int, int]  # a ruled line across the page, as its first and last pixel


def column_rulings(page: np.ndarray, top: int, bottom: int) -> list[Ruling]:
    """The ruled lines crossing a band of rows of `page` from top to bottom (a table's column
    borders), as their first and last x."""
    band = page[max(0, top) : bottom] < DARK
    return _runs(np.flatnonzero(band.mean(axis=0) >= MIN_RULING_COVERAGE)) if band.size else []


# A ruled table's row border: ink along at least this share of the table's width.
MIN_ROW_BORDER_COVERAGE = 0.8


def row_borders(page: np.ndarray, left: int, right: int, top: int = 0, bottom: int | None = None) -> list[Ruling]:
    """The lines ruled across `left`..`right` (a table's row borders), between `top` and `bottom`
    (the whole page by default), as their first and last y."""
    top = max(0, top)
    inked = (page[top:bottom, max(0, left) : right] < DARK).mean(axis=1)
    return _runs(np.flatnonzero(inked >= MIN_ROW_BORDER_COVERAGE) + top)


def _runs(indices: np.ndarray) -> list[Ruling]:
    """Consecutive pixel indices grouped: a line a few pixels thick is one ruling."""
    if not indices.size:
        return []
    breaks = np.flatnonzero(np.diff(indices) > 1)
    starts, ends = np.concatenate(([indices[0]], indices[breaks + 1])), np.concatenate((indices[breaks], [indices[-1]]))
    return [(int(start), int(end)) for start, end in zip(starts, ends, strict=True)]


def cell_marks(page: np.ndarray, cells: list[tuple[int, int, int, int]]) -> list[str] | None:
    """« ☒ » or « ☐ » for each of a row's ruled cells (insides as `left`, `top`, `right`, `bottom`
    in pixels), by its ink against the row's most inked cell; None when no cell holds a tick's ink,
    or one holds ink between an empty cell's and a tick's."""
    shares = []
    for left, top, right, bottom in cells:
        inside = page[max(0, top) : bottom, max(0, left) : right] < DARK
        if not inside.size:
            return None
        shares.append(float(inside.mean()))
    most = max(shares, default=0.0)
    if most < MIN_TICKED_CELL_INK:
        return None
    if any(EMPTY_CELL_SHARE * most < share < TICKED_CELL_SHARE * most for share in shares):
        return None
    return [TICKED_BOX if share >= TICKED_CELL_SHARE * most else EMPTY_BOX for share in shares]


def _ruled(band: np.ndarray) -> bool:
    """Whether a band along a side (rows parallel to it) holds a ruled line."""
    return float(band.any(axis=0).mean()) >= MIN_SIDE_COVERAGE and float(band.mean(axis=1).max()) >= MIN_SIDE_LINE


def _surroundings_inked(page: np.ndarray, left: int, top: int, width: int, height: int) -> bool:
    """Whether the ring around a word's box is mostly ink, as around a letter printed light on dark."""
    ring = max(3, min(width, height) // 4)
    outer = page[max(0, top - ring) : top + height + ring, max(0, left - ring) : left + width + ring] < DARK
    inner = page[max(0, top) : top + height, max(0, left) : left + width] < DARK
    around = outer.size - inner.size
    return around > 0 and (int(outer.sum()) - int(inner.sum())) / around > MAX_SURROUNDING_INK


def _median_stroke(lines: np.ndarray, band: int) -> float:
    """Median width of the first run of ink along the lines of pixels (rows of `lines`), when it starts
    within `band` of their start (0 when it does not): a side's width, measured along its middle third
    (a scanned line breaks at a pixel, and a page's residual tilt moves it by one or two)."""
    widths = []
    for line in lines:
        inked = np.flatnonzero(line[:band])
        if not inked.size:
            widths.append(0)
            continue
        blank = np.flatnonzero(~line[inked[0] :])
        widths.append(int(blank[0]) if blank.size else line.size - int(inked[0]))
    return float(np.median(widths)) if widths else 0.0


def is_box_token(word: str) -> bool:
    return 0 < len(word) <= MAX_TOKEN_CHARS


def _box_shaped(width: int, height: int) -> bool:
    if not (MIN_SIDE_PX <= width <= MAX_SIDE_PX and MIN_SIDE_PX <= height <= MAX_SIDE_PX):
        return False
    return max(width, height) / min(width, height) <= MAX_ASPECT
