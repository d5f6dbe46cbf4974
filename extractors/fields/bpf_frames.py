"""Frames of the BPF read as rows of numbers, and the sums the form implies.

A frame (C, F-1, F-3, F-4) is the run of lines between its heading and the next frame's. Each line
ending in numbers is a row. The form's arithmetic — a frame's total is the sum of its rows — finds a
total whose label is unusual or missing (the row equal to the sum of the rows above it), chooses
between readings of an OCR'd number (« 131   900 » is 131 900 when the rows add up to it) and says
whether the check held, failed or could not be made.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from extractors.fields.lines import Line
from extractors.fields.numbers import repair_digits
from extractors.fields.rules import FrameBounds
from extractors.text_normalize import compile_phrase, fold, unify_spaces

CheckStatus = Literal["held", "failed", "not_made"]
Reading = tuple[float, ...]
ReadRow = Callable[[str], list[Reading]]

# A token of the numbers that end a row: digits with their separators, a currency, dotted leaders.
_NUMERIC_TOKEN = re.compile(r"^(?:[\d.,]*\d[\d.,]*€?|€|eur|euros?|[.…]{2,})$", re.IGNORECASE)
# A vertical rule read by OCR between or after cells: « a. Salariés | 412 | 3 296 | ».
_OCR_CELL_BORDER = re.compile(r"\s*\|\s*")
# Euro amounts are rounded to the cent at most: closer than this, two sums are the same.
_TOLERANCE = 0.005
# Rows of several values that make a frame of several columns (fewer may be a wrapped label's).
MIN_VALUE_COLUMN_ROWS = 3
_YEAR = re.compile(r"(?<![\d.,])(?<!\d )(?:19|20)\d{2}(?!\d|[.,]\d)")


# The form's line numbering at the start of a label: « 2 », « 2. », « 2.e », « 2 e) », « 2e. ».
_LINE_NUMBER = re.compile(r"^\W*(\d{1,2})(?:\s*[.\-]?\s*([a-h])\b)?(?=\W|$)")


@dataclass(frozen=True)
class Row:
    readings: tuple[Reading, ...]  # most likely first
    labelled_total: bool  # a total or subtotal by its label: never added to a sum
    line: tuple[str, str] | None = None  # the form's line number and sub-line letter (« 2 », « e »)


@dataclass(frozen=True)
class FrameTotal:
    total: Reading | None
    status: CheckStatus  # of « total = sum of the rows »
    rows_sum: Reading | None = None  # what the rows add up to, when there are rows
    printed: tuple[Reading, ...] = ()  # every reading of the printed total, most likely first
    columns_undecided: bool = False  # the frame prints columns of values none of which is known to be the year's

    @property
    def rank(self) -> int:
        """Which of two readings of a frame (text layer, table cells) to keep: held, then read, then none."""
        return {"held": 2, "failed": 1, "not_made": 1 if self.total else 0}[self.status]


NO_TOTAL = FrameTotal(total=None, status="not_made")
UNDECIDED_COLUMNS = FrameTotal(total=None, status="not_made", columns_undecided=True)


def split_row(source: str) -> tuple[str, str]:
    """A line as (label, trailing numbers): « b. Apprentis   12   840 » -> (« b. Apprentis », « 12   840 »).

    Numbers glued to a word (« F-1 », « (1) ») belong to the label. In a row of cells (a spreadsheet's,
    tab-separated), cells without digits after the numbers are a remark or a unit (« HT », « OK »,
    « voir annexe »), not the label. A scan's ruled table comes out of OCR with its borders as « | »:
    they separate cells too."""
    source = _OCR_CELL_BORDER.sub("\t", source)
    if "\t" in source:
        cells = source.rstrip().split("\t")
        while len(cells) > 1 and not any(c.isdigit() for c in cells[-1]):
            cells.pop()
        source = "\t".join(cells)
    parts = re.split(r"(\s+)", repair_digits(unify_spaces(source)))
    cut = len(parts)
    while cut > 0 and (not parts[cut - 1].strip() or _NUMERIC_TOKEN.match(parts[cut - 1])):
        cut -= 1
    numbers = "".join(parts[cut:])
    if not any(c.isdigit() for c in numbers):
        return source, ""
    return "".join(parts[:cut]), numbers


def matches(text: str, phrases: Sequence[str]) -> bool:
    return any(compile_phrase(phrase).search(text) for phrase in phrases)


def frame_lines(lines: Sequence[Line], bounds: FrameBounds, with_heading: bool = False) -> list[Line]:
    """The lines of a frame, heading excluded unless asked; none when the heading is not found."""
    start = next((i for i, line in enumerate(lines) if matches(line.text, bounds.starts)), None)
    if start is None:
        return []
    end = next((i for i in range(start + 1, len(lines)) if matches(lines[i].text, bounds.ends)), len(lines))
    return list(lines[start if with_heading else start + 1 : end])


@dataclass(frozen=True)
class ValueColumns:
    """The columns of values a frame prints: the form's one, or more (another year's, a corrected
    return's), with the one to read; `chosen` None when nothing tells which."""

    count: int = 1
    chosen: int | None = 0

    @property
    def undecided(self) -> bool:
        return self.chosen is None


def value_columns(
    heading_and_lines: Sequence[Line],
    per_row: Callable[[str], int],
    year: int | None,
    other_years: Sequence[str],
    corrected: Sequence[str],
) -> ValueColumns:
    """How many values the frame's rows hold (`per_row` counts them in a row's numbers), read from
    the headings above its first row: the column headed by the fiscal `year`, else the last when a
    heading says corrected, else none. Headings naming another year (« N-1 ») over rows whose values
    cannot be counted leave the frame undecided too: which of their numbers are the year's is not
    known."""
    numbers = [split_row(line.source)[1] for line in heading_and_lines]
    counts = [per_row(found) for found in numbers]
    several = [index for index, count in enumerate(counts) if count >= 2]
    if len(several) < MIN_VALUE_COLUMN_ROWS:
        # Years alone are a heading's (« Exercice 2025 | 2024 »), not a row's values.
        first_row = next(
            (index for index, found in enumerate(numbers) if index and re.search(r"\d", _YEAR.sub("", found))),
            len(numbers),
        )
        headings = " ".join(line.text for line in heading_and_lines[:first_row])
        other_year = matches(headings, other_years) or any(found != year for found in _years(headings))
        return ValueColumns(chosen=None) if year and other_year else ValueColumns()
    headings = " ".join(line.text for line in heading_and_lines[: several[0]])
    count = max({counts[index] for index in several}, key=counts.count)
    years = _years(headings)
    if year in years and len(years) == count:
        return ValueColumns(count, years.index(year))
    return ValueColumns(count, count - 1 if matches(headings, corrected) else None)


def _years(text: str) -> list[int]:
    return [int(found) for found in _YEAR.findall(text)]


def rows(lines: Sequence[Line], read: ReadRow, totals: Sequence[str], skipped: Sequence[str] = ()) -> list[Row]:
    """Rows of numbers, but those whose label holds one of the `skipped` phrases (details of a row).
    Numbers alone on their line take the label of the line above when it holds none (a long label
    wrapped, its value set on the next line)."""
    found = []
    label_above = ""
    for line in lines:
        label, numbers = split_row(line.source)
        label = fold(label)
        readings = read(numbers) if numbers else []
        if readings and not label.strip():
            label = label_above
        if readings and not matches(label, skipped):
            found.append(Row(readings=tuple(readings), labelled_total=matches(label, totals), line=_line_number(label)))
        label_above = "" if readings else label
    return found


def _line_number(label: str) -> tuple[str, str] | None:
    match = _LINE_NUMBER.match(label)
    return (match.group(1), match.group(2) or "") if match else None


def items(frame_rows: Sequence[Row]) -> list[Row]:
    return [row for row in frame_rows if not row.labelled_total]


def same_reading(a: Reading, b: Reading) -> bool:
    return len(a) == len(b) and all(abs(x - y) < _TOLERANCE for x, y in zip(a, b))


def _sum(readings: Sequence[Reading], width: int) -> Reading:
    return tuple(sum(r[k] for r in readings) for k in range(width))


def _item_sums(items: Sequence[Row], width: int) -> list[Reading]:
    """The sum of the rows' first readings, then the sums with one row read otherwise (one OCR slip),
    then the sum without the rows that are subtotals of their neighbours."""
    total, *without = _added_sums(items, width)
    slips = [
        tuple(t - f + o for t, f, o in zip(total, row.readings[0], other))
        for row in items
        for other in row.readings[1:]
    ]
    return [total, *slips, *without]


def without_subtotals(frame_rows: Sequence[Row]) -> list[Row]:
    """The rows but those that total others without saying so in a word: a line printed with the total
    of its sub-lines (frame C's line 2 over its lines 2.a–2.h, by the form's numbering) or equal to
    the sum of two or more rows right below or right above it. Added with its sub-lines, such a row
    would count them twice."""
    readings = [row.readings[0] for row in frame_rows]
    found: set[int] = set()
    for index, row in enumerate(frame_rows):
        if any(readings[index]) and (
            _totals_its_sub_lines(index, frame_rows) or _totals_its_neighbours(index, readings, found)
        ):
            found.add(index)
    return [row for index, row in enumerate(frame_rows) if index not in found]


def _totals_its_sub_lines(index: int, frame_rows: Sequence[Row]) -> bool:
    line = frame_rows[index].line
    if line is None or line[1]:
        return False
    subs = [row.readings[0] for row in frame_rows if row.line is not None and row.line[0] == line[0] and row.line[1]]
    reading = frame_rows[index].readings[0]
    return len(subs) >= 1 and same_reading(reading, _sum(subs, len(reading)))


def _totals_its_neighbours(index: int, readings: Sequence[Reading], found: set[int]) -> bool:
    reading = readings[index]
    for step in (1, -1):
        run_sum, run_length = (0.0,) * len(reading), 0
        cursor = index + step
        while 0 <= cursor < len(readings) and cursor not in found:
            run_sum = tuple(total + value for total, value in zip(run_sum, readings[cursor]))
            run_length += 1
            cursor += step
            if run_length >= 2 and same_reading(reading, run_sum):
                return True
    return False


def settle(items: Sequence[Row], printed: Sequence[Reading]) -> FrameTotal:
    """A printed total checked against its rows: the reading they add up to, else the first, contradicted."""
    if not printed:
        # A total row whose numbers OCR lost: the rows' sum is kept, for another frame to confirm.
        return FrameTotal(total=None, status="not_made", rows_sum=_rows_sum(items)) if items else NO_TOTAL
    if not items:
        return FrameTotal(total=printed[0], status="not_made")
    sums = _item_sums(items, len(printed[0]))
    for candidate in sums:
        for reading in [*printed, *_stray_first_digits(printed)]:
            if same_reading(reading, candidate):
                return FrameTotal(total=reading, status="held", rows_sum=candidate, printed=tuple(printed))
    # A total equal to one of several non-zero rows cannot be their total: the reading took a row's
    # value for it (OCR's reading order, a value on the next line). The rows' sum stands in.
    if _one_of_its_rows(printed[0], items):
        return FrameTotal(total=sums[0], status="failed", rows_sum=sums[0], printed=tuple(printed))
    # Nor can a total smaller than one of its rows (« 0 » read for « 131 900 »): no total then.
    if _below_one_of_its_rows(printed[0], items):
        return FrameTotal(total=None, status="failed", rows_sum=sums[0], printed=tuple(printed))
    return FrameTotal(total=printed[0], status="failed", rows_sum=sums[0], printed=tuple(printed))


def _stray_first_digits(printed: Sequence[Reading]) -> list[Reading]:
    """A printed total without its first digit: a mark before the amount (a cell border, a bracket, a
    currency sign) read by OCR as one more digit, « |131 900 » -> 1 131 900. Only the rows' sum can
    confirm such a reading: it is never reported otherwise."""
    variants = []
    for reading in printed:
        for k, value in enumerate(reading):
            whole = str(int(value))
            if len(whole) >= 2:
                shortened = int(whole[1:]) + (value - int(value))
                variants.append((*reading[:k], shortened, *reading[k + 1 :]))
    return variants


def _one_of_its_rows(total: Reading, items: Sequence[Row]) -> bool:
    nonzero = [row.readings[0] for row in items if any(row.readings[0])]
    return len(nonzero) >= 2 and any(same_reading(total, row) for row in nonzero)


def _below_one_of_its_rows(total: Reading, items: Sequence[Row]) -> bool:
    return any(
        row_value > total_value
        for row in items
        if not row.labelled_total
        for row_value, total_value in zip(row.readings[0], total, strict=False)
    )


def agreeing_total(frame: FrameTotal, others: Sequence[FrameTotal]) -> FrameTotal:
    """F-1's total must equal F-3's and F-4's. Without a total row, its lines' sum stands in when one
    of them prints the same total. When it differs and another reading of the printed total equals a
    total that its own rows confirm, that reading is the one (« 132 1 848 » is 132 trainees and 1 848
    hours, not 1 and 848, whatever one misread row added up to)."""
    if frame.total is None:
        printed = [other.total for other in others if other.total is not None]
        if frame.rows_sum is not None and any(same_reading(frame.rows_sum, total) for total in printed):
            return FrameTotal(total=frame.rows_sum, status="not_made", rows_sum=frame.rows_sum)
        return frame
    confirmed = [other.total for other in others if other.status == "held" and other.total is not None]
    if not confirmed or any(same_reading(frame.total, total) for total in confirmed):
        return frame
    for reading in frame.printed:
        if any(same_reading(reading, total) for total in confirmed):
            return FrameTotal(total=reading, status="failed", rows_sum=frame.rows_sum, printed=frame.printed)
    return frame


def unlabelled_total(frame_rows: Sequence[Row]) -> FrameTotal:
    """Without the frame's total label: the last row equal to the sum of the rows above it (two at
    least, or one when it is the frame's last row or labelled a total). Rows found so, and rows labelled
    totals (subtotals), are not added to the next sum."""
    found: Reading | None = None
    added: list[Row] = []
    for index, row in enumerate(frame_rows):
        first = row.readings[0]
        enough = len(added) >= 2 or (added and (row.labelled_total or index == len(frame_rows) - 1))
        # A row of zeros under rows of zeros is no total: a total of nothing proves nothing.
        if (
            enough
            and any(first)
            and any(same_reading(first, candidate) for candidate in _added_sums(added, len(first)))
        ):
            found = first
        elif not row.labelled_total:
            added.append(row)
    if found is not None:
        return FrameTotal(total=found, status="held", rows_sum=found)
    return FrameTotal(total=None, status="not_made", rows_sum=_rows_sum(added) if added else None)


def _added_sums(added: Sequence[Row], width: int) -> list[Reading]:
    """What rows add up to: all of them, then without the rows that total others."""
    plain = _rows_sum(added, width)
    without = without_subtotals(added)
    return [plain, _rows_sum(without, width)] if len(without) < len(added) else [plain]


def _rows_sum(frame_rows: Sequence[Row], width: int | None = None) -> Reading:
    """The sum of the rows' most likely readings (`width` numbers, those of the first row by default)."""
    readings = [row.readings[0] for row in frame_rows]
    return _sum(readings, len(readings[0]) if width is None else width)


def equal_totals(a: FrameTotal, b: FrameTotal) -> CheckStatus:
    if a.total is None or b.total is None:
        return "not_made"
    return "held" if same_reading(a.total, b.total) else "failed"
