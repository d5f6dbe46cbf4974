"""Programme fields: title, duration in hours, price, RNCP / RS codes.

Durations are written « 21 heures (3 jours) », « 21h », « Durée : 3 jours soit 21 heures »,
« 2 jours (14 h) », « 7h30 », « deux journées », « 7 h par jour sur 3 jours ». When only days are
given, hours = days × 7 and `duration_basis` says so ("days_x7"; "hours" when hours were printed).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from extractors.fields.lines import LabelHit, Line, find_labels, header_over_values, labelled_values
from extractors.fields.numbers import amounts
from extractors.fields.rules import ProgrammeRules, TitleCues, TitleTypography, field_rules
from extractors.text_normalize import compile_phrase, fold, fold_with_offsets
from schemas.contract import FieldValue
from schemas.extraction import StyledLine

TITLE_ZONE_LINES = 10
MAX_PRICE_FORMULAS = 5
PRICE_LINES_BELOW_LABEL = 3
TITLE_MAX_CHARS = 200
RUNNING_HEADER_LINES = 2
_SEPARATOR = re.compile(r"^(?:\s*[:\-–—|]|\t)\s*")

_NUMBER = r"\d+(?:[.,]\d+)?"
# Hours may run to thousands in work-study programmes, grouped by a space (« 1 400 heures »).
_HOURS_NUMBER = r"\d{1,3}(?: \d{3})+(?![\d.,])|\d+(?:[.,]\d+)?"
# « 5 x 7 h », « 2 jours x 7 h »: sessions times their length.
_HOURS = re.compile(
    rf"(?<![\d.,])(?:(?P<times>\d{{1,2}})\s*(?:jours?|journees?|j|seances?|sessions?|modules?)?\s*[x×]\s*)?(?P<value>{_HOURS_NUMBER})\s*(?:h(?:eures?|ours?|rs?)?\b|h(?=\d{{2}}\b))"
    r"(?:\s?(?P<minutes>[0-5]\d)(?![\d.,]|\s*(?:j|jours?|journees?|semaines?|mois|h|heures?)\b))?(?:\s*min)?"
    r"(?P<per_day>\s*(?:par|per|/)\s*(?:jour|journee|day|j)\b)?"
)
_RNCP = re.compile(r"\brncp\s*(?:n\s*°\s*)?[-:]?\s*(\d{3,6})\b")
_RS = re.compile(r"\brs\s*(?:n\s*°\s*)?[-:]?\s*(\d{3,5})\b")


def _days_pattern(rules: ProgrammeRules) -> re.Pattern[str]:
    return _days_regex(tuple(rules.number_words))


@lru_cache(maxsize=8)
def _days_regex(number_words: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, number_words), key=len, reverse=True))
    return re.compile(rf"(?<![\d.,])(?P<value>{_NUMBER}|{words}|1/2)\s*(?:-\s*)?(?:jours?|journees?|days?|j)\b")


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
    # « standard : 3 jours ; renforcé : 3 jours + 4 h de suivi »: the first statement is the length.
    folded = fold(text).replace("1⁄2", "1/2").split(";", 1)[0]  # « ½ » folds to « 1⁄2 »
    # « 3 demi-journées de 3,5 h »: sessions times their length, counted before half-days become days.
    folded = _SESSIONS_OF.sub(lambda m: f"{int(m['count']) * _session_hours(m):g} h", folded)
    # « 4 demi-journées » are 2 days, « une demi-journée » half of one.
    folded = re.sub(r"(?<![\d.,])(\d+)\s*demi[\s\-]*(journee|jour)", lambda m: f"{int(m[1]) / 2:g} {m[2]}", folded)
    folded = re.sub(r"\bdemi[\s\-]*(journee|jour)", r"1/2 \1", folded)
    hours_a_day = None
    for equivalence in _EQUIVALENCE.finditer(folded):
        # « 1 jour = 7 heures », « 1 h = 60 min »: a unit's worth, not a length (blanked out); a day's
        # hours turn the days stated into hours.
        if equivalence.group("day"):
            hours_a_day = float(equivalence.group("worth").replace(",", ".")) / float(
                equivalence.group("one").replace(",", ".")
            )
        folded = folded[: equivalence.start()] + " " * len(equivalence.group()) + folded[equivalence.end() :]
    first = min(
        (m for pattern in (_days_pattern(rules), _HOURS) if (m := pattern.search(folded))),
        key=lambda m: m.start(),
        default=None,
    )
    if first is not None and _RANGE_BEFORE.search(folded[: first.start()]):
        # « 3 à 5 demi-journées », « 14-21 h », « entre 12 et 24 heures »: a length that varies is not the
        # training's. A limit is (« 24 heures maximum » for a bilan, as the real documents label it).
        return None
    days = [_as_float(m.group("value"), rules) for m in _days_pattern(rules).finditer(folded)]
    if days and hours_a_day and 0 < days[0] * hours_a_day <= rules.max_duration_hours:
        return round(days[0] * hours_a_day, 2), "hours"
    for match in _HOURS.finditer(folded):
        if folded[: match.start()].rstrip().endswith("+"):
            continue  # « 3 jours + 4 h de suivi »: an addition to the length, not the length
        hours = _match_hours(match, days)
        if 0 < hours <= rules.max_duration_hours:
            return round(hours, 2), "hours"
    if days and 0 < days[0] * rules.hours_per_day <= rules.max_duration_hours:
        return days[0] * rules.hours_per_day, "days_x7"
    return None


_SESSIONS_OF = re.compile(
    rf"(?<![\d.,])(?P<count>\d{{1,2}})\s*(?:demi[\s\-]*journees?|half[\s\-]*days?|journees?|jours?|days?|seances?|sessions?"
    rf"|modules?|ateliers?)\s+(?:de|d'une duree de|of)\s+(?P<value>{_HOURS_NUMBER})\s*(?:h|heures?|hours?)(?:\s?(?P<minutes>[0-5]\d)\b|\b(?!\s*\d))"
)


def _hours_value(number: str) -> float:
    return float(number.replace(" ", "").replace(",", "."))


def _session_hours(sessions: re.Match[str]) -> float:
    return _hours_value(sessions["value"]) + int(sessions["minutes"] or 0) / 60


_RANGE_BEFORE = re.compile(
    r"(?<![\d.,])\d+(?:[.,]\d+)?\s*(?:a|-|–)\s*$|\bentre\s+\d+(?:[.,]\d+)?\s*(?:h|heures?|jours?)?\s+et\s*$"
)
_EQUIVALENCE = re.compile(
    r"(?<![\d.,])(?P<one>\d+(?:[.,]\d+)?)\s*(?:(?P<day>jours?|journees?|j)|h|heures?)\s*=\s*"
    r"(?P<worth>\d+(?:[.,]\d+)?)\s*(?:h|heures?|min(?:utes)?)\b"
)


# « Durée (heures) 14 », « Durée (en jours) : 3 »: the unit in the label.
_UNIT_AFTER_LABEL = re.compile(r"^\s*\(\s*(?:en\s+)?(?P<unit>heures?|h|jours?|j)\s*\)", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\s*[:\-]?\s*(\d+(?:[.,]\d+)?)\s*$")


def _with_label_unit(value: str, unit: str) -> str:
    """A number standing alone after a label that gives its unit, with that unit."""
    bare = _BARE_NUMBER.match(value)
    return f"{bare.group(1)} {unit}" if bare else value


def _match_hours(match: re.Match[str], days: Sequence[float]) -> float:
    hours = _hours_value(match.group("value"))
    if match.group("minutes"):
        hours += int(match.group("minutes")) / 60
    if match.group("per_day") and days:
        hours *= days[0]
    return hours * int(match.group("times") or 1)


def _value_below(lines: Sequence[Line], index: int) -> str:
    """The line under a label, past a rule drawn under it (« Durée » / « ----- » / « 14 heures »)."""
    below = _index_below(lines, index)
    return lines[below].source if below is not None else ""


def _index_below(lines: Sequence[Line], index: int) -> int | None:
    for below in range(index + 1, min(len(lines), index + 3)):
        if not _RULE_LINE.match(lines[below].source):
            return below
    return None


def _stated_total(text: str, rules: ProgrammeRules) -> tuple[float, str] | None:
    """The total a labelled length states after its parts (« 12 h de classes virtuelles + 18 h
    d'e-learning, soit 30 heures »)."""
    folded = fold_with_offsets(text)
    for phrase in rules.total_duration_phrases:
        if total := compile_phrase(phrase).search(folded.text):
            return parse_duration(folded.source_slice(*total.span()), rules)
    return None


def _through_first_duration(hit: LabelHit, rules: ProgrammeRules) -> str:
    """The labelled line up to its first length: what may say that length is not the training's
    (« Durée de validité : 2 ans »). What follows is another statement, which a scan may glue to the
    line (« Durée : 1 journée (7 heures) Accès garanti sous 15 jours »)."""
    line = hit.line.text
    ends = [match.end() for pattern in (_HOURS, _days_pattern(rules)) if (match := pattern.search(line, hit.end))]
    return line[: min(ends)] if ends else line


def duration(lines: Sequence[Line], rules: ProgrammeRules) -> tuple[float, str] | None:
    """The first duration stated (`_stated_durations`). A length in days only (« Durée : 2 jours »)
    gives way to a later length in hours that fits it (« 12 heures de formation » is 6 hours a day),
    since converting days at 7 hours guesses what the programme may state."""
    in_days: tuple[float, str] | None = None
    for found in _stated_durations(lines, rules):
        if in_days is None:
            if found[1] == "hours":
                return found
            in_days = found
        elif found[1] == "hours" and _fits_days(found[0], in_days[0] / rules.hours_per_day, rules):
            return found
    return in_days


def _fits_days(hours: float, days: float, rules: ProgrammeRules) -> bool:
    low, high = rules.hours_per_day_range
    return low * days <= hours <= high * days


def _stated_durations(lines: Sequence[Line], rules: ProgrammeRules) -> Iterator[tuple[float, str]]:
    """Durations as stated, most telling first: after a duration label heading its line or cell, in a
    total-duration phrase, then in a sentence giving a length."""
    for hit in labelled_values(lines, rules.duration_labels):
        # A label heads its line or cell: a column header (« N° | Objectif | Durée ») or a word of a
        # sentence (« s'ajouter à la durée totale ») gives a module's or nothing's length.
        line = lines[hit.line_index]
        unit = _UNIT_AFTER_LABEL.match(hit.after)
        # A label giving its unit (« Durée (heures) 14 ») is a form's field wherever the line starts
        # (a screenshot's menu glued before it).
        if not (_label_at_start(hit) or unit) or _matches(
            rules.duration_exclusions, _through_first_duration(hit, rules)
        ):
            continue
        if line.from_table and not re.search(r"\d", hit.after):
            continue  # a column header: the row below gives one module's length
        text = _with_label_unit(hit.after[unit.end() :], unit.group("unit")) if unit else hit.after
        if not re.search(r"\d|" + "|".join(rules.number_words), fold(text)):
            text = _value_below(lines, hit.line_index)
        elif _matches(rules.duration_wrapped_ends, fold(text)):
            text = f"{text} {_value_below(lines, hit.line_index)}"
        if found := _stated_total(text, rules) or parse_duration(text, rules):
            yield found
    for phrase in rules.total_duration_phrases:
        pattern = compile_phrase(phrase)
        for line in lines:
            total = pattern.search(line.text)
            if total and not _matches(rules.duration_exclusions, line.text):
                if found := parse_duration(line.folded.source_slice(*total.span()), rules):
                    yield found
    for context in rules.unlabelled_duration_contexts:
        for line in lines:
            if compile_phrase(context).search(line.text) and not _matches(rules.duration_exclusions, line.text):
                if found := parse_duration(line.source, rules):
                    yield found


@dataclass(frozen=True)
class PriceReading:
    """The first price formula printed (`value`), every priced line seen (`formulas`), or the words
    saying the price is not stated (« sur devis », « à compléter »)."""

    value: float | None = None
    formulas: tuple[str, ...] = ()
    not_stated: str | None = None

    def fields(self) -> dict[str, FieldValue]:
        found: dict[str, FieldValue] = {}
        if self.value is not None:
            found["price_eur"] = self.value
            if len(self.formulas) > 1:
                found["price_formulas"] = list(self.formulas)
        elif self.not_stated:
            found["price_not_stated"] = self.not_stated
        return found


_LINE_START = re.compile(r"^[\s\-–—•·*✓✔►▶➤>]*(?:\d{1,2}\s*[.)]\s*)?")


def _label_at_start(hit: LabelHit) -> bool:
    """A price label heads its line or its table cell (« Tarif : … », « 10. Tarif »), or a sentence
    with a colon after it (« … en visioconférence. Tarif : 1 800 € TTC »), never a word of a sentence
    (« fixer ses tarifs », « le montant de l'aide »)."""
    before = hit.before.split("\t")[-1]
    heads_sentence = re.search(r"[.;!?]\s+$", before) is not None and re.match(r"\s*:", hit.after) is not None
    return _LINE_START.fullmatch(before) is not None or heads_sentence


def _not_stated(text: str, rules: ProgrammeRules) -> str | None:
    """The phrase saying the price is not stated (« sur devis »), unless an amount with its currency
    comes first: « 160,00 EUR par participant. Intra-entreprise : sur devis » prices the first formula."""
    folded = fold_with_offsets(text)
    for phrase in rules.price_not_stated:
        match = compile_phrase(phrase).search(folded.text)
        if match and _priced(folded.source_slice(0, match.start()), rules) is None:
            return phrase
    return None


def _priced(text: str, rules: ProgrammeRules) -> float | None:
    """The first amount of a line that carries a currency, within the bounds of a price."""
    found = [a.value for a in amounts(text) if a.has_currency and 0 < a.value <= rules.max_price_eur]
    return found[0] if found else None


def price(lines: Sequence[Line], rules: ProgrammeRules) -> PriceReading:
    """Only an amount in a price context is a price: after a price label heading its line (same line,
    or the next lines when the label stands alone), else on a line with a currency and a price
    qualifier (« HT », « par participant »). Share capital, funding ceilings, salaries, street and
    page numbers never are: an amount needs its currency unless it sits right after its label on the
    label's line. « Sur devis », « à compléter »… say the price is not stated."""
    formulas: list[tuple[float, str]] = []
    not_stated: str | None = None
    for hit in labelled_values(lines, rules.price_labels):
        if not _label_at_start(hit) or _matches(rules.price_exclusions, lines[hit.line_index].text):
            continue
        said = _not_stated(hit.after, rules)
        if said:
            not_stated = not_stated or said
            continue
        following = lines[hit.line_index + 1].source if hit.line_index + 1 < len(lines) else ""
        value = _amount_maybe_wrapped(hit.after, following)
        if re.search(r"\d", hit.after):
            if value is not None and 0 < value <= rules.max_price_eur:
                formulas.append((value, lines[hit.line_index].source.strip()))
            continue
        # A label alone on its line (« Tarifs »), or heading a column of formulas (« Formule | Dates |
        # Prix »): each line below it prices is a formula, the next one first.
        below, said = _below_label(lines, hit.line_index, rules)
        if value is None:
            not_stated = not_stated or said
            formulas += below
        elif 0 < value <= rules.max_price_eur:
            formulas += [(value, following.strip()), *(formula for formula in below if formula[1] != following.strip())]
    if not formulas:
        for line in lines:
            if _matches(rules.price_exclusions + rules.price_fallback_exclusions, line.text):
                continue
            if _matches(rules.price_context, line.text) and _matches(rules.price_qualifiers, line.text):
                value = _priced(line.source, rules)
                if value is not None:
                    formulas.append((value, line.source.strip()))
    if formulas:
        unique = tuple(dict.fromkeys(text for _, text in formulas))
        return PriceReading(value=_per_participant(formulas, rules), formulas=unique[:MAX_PRICE_FORMULAS])
    return PriceReading(not_stated=not_stated)


def _per_participant(formulas: Sequence[tuple[float, str]], rules: ProgrammeRules) -> float:
    """The first formula's amount, unless it prices a group or a session and a later formula prices
    a participant (`price_per_group`, `price_per_participant`). A line of several sentences each
    pricing (« Intra : 1 450 € HT par groupe. Inter : 190 € HT par personne. ») is as many formulas;
    a formula saying both (a table cell holding several) prices neither."""
    first, *others = [(value, fold(text)) for value, text in _sentences(formulas, rules)]

    def prices(text: str, unit: Sequence[str], other: Sequence[str]) -> bool:
        return _matches(unit, text) and not _matches(other, text)

    group, participant = rules.price_per_group, rules.price_per_participant
    if prices(first[1], group, participant):
        return next((value for value, text in others if prices(text, participant, group)), first[0])
    return first[0]


# A sentence or a table cell ends there: « … par groupe. Inter : … », « … | … ».
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[^\W\d_])|\s+\|\s+")


def _sentences(formulas: Sequence[tuple[float, str]], rules: ProgrammeRules) -> Iterator[tuple[float, str]]:
    for value, text in formulas:
        priced = [(amount, part) for part in _SENTENCE_BREAK.split(text) if (amount := _priced(part, rules))]
        yield from priced if len(priced) > 1 else [(value, text)]


def _below_label(
    lines: Sequence[Line], index: int, rules: ProgrammeRules
) -> tuple[list[tuple[float, str]], str | None]:
    """A label alone on its line (« TARIFS & » / « FINANCEMENTS » / « À partir de 450 € HT »), or
    heading a table's column (« Formule | Dates | Prix »): the next lines, an amount only with its
    currency, each priced line a formula (what funds it is none); or the words saying the price is
    not stated."""
    found: list[tuple[float, str]] = []
    for below in range(index + 1, min(len(lines), index + 1 + PRICE_LINES_BELOW_LABEL)):
        source = lines[below].source
        if _RULE_LINE.match(source):
            continue
        said = _not_stated(source, rules)
        if said:
            return found, None if found else said
        if _starts_section(source, rules):
            break
        following = lines[below + 1].source if below + 1 < len(lines) else ""
        value = _priced(source, rules)
        if value is None and re.search(r"\d\s*$", source):
            value = _priced(f"{source} {following}", rules)  # « … fixée à 8 » / « 750 € »
        if value is not None and not (found and _matches(rules.price_fallback_exclusions, lines[below].text)):
            found.append((value, source.strip()))
    return found, None


def _amount_maybe_wrapped(text: str, following: str) -> float | None:
    """The first amount of `text` (right after its label: the label is the price context); when
    none carries a currency, the two lines read joined may hold one that the line break cut
    (« … est fixé à 8 » / « 750 € net de taxe » is 8 750 €, not 8)."""
    found = amounts(text)
    priced = [amount.value for amount in found if amount.has_currency] or [
        amount.value for amount in amounts(f"{text} {following}") if amount.has_currency
    ]
    if priced:
        return priced[0]
    return found[0].value if found else None


_LEADING_DEBRIS = re.compile(r"[\W_]*")


def _heading_rest(text: str, headings: Sequence[str], glued: Sequence[str] = ()) -> str | None:
    """What follows a heading such as « Programme de formation : » on its line; None if no heading.
    Headings in `glued` may run into the title without a separator (« Programme Initiation Python »)."""
    folded = fold_with_offsets(text)
    # Bullets, bars and OCR debris before the heading (« . | PROGRAMME DE FORMATION ») are no words.
    start = _LEADING_DEBRIS.match(folded.text).end()
    for heading in headings:
        match = compile_phrase(heading).match(folded.text, start)
        if match:
            rest = folded.source_slice(match.end())
            if not rest.strip() or _SEPARATOR.match(rest) or (heading in glued and rest[:1].isspace()):
                return _SEPARATOR.sub("", rest, count=1).strip()
    return None


# Quotes around a whole title (« Excel : les bases ») frame it; they are not part of it.
_QUOTED = re.compile(r'^[«"“„]\s*(.+?)\s*[»"”]$')


def _clean_title(text: str) -> str | None:
    title = re.sub(r"\s+", " ", text).strip(" \t-–—:|•#*")
    title = _QUOTED.sub(r"\1", title)
    # A parenthesis alone (« (SST) ») is the end of a title set apart from it, not a title.
    if sum(c.isalpha() for c in title) < 3 or (title.startswith("(") and title.endswith(")")):
        return None
    return title[:TITLE_MAX_CHARS]


def _labelled_title(lines: Sequence[Line], rules: ProgrammeRules) -> str | None:
    for hit in find_labels(lines, rules.title_labels):
        if not hit.at_line_start or not _SEPARATOR.match(hit.after):
            continue
        cleaned = _clean_title(_SEPARATOR.sub("", hit.after, count=1).split("\t")[0])
        if cleaned:
            return cleaned
    return None


TitleRole = Literal["candidate", "kicker", "meta", "letterhead"]
# A line of nothing but these draws a rule: under a heading in plain text (« ===== » under the title).
_RULE_LINE = re.compile(r"^\s*([=\-_~*─━═])\1{2,}\s*$")
_SENTENCE_END = re.compile(r"[.;!?]\s*$")
# How the second line of a wrapped title starts: « fondamentaux », « (SST) - formation initiale ».
_CONTINUATION_START = re.compile(r"^\s*(?:[a-zà-ÿ]|[(&/+\-–—])")


@dataclass
class _ZoneLine:
    """A line at the top of page 1, and what it is for the title."""

    text: str
    role: TitleRole
    underline: str = ""
    # Nothing but a kind of diploma (« Certificat d'aptitude professionnelle »): the title goes on below.
    diploma_kind: bool = False
    # Its reference or update followed it on its line (« Tableur avancé Réf. TA-3 »), now cut off.
    referenced: bool = False

    def wraps_onto(self, other: _ZoneLine) -> bool:
        """A title wrapped over two lines: the second starts in lower case or with a bracket
        (« Management d'équipe : les » / « fondamentaux »); a sentence or an underline ends a heading."""
        return self._open_heading(other) and _CONTINUATION_START.match(other.text) is not None

    def continues_with(self, other: _ZoneLine) -> bool:
        """Wrapped, or the first line names only a kind of diploma and the next one its specialty."""
        return self.wraps_onto(other) or (self.diploma_kind and self._open_heading(other))

    def _open_heading(self, other: _ZoneLine) -> bool:
        return self.role == other.role == "candidate" and not self.underline and not _SENTENCE_END.search(self.text)


def _is_diploma_kind(text: str, rules: ProgrammeRules) -> bool:
    folded = fold(text).strip(" \t-–—:|•")
    return any(compile_phrase(phrase).fullmatch(folded) for phrase in rules.title_diploma_kinds)


def _role(text: str, rules: ProgrammeRules, set_apart: bool = False) -> TitleRole | None:
    """`set_apart`: the line's typography makes it a heading, so words a title may hold do not
    make it letterhead."""
    folded = fold(text)
    if _heading_rest(text, rules.title_prefixes) is not None or _ends_a_band(folded, rules):
        return "kicker"
    if _matches([*rules.title_letterhead, *rules.title_contact], folded) or (
        not set_apart and _matches(rules.title_letterhead_words, folded)
    ):
        return "letterhead"
    if _matches(rules.title_meta, folded):
        return "meta"
    return "candidate" if _clean_title(text) else None


def _ends_a_band(folded: str, rules: ProgrammeRules) -> bool:
    """« Cap Compétences FICHE PROGRAMME »: words, then the kind of document, ending the line."""
    line = folded.rstrip(" \t:|-–—")
    for ending in rules.title_band_endings:
        match = compile_phrase(ending).search(line)
        if match and match.end() == len(line) and re.search(r"[a-z]{2}", line[: match.start()]):
            return True
    return False


_MIN_WORDS_BEFORE_TAIL = 2


def _before_meta_tail(text: str, rules: ProgrammeRules) -> str:
    """The line up to a reference or an update printed after the title (« … Réf. BC-01 »)."""
    folded = fold_with_offsets(text)
    for tail in rules.title_meta_tails:
        match = compile_phrase(tail).search(folded.text)
        if match and len(folded.text[: match.start()].split()) >= _MIN_WORDS_BEFORE_TAIL:
            return folded.source_slice(0, match.start()).rstrip(" \t-–—:|,")
    return text


def _title_zone(lines: Sequence[Line], rules: ProgrammeRules) -> list[_ZoneLine] | str:
    """The lines above the first section of page 1, or the title itself when a kicker carries it
    (« Programme de formation : Word initiation »)."""
    first_page = lines[0].page if lines else None
    zone: list[_ZoneLine] = []
    for line in (ln for ln in lines if ln.page == first_page and not ln.from_table):
        whole = line.source.split("\t")[0]
        text = _before_meta_tail(whole, rules)
        rule = _RULE_LINE.match(text)
        if rule:
            if zone:
                zone[-1].underline = rule.group(1)
            continue
        if zone and zone[-1].wraps_onto(_ZoneLine(text, "candidate")):
            zone.append(_ZoneLine(text, "candidate"))  # « … : » / « méthodes et outils » is no section
            continue
        if len(zone) >= TITLE_ZONE_LINES or _starts_section(text, rules):
            break
        rest = _heading_rest(text, rules.title_prefixes)
        if rest and (inline := _title_line(rest, rules)):
            return inline
        role = _role(text, rules)
        if role is not None:
            diploma_kind = role == "candidate" and _is_diploma_kind(text, rules)
            zone.append(_ZoneLine(text, role, diploma_kind=diploma_kind, referenced=text != whole))
    return _merge_wrapped(zone)


def _merge_wrapped(zone: list[_ZoneLine]) -> list[_ZoneLine]:
    merged: list[_ZoneLine] = []
    for item in zone:
        if merged and merged[-1].continues_with(item):
            merged[-1] = _ZoneLine(f"{merged[-1].text.rstrip()} {item.text.strip()}", "candidate", item.underline)
        else:
            merged.append(item)
    return merged


def _running_headers(lines: Sequence[Line]) -> set[str]:
    """Lines printed at the top of more than one page: the letterhead, not the title."""
    tops: dict[int, set[str]] = {}
    for line in lines:
        if line.from_table:
            continue
        top = tops.setdefault(line.page, set())
        if len(top) < RUNNING_HEADER_LINES:
            top.add(line.text)
    counts = Counter(text for top in tops.values() for text in top)
    return {text for text, count in counts.items() if count > 1}


def _title_score(index: int, zone: Sequence[_ZoneLine], headers: set[str], cues: TitleCues) -> float:
    """Layout cues: a title sits next to its kicker or to the document's version line, is underlined
    in plain text; the organisation's name sits on top of its address or repeats on every page."""
    item = zone[index]
    weights = cues.model_dump()
    before = zone[index - 1].role if index > 0 else None
    after = zone[index + 1].role if index + 1 < len(zone) else None
    score = weights.get(f"after_{before}", 0.0) + weights.get(f"before_{after}", 0.0)
    if item.referenced:
        score += cues.before_meta
    if item.underline == "=" or item.text.lstrip().startswith("# "):
        score += cues.underlined
    if fold(item.text) in headers:
        score += cues.running_header
    return score


_LEADING_SYMBOLS = re.compile(r"^[^\w(«\"]+")


def _starts_section(text: str, rules: ProgrammeRules) -> bool:
    """« Objectifs », « 🎯 Objectifs pédagogiques », « 1. Public visé »…"""
    folded = _LEADING_SYMBOLS.sub("", fold(text))
    folded = re.sub(r"^\d+\s*[.)\-]\s*", "", folded)
    return any(compile_phrase(phrase).match(folded) for phrase in rules.section_starts)


def _only_a_duration(text: str, rules: ProgrammeRules) -> bool:
    """« 1 jour », « 14 heures (2 jours) »: a duration printed where a title could stand."""
    folded = fold(text)
    if parse_duration(folded, rules) is None:
        return False
    rest = _days_pattern(rules).sub(" ", _HOURS.sub(" ", folded))
    return sum(c.isalpha() for c in re.sub(r"\b(?:soit|de|et|ou|au total|total|duree)\b", " ", rest)) < 3


def _title_line(text: str, rules: ProgrammeRules, set_apart: bool = False) -> str | None:
    """The title a line can stand for: itself, or what follows its kicker (« Programme : Excel »)."""
    rest = _heading_rest(text, rules.title_prefixes, rules.title_prefixes_glued if set_apart else ())
    if rest is not None:
        text = rest
    text = _before_meta_tail(text, rules)
    role = _role(text, rules, set_apart)
    if role != "candidate" or _only_a_duration(text, rules) or _starts_section(text, rules):
        return None
    if set_apart and _is_diploma_kind(text, rules):
        # A banner naming only the kind of diploma (« Titre professionnel ») over the trade's name.
        return None
    return _clean_title(text)


def _body_size(styled: Sequence[StyledLine]) -> float:
    """The size of the page's ordinary text: the lower quartile of its characters' sizes. On a cover,
    where large lines carry most of the characters, the most common size would be the title's."""
    sizes = sorted((line.size, len(line.text)) for line in styled)
    quarter, seen = sum(count for _, count in sizes) / 4, 0
    for size, count in sizes:
        seen += count
        if seen >= quarter:
            return size
    return sizes[-1][0]


# A line that is only a parenthesis (« (SST) », « (CACES R489) ») ends the title above it: OCR
# measures its glyphs taller than the title's letters.
_PARENTHESIS_LINE = re.compile(r"^\s*\([^()]{2,30}\)\s*$")


def _set_as_heading(line: StyledLine) -> bool:
    """A section's heading, bold or standing alone (« Objectifs », « Programme : »); not a plain line
    giving a value after its label (« Contact : service formation », a sidebar beside the title)."""
    _, colon, value = line.text.partition(":")
    return line.bold or not (colon and value.strip())


def _in_a_side_column(heading: StyledLine, styled: Sequence[StyledLine], typography: TitleTypography) -> bool:
    """A heading of a column of key facts beside the title (« EN BREF », « DURÉE », « TARIF »): level
    with a larger line that lies wholly to one side of it. Only where the lines' extents are known."""
    return any(
        other.size >= heading.size * typography.min_size_ratio
        and abs(other.top - heading.top) <= typography.interleaved_line_gap * other.size
        and _apart(heading, other)
        for other in styled
    )


def _apart(one: StyledLine, other: StyledLine) -> bool:
    if one.left is None or one.right is None or other.left is None or other.right is None:
        return False
    return one.right <= other.left or other.right <= one.left


def _same_block(previous: StyledLine, line: StyledLine, max_line_gap: float) -> bool:
    """A Word paragraph is a block of its own; PDF lines of one size close together make one."""
    if previous.paragraph is not None or line.paragraph is not None:
        return previous.paragraph == line.paragraph
    close = line.top - previous.top <= max_line_gap * previous.size
    return close and (_same_size(previous, line) or bool(_PARENTHESIS_LINE.match(line.text)))


def _same_size(previous: StyledLine, line: StyledLine) -> bool:
    return abs(line.size - previous.size) <= 0.05 * previous.size


def _block_continued(
    blocks: Sequence[list[StyledLine]], line: StyledLine, typography: TitleTypography
) -> list[StyledLine] | None:
    """The block a line continues: the one right above it, or one a line of the other column (another
    size) interrupts, « Prévention des troubles » / (body text) / « musculo-squelettiques »."""
    if blocks and _same_block(blocks[-1][-1], line, typography.max_line_gap):
        return blocks[-1]
    # A line of another column known to stand apart interrupts the reading order, not the block.
    gap = typography.max_line_gap if blocks and _apart(blocks[-1][-1], line) else typography.interleaved_line_gap
    for block in reversed(blocks[:-1]):
        last = block[-1]
        if last.paragraph is not None or line.top - last.top > gap * last.size:
            break
        if _same_size(last, line):
            return block
    return None


def typographic_title(styled: Sequence[StyledLine], rules: ProgrammeRules) -> str | None:
    """The largest block of page 1 above its first section, when clearly larger than the body text.
    A block is consecutive lines of one size close together (a title printed over several lines,
    « CATALOGUE » / « DE FORMATIONS »), judged as a whole: a block that is letterhead, meta, a
    duration or a section is not the title, and the next largest block is tried."""
    if not styled:
        return None
    typography = rules.title_typography
    body = _body_size(styled)
    blocks: list[list[StyledLine]] = []
    weights_known = any(line.bold for line in styled)  # OCR tells no weight
    for line in styled:
        if _starts_section(line.text, rules) and (_set_as_heading(line) or not weights_known):
            if _in_a_side_column(line, styled, typography):
                continue
            break
        block = _block_continued(blocks, line, typography)
        if block is not None:
            block.append(line)
        else:
            blocks.append([line])
    large = [block for block in blocks if block[0].size >= body * typography.min_size_ratio]
    identity = _organisation_names(styled, rules)
    for block in sorted(large, key=lambda block: -block[0].size):
        text = " ".join(line.text for line in _announced(block, rules))
        if _names_the_organisation(text, identity) or _above_an_address(block[-1], styled, rules):
            continue
        found = _title_line(text, rules, set_apart=True)
        if found:
            return found
    return None


def _announced(block: Sequence[StyledLine], rules: ProgrammeRules) -> Sequence[StyledLine]:
    """The lines after a kicker set like the title above it (« ACME » / « FICHE PROGRAMME » /
    « Excel », or the band « ACME FICHE PROGRAMME »): the kicker announces them."""
    for index in range(len(block) - 2, -1, -1):
        text = block[index].text
        if _heading_rest(text, rules.title_prefixes) == "" or _ends_a_band(fold(text), rules):
            return block[index + 1 :]
    return block


_WORD = re.compile(r"[a-z0-9]{3,}")
# A web or mail address keeps only its host: its path may hold a training's name
# (« openclassrooms.com/fr/paths/developpeur-web »), its host holds the organisation's.
_ADDRESS = re.compile(r"(?:https?://)?(?:[\w.\-]+@)?(?P<host>[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,6})(?:/\S*)?")


def _above_an_address(last: StyledLine, styled: Sequence[StyledLine], rules: ProgrammeRules) -> bool:
    """Whether the line under a block's `last` line, in its column (a side column's lines come
    between them in reading order), is a postal address or a phone number."""
    below = styled[next(i for i, line in enumerate(styled) if line is last) + 1 :]
    under = next((line for line in below if not _apart(last, line)), None)
    return under is not None and _matches(rules.title_contact, fold(under.text))


def _organisation_names(styled: Sequence[StyledLine], rules: ProgrammeRules) -> list[str]:
    """Where the page names its organisation: the hosts of its web and mail addresses
    (« certifications@inkrea.fr » → « inkrea.fr »), the lines that present the organisation
    (« LEARNDIGI — Organisme de formation certifié ») without those words, and its legal line (the
    one carrying its SIRET or NDA). Other letterhead lines are not used: a certification's
    registration line may name the training (« Développeur web, enregistré au RNCP »)."""
    presenting = [compile_phrase(phrase) for phrase in rules.title_letterhead_words]
    identity = field_rules().identity
    registration = [compile_phrase(label) for label in (*identity.siren_labels, *identity.nda_labels)]
    names = []
    for line in styled:
        folded = fold(line.text)
        names += [address["host"] for address in _ADDRESS.finditer(folded)]
        # « ALPHA&CO Conseil – SIRET 904 123 783 00014 – NDA … »: the legal line names the organisation
        # before its numbers.
        legal = [match.start() for pattern in registration if (match := pattern.search(folded))]
        if legal or any(pattern.search(folded) for pattern in presenting):
            folded = folded[: min(legal)] if legal else folded
            for pattern in presenting:
                folded = pattern.sub(" ", folded)
            names.append(_ADDRESS.sub(" ", folded))
    return names


def _names_the_organisation(text: str, names: Sequence[str]) -> bool:
    """A large block whose every word is in the organisation's names is its name or logo (on a scan
    a logo reads as large text), not the training's title."""
    words = _WORD.findall(fold(text))
    return bool(words) and all(any(word in name for name in names) for word in words)


def title(
    lines: Sequence[Line], rules: ProgrammeRules, styled: Sequence[StyledLine] = (), listed: Sequence[Line] = ()
) -> str | None:
    """« Intitulé : … » when labelled; else the largest line of page 1 when typography sets one
    apart (`typographic_title`); else the first training a table lists (`listed`); else the title a
    kicker carries on its line, or the best line above the first section of page 1 (« Public »,
    « Prérequis »…) by layout cues (`_title_score`), the first one on a tie. Letterhead, version
    lines, kickers and durations are never the title."""
    labelled = _labelled_title(lines, rules) or typographic_title(styled, rules) or _labelled_title(listed, rules)
    if labelled:
        return labelled
    zone = _title_zone(lines, rules)
    if isinstance(zone, str):
        return zone
    candidates = [i for i, item in enumerate(zone) if item.role == "candidate"]
    if not candidates:
        return None
    headers = _running_headers(lines)
    best = max(candidates, key=lambda i: (_title_score(i, zone, headers, rules.title_cues), -i))
    return _clean_title(zone[best].text)


def certification_codes(lines: Sequence[Line]) -> dict[str, FieldValue]:
    codes: dict[str, FieldValue] = {}
    for line in lines:
        if "rncp_code" not in codes and (match := _RNCP.search(line.text)):
            codes["rncp_code"] = f"RNCP{match.group(1)}"
        if "rs_code" not in codes and (match := _RS.search(line.text)):
            codes["rs_code"] = f"RS{match.group(1)}"
    return codes


def first_listed_training(lines: Sequence[Line], rules: ProgrammeRules) -> list[Line]:
    """A table listing trainings (a catalogue kept as a spreadsheet, a table of sessions): its header
    row names a title column (« Code | Intitulé | Durée (h) | Tarif inter HT / pers. »). Its first row
    is read as labelled lines, « Intitulé : Manager une équipe », « Durée (h) : 21 »… A table of
    modules (« Module | Contenu | Durée ») names none: its rows are parts of one training."""
    titles = [compile_phrase(label) for label in rules.title_labels]
    for index in range(len(lines)):
        table = header_over_values(lines, index)
        if table is None or not any(t.fullmatch(fold(header).strip(" :")) for header in table[0] for t in titles):
            continue
        return [
            Line(lines[index + 1].page, f"{header.strip()} : {value.strip()}")
            for header, value in zip(*table, strict=True)
            if header.strip() and value.strip()
        ]
    return []


def programme_fields(lines: Sequence[Line], styled: Sequence[StyledLine] = ()) -> dict[str, FieldValue]:
    """A programme's title, duration and price; those of the first training a table lists when the
    document states none of its own (a catalogue)."""
    rules = field_rules().programme
    fields: dict[str, FieldValue] = {}
    listed = first_listed_training(lines, rules)
    name = title(lines, rules, styled, listed)
    if name:
        fields["title"] = name
    found = duration(lines, rules) or duration(listed, rules)
    if found:
        fields["duration_hours"], fields["duration_basis"] = found
    reading = price(lines, rules)
    if reading.value is None and not reading.not_stated:
        reading = price(listed, rules)
    fields.update(reading.fields())
    fields.update(certification_codes(lines))
    return fields
