"""Satisfaction survey: respondents and satisfaction rate.

Three sources, most reliable first:

1. raw answers — tables with one row per respondent (spreadsheet sheets, CSV, DOCX tables). Rating
   columns hold numbers on a scale (1-5, 1-10...) or French answer labels. The rate is the share of
   top-2-box answers (>= 4 on 1-5, >= 7 on 1-10, « satisfait » or better, see `field_rules.yaml`)
   among every non-blank rating cell, an overall-satisfaction question counting like the others
   (the share of satisfied answers overall, as independent readers compute it). A workbook whose sheets
   each hold raw answers (hot and cold questionnaires, end of bilan and follow-up) is one survey:
   respondents are the answer rows of all those tables, and the rate pools their counted answers.
   `rate_method` = "computed_top2".
2. a distribution table — one row per question, one column per answer label, counts in the cells:
   satisfied counts over all counts of every row. Also "computed_top2".
3. a written summary — « taux de satisfaction : 94 % », « 47 répondants ». `rate_method` = "declared".
   A distribution written as lines (« Très satisfait 87 (67,4 %) », one line per answer label, as
   form tools print their summaries) gives the rate when none is declared, computed like a
   distribution table; its lines are never read as a declared rate (« satisfait … 67,4 % » is one
   box's share, not the rate).
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from extractors.fields.dates import find_years, without_dates
from extractors.fields.lines import Line, cut_at, labelled_values
from extractors.fields.numbers import greedy_numbers, percentages, spelled_numbers_as_digits
from extractors.fields.rules import NumericScale, SurveyRules, field_rules
from extractors.text_normalize import compile_phrase, fold, is_ruling_debris
from schemas.contract import FieldValue
from schemas.extraction import PageText

Table = list[list[str]]
HEADER_SEARCH_ROWS = 5
MIN_ANSWERS = 2
# A ticked box OCR read as characters: one to three (« Æ », « X9 », « X.( »).
MAX_STRAY_TICK_CHARS = 3
MIN_PARSED_SHARE = 0.9
RATE_WINDOW_CHARS = 60
# How much of a table the classifier looks at, and the least that makes a table of rated answers.
SHAPE_SAMPLE_ROWS = 60
SHAPE_MIN_COLUMNS = 2
SHAPE_MIN_ROWS = 5
# An answer on a numeric scale: a whole or half point, optionally written « 4/5 ».
_NUMBER_CELL = re.compile(r"\s*(\d{1,2}(?:[.,](?:0+|50*))?)\s*(?:/\s*(?:4|5|10|20))?\s*")
_COUNT_CELL = re.compile(r"\s*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)\s*%?\s*")
_DATE_CELL = re.compile(r"\s*\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?\b")
_LABEL_NOISE = re.compile(r"^[\W\d_]+|[\W_]+$")
# « satisfait(e) », « satisfait·e », « satisfait.es », « moyen(ne) »: inclusive endings, dropped.
_INCLUSIVE_ENDING = re.compile(r"(?<=\w)(?:\((?:n?es?)\)|[·.•-](?:n?es?)\b)")
# « satisfaite(s) », « satisfaits », « mauvaise », « bonne », « moyennes » -> the masculine singular.
_FEMININE_OR_PLURAL = re.compile(r"^(\w*[ts])(?:es?|s)$|^(\w*n)nes?$")


@dataclass(frozen=True)
class RatingColumn:
    index: int
    header: str
    positions: tuple[float | None, ...]  # per data row, 0..1 on the scale, None when unanswered
    threshold: float


@dataclass(frozen=True)
class SurveyResult:
    respondents: int | None
    satisfaction_rate: float | None
    rate_method: str | None

    def fields(self) -> dict[str, FieldValue]:
        values = {
            "respondents": self.respondents,
            "satisfaction_rate": None if self.satisfaction_rate is None else round(self.satisfaction_rate, 4),
            "rate_method": self.rate_method,
        }
        return {key: value for key, value in values.items() if value is not None}


def _matches(phrases: Sequence[str], text: str) -> bool:
    folded = fold(text)
    return any(compile_phrase(phrase).search(folded) for phrase in phrases)


def answer_label_score(cell: str, rules: SurveyRules) -> float | None:
    """Position of a French answer label (« 4 - Plutôt satisfait ») on its scale, if it is one; a row
    of stars (« ★★★★☆ », a review site's rating) is its share of filled stars, from 0 for one to 1.
    A label given in two languages (« Very satisfied / Très satisfait ») counts when both say the same."""
    stars = _STARS.fullmatch(cell.strip())
    if stars:
        filled = stars.group().count("★")
        return (filled - 1) / (len(stars.group()) - 1) if filled else None
    labels = tuple(rules.answer_labels.items())
    translations = _TRANSLATION.split(cell)
    if len(translations) == 2:
        scores = {_label_score(translation, labels) for translation in translations}
        return scores.pop() if len(scores) == 1 else None
    return _label_score(cell, labels)


_STARS = re.compile(r"[★☆]{5}")
_TRANSLATION = re.compile(r"\s+/\s+")


@lru_cache(maxsize=4096)
def _label_score(cell: str, labels: tuple[tuple[str, float], ...]) -> float | None:
    # Spreadsheets repeat the same few answers thousands of times: cached.
    return _folded_labels(labels).get(label_key(cell))


@lru_cache(maxsize=8)
def _folded_labels(labels: tuple[tuple[str, float], ...]) -> dict[str, float]:
    return {label_key(label): score for label, score in labels}


def label_key(label: str) -> str:
    """An answer label folded, without its number, and in the masculine singular, which the rules
    list: « Satisfaite », « Très satisfait(e) », « satisfait·es » and « Bonne » are « satisfait »,
    « tres satisfait » and « bon »."""
    text = _INCLUSIVE_ENDING.sub("", fold(label))
    words = _LABEL_NOISE.sub("", text).split()
    return " ".join(_FEMININE_OR_PLURAL.sub(lambda ending: ending.group(1) or ending.group(2), word) for word in words)


def _count(cell: str) -> float | None:
    """A count or a share in a distribution cell: « 219 », « 1 204 », « 45,5 % »."""
    match = _COUNT_CELL.fullmatch(cell)
    return float(re.sub(r"\s", "", match.group(1)).replace(",", ".")) if match else None


def _number(cell: str) -> float | None:
    match = _NUMBER_CELL.fullmatch(cell)
    return float(match.group(1).replace(",", ".")) if match else None


def _scale(header: str, values: Sequence[float], rules: SurveyRules) -> NumericScale | None:
    """The scale named in the header (« /5 », « de 1 à 10 »), else the smallest one holding the values."""
    low, high = min(values), max(values)
    hinted = [int(m.group(1)) for hint in rules.scale_hints if (m := compile_phrase(hint).search(fold(header)))]
    candidates = [s for s in rules.numeric_scales if s.min <= low and high <= s.max]
    if hinted:
        candidates = [s for s in candidates if s.max == hinted[0]] or candidates
    else:
        # A 4-point numeric scale is only assumed when the header says so: 1-4 answers fit 1-5 too.
        candidates = [s for s in candidates if s.max != 4] or candidates
    # Prefer scales starting at 1 unless a 0 was answered.
    candidates.sort(key=lambda s: (s.max, s.min != 1))
    return candidates[0] if candidates else None


def _is_row_counter(values: Sequence[float]) -> bool:
    return len(values) >= 3 and all(b - a == 1 for a, b in zip(values, values[1:], strict=False))


def _excluded_header(header: str, rules: SurveyRules) -> bool:
    if _matches(rules.excluded_questions, header):
        return True
    short = len(fold(header).split()) <= rules.id_headers_max_words
    return short and _matches(rules.id_headers, header)


def _rating_column(index: int, header: str, cells: Sequence[str], rules: SurveyRules) -> RatingColumn | None:
    if _excluded_header(header, rules):
        return None
    answered = [c for c in cells if c.strip()]
    if len(answered) < MIN_ANSWERS:
        return None
    labels = [answer_label_score(c, rules) for c in cells]
    if sum(s is not None for s in labels) >= MIN_PARSED_SHARE * len(answered):
        return RatingColumn(index, header, tuple(labels), rules.label_satisfied_from)
    numbers = [_number(c) if c.strip() else None for c in cells]
    parsed = [n for n in numbers if n is not None]
    if len(parsed) < MIN_PARSED_SHARE * len(answered) or len(parsed) < MIN_ANSWERS or _is_row_counter(parsed):
        return None
    scale = _scale(header, parsed, rules)
    if scale is None:
        return None
    positions = tuple(None if n is None else scale.position(n) for n in numbers)
    return RatingColumn(index, header, positions, scale.threshold)


def _data_rows(rows: Table, rules: SurveyRules, header: Sequence[str]) -> Table:
    """Answer rows: not summary rows, nor unfinished responses (a blank submission date where the
    export has that column, as LimeSurvey's « submitdate »)."""
    submitted = [i for i, title in enumerate(header) if _matches(rules.submission_headers, title)]
    kept = []
    for row in rows:
        first = next((c for c in row if c.strip()), "")
        unfinished = any(i >= len(row) or not row[i].strip() for i in submitted)
        if first and not unfinished and not _matches(rules.summary_rows, first):
            kept.append(row)
    return kept


def _looks_like_header(row: Sequence[str], rules: SurveyRules) -> bool:
    """Mostly words: not numbers, dates or answers (a data row is never taken for the header)."""
    cells = [c for c in row if c.strip()]
    valued = [c for c in cells if _number(c) is not None or _DATE_CELL.match(c) or answer_label_score(c, rules)]
    return bool(cells) and len(valued) * 3 <= len(cells)


def rating_columns(table: Table, rules: SurveyRules) -> tuple[list[RatingColumn], int]:
    """Rating columns of a raw-answers table and the number of data rows, for the best header row."""
    best: tuple[list[RatingColumn], int] = ([], 0)
    for header_index in range(min(HEADER_SEARCH_ROWS, max(0, len(table) - MIN_ANSWERS))):
        header = table[header_index]
        if not _looks_like_header(header, rules):
            continue
        rows = _data_rows(table[header_index + 1 :], rules, header)
        width = max((len(r) for r in rows), default=0)
        columns = []
        for index in range(width):
            cells = [row[index] if index < len(row) else "" for row in rows]
            title = header[index] if index < len(header) else ""
            column = _rating_column(index, title, cells, rules)
            if column is not None:
                columns.append(column)
        if len(columns) > len(best[0]):
            best = (columns, len(rows))
    return best


@dataclass(frozen=True)
class RawTally:
    """What one raw-answers table contributes: its respondents and its counted answers."""

    respondents: int
    satisfied: int
    answered: int


def raw_answers_tally(table: Table, rules: SurveyRules) -> RawTally | None:
    columns, row_count = rating_columns(table, rules)
    if not columns:
        return None
    respondents = sum(any(c.positions[row] is not None for c in columns) for row in range(row_count))
    answers = [(c.positions[row], c.threshold) for c in columns for row in range(row_count)]
    answered = [(position, threshold) for position, threshold in answers if position is not None]
    if not answered:
        return None
    satisfied = sum(position >= threshold - 1e-9 for position, threshold in answered)
    return RawTally(respondents, satisfied, len(answered))


def from_raw_answers(tables: Sequence[Table], rules: SurveyRules) -> SurveyResult | None:
    """Raw answers pooled over every table holding some (sheets of one workbook)."""
    tallies = [tally for table in tables if (tally := raw_answers_tally(table, rules)) is not None]
    if not tallies:
        return None
    rate = sum(t.satisfied for t in tallies) / sum(t.answered for t in tallies)
    return SurveyResult(sum(t.respondents for t in tallies), rate, "computed_top2")


def has_raw_answers_table(pages: Sequence[PageText]) -> bool:
    """A table of individual rated answers: the shape of a survey export, whatever its wording."""
    rules = field_rules().survey
    for page in pages:
        for table in page.tables:
            rows = [[cell or "" for cell in row] for row in table[: HEADER_SEARCH_ROWS + SHAPE_SAMPLE_ROWS]]
            if from_distribution(rows, rules) is not None:
                continue
            columns, row_count = rating_columns(rows, rules)
            if len(columns) >= SHAPE_MIN_COLUMNS and row_count >= SHAPE_MIN_ROWS:
                return True
    return False


def from_distribution(table: Table, rules: SurveyRules) -> SurveyResult | None:
    """« Question | Très satisfait | Satisfait | Peu satisfait | ... » with counts in the cells."""
    for header_index in range(min(HEADER_SEARCH_ROWS, len(table))):
        header = table[header_index]
        # « % satisfaits »: a column of shares beside the answers, not one of them.
        scores = {
            i: s
            for i, cell in enumerate(header)
            if "%" not in cell and (s := answer_label_score(cell, rules)) is not None
        }
        if len(scores) < 3 or not _one_scale(header, scores, rules):
            continue
        totals: list[tuple[float, float]] = []  # per question: satisfied, answered
        shares_printed = False
        for row in table[header_index + 1 :]:
            if len(row) <= max(scores):
                continue  # « Nombre de questionnaires retournés ; 14 »: no question's answers
            counts = {i: _count(row[i]) if row[i].strip() else 0.0 for i in scores}
            if any(v is None for v in counts.values()):
                continue
            shares_printed = shares_printed or any("%" in row[i] for i in scores if i < len(row))
            total = sum(v or 0.0 for v in counts.values())
            if total > 0:
                good = sum(v or 0.0 for i, v in counts.items() if scores[i] >= rules.label_satisfied_from)
                totals.append((good, total))
        if not totals:
            continue
        rate = sum(t[0] for t in totals) / sum(t[1] for t in totals)
        counts_are_people = not shares_printed and all(t[1] == int(t[1]) for t in totals) and not _percent_rows(totals)
        respondents = int(max(t[1] for t in totals)) if counts_are_people else None
        return SurveyResult(respondents, rate, "computed_top2")
    return _answers_down_a_column(table, rules)


def _one_scale(header: Sequence[str], scores: dict[int, float], rules: SurveyRules) -> bool:
    """Whether a header's answer labels make one scale: in order from one end to the other, and with
    no column between them that is no answer (« Très satisfait | Satisfait | Peu satisfait Pas du |
    tout satisfait », a header cut apart, would count the worst answers as satisfied)."""
    ordered = [scores[i] for i in sorted(scores)]
    steps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    # « Peu satisfait » and « Pas satisfait » may sit at one place of the rules' scale.
    monotonic = all(step <= 0 for step in steps) or all(step >= 0 for step in steps)
    between = range(min(scores), max(scores) + 1)
    gaps = [i for i in between if i not in scores and not _matches(rules.no_opinion_labels, header[i])]
    return monotonic and not gaps


def _answers_down_a_column(table: Table, rules: SurveyRules) -> SurveyResult | None:
    """One question's answers down the first column, each with its count beside it (« ★★★★★ | 31 »,
    « Très satisfait | 12 »)."""
    counted = [
        (score, count)
        for row in table
        if len(row) >= 2
        and (score := answer_label_score(row[0], rules)) is not None
        and (count := _count(row[1])) is not None
        and "%" not in row[1]
    ]
    answered = sum(count for _, count in counted)
    if len(counted) < MIN_DISTRIBUTION_LINES or answered <= 0:
        return None
    satisfied = sum(count for score, count in counted if score >= rules.label_satisfied_from)
    respondents = int(answered) if answered == int(answered) else None
    return SurveyResult(respondents, satisfied / answered, "computed_top2")


def _percent_rows(totals: Sequence[tuple[float, float]]) -> bool:
    """Rows summing to 100 hold percentages, not counts."""
    return all(abs(t[1] - 100) < 0.6 for t in totals) and len(totals) > 1


def _text_tables(page: PageText) -> list[Table]:
    """Tables written as text (CSV, semicolon or tab separated) when the extractor gave none."""
    lines = [line for line in page.text.splitlines() if line.strip()]
    if len(lines) <= MIN_ANSWERS:
        return []
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters="\t;,")
    except csv.Error:
        return []
    tables: list[Table] = []
    current: Table = []
    for cells in csv.reader(lines, dialect):
        if len(cells) >= 2 and (not current or len(cells) == len(current[0])):
            current.append([c.strip() for c in cells])
            continue
        if len(current) > MIN_ANSWERS:
            tables.append(current)
        current = [[c.strip() for c in cells]] if len(cells) >= 2 else []
    if len(current) > MIN_ANSWERS:
        tables.append(current)
    return tables


def _tables(pages: Sequence[PageText], rules: SurveyRules) -> list[Table]:
    tables: list[Table] = []
    for page in pages:
        tables += [[[cell or "" for cell in row] for row in table] for table in page.tables]
        if not page.tables:
            tables += _text_tables(page) + _counted_rows(page, rules)
    return tables


def _declared_rate(lines: Sequence[Line], rules: SurveyRules) -> float | None:
    for hit in labelled_values(lines, rules.rate_labels):
        # The label's own clause: « 92,6 % se déclarent satisfaits ; 88 % recommanderaient » gives 92,6 %.
        after = _CLAUSE_END.split(hit.after[:RATE_WINDOW_CHARS], maxsplit=1)[0]
        for value, position in percentages(after):
            if not _matches(rules.rate_exclusions, hit.before[-25:] + after[:position]):
                return value
        before = hit.before[-RATE_WINDOW_CHARS:]
        found = percentages(before)
        if found:
            value, position = found[-1]
            if not _matches(rules.rate_exclusions, before[position:]):
                return value
    return None


# A tile's value: « n=42 », « 128 », « 91% », « 4,5 », « +12 ».
_TILE_VALUE = re.compile(r"^(?:n\s*=\s*)?[+\-]?\d+(?:[.,]\d+)?%?$", re.IGNORECASE)


@dataclass(frozen=True)
class Tiles:
    respondents: int | None = None
    rate: float | None = None


def _tile_labels(rules: SurveyRules) -> list[tuple[str, str]]:
    """(kind, label) of every tile label, longest first: « taux de réponse » before « réponses »."""
    return sorted(
        ((kind, phrase) for kind, listed in rules.kpi_headers.items() for phrase in listed),
        key=lambda item: -len(item[1]),
    )


def _tile_kinds(folded: str, phrases: Sequence[tuple[str, str]]) -> list[str] | None:
    """The kinds of a row of tile labels in order, when every word of the row belongs to a label."""
    found: list[tuple[int, str]] = []
    remaining = folded
    for kind, phrase in phrases:
        for match in compile_phrase(phrase).finditer(remaining):
            found.append((match.start(), kind))
            remaining = remaining[: match.start()] + " " * (match.end() - match.start()) + remaining[match.end() :]
    if re.search(r"[a-z]{2,}", remaining) or len(found) < 2:
        return None
    return [kind for _, kind in sorted(found)]


@dataclass(frozen=True)
class GroupSynthesis:
    result: SurveyResult
    totalled: bool  # its rows add up to a total row it prints


def from_group_counts(table: Table, rules: SurveyRules) -> GroupSynthesis | None:
    """A synthesis with one row per training or session giving its respondents and its satisfied ones
    or its rate (« Action | Sessions | Répondants | Satisfaits | Taux », then « Ensemble »): the total
    row as printed when the rows add up to it, else the rows' sum; rows that do not add up to their
    total give nothing."""
    phrases = _tile_labels(rules)
    for header_index in range(min(HEADER_SEARCH_ROWS, len(table))):
        kinds = [_header_kind(cell, phrases) for cell in table[header_index]]
        if "respondents" not in kinds or "rate" not in kinds:
            continue
        who = kinds.index("respondents")
        rated = [i for i, kind in enumerate(kinds) if kind == "rate"]
        rows = [
            row
            for row in table[header_index + 1 :]
            if len(row) > max(who, *rated) and "%" not in row[who] and _count(row[who]) is not None
        ]
        totals = [row for row in rows if _matches(rules.summary_rows, next((c for c in row if c.strip()), ""))]
        groups = [row for row in rows if row not in totals]
        if len(groups) < 2:
            continue
        respondents = sum(_count(row[who]) or 0.0 for row in groups)
        if totals and _count(totals[-1][who]) != respondents:
            return None
        rate = _group_rate(groups, who, rated, respondents)
        result = SurveyResult(int(respondents), rate, "computed_top2" if rate is not None else None)
        return GroupSynthesis(result, totalled=bool(totals))
    return None


def _header_kind(cell: str, phrases: Sequence[tuple[str, str]]) -> str | None:
    folded = fold(cell)
    return next((kind for kind, phrase in phrases if compile_phrase(phrase).search(folded)), None)


def _group_rate(groups: Table, who: int, rated: Sequence[int], respondents: float) -> float | None:
    """Satisfied ones over respondents, from a column counting them (whole numbers no larger than each
    row's respondents), else from a column of rates weighed by each row's respondents."""
    for column in rated:
        read = [(_count(row[column]), _count(row[who]) or 0.0, "%" in row[column]) for row in groups]
        values = [(value, size, share) for value, size, share in read if value is not None]
        if len(values) < len(read):
            continue
        if all(not share and value == int(value) and value <= size for value, size, share in values):
            return sum(value for value, _, _ in values) / respondents
        if all(share or value <= 1 for value, _, share in values):
            return sum((value / 100 if share else value) * size for value, size, share in values) / respondents
    return None


def dashboard_tiles(lines: Sequence[Line], rules: SurveyRules) -> Tiles:
    """Respondents and rate from a dashboard's tiles: a line of labels only, over a line of as many
    values in the same order."""
    phrases = _tile_labels(rules)
    for line, below in zip(lines, lines[1:], strict=False):
        if any(ch.isdigit() for ch in line.text) or not (kinds := _tile_kinds(line.text, phrases)):
            continue
        values = re.sub(r"\s+%", "%", re.sub(r"n\s*=\s*", "n=", below.source, flags=re.IGNORECASE)).split()
        if len(values) != len(kinds) or not all(_TILE_VALUE.match(value) for value in values):
            continue
        read = dict(zip(kinds, values, strict=True))
        return Tiles(respondents=_tile_count(read.get("respondents", "")), rate=_tile_share(read.get("rate", "")))
    return Tiles()


def _tile_count(value: str) -> int | None:
    count = value.lower().removeprefix("n=")
    return int(count) if count.isdigit() and int(count) > 0 else None


def _tile_share(value: str) -> float | None:
    """A percentage tile as a share; a mark out of 5 or 10 is no rate."""
    if not value.endswith("%"):
        return None
    share = float(value[:-1].replace(",", ".")) / 100
    return share if 0 <= share <= 1 else None


_ITEM_END = re.compile(r"[·;|•]")
# A sentence's clause ends there (a table's « | » does not end a label's cell).
_CLAUSE_END = re.compile(r";|\.\s")


def _declared_respondents(lines: Sequence[Line], rules: SurveyRules) -> int | None:
    for hit in labelled_values(lines, rules.respondents_before_number):
        if re.search(r"\d\s*$", hit.before):
            continue  # « 27 réponses (31 candidats) »: the count is before the word, read below
        # « taux de réponse 82 % · 99 participants »: the next item of a summary line is not the label's.
        # « Résumé des réponses – exporté le 12/03/2025 »: a date's numbers count nothing.
        after = without_dates(spelled_numbers_as_digits(hit.after[:40]))
        after = cut_at(_ITEM_END.split(after, maxsplit=1)[0], rules.respondents_denominators)
        for value in greedy_numbers(re.sub(r"\d+(?:[.,]\d+)?\s*%", " ", after)):
            # « Synthèse des réponses 2026 »: a year after the word names the survey, it counts nothing.
            if value == int(value) and value > 0 and not find_years(str(int(value))):
                return int(value)
    counts = _counts_before_words(lines, rules)
    if not counts:
        return None
    first_value, first_words = counts[0]
    # « Session 1 : 20 questionnaires retournés. Session 2 : 15 questionnaires retournés. »: counts of
    # parts said the same way; whether the survey's is one of them or their sum is the officer's call.
    if any(words == first_words and value != first_value for value, words in counts[1:]):
        return None
    return first_value


# A count, its thousands grouped or not (« 1 204 », « 1204 »), never the end of a grouped number.
_COUNT = re.compile(r"(?<![\d.,])(?<!\d )(\d{1,3}(?: \d{3})+|\d{1,5})(?![\d.,%])")


def _counts_before_words(lines: Sequence[Line], rules: SurveyRules) -> list[tuple[int, str]]:
    """Every « 47 répondants », « 32 stagiaires ont répondu »: the count and the words saying it."""
    after_patterns = [compile_phrase(p) for p in rules.respondents_after_number]
    counts = []
    for index, line in enumerate(lines):
        own = spelled_numbers_as_digits(line.text)
        for number in _COUNT.finditer(own):
            said = next((m for p in after_patterns if (m := p.match(own, number.end()))), None)
            if said is not None and said.end() == len(own.rstrip()) and index + 1 < len(lines):
                # The words end the line and may go on on the next (« 16 questionnaires » / « envoyés,
                # 7 retours »): read together, they must still say the count.
                folded = f"{own} {spelled_numbers_as_digits(lines[index + 1].text)}"
                said = next((m for p in after_patterns if (m := p.match(folded, number.end()))), None)
            if said is not None and (count := int(number.group(1).replace(" ", ""))) > 0:
                counts.append((count, " ".join(said.group().split())))
    return counts


# « Très satisfait 87 (67,4 %) », « Satisfait : 35 – 27,1 % »: an answer label, its count, its share.
# « Très satisfait 88 % »: a share alone, not a count (its digits are not « 8 » and « 8 % »).
_DISTRIBUTION_LINE = re.compile(
    r"^\s*(?P<label>[^\d%]*?[^\W\d_][^\d%]*?|[★☆]{5})\s*[:\-–]?\s*"
    r"(?:(?P<count>\d{1,5})(?![\d.,]|\s*%)(?:\s*[\-–]?\s*\(?\s*(?:\d{1,3}(?:[.,]\d+)?)?\s*%\s*\)?)?"
    r"|(?P<share>\d{1,3}(?:[.,]\d+)?)\s*%)\s*$"
)
MIN_DISTRIBUTION_LINES = 3
# The heading of a grid's questions column, before its answer labels (« Critère », « Questions posées »).
MAX_QUESTION_HEADING_WORDS = 2


@dataclass(frozen=True)
class TextDistribution:
    lines: tuple[int, ...]  # indexes in the document's lines
    satisfied: float
    answered: float
    counted: bool  # answers counted, not shares in percent (which say nothing of the respondents)


def text_distributions(lines: Sequence[Line], rules: SurveyRules) -> list[TextDistribution]:
    """Runs of consecutive lines each giving an answer label and its count, at least
    `MIN_DISTRIBUTION_LINES` long (one question's answers)."""
    found: list[TextDistribution] = []
    run: list[tuple[int, float, float, bool]] = []
    for index in range(len(lines) + 1):
        match = _DISTRIBUTION_LINE.match(lines[index].source) if index < len(lines) else None
        score = answer_label_score(match["label"], rules) if match else None
        counted = match is not None and match["count"] is not None
        if score is not None and match is not None and (not run or run[-1][3] == counted):
            value = float(match["count"]) if counted else float(match["share"].replace(",", "."))
            run.append((index, score, value, counted))
            continue
        if len(run) >= MIN_DISTRIBUTION_LINES:
            found.append(
                TextDistribution(
                    lines=tuple(i for i, *_ in run),
                    satisfied=sum(value for _, score, value, _ in run if score >= rules.label_satisfied_from),
                    answered=sum(value for _, _, value, _ in run),
                    counted=run[0][3],
                )
            )
        run = []
    return [distribution for distribution in found if distribution.answered > 0]


# « très satisfait 62 %, satisfait 30 %, peu satisfait 6 % »: one question's shares on one line.
_INLINE_SHARE = re.compile(r"(?P<label>[^\W\d_][^,;:\d%]*?)\s*:?\s*(?P<share>\d{1,3}(?:[.,]\d+)?)\s*%")


def inline_distributions(lines: Sequence[Line], rules: SurveyRules) -> list[TextDistribution]:
    """Lines listing at least `MIN_DISTRIBUTION_LINES` answer labels each with its share."""
    found = []
    for index, line in enumerate(lines):
        shares = [
            (score, float(match["share"].replace(",", ".")))
            for match in _INLINE_SHARE.finditer(line.source)
            if (score := answer_label_score(match["label"], rules)) is not None
        ]
        if len(shares) >= MIN_DISTRIBUTION_LINES and sum(share for _, share in shares) > 0:
            satisfied = sum(share for score, share in shares if score >= rules.label_satisfied_from)
            found.append(TextDistribution((index,), satisfied, sum(share for _, share in shares), counted=False))
    return found


def from_text_distributions(distributions: Sequence[TextDistribution]) -> SurveyResult | None:
    """Answers pooled over the questions; shares in percent weigh each question alike."""
    if not distributions:
        return None
    rate = sum(d.satisfied for d in distributions) / sum(d.answered for d in distributions)
    counts = [d.answered for d in distributions if d.counted]
    return SurveyResult(int(max(counts)) if counts else None, rate, "computed_top2")


@dataclass(frozen=True)
class _TickedRow:
    answer: float | None  # the ticked answer's place on the scale; None when no box or several are ticked
    page: int
    opening_word: str  # the question's first word, folded: OCR garbles its ends, a misread tick clings to them


def ticked_form(lines: Sequence[Line], rules: SurveyRules) -> SurveyResult | None:
    """Questionnaires filled in by hand: each question's answer is its ticked box (`boxes`), printed
    before the answer's label (« ☐ Très satisfait ☒ Satisfait ☐ Peu satisfait ») or under it, in a
    row of boxes below a header of answer labels. One respondent when the answers are on one page,
    one per page when the pages ask the same questions (a stack of forms scanned together); the
    rate only when every question reads as exactly one tick (a question with no tick, or several,
    may be a box OCR lost or misread)."""
    rows = _ticked_rows(lines, rules)
    answers = [row.answer for row in rows if row.answer is not None]
    if len(answers) < MIN_DISTRIBUTION_LINES:
        return None
    respondents = _forms(rows)
    if len(answers) < len(rows):
        return SurveyResult(respondents, None, None)
    satisfied = sum(answer >= rules.label_satisfied_from for answer in answers)
    return SurveyResult(respondents, satisfied / len(answers), "computed_top2")


def _forms(rows: Sequence[_TickedRow]) -> int | None:
    """How many questionnaires the rows are: 1 on one page, or over several pages whose questions
    all differ (one questionnaire going on); as many as pages when every page asks most of the first
    page's questions; None otherwise (pages that cannot be told apart)."""
    by_page: dict[int, list[str]] = {}
    for row in rows:
        by_page.setdefault(row.page, []).append(row.opening_word)
    if len(by_page) <= 1:
        return len(by_page) or None
    words = [word for page in by_page.values() for word in page]
    if all(words) and len(set(words)) == len(words):
        return 1
    first, *others = (set(filter(None, page)) for page in by_page.values())
    if len(first) >= MIN_DISTRIBUTION_LINES and all(len(first & other) * 2 >= len(first) for other in others):
        return len(by_page)
    return None


@lru_cache(maxsize=1)
def _box_marks() -> re.Pattern[str]:
    """Any box of the rules, longest first (« [x] » before « [ »)."""
    boxes = field_rules().boxes
    return re.compile(
        "|".join(re.escape(box) for box in sorted((*boxes.checked, *boxes.unchecked), key=len, reverse=True))
    )


def _ticked_rows(lines: Sequence[Line], rules: SurveyRules) -> list[_TickedRow]:
    boxes, marks = field_rules().boxes, _box_marks()
    header: list[float] | None = None
    above = ""
    rows: list[_TickedRow] = []
    for line in lines:
        text = _stray_tick_as_box(line.source, header, marks) if header else line.source
        parts = marks.split(text)
        found = marks.findall(text)
        if not found:
            header = _stacked_header_scale(above, line.source, rules) or _header_scale(line.source, rules) or header
            above = line.source
            continue
        ticked = [box in boxes.checked for box in found]
        beside = [answer_label_score(part, rules) for part in parts[1:]]
        if len(found) >= MIN_DISTRIBUTION_LINES and all(score is not None for score in beside):
            chosen = [score for score, tick in zip(beside, ticked, strict=True) if tick]
        elif header is not None and all(map(is_ruling_debris, "".join(parts[1:]).split())):
            # Under a header, a row of boxes fewer or more than its answers lost or gained one.
            chosen = (
                [score for score, tick in zip(header, ticked, strict=True) if tick] if len(found) == len(header) else []
            )
        elif any(score is not None for score in beside):
            chosen = []  # a question's answers split over lines: which box is ticked is not known
        else:
            continue  # « ☐ oui ☐ non »: no rating
        # A question printed above its row of boxes opens on the line above.
        question = parts[0] if parts[0].strip() else above
        opening_word = next(iter(fold(question).replace("|", " ").split()), "")
        rows.append(_TickedRow(chosen[0] if len(chosen) == 1 else None, line.page, opening_word))
    return rows


def _stray_tick_as_box(text: str, header: Sequence[float], marks: re.Pattern[str]) -> str:
    """A row of boxes under a header, one box short, where a short token stands among the boxes or
    right after a cell's border (« ☐ Æ ☐ | ☐ », « | y ☐ ☐ | ☐ », « ☐ X.( ☐ ☐ »): OCR read the ticked
    box as that token. First in the row, after the question's words, never a number (« Question 1
    ☐ ☐ ☐ » lost an empty box) nor a word (« Durée ☐ ☐ ☐ »)."""
    tokens = text.split()
    if len(marks.findall(text)) != len(header) - 1:
        return text
    cells = [i for i, token in enumerate(tokens) if token != "|"][-len(header) :]
    stray = [i for i in cells if not marks.fullmatch(tokens[i])]
    if len(cells) < len(header) or len(stray) != 1 or len(tokens[stray[0]]) > MAX_STRAY_TICK_CHARS:
        return text
    index = stray[0]
    if index == cells[0] and tokens[index - 1 : index] != ["|"] and not _tick_debris(tokens[index]):
        return text
    tokens[index] = field_rules().boxes.checked[0]
    return " ".join(tokens)


def _tick_debris(token: str) -> bool:
    """Neither a number nor a word: a tick read as letters mixed with digits or signs (« X9 », « X.( »),
    or one sign."""
    return not token.isdigit() and not (token.isalpha() and len(token) > 1)


def _header_scale(text: str, rules: SurveyRules) -> list[float] | None:
    labels = _header_labels(text, rules)
    return [score for label in labels if (score := answer_label_score(label, rules)) is not None] if labels else None


def _header_labels(text: str, rules: SurveyRules) -> list[str] | None:
    """The answer labels a line is made of, in order (« Très satisfait  Satisfait  Peu satisfait »),
    after the heading of the questions' column, if any (« Critère », « Questions posées »)."""
    words = fold(text).replace("|", " ").split()
    labels: list[str] = []
    heading = 0
    while words:
        for size in (4, 3, 2, 1):
            label = " ".join(words[:size])
            if len(words) >= size and answer_label_score(label, rules) is not None:
                labels.append(label)
                words = words[size:]
                break
        else:
            if labels or heading == MAX_QUESTION_HEADING_WORDS:
                return None
            heading += 1
            words = words[1:]
    return labels if len(labels) >= MIN_DISTRIBUTION_LINES else None


# « Accueil et organisation  13  7  3  0 »: a question, then its answers' counts.
_COUNTED_ROW = re.compile(r"^(?P<question>.*?[^\W\d_].*?)\s+(?P<counts>\d{1,5}(?:\s+\d{1,5})+)\s*$")


def _counted_rows(page: PageText, rules: SurveyRules) -> list[Table]:
    """Counts of answers printed as text under a header of answer labels (a scanned table), as
    tables; only those that read as a distribution."""
    tables: list[Table] = []
    current: Table = []
    for line in [*page.text.splitlines(), ""]:
        labels = _header_labels(line, rules)
        row = _COUNTED_ROW.match(line.strip())
        if current and row and len(row["counts"].split()) == len(current[0]) - 1:
            current.append([row["question"], *row["counts"].split()])
            continue
        if len(current) > 1:
            tables.append(current)
        current = [["", *labels]] if labels else []
    return [table for table in tables if from_distribution(table, rules) is not None]


def _stacked_header_scale(first: str, second: str, rules: SurveyRules) -> list[float] | None:
    """A header of answer labels set on two lines in narrow columns (« Très  Satisfait  Peu  Pas » over
    « satisfait  satisfait  satisfait »): the second line's words end, in order, the first line's words
    that are no label on their own, or every one of them when they are as many."""
    heads, tails = fold(first).replace("|", " ").split(), fold(second).replace("|", " ").split()
    open_heads = [index for index, head in enumerate(heads) if answer_label_score(head, rules) is None]
    ends = range(len(heads)) if len(tails) == len(heads) else open_heads if len(tails) == len(open_heads) else None
    if ends is None or len(heads) < MIN_DISTRIBUTION_LINES:
        return None
    labels = list(heads)
    for index, tail in zip(ends, tails, strict=True):
        labels[index] = f"{heads[index]} {tail}"
    scale = [score for label in labels if (score := answer_label_score(label, rules)) is not None]
    return scale if len(scale) == len(labels) else None


def survey_fields(pages: Sequence[PageText], lines: Sequence[Line]) -> dict[str, FieldValue]:
    rules = field_rules().survey
    tables = _tables(pages, rules)
    syntheses = [found for table in tables if (found := from_group_counts(table, rules)) is not None]
    # A synthesis per session whose rows add up to its total row and give a rate: its count columns
    # would pass for ratings.
    totalled = next((synthesis.result for synthesis in syntheses if synthesis.totalled), None)
    if totalled is not None and totalled.satisfaction_rate is not None:
        return totalled.fields()
    distributions = [from_distribution(table, rules) for table in tables]
    # A distribution's count columns would pass for ratings: raw answers are read from the other tables.
    raw = from_raw_answers([t for t, d in zip(tables, distributions, strict=True) if d is None], rules)
    if raw is not None:
        return raw.fields()
    table_summary = next((d for d in distributions if d is not None), None)
    if table_summary is not None:
        # A question's answers may be fewer than the questionnaires returned, which the text may state;
        # more only when the table pools several questions' answers: a whole multiple of them.
        declared = _declared_respondents([line for line in lines if not line.from_table], rules)
        counted = table_summary.respondents
        stands = declared and (counted is None or counted <= declared or counted % declared == 0)
        respondents = declared if stands else counted
        return SurveyResult(respondents, table_summary.satisfaction_rate, table_summary.rate_method).fields()
    if syntheses:
        return syntheses[0].result.fields()
    form = ticked_form(lines, rules)
    if form is not None:
        return form.fields()
    distributions = text_distributions(lines, rules) + inline_distributions(lines, rules)
    in_distributions = {index for distribution in distributions for index in distribution.lines}
    prose = [line for index, line in enumerate(lines) if index not in in_distributions]
    tiles = dashboard_tiles(prose, rules)
    rate = tiles.rate if tiles.rate is not None else _declared_rate(prose, rules)
    respondents = tiles.respondents or _declared_respondents(prose, rules)
    counted = from_text_distributions(distributions)
    if counted is not None:
        respondents = respondents or counted.respondents
        if rate is None:
            return SurveyResult(respondents, counted.satisfaction_rate, counted.rate_method).fields()
    return SurveyResult(respondents, rate, "declared" if rate is not None else None).fields()
