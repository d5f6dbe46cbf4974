"""A document as lines, and values found after labels.

Table rows become lines whose cells are joined by tabs, so « label<TAB>value » reads the same way
whether the value came from a text layer, a DOCX table or a spreadsheet. Labels are phrases (see
`text_normalize.phrase_pattern`) matched on folded text; long labels also match fuzzily to survive
OCR. The value is read from the *source* text after the label (accents, capitals, tabs preserved).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz

from extractors.text_normalize import Folded, compile_phrase, fold, fold_with_offsets, is_raw_regex, unify_spaces
from schemas.extraction import PageText

FUZZY_MIN_LENGTH = 24
FUZZY_THRESHOLD = 90.0


@dataclass(frozen=True)
class Line:
    page: int
    source: str
    from_table: bool = False

    @cached_property
    def text(self) -> str:
        """Folded text, for matching."""
        return fold(self.source)

    @cached_property
    def folded(self) -> Folded:
        """Folded text with offsets, computed only for the lines a label was found on."""
        return fold_with_offsets(self.source)


def document_lines(pages: Sequence[PageText]) -> list[Line]:
    lines: list[Line] = []
    for page in pages:
        lines += [Line(page.number, unify_spaces(text)) for text in page.text.splitlines() if text.strip()]
        for table in page.tables:
            for row in table:
                cells = [unify_spaces(cell or "").replace("\n", " ").strip() for cell in row]
                if any(cells):
                    lines.append(Line(page.number, "\t".join(cells), from_table=True))
    return lines


@dataclass(frozen=True)
class LabelHit:
    line_index: int
    label: str
    line: Line
    start: int  # span of the label in the line's folded text
    end: int

    @property
    def at_line_start(self) -> bool:
        return self.start == 0

    @property
    def after(self) -> str:
        """Source text after the label, on the same line."""
        return self.line.folded.source_slice(self.end)

    @property
    def before(self) -> str:
        """Source text before the label, on the same line."""
        return self.line.folded.source_slice(0, self.start)


def _label_end(label: str, folded: str) -> tuple[int, int] | None:
    match = compile_phrase(label).search(folded)
    if match:
        return match.start(), match.end()
    if is_raw_regex(label) or len(label) < FUZZY_MIN_LENGTH or len(folded) < len(label) * 0.8:
        return None
    alignment = fuzz.partial_ratio_alignment(fold(label), folded, score_cutoff=FUZZY_THRESHOLD)
    return (alignment.dest_start, alignment.dest_end) if alignment else None


def find_labels(lines: Sequence[Line], labels: Sequence[str]) -> Iterator[LabelHit]:
    """Every line holding one of the labels (labels tried in order of preference for each line)."""
    for index in range(len(lines)):
        line = lines[index]
        for label in labels:
            span = _label_end(label, line.text)
            if span is None:
                continue
            yield LabelHit(line_index=index, label=label, line=line, start=span[0], end=span[1])
            break


def header_over_values(lines: Sequence[Line], index: int) -> tuple[list[str], list[str]] | None:
    """A table's header row (cells without digits) at `index` and the row of values under it, cell
    for cell; None when the line is no such header."""
    line = lines[index]
    if not line.from_table or index + 1 >= len(lines) or any(ch.isdigit() for ch in line.source):
        return None
    below = lines[index + 1]
    headers, values = line.source.split("\t"), below.source.split("\t")
    return (headers, values) if below.from_table and len(headers) == len(values) else None


def cell_below(lines: Sequence[Line], hit: LabelHit) -> str | None:
    """The cell under a label that fills its own cell in a table's header row (« Numéro de certificat
    | Début de validité | Fin de validité » over the values' row); None when the label is not so."""
    table = header_over_values(lines, hit.line_index)
    if table is None or hit.after.split("\t", 1)[0].strip(" :."):
        return None
    return table[1][hit.before.count("\t")].strip()


def labelled_values(lines: Sequence[Line], labels: Sequence[str]) -> Iterator[LabelHit]:
    """Label hits in preference order: all hits of the first label, then of the second, etc."""
    for label in labels:
        yield from find_labels(lines, [label])


def window(lines: Sequence[Line], hit: LabelHit, following: int) -> str:
    """Text after a label plus the next lines (values wrapped or printed below their label)."""
    rest = [lines[i].source for i in range(hit.line_index + 1, min(len(lines), hit.line_index + 1 + following))]
    return "\n".join([hit.after, *rest])


def cut_at(text: str, stop_labels: Sequence[str]) -> str:
    """Text up to the first stop label (the start of the next item of a form)."""
    folded = fold_with_offsets(text)
    ends = [m.start() for label in stop_labels if (m := compile_phrase(label).search(folded.text))]
    return folded.source_slice(0, min(ends)) if ends else text


def strip_phrases(text: str, phrases: Sequence[str]) -> str:
    """Text with the given phrases blanked out (e.g. « total des lignes 1 à 11 » before reading an amount)."""
    folded = fold_with_offsets(text)
    spans = sorted(m.span() for phrase in phrases for m in compile_phrase(phrase).finditer(folded.text))
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        start = max(start, cursor)
        pieces.append(folded.source_slice(cursor, start) if start > cursor else "")
        pieces.append("  ")
        cursor = max(cursor, end)
    pieces.append(folded.source_slice(cursor))
    return "".join(pieces)


def leading_separators(text: str) -> str:
    return re.sub(r"^[\s:;=\-–—.…>]+", "", text)
