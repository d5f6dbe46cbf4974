"""BPF (cerfa 10443) fields: fiscal year, frame C total, frame F-1 total, and a few extras.

Works on a text layer (cells separated by spaces or tabs, dotted leaders, labels wrapped over two
lines), on table rows (cells joined by tabs, see `lines.document_lines`) and on OCR'd text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from extractors.fields.bpf_frames import (
    NO_TOTAL,
    UNDECIDED_COLUMNS,
    CheckStatus,
    FrameTotal,
    Reading,
    ValueColumns,
    agreeing_total,
    equal_totals,
    frame_lines,
    items,
    rows,
    settle,
    split_row,
    unlabelled_total,
    value_columns,
)
from extractors.fields.dates import find_dates, find_years
from extractors.fields.identity import find_organization_name, identity_fields
from extractors.fields.lines import LabelHit, Line, cut_at, find_labels, labelled_values, strip_phrases, window
from extractors.fields.numbers import amount_readings, first_amount, pick_numbers, tuple_readings
from extractors.fields.rules import FrameBounds, field_rules
from schemas.contract import FieldValue

# Heures-stagiaires per trainee: at least one hour, at most a long apprenticeship (2 years ≈ 1 800 h,
# with margin). Used only to choose between readings of « 214 3 120 » (214 | 3 120 vs 2143 | 120...).
MIN_HOURS_PER_TRAINEE = 1.0
MAX_HOURS_PER_TRAINEE = 3000.0
# Lines a value may sit below its label (wrapped labels, values printed on the next row).
FOLLOWING_LINES = 2
# An amount printed to the cent (« 96 120,00 € »): several on a row are told apart by it.
_CENT_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[ .]\d{3})*,\d{2}(?!\d)")

T = TypeVar("T")


# A year alone after the period's label; not the first of two (« Exercice 2024/2025 »).
_YEAR_NAMED = re.compile(r"^\W{0,3}((?:19|20)\d{2})\b(?!\s*[/.\-]\s*\d)")


def fiscal_year(lines: Sequence[Line]) -> int | None:
    """Year of the end date of « Exercice comptable du … au … » (fiscal years may straddle two years)."""
    for hit in labelled_values(lines, field_rules().bpf.period_labels):
        # « Exercice 2025 — transmise le 12/03/2026 »: a year right after the label is the year itself.
        named = _YEAR_NAMED.match(hit.after)
        if named:
            return int(named.group(1))
        text = window(lines, hit, following=1)[:120]
        dates = find_dates(text)
        if len(dates) >= 2:
            return dates[1].year
        if dates:
            return dates[0].year
        years = find_years(hit.after[:40])
        if years:
            return years[-1]
    return None


def _revenue_text(lines: Sequence[Line], hit: LabelHit) -> str:
    rules = field_rules().bpf
    text = cut_at(window(lines, hit, following=FOLLOWING_LINES), rules.revenue_stops)
    return strip_phrases(text, rules.revenue_total_noise)


def total_revenue(lines: Sequence[Line]) -> float | None:
    """Frame C « Total des produits réalisés au titre de la formation professionnelle », by its label."""
    for hit in labelled_values(lines, field_rules().bpf.revenue_total_labels):
        amount = first_amount(_revenue_text(lines, hit))
        if amount is not None:
            return amount
    return None


def _plausible_trainees_hours(values: Sequence[float]) -> bool:
    trainees, hours = values
    return (
        trainees >= 1
        and trainees == int(trainees)
        and (MIN_HOURS_PER_TRAINEE * trainees <= hours <= MAX_HOURS_PER_TRAINEE * trainees)
    )


def _pair_after(lines: Sequence[Line], hit: LabelHit) -> list[float] | None:
    """The numbers on the label's line, or on the lines right below that hold numbers alone. Unchecked
    by any sum, numbers on a labelled line below are that line's, not the total's OCR lost."""
    noise = field_rules().bpf.formula_noise
    for following in range(min(FOLLOWING_LINES, len(lines) - 1 - hit.line_index) + 1):
        if following and split_row(lines[hit.line_index + following].source)[0].strip():
            return None
        pair = pick_numbers(strip_phrases(window(lines, hit, following=following), noise), 2, _plausible_trainees_hours)
        if pair is not None:
            return pair
    return None


def trainees_and_hours(lines: Sequence[Line]) -> tuple[int, float] | None:
    """Frame F-1 « Total (1) » by its label, when no frame could be read: number of trainees and
    heures-stagiaires."""
    for hit in find_labels(lines, field_rules().bpf.trainees_total_labels):
        pair = _pair_after(lines, hit)
        if pair is not None:
            return int(pair[0]), pair[1]
    return None


def apprentices(lines: Sequence[Line]) -> int | None:
    """Frame F-1 line b « Apprentis » (trainees column)."""
    for hit in find_labels(lines, field_rules().bpf.apprentices_labels):
        pair = pick_numbers(hit.after, 2, _plausible_trainees_hours)
        if pair is not None:
            return int(pair[0])
    return None


def apprenticeship_revenue(lines: Sequence[Line]) -> float | None:
    """Frame C line 2.a « des contrats d'apprentissage »."""
    for hit in find_labels(lines, field_rules().bpf.apprenticeship_revenue_labels):
        amount = first_amount(hit.after)
        if amount is not None:
            return amount
    return None


# --- the form's arithmetic ----------------------------------------------------------------------


def _row_amounts(numbers: str) -> list[Reading]:
    """A frame C row holds one amount: in a row of cells, the last one (an earlier cell holding a
    number is the line's number, « des entreprises… | 1 | 96 120 »)."""
    cells = [cell for cell in numbers.split("\t") if cell.strip()]
    return _amounts(cells[-1] if cells else numbers)


def _amounts(text: str) -> list[Reading]:
    readings = [(value,) for value in amount_readings(text)]
    # A lone digit where the form prints « - » for nothing is often OCR's reading of the dash.
    if re.fullmatch(r"\s*\d\s*", text):
        readings.append((0.0,))
    return readings


def _pairs(text: str) -> list[Reading]:
    return tuple_readings(text, 2, _plausible_trainees_hours)


def _column_amounts(columns: ValueColumns, numbers: str) -> list[Reading]:
    """The chosen column's amount of a row of several; none when the row holds another count of them."""
    found = _CENT_AMOUNT.findall(numbers)
    return _amounts(found[columns.chosen]) if columns.chosen is not None and len(found) == columns.count else []


def _revenue_frame(lines: Sequence[Line], year: int | None) -> FrameTotal:
    """Frame C: total = lines 1 to 11; line 2's own total repeats its sub-lines a–h and is not added.
    A frame of several columns of amounts is read in the fiscal year's or the corrected one
    (`value_columns`), and not at all when neither is known."""
    rules = field_rules().bpf
    with_heading = frame_lines(lines, rules.frames.revenue, with_heading=True)
    columns = value_columns(
        with_heading,
        lambda numbers: len(_CENT_AMOUNT.findall(numbers)),
        year,
        rules.other_year_columns,
        rules.corrected_columns,
    )
    if columns.undecided:
        return UNDECIDED_COLUMNS
    read_row = _row_amounts if columns.count == 1 else partial(_column_amounts, columns)
    read_total = _amounts if columns.count == 1 else read_row
    frame = with_heading[1:]
    hit = next(labelled_values(frame, rules.revenue_total_labels), None)
    if hit is None:
        return unlabelled_total(rows(frame, read_row, rules.total_rows))
    above = rows(frame[: hit.line_index], read_row, rules.total_rows)
    return settle(items(above), read_total(_revenue_text(frame, hit)))


def _printed_pair(frame: Sequence[Line], hit: LabelHit) -> list[Reading]:
    """The numbers of a total row, or of the first line below it that has two (values printed below)."""
    for line in frame[hit.line_index : hit.line_index + FOLLOWING_LINES + 1]:
        readings = _pairs(split_row(line.source)[1])
        if readings:
            return readings
    return []


def _pairs_frame(lines: Sequence[Line], bounds: FrameBounds, year: int | None) -> FrameTotal:
    """A frame of trainees and heures-stagiaires (F-1, F-3, F-4): total = sum of its lines, « dont » aside.
    Under headings naming another year than the fiscal one, it is not read: which pair of a row is
    the year's is not known."""
    rules = field_rules().bpf
    with_heading = frame_lines(lines, bounds, with_heading=True)
    if value_columns(with_heading, lambda _: 0, year, rules.other_year_columns, ()).undecided:
        return UNDECIDED_COLUMNS
    frame = with_heading[1:]
    hit = next(find_labels(frame, rules.total_rows), None)
    if hit is None:
        return unlabelled_total(rows(frame, _pairs, rules.total_rows, rules.detail_rows))
    above = rows(frame[: hit.line_index], _pairs, rules.total_rows, rules.detail_rows)
    return settle(items(above), _printed_pair(frame, hit))


def _best(readings: Iterable[FrameTotal]) -> FrameTotal:
    return max(readings, key=lambda reading: reading.rank, default=NO_TOTAL)


@dataclass(frozen=True)
class BpfArithmetic:
    """Frames C and F-1 as their sums settle them, and the checks between frames."""

    revenue: FrameTotal
    trainee_types: FrameTotal
    objectives_agree: CheckStatus  # F-1 total = F-3 total
    specialities_agree: CheckStatus  # F-1 total = F-4 total

    def fields(self) -> dict[str, FieldValue]:
        fields: dict[str, FieldValue] = {
            "arithmetic_revenue_lines": self.revenue.status,
            "arithmetic_trainee_lines": self.trainee_types.status,
            "arithmetic_objectives_total": self.objectives_agree,
            "arithmetic_specialities_total": self.specialities_agree,
        }
        # What the lines add up to, for the officer weighing a contradicted total (the audit band).
        if self.revenue.status == "failed" and self.revenue.rows_sum:
            fields["revenue_lines_sum_eur"] = self.revenue.rows_sum[0]
        return fields


def bpf_arithmetic(lines: Sequence[Line], year: int | None) -> BpfArithmetic:
    """Each frame read on the text layer and on the table cells apart (a PDF gives both), the better
    kept; `year` is the fiscal year, whose column a frame of several is read in."""
    streams = [s for s in ([l for l in lines if not l.from_table], [l for l in lines if l.from_table]) if s]
    frames = field_rules().bpf.frames
    revenue = _best(_revenue_frame(s, year) for s in streams)
    f1, f3, f4 = (
        _best(_pairs_frame(s, bounds, year) for s in streams)
        for bounds in (frames.trainee_types, frames.objectives, frames.specialities)
    )
    f1 = agreeing_total(f1, (f3, f4))
    return BpfArithmetic(
        revenue=revenue,
        trainee_types=f1,
        objectives_agree=equal_totals(f1, f3),
        specialities_agree=equal_totals(f1, f4),
    )


def _unless_ruled_out(frame: FrameTotal, by_label: Callable[[], T | None]) -> T | None:
    """What a frame's total label gives, when the frame settled no total; nothing when its rows ruled
    the printed total out (`settle`), or when its columns left the year's unknown: that total is not
    read again by its label."""
    return None if frame.printed or frame.columns_undecided else by_label()


def bpf_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {}
    year = fiscal_year(lines)
    if year is not None:
        fields["fiscal_year"] = year
    arithmetic = bpf_arithmetic(lines, year)
    revenue = (
        arithmetic.revenue.total[0]
        if arithmetic.revenue.total
        else _unless_ruled_out(arithmetic.revenue, lambda: total_revenue(lines))
    )
    if revenue is not None:
        fields["total_revenue_eur"] = revenue
    f1 = arithmetic.trainee_types.total
    pair = (int(f1[0]), f1[1]) if f1 else _unless_ruled_out(arithmetic.trainee_types, lambda: trainees_and_hours(lines))
    # Products of vocational training without a single trainee: one of the two is misread.
    if pair is not None and not (pair[0] == 0 and revenue):
        fields["trainees_total"], fields["training_hours_total"] = pair
    fields.update(arithmetic.fields())
    fields.update(identity_fields(lines))
    name = find_organization_name(lines)
    if name:
        fields["organization_name"] = name
    count = apprentices(lines)
    if count is not None:
        fields["apprentices"] = count
    apprenticeship = apprenticeship_revenue(lines)
    if apprenticeship is not None:
        fields["apprenticeship_revenue_eur"] = apprenticeship
    return fields
