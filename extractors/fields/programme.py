"""Programme fields: title, duration in hours, price, RNCP / RS codes.

Durations are written « 21 heures (3 jours) », « 21h », « Durée : 3 jours soit 21 heures »,
« 2 jours (14 h) », « 7h30 », « deux journées », « 7 h par jour sur 3 jours ». When only days are
given, hours = days × 7 and `duration_basis` says so ("days_x7"; "hours" when hours were printed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.fields.lines import Line, find_labels, labelled_values
from extractors.fields.numbers import amounts, first_amount
from extractors.fields.rules import ProgrammeRules, field_rules
from extractors.text_normalize import compile_phrase, fold, fold_with_offsets
from schemas.contract import FieldValue

TITLE_ZONE_LINES = 10
TITLE_MAX_CHARS = 200
_SEPARATOR = re.compile(r"^(?:\s*[:\-–—|]|\t)\s*")

_NUMBER = r"\d+(?:[.,]\d+)?"
_HOURS = re.compile(
    rf"(?<![\d.,])(?P<value>{_NUMBER})\s*(?:h(?:eures?|rs?)?\b|h(?=\d{{2}}\b))(?P<minutes>\d{{2}})?(?:\s*min)?"
    r"(?P<per_day>\s*(?:par|/)\s*(?:jour|journee|j)\b)?"
)
_RNCP = re.compile(r"\brncp\s*(?:n\s*°\s*)?[-:]?\s*(\d{3,6})\b")
_RS = re.compile(r"\brs\s*(?:n\s*°\s*)?[-:]?\s*(\d{3,5})\b")


def _days_pattern(rules: ProgrammeRules) -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, rules.number_words), key=len, reverse=True))
    return re.compile(rf"(?<![\d.,])(?P<value>{_NUMBER}|{words}|1/2)\s*(?:-\s*)?(?:jours?|journees?|j)\b")


def _matches(phrases: Sequence[str], folded: str) -> bool:
    return any(compile_phrase(phrase).search(folded) for phrase in phrases)


def _as_float(value: str, rules: ProgrammeRules) -> float:
    if value in rules.number_words:
        return rules.number_words[value]
    if value == "1/2":
        return 0.5
    return float(value.replace(",", "."))


def parse_duration(text: str, rules: ProgrammeRules | None = None) -> tuple[float, str] | None:
    """Hours and basis ("hours" or "days_x7") from a duration text, or None."""
    rules = rules or field_rules().programme
    folded = fold(text).replace("1⁄2", "1/2")  # « ½ » folds to « 1⁄2 »
    folded = re.sub(r"\bdemi[\s\-]*(journee|jour)", r"1/2 \1", folded)
    days = [_as_float(m.group("value"), rules) for m in _days_pattern(rules).finditer(folded)]
    for match in _HOURS.finditer(folded):
        hours = float(match.group("value").replace(",", "."))
        if match.group("minutes"):
            hours += int(match.group("minutes")) / 60
        if match.group("per_day") and days:
            hours *= days[0]
        if 0 < hours <= rules.max_duration_hours:
            return round(hours, 2), "hours"
    if days and 0 < days[0] * rules.hours_per_day <= rules.max_duration_hours:
        return days[0] * rules.hours_per_day, "days_x7"
    return None


def duration(lines: Sequence[Line], rules: ProgrammeRules) -> tuple[float, str] | None:
    for hit in labelled_values(lines, rules.duration_labels):
        if _matches(rules.duration_exclusions, lines[hit.line_index].text):
            continue
        text = hit.after
        if not re.search(r"\d|" + "|".join(rules.number_words), fold(text)) and hit.line_index + 1 < len(lines):
            text = lines[hit.line_index + 1].source
        found = parse_duration(text, rules)
        if found:
            return found
    for context in rules.unlabelled_duration_contexts:
        for line in lines:
            if compile_phrase(context).search(line.text) and not _matches(rules.duration_exclusions, line.text):
                found = parse_duration(line.source, rules)
                if found:
                    return found
    return None


def price(lines: Sequence[Line], rules: ProgrammeRules) -> float | None:
    """Price of the training (first price printed after a price label, else a qualified amount)."""
    for hit in labelled_values(lines, rules.price_labels):
        if _matches(rules.price_exclusions, lines[hit.line_index].text):
            continue
        text = hit.after
        if not re.search(r"\d", text) and hit.line_index + 1 < len(lines):
            text = lines[hit.line_index + 1].source
        value = first_amount(text)
        if value is not None and 0 < value <= rules.max_price_eur:
            return value
    for line in lines:
        if _matches(rules.price_exclusions, line.text):
            continue
        if _matches(rules.price_context, line.text) and _matches(rules.price_qualifiers, line.text):
            found = [a.value for a in amounts(line.source) if a.has_currency and 0 < a.value <= rules.max_price_eur]
            if found:
                return found[0]
    return None


def _heading_rest(text: str, headings: Sequence[str]) -> str | None:
    """What follows a heading such as « Programme de formation : » on its line; None if no heading."""
    folded = fold_with_offsets(text)
    for heading in headings:
        match = compile_phrase(heading).match(folded.text)
        if match:
            rest = folded.source_slice(match.end())
            if not rest.strip() or _SEPARATOR.match(rest):
                return _SEPARATOR.sub("", rest, count=1)
    return None


def _clean_title(text: str) -> str | None:
    title = re.sub(r"\s+", " ", text).strip(" \t-–—:|•")
    if sum(c.isalpha() for c in title) < 3:
        return None
    return title[:TITLE_MAX_CHARS]


def _title_candidate(text: str, rules: ProgrammeRules) -> str | None:
    folded = fold(text)
    if _matches(rules.title_skip, folded):
        return None
    return _clean_title(text)


def _labelled_title(lines: Sequence[Line], rules: ProgrammeRules) -> str | None:
    for hit in find_labels(lines, rules.title_labels):
        if not hit.at_line_start or not _SEPARATOR.match(hit.after):
            continue
        cleaned = _clean_title(_SEPARATOR.sub("", hit.after, count=1).split("\t")[0])
        if cleaned:
            return cleaned
    return None


def title(lines: Sequence[Line], rules: ProgrammeRules) -> str | None:
    """« Intitulé : … » when labelled; else, at the top of page 1 and before the first section
    (« Public », « Prérequis »…), the line after a « Programme de formation » heading, or the
    first line that is neither a heading nor letterhead (address, phone, legal form, version)."""
    labelled = _labelled_title(lines, rules)
    if labelled:
        return labelled
    first_page = lines[0].page if lines else None
    zone = [ln.source.split("\t")[0] for ln in lines if ln.page == first_page and not ln.from_table]
    candidates: list[str] = []
    after_heading: str | None = None
    heading_seen = False
    for text in zone[:TITLE_ZONE_LINES]:
        starts = [p for p in rules.section_starts if compile_phrase(p).match(fold(text))]
        if starts:
            break
        rest = _heading_rest(text, rules.title_prefixes)
        if rest is not None:
            heading_seen = True
            text = rest
            if not text.strip():
                continue
        candidate = _title_candidate(text, rules)
        if candidate is None:
            continue
        if heading_seen and after_heading is None:
            after_heading = candidate
        candidates.append(candidate)
    return after_heading or (candidates[0] if candidates else None)


def certification_codes(lines: Sequence[Line]) -> dict[str, FieldValue]:
    codes: dict[str, FieldValue] = {}
    for line in lines:
        if "rncp_code" not in codes and (match := _RNCP.search(line.text)):
            codes["rncp_code"] = f"RNCP{match.group(1)}"
        if "rs_code" not in codes and (match := _RS.search(line.text)):
            codes["rs_code"] = f"RS{match.group(1)}"
    return codes


def programme_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    rules = field_rules().programme
    fields: dict[str, FieldValue] = {}
    name = title(lines, rules)
    if name:
        fields["title"] = name
    found = duration(lines, rules)
    if found:
        fields["duration_hours"], fields["duration_basis"] = found
    cost = price(lines, rules)
    if cost is not None:
        fields["price_eur"] = cost
    fields.update(certification_codes(lines))
    return fields
