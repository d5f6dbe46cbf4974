"""The previous audit's non-conformities a dossier lists, and whether the dossier shows them corrected.

The contract has no doc_type for an audit report (an NC action plan is an `improvement_plan`), so they are
read from the content of any document, by structure: a table whose header names an indicator column and a
grade column, or an indicator reference (« indicateur 22 », « ind. 4 ») in the clause of a grade (« NC
mineure », « non-conformité majeure »). The words are `previous_audit` in `data/nonconformity_rules.yaml`.

At an audit that follows one of the same certification, an NC whose indicator is covered now is lifted,
one still partial or missing is not, and a minor one not lifted is requalified as major (rnq.yaml →
nonconformity_rules). At an initial audit the listing is only shown to the officer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from extractors.text_normalize import fold, fold_with_offsets
from indicator_mappers.excerpts import excerpt_around
from indicator_mappers.nonconformity import load_nonconformity_rules
from schemas.contract import (
    AuditType,
    Evidence,
    IndicatorAssessment,
    PreviousNcGrade,
    PreviousNonconformity,
    ProposedNc,
)
from schemas.extraction import DossierDocument, PageText
from schemas.reasons import Reason, ReasonKind

NC_ORDER: dict[ProposedNc, int] = {"none": 0, "minor": 1, "major": 2}

# A sentence's end or a blank line: a reference and a grade on either side of it are never read together.
_BOUNDARY = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
_NUMBER = re.compile(r"\d{1,2}(?!\d)")
_WORD = re.compile(r"[a-z]+")
# « 23 », « n° 23 », « 23 - Veille » but not « 2.3 » or « 23,5 ».
_LEADING_NUMBER = re.compile(r"\s*(?:n\s?°\s*)?(\d{1,2})(?!\d)(?![.,]\d)")


@dataclass(frozen=True)
class FoundNc:
    indicator: int
    grade: PreviousNcGrade
    source: Evidence
    # Where the finding is written on its page: spans of the page text, and the table row when read from one.
    spans: tuple[tuple[int, int], ...] = ()
    row: tuple[int, int] | None = None  # (table, row) indexes in `PageText.tables`


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, PreviousNcGrade]]:
    rules = load_nonconformity_rules().previous_audit
    reference = re.compile(
        rf"(?<![a-z0-9])(?:{_alternatives(rules.indicator_words)})(?![a-z])\.?\s*(?:n\s?°|no(?![a-z]))?\s*"
        r"(?P<numbers>\d{1,2}(?!\d)(?:\s*(?:,|/|&|\bet\b)\s*\d{1,2}(?!\d))*)"
    )
    grade_of = {word: grade for grade, words in rules.grade_words.items() for word in words}
    grade = re.compile(
        rf"(?<![a-z])(?:{_alternatives(rules.nc_words)})[\s-]*(?P<grade>{_alternatives(grade_of)})(?![a-z])"
    )
    return reference, grade, grade_of


def _gap_cost(folded: str, first_end: int, second_start: int) -> int | None:
    gap = folded[first_end:second_start]
    if _BOUNDARY.search(gap):
        return None
    pairing = load_nonconformity_rules().previous_audit.pairing
    breaks, commas = gap.count("\n"), gap.count(",") + gap.count(";")
    cost = len(gap) + pairing.line_break_cost * breaks + pairing.comma_cost * commas
    return cost if cost <= pairing.max_gap else None


def _lines(text: str, start: int, end: int) -> tuple[int, int]:
    """The lines [start, end) spans, not the page around them: the next line is often another NC."""
    last = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, last if last >= 0 else len(text)


def _in_text(path: str, page: PageText, numbers: Collection[int]) -> list[FoundNc]:
    """References and grades of the page's running text, paired nearest first, each used once."""
    reference, grade_pattern, grade_of = _patterns()
    folded = fold_with_offsets(page.text)
    references = list(reference.finditer(folded.text))
    grades = list(grade_pattern.finditer(folded.text))
    pairs = []
    for r, ref in enumerate(references):
        for g, grade in enumerate(grades):
            first, second = (ref, grade) if ref.start() < grade.start() else (grade, ref)
            cost = _gap_cost(folded.text, first.end(), second.start())
            if cost is not None:
                pairs.append((cost, r, g))
    found, used_refs, used_grades = [], set(), set()
    for _, r, g in sorted(pairs):
        if r in used_refs or g in used_grades:
            continue
        used_refs.add(r)
        used_grades.add(g)
        ref, grade = references[r], grades[g]
        start, end = folded.offsets[min(ref.start(), grade.start())], folded.offsets[max(ref.end(), grade.end())]
        first, last = _lines(page.text, start, end)
        excerpt = excerpt_around(page.text[first:last], start - first, end - first)
        source = Evidence(path=path, page=page.number, excerpt=excerpt)
        for number in (int(n) for n in _NUMBER.findall(ref.group("numbers"))):
            if number in numbers:
                found.append(FoundNc(number, grade_of[grade.group("grade")], source, spans=((first, last),)))
    return found


def _column(header: Sequence[str], words: Collection[str], taken: int | None = None) -> int | None:
    return next(
        (i for i, cell in enumerate(header) if i != taken and set(_WORD.findall(fold(cell))) & set(words)), None
    )


def _cell_number(cell: str) -> int | None:
    """The indicator a cell names: the number after an indicator word, else the number it starts with."""
    folded = fold(cell)
    reference, _, _ = _patterns()
    if match := reference.search(folded):
        numbers = _NUMBER.findall(match.group("numbers"))
        return int(numbers[0]) if len(numbers) == 1 else None
    leading = _LEADING_NUMBER.match(folded)
    return int(leading.group(1)) if leading else None


def _cell_grade(cell: str) -> PreviousNcGrade | None:
    _, _, grade_of = _patterns()
    grades = {grade_of[word] for word in _WORD.findall(fold(cell)) if word in grade_of}
    return grades.pop() if len(grades) == 1 else None


def _cell_spans(text: str, cells: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Where the row's cells are printed in the page text, in order, a cell's line breaks anywhere between
    its words; a cell not found (interleaved with its neighbours) is left out."""
    spans, cursor = [], 0
    for cell in cells:
        words = cell.split()
        if not words:
            continue
        match = re.compile(r"\s+".join(map(re.escape, words))).search(text, cursor)
        if match:
            spans.append(match.span())
            cursor = match.end()
    return tuple(spans)


def _in_tables(path: str, page: PageText, numbers: Collection[int]) -> list[FoundNc]:
    """Rows of a table whose header names an indicator column and a grade column."""
    rules = load_nonconformity_rules().previous_audit
    found = []
    for table_index, table in enumerate(page.tables):
        for at, header in enumerate(table[:3]):
            indicator_col = _column(header, rules.indicator_words)
            grade_col = _column(header, rules.grade_columns, taken=indicator_col)
            if indicator_col is not None and grade_col is not None:
                break
        else:
            continue
        for row_index, row in enumerate(table[at + 1 :], start=at + 1):
            if max(indicator_col, grade_col) >= len(row):
                continue
            number, grade = _cell_number(row[indicator_col]), _cell_grade(row[grade_col])
            if number in numbers and grade is not None:
                text = " | ".join(cell.strip() for cell in row if cell and cell.strip())
                source = Evidence(path=path, page=page.number, excerpt=excerpt_around(text, 0, len(text)))
                spans = _cell_spans(page.text, [cell or "" for cell in row])
                found.append(FoundNc(number, grade, source, spans=spans, row=(table_index, row_index)))
    return found


def find_previous_nonconformities(documents: Sequence[DossierDocument], numbers: Collection[int]) -> list[FoundNc]:
    """Every NC on an indicator of `numbers` the documents write, each time it is written."""
    return [
        nc
        for document in documents
        if document.record.status == "ok"
        for page in document.pages
        for nc in (*_in_tables(document.record.path, page, numbers), *_in_text(document.record.path, page, numbers))
    ]


def one_per_indicator(found: Iterable[FoundNc]) -> list[FoundNc]:
    """The first NC written on each indicator, the graver when the documents disagree, by indicator."""
    by_indicator: dict[int, FoundNc] = {}
    for nc in found:
        kept = by_indicator.get(nc.indicator)
        if kept is None or NC_ORDER[nc.grade] > NC_ORDER[kept.grade]:
            by_indicator[nc.indicator] = nc
    return [by_indicator[n] for n in sorted(by_indicator)]


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Spaces in place of the spans' characters, line breaks kept: offsets and lines stay where they were."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
    return "".join(chars)


def without_findings(documents: Sequence[DossierDocument], found: Sequence[FoundNc]) -> list[DossierDocument]:
    """The documents without the lines and table rows that state a previous NC: a certifier's finding
    describes a gap (« veille recensée sans suite donnée »), it is never evidence that the indicator is met,
    least of all evidence that its own NC was lifted."""
    by_page: dict[tuple[str, int], list[FoundNc]] = {}
    for nc in found:
        if nc.source.page is not None:
            by_page.setdefault((nc.source.path, nc.source.page), []).append(nc)
    if not by_page:
        return list(documents)
    cleaned = []
    for document in documents:
        pages = []
        for page in document.pages:
            ncs = by_page.get((document.record.path, page.number), [])
            if not ncs:
                pages.append(page)
                continue
            rows = {nc.row for nc in ncs if nc.row is not None}
            tables = [
                [row for r, row in enumerate(table) if (t, r) not in rows] for t, table in enumerate(page.tables)
            ]
            text = _blanked(page.text, (span for nc in ncs for span in nc.spans))
            pages.append(page.model_copy(update={"text": text, "tables": tables}))
        cleaned.append(document.model_copy(update={"pages": pages}))
    return cleaned


def judge_previous_nonconformities(
    found: Sequence[FoundNc], assessments: Sequence[IndicatorAssessment], audit_type: AuditType
) -> list[PreviousNonconformity]:
    """Each NC's outcome from its indicator's status now; a minor one not lifted is requalified when the
    proposal it carries now is below the requalified grade."""
    rules = load_nonconformity_rules().previous_audit
    by_number = {a.number: a for a in assessments}
    judged = []
    for nc in found:
        assessment = by_number.get(nc.indicator)
        requalified = False
        if audit_type not in rules.follows_an_audit:
            outcome = "to_confirm"
        elif assessment is None or assessment.status == "not_applicable":
            outcome = "not_applicable"
        elif assessment.status == "covered":
            outcome = "lifted"
        else:
            outcome = "not_lifted"
            target = rules.requalified_when_not_lifted.get(nc.grade)
            proposed_now = NC_ORDER[assessment.proposed_nc or "none"]
            requalified = target is not None and NC_ORDER[target] > proposed_now
        judged.append(
            PreviousNonconformity(
                indicator=nc.indicator, grade=nc.grade, source=nc.source, outcome=outcome, requalified=requalified
            )
        )
    return judged


def with_requalified(
    assessments: Sequence[IndicatorAssessment], previous: Sequence[PreviousNonconformity]
) -> list[IndicatorAssessment]:
    """The indicators whose previous NC is requalified carry the requalified grade, and say why."""
    rules = load_nonconformity_rules().previous_audit
    requalified = {nc.indicator: nc for nc in previous if nc.requalified}
    updated = []
    for assessment in assessments:
        nc = requalified.get(assessment.number)
        if nc is None:
            updated.append(assessment)
            continue
        new_grade = rules.requalified_when_not_lifted[nc.grade]
        why = Reason(
            kind=ReasonKind.PREVIOUS_NC_REQUALIFIED,
            params={"grade": nc.grade, "new_grade": new_grade, "path": nc.source.path, "page": nc.source.page},
        )
        updated.append(
            assessment.model_copy(
                update={
                    "proposed_nc": new_grade,
                    "reasons": [*assessment.reasons, why],
                }
            )
        )
    return updated
