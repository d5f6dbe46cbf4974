"""BPF (cerfa 10443) fields: fiscal year, frame C total, frame F-1 total, and a few extras.

Works on a text layer (cells separated by spaces or tabs, dotted leaders, labels wrapped over two
lines), on table rows (cells joined by tabs, see `lines.document_lines`) and on OCR'd text.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.fields.dates import find_dates, find_years
from extractors.fields.identity import find_organization_name, identity_fields
from extractors.fields.lines import LabelHit, Line, cut_at, find_labels, labelled_values, strip_phrases, window
from extractors.fields.numbers import first_amount, pick_numbers
from extractors.fields.rules import field_rules
from schemas.contract import FieldValue

# Heures-stagiaires per trainee: at least one hour, at most a long apprenticeship (2 years ≈ 1 800 h,
# with margin). Used only to choose between readings of « 214 3 120 » (214 | 3 120 vs 2143 | 120...).
MIN_HOURS_PER_TRAINEE = 1.0
MAX_HOURS_PER_TRAINEE = 3000.0
# Lines a value may sit below its label (wrapped labels, values printed on the next row).
FOLLOWING_LINES = 2


def fiscal_year(lines: Sequence[Line]) -> int | None:
    """Year of the end date of « Exercice comptable du … au … » (fiscal years may straddle two years)."""
    for hit in labelled_values(lines, field_rules().bpf.period_labels):
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


def _amount_after(lines: Sequence[Line], hit: LabelHit) -> float | None:
    rules = field_rules().bpf
    text = cut_at(window(lines, hit, following=FOLLOWING_LINES), rules.revenue_stops)
    text = strip_phrases(text, rules.revenue_total_noise)
    return first_amount(text)


def total_revenue(lines: Sequence[Line]) -> float | None:
    """Frame C « Total des produits réalisés au titre de la formation professionnelle »."""
    for hit in labelled_values(lines, field_rules().bpf.revenue_total_labels):
        amount = _amount_after(lines, hit)
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
    noise = field_rules().bpf.formula_noise
    for following in range(FOLLOWING_LINES + 1):
        text = strip_phrases(window(lines, hit, following=following), noise)
        pair = pick_numbers(text, 2, _plausible_trainees_hours)
        if pair is not None:
            return pair
    return None


def trainees_and_hours(lines: Sequence[Line]) -> tuple[int, float] | None:
    """Frame F-1 « Total (1) »: number of trainees and heures-stagiaires."""
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


def bpf_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    fields: dict[str, FieldValue] = {}
    year = fiscal_year(lines)
    if year is not None:
        fields["fiscal_year"] = year
    revenue = total_revenue(lines)
    if revenue is not None:
        fields["total_revenue_eur"] = revenue
    pair = trainees_and_hours(lines)
    if pair is not None:
        fields["trainees_total"], fields["training_hours_total"] = pair
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
