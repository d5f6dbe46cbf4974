"""Reading order of two-column pages from the positions of text runs.

pdfium returns text in content-stream order. Most generators write a column after the other, but
some (newsletters, DTP tools, PDFs rebuilt from scans) write both columns line by line, which
interleaves the columns. When a page's body clearly has two columns, the page is cut into
regions read top to bottom: full-width runs (titles, footers) as they come, and between them the
left column then the right column.

A page is called two-column only when a vertical gutter in the middle of the text area is crossed by
no column run, and both sides hold several lines of real width side by side: a form of short labels
and values (« Nom : … ») keeps its lines, since field extraction reads labels and values together.
"""

from __future__ import annotations

from statistics import median

import numpy as np

Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, origin bottom-left)

# Where the gutter may be: the middle band of the text area.
GUTTER_BAND = (0.3, 0.7)
MIN_GUTTER_POINTS = 8.0
GUTTER_STEP = 1.0
# Runs crossing the gutter (titles, centred footers) may be at most this share of the page's runs.
MAX_SPANNING_SHARE = 0.2
MIN_SPANNING_ALLOWED = 2
MIN_LINES_PER_COLUMN = 4
# Columns of prose: each is a good share of the text area, and its typical line fills most of it
# (a column of form labels or of short values does not).
MIN_COLUMN_SHARE = 0.3
MIN_COLUMN_FILL = 0.55
MIN_VERTICAL_OVERLAP = 0.5
MAX_RUNS = 20_000


def reading_order_regions(rects: list[Rect], page_width: float, page_height: float) -> list[Rect] | None:
    """Regions (left, bottom, right, top) in reading order, or None when the page is not two-column."""
    if len(rects) < 2 * MIN_LINES_PER_COLUMN or len(rects) > MAX_RUNS:
        return None
    x_min = min(rect[0] for rect in rects)
    x_max = max(rect[2] for rect in rects)
    text_width = x_max - x_min
    if text_width <= 0:
        return None
    gutter = _find_gutter(rects, x_min, text_width)
    if gutter is None:
        return None
    left = [rect for rect in rects if rect[2] <= gutter]
    right = [rect for rect in rects if rect[0] >= gutter]
    if not _is_column_pair(left, right, gutter, text_width):
        return None
    spanning = sorted((rect for rect in rects if rect[0] < gutter < rect[2]), key=lambda rect: -rect[3])
    # Region edges a point beyond every run, whatever the page's origin.
    bounds = (
        min(0.0, x_min) - 1,
        min(0.0, min(rect[1] for rect in rects)) - 1,
        max(page_width, x_max) + 1,
        max(page_height, max(rect[3] for rect in rects)) + 1,
    )
    return _regions(spanning, gutter, bounds)


def _find_gutter(rects: list[Rect], x_min: float, text_width: float) -> float | None:
    """Middle of the widest stretch of the middle band crossed by only a few runs (titles, centred
    footers: a small share of the page's runs)."""
    band = np.arange(x_min + GUTTER_BAND[0] * text_width, x_min + GUTTER_BAND[1] * text_width, GUTTER_STEP)
    if band.size == 0:
        return None
    starts = np.array([rect[0] for rect in rects])[:, None]
    ends = np.array([rect[2] for rect in rects])[:, None]
    crossing = ((starts < band) & (ends > band)).sum(axis=0)
    allowed = max(MIN_SPANNING_ALLOWED, MAX_SPANNING_SHARE * len(rects))
    best_start, best_length, start = 0, 0, None
    for index, is_gap in enumerate(np.append(crossing <= allowed, False)):
        if is_gap and start is None:
            start = index
        elif not is_gap and start is not None:
            if index - start > best_length:
                best_start, best_length = start, index - start
            start = None
    if best_length * GUTTER_STEP < MIN_GUTTER_POINTS:
        return None
    return float(band[best_start] + (best_length - 1) * GUTTER_STEP / 2)


def _is_column_pair(left: list[Rect], right: list[Rect], gutter: float, text_width: float) -> bool:
    if len(left) < MIN_LINES_PER_COLUMN or len(right) < MIN_LINES_PER_COLUMN:
        return False
    left_width = gutter - min(rect[0] for rect in left)
    right_width = max(rect[2] for rect in right) - gutter
    if min(left_width, right_width) < MIN_COLUMN_SHARE * text_width:
        return False
    left_fill = median(rect[2] - rect[0] for rect in left) / left_width
    right_fill = median(rect[2] - rect[0] for rect in right) / right_width
    if min(left_fill, right_fill) < MIN_COLUMN_FILL:
        return False
    overlap = min(max(r[3] for r in left), max(r[3] for r in right)) - max(min(r[1] for r in left), min(r[1] for r in right))
    shorter = min(max(r[3] for r in side) - min(r[1] for r in side) for side in (left, right))
    return shorter > 0 and overlap / shorter >= MIN_VERTICAL_OVERLAP


def _regions(spanning: list[Rect], gutter: float, bounds: Rect) -> list[Rect]:
    x_lo, y_lo, x_hi, top = bounds
    regions: list[Rect] = []
    for rect in spanning:
        if rect[3] < top:
            regions.append((x_lo, rect[3], gutter, top))
            regions.append((gutter, rect[3], x_hi, top))
        regions.append((x_lo, rect[1], x_hi, min(rect[3], top)))
        top = min(top, rect[1])
    regions.append((x_lo, y_lo, gutter, top))
    regions.append((gutter, y_lo, x_hi, top))
    return regions
