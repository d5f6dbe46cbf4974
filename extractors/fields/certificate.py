"""The organisation's Qualiopi certificate: number, certifier, validity, certified categories, identity.

Certifiers lay their certificates out differently (a statement « X certifie que … », a form of
labelled dates, a one-line « Valide du … au … »), so every field is read from a label or a sentence
role listed in `field_rules.yaml` (`certificate`), then checked against the certificate's own
structure: the validity span is at most one certification cycle, a certifier read from a signature
or an ownership line must be printed twice. The certifier's own identity (its SIRET in a footer) is
kept out of the organisation's `siren` and `nda_number`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from extractors.fields.dates import find_dates
from extractors.fields.identity import identity_fields
from extractors.fields.lines import LabelHit, Line, cell_below, cut_at, find_labels, labelled_values, leading_separators
from extractors.fields.rules import CertificateRules, field_rules
from extractors.text_normalize import compile_phrase, fold, fold_with_offsets
from schemas.contract import CATEGORIES, Category, FieldValue

# A date beside its label is printed within these characters after it.
_BESIDE_CHARS = 40
# A scan's table border between the label and its value reads « | »: « Certificat N° | QUA-24-0153 ».
_NUMBER_MARK = re.compile(r"^\s*\|?\s*(?:(?i:n\s*°|no\b\.?|num(?:éro|ero)?\b\.?)\s*)?[:.|]?\s*")
# The code: one token holding a digit (« 281011-1 », « FR-QUALIOPI-2025-0456 »), or a short
# capital prefix and such a token (« QUA 008437 », « RNQ 3836 »).
_CODE = re.compile(r"^(?P<code>(?:[A-Z]{2,5}\s)?[A-Za-z0-9][\w/\-.]*?\d[\w/\-.]*)")
# The name of a web site or mail domain: « www.norma-audit.fr », « contact@norma-audit.fr » give norma-audit.
_DOMAIN = re.compile(r"(?:www\.|@)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.[a-z]{2,6}\b")
# Nothing after the label but what a scan makes of a margin or an ornament (« D CERTIFICAT e »).
_OCR_DEBRIS = re.compile(r"\s*(?:[^\W\d]{1,2}\s*)?")
# What starts a list item: a bullet, a box (« [x] »), or what OCR made of a box (« Kl », « & », « [ »); never an
# enumeration (« 1. », « a) »), whose marks differ by design.
_LIST_MARK = re.compile(r"^\s*([^\w\s]*\s*(?:[^\W\d_]{1,2}(?=[\s\])]))?[^\w\s]*)")
# A certificate's title stands within its first lines (under a letterhead and its address).
TITLE_WITHIN_LINES = 5
_NAME_END = re.compile(r"[.,;:|()\[\]–—]|\s-\s|\s{2,}|\t")


def find_certificate_number(lines: Sequence[Line]) -> str | None:
    """The code printed right after « Certificat (n°) », on the same line or alone on the next one."""
    for hit in labelled_values(lines, field_rules().certificate.number_labels):
        # « CERTIFICAT,QUA008437 »: a scan may read the space after the label as a comma.
        after = cell_below(lines, hit) or _NUMBER_MARK.sub("", leading_separators(hit.after).lstrip(","), count=1)
        if _OCR_DEBRIS.fullmatch(after) and hit.line_index + 1 < len(lines):
            after = _NUMBER_MARK.sub("", lines[hit.line_index + 1].source.strip(), count=1)
        match = _CODE.match(after)
        if match is None:
            continue
        code = match.group("code").rstrip(".-/")
        if not find_dates(code):  # « Certificat du 12/03/2024 » gives a date, not a number
            return code
    return None


def _clean_certifier(text: str, rules: CertificateRules) -> str | None:
    """The name in a candidate, without leading articles; None when it is not a name."""
    words = text.strip(" \"'«»*•-").split()
    generic = set(rules.certifier_generic_words)
    while words and all(part in generic for part in re.findall(r"[a-z0-9]+", fold(words[0]))):
        words.pop(0)
    if not words or len(words) > rules.certifier_max_words or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return None
    if all(part in generic for word in words for part in re.findall(r"[a-z0-9]+", fold(word))):
        return None
    return " ".join(words)


def _printed_times(name: str, folded_document: str) -> int:
    return len(re.findall(r"(?<![a-z0-9])" + re.escape(fold(name)) + r"(?![a-z0-9])", folded_document))


def find_certifier(lines: Sequence[Line]) -> str | None:
    """The subject of the certifying sentence; else a body named in a signature or an accreditation
    line, or by its role or as the certificate's owner, printed at least twice on the certificate."""
    rules = field_rules().certificate
    for line in lines:
        for verb in rules.certifier_verbs:
            match = compile_phrase(verb).search(line.text)
            if match and (name := _clean_certifier(line.folded.source_slice(0, match.start()), rules)):
                return name
    folded_document = "\n".join(line.text for line in lines)
    for patterns, printings in ((rules.certifier_stated_patterns, 1), (rules.certifier_name_patterns, 2)):
        if name := _named_by(lines, patterns, printings, folded_document, rules):
            return name
    for line in lines:
        for role in rules.certifier_roles:
            for match in compile_phrase(role).finditer(line.text):
                rest = line.folded.source_slice(match.end())
                name = _clean_certifier(_NAME_END.split(rest, maxsplit=1)[0], rules)
                if name and _printed_times(name, folded_document) >= 2:
                    return name
    return (
        _named_by_its_domain(lines, folded_document, rules)
        or _named_by(lines, rules.certifier_letterhead_patterns, 2, folded_document, rules)
        or _heading_the_title(lines, rules)
    )


def _heading_the_title(lines: Sequence[Line], rules: CertificateRules) -> str | None:
    """The first line of the certificate when its title comes right after it (« NORMA AUDIT » over
    « CERTIFICAT »), or a few lines below it when that line is a name of the certification kind
    (« Atlantique Certification » over its address), up to a title of its own (« NORMA AUDIT
    CERTIFICAT QUALIOPI »). A logo read as letters is left out: before a bar (« NC | Nord
    Certification »), or the initials of the name (« CA Cert'Alpes Qualité »)."""
    titles = [compile_phrase(title) for title in rules.certificate_titles]
    opening = [line for line in lines[:TITLE_WITHIN_LINES] if line.page == 1 and not line.from_table]
    below = next((index for index, line in enumerate(opening) if index and _is_title(line, titles)), None)
    if below is None or _is_title(opening[0], titles):
        return None
    # Lines between (an address, a logo's debris): only a name of the certification kind heads the page.
    letterheads = [compile_phrase(letterhead) for letterhead in rules.certifier_letterhead_patterns]
    if below > 1 and not any(letterhead.match(opening[0].text) for letterhead in letterheads):
        return None
    name = max(opening[0].source.split("|"), key=lambda part: sum(c.isalpha() for c in part))
    name = _NAME_END.split(_before_a_title(name.strip(), titles), maxsplit=1)[0]
    words = name.split()
    if len(words) > 1 and _initials_of(words[0], words[1:]):
        name = " ".join(words[1:])
    return _clean_certifier(name, rules)


def _is_title(line: Line, titles: Sequence[re.Pattern[str]]) -> bool:
    return any(title.match(line.text) for title in titles)


def _before_a_title(text: str, titles: Sequence[re.Pattern[str]]) -> str:
    folded = fold_with_offsets(text)
    for start in (match.start() for match in re.finditer(r"(?<![a-z0-9])(?=[a-z])", folded.text)):
        if start and any(title.match(folded.text[start:]) for title in titles):
            return folded.source_slice(0, start)
    return text


def _initials_of(monogram: str, words: Sequence[str]) -> bool:
    """Whether `monogram` (2 to 4 capitals) is spelt, in order, by initials of `words` and of the parts
    after their apostrophes and hyphens."""
    if not (2 <= len(monogram) <= 4 and monogram.isalpha() and monogram.isupper()):
        return False
    initials = iter(fold(part)[:1] for word in words for part in re.split(r"['’\-]", word) if part)
    return all(letter in initials for letter in fold(monogram))


def _named_by(
    lines: Sequence[Line], patterns: Sequence[str], printings: int, folded_document: str, rules: CertificateRules
) -> str | None:
    """The first name a pattern finds on a line (its group `name`) that the certificate prints at least
    `printings` times."""
    for line in lines:
        for pattern in patterns:
            match = compile_phrase(pattern).search(line.text)
            if match and (name := _clean_certifier(line.folded.source_slice(*match.span("name")), rules)):
                if _printed_times(name, folded_document) >= printings:
                    return name
    return None


def _named_by_its_domain(lines: Sequence[Line], folded_document: str, rules: CertificateRules) -> str | None:
    """A body heading a line (« Norma Audit Qualité — 17 boulevard Carnot… ») whose name the certificate's
    web or mail domain spells (« www.norma-audit.fr »): the certifier signs its footer and prints where to
    check the certificate."""
    labels = {m.group(1) for m in _DOMAIN.finditer(folded_document)}
    for line in lines:
        name = _clean_certifier(_NAME_END.split(line.source, maxsplit=1)[0], rules)
        if name and labels & _domain_spellings(name):
            return name
    return None


def _domain_spellings(name: str) -> set[str]:
    """The domain labels a name's first words make, joined or hyphenated; an apostrophe inside a word
    is dropped (« Certi'Form Audit »: « certiform-audit ») or read as a break (« certi-form-audit »)."""
    folded = fold(name)
    spellings = set()
    for text in (folded, folded.replace("'", "")):
        words = re.findall(r"[a-z0-9]+", text)
        spellings |= {joiner.join(words[:k]) for joiner in ("", "-") for k in range(1, len(words) + 1)}
    return spellings


def _dates_beside(lines: Sequence[Line], hit: LabelHit, rules: CertificateRules) -> list[date]:
    """Dates printed beside a label; in a table's header row, the cell under it; else on the next line
    when nothing follows the label, unless its line is a row of date labels (« Début de validité Fin de
    validité » over a row of values is read by its cells only); never those of the cycle's first
    certification printed further on the line."""
    below = cell_below(lines, hit)
    if below:
        return find_dates(below)
    under = _under_row_of_labels(lines, hit, rules)
    if under is not None:
        return under
    text = hit.after
    if not text.strip(" *:.\t|"):
        others = (hit.line.text[: hit.start], hit.line.text[hit.end :])  # folded already
        row_of_labels = any(compile_phrase(label).search(part) for label in _date_labels(rules) for part in others)
        text = lines[hit.line_index + 1].source if not row_of_labels and hit.line_index + 1 < len(lines) else ""
    dates = find_dates(cut_at(text[:_BESIDE_CHARS], rules.initial_labels))
    if len(dates) == 1 and hit.line_index + 1 < len(lines):
        following = lines[hit.line_index + 1].text
        if any(compile_phrase(start).match(following) for start in rules.period_end_starts):
            dates += find_dates(following[:_BESIDE_CHARS])[:1]  # « Valable du 01/02/2025 » / « au 31/01/2028 »
    return dates


def _under_row_of_labels(lines: Sequence[Line], hit: LabelHit, rules: CertificateRules) -> list[date] | None:
    """A line made of date labels only over a line of as many dates, without a table's cells
    (« Date de début de validité  Date de fin de validité » over « 12/03/2025  11/03/2028 »): the
    label's date is the one in its place. None when the label is not in such a row."""
    if hit.line_index + 1 >= len(lines):
        return None
    folded = hit.line.text
    spans = sorted(m.span() for label in _date_labels(rules) for m in compile_phrase(label).finditer(folded))
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    rest = "".join(folded[end:start] for (_, end), (start, _) in zip([(0, 0), *merged], [*merged, (len(folded), 0)], strict=True))
    dates = find_dates(lines[hit.line_index + 1].source)
    if len(merged) < 2 or re.search(r"\w", rest) or len(dates) != len(merged):
        return None
    return [next(found for (start, end), found in zip(merged, dates, strict=True) if start <= hit.start < end)]


def _date_labels(rules: CertificateRules) -> list[str]:
    return [*rules.valid_from_labels, *rules.valid_until_labels, *rules.period_labels]


def _first_dates(lines: Sequence[Line], labels: Sequence[str], rules: CertificateRules) -> list[date]:
    for hit in labelled_values(lines, labels):
        dates = _dates_beside(lines, hit, rules)
        if dates:
            return dates
    return []


def _issue_date(lines: Sequence[Line], rules: CertificateRules) -> date | None:
    for tier in rules.issue_label_tiers:
        for hit in find_labels(lines, tier):
            dates = _dates_beside(lines, hit, rules)
            if dates:
                return dates[0]
    return None


def find_validity(lines: Sequence[Line]) -> tuple[date | None, date | None]:
    """Start and end of validity; the issue date stands for the start when none is printed. A pair
    that is not one certification cycle (end before start, longer than the cycle) is a misreading."""
    rules = field_rules().certificate
    period = _first_dates(lines, rules.period_labels, rules)
    starts = _first_dates(lines, rules.valid_from_labels, rules) or period[:1]
    ends = _first_dates(lines, rules.valid_until_labels, rules) or period[1:2]
    end = ends[0] if ends else None
    issued = not starts
    start = _issue_date(lines, rules) if issued else starts[0]
    if start is not None and end is not None and not 0 < (end - start).days <= rules.max_validity_days:
        return (None, end) if issued else (None, None)
    return start, end


def _categories_in(text: str, rules: CertificateRules) -> tuple[set[Category], bool, str]:
    """The categories a line certifies, whether it names any (an unchecked one included), and the mark
    before the first it names (a bullet, a box, or what OCR made of a box)."""
    folded = fold(text)
    certified: set[Category] = set()
    named = False
    for category, phrases in rules.categories.items():
        for phrase in phrases:
            for match in compile_phrase(phrase).finditer(folded):
                named = True
                if not _last_box_unchecked(folded[: match.start()]):
                    certified.add(category)
    return certified, named, _LIST_MARK.match(text).group(1).strip()


def _last_box_unchecked(before: str) -> bool:
    """Whether the box nearest before a category's name is an empty one (« ☐ Actions permettant de
    faire valider les acquis de l'expérience »)."""
    boxes = field_rules().boxes
    found = [(before.rfind(box), box in boxes.unchecked) for box in (*boxes.unchecked, *boxes.checked)]
    position, unchecked = max(found)
    return position >= 0 and unchecked


def _unreadable_boxes(marks: Sequence[str], rules: CertificateRules) -> bool:
    """List items whose marks are no box this table knows and differ from one another, or stand beside
    known boxes: OCR's readings of ticked and empty boxes, which cannot be told apart."""
    boxes = field_rules().boxes
    known = (*boxes.unchecked, *boxes.checked)
    unknown = {mark for mark in marks if mark and not mark.endswith(known) and mark not in rules.tick_letters}
    boxes = any(mark.endswith(known) for mark in marks if mark)
    return len(unknown) >= 2 or (bool(unknown) and boxes)


def find_categories(lines: Sequence[Line]) -> list[Category]:
    """Categories listed under a label announcing them (or on a line citing L. 6313-1), in contract order."""
    rules = field_rules().certificate
    found: set[Category] = set()
    for hit in find_labels(lines, rules.category_labels):
        following = range(hit.line_index + 1, min(len(lines), hit.line_index + 1 + rules.category_window_lines))
        started = False
        items: list[tuple[str, set[Category]]] = []
        for index, text in enumerate([hit.line.source, *(lines[i].source for i in following)]):
            certified, named, mark = _categories_in(text, rules)
            if not named and started:
                break
            started = started or named
            if named:
                items.append((mark if index else "", certified))
        found |= _ticked(items, rules)
    return [category for category in CATEGORIES if category in found]


def _ticked(items: Sequence[tuple[str, set[Category]]], rules: CertificateRules) -> set[Category]:
    """The categories a list certifies: every one named, unless its boxes say otherwise. Where some items
    carry a tick and the others nothing (a box drawn, not printed), the ticked ones only; where OCR left
    marks that cannot be read, none."""
    marks = [mark for mark, _ in items]
    if _unreadable_boxes(marks, rules):
        return set()
    ticks = (*field_rules().boxes.checked, *rules.tick_letters)
    if any(mark in ticks for mark in marks) and "" in marks:
        items = [item for item in items if item[0] in ticks]
    return {category for _, certified in items for category in certified}


def _organisation_lines(lines: Sequence[Line], certifier: str | None) -> list[Line]:
    """Lines that may carry the organisation's identity: not those naming the certifier (its address
    and SIRET), unless the certifier is the subject of a sentence about the organisation."""
    if certifier is None:
        return list(lines)
    name = re.compile(r"(?<![a-z0-9])" + re.escape(fold(certifier)) + r"(?![a-z0-9])")
    verbs = [compile_phrase(verb) for verb in field_rules().certificate.certifier_verbs]
    return [line for line in lines if not name.search(line.text) or any(v.search(line.text) for v in verbs)]


def certificate_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    certifier = find_certifier(lines)
    fields: dict[str, FieldValue] = identity_fields(_organisation_lines(lines, certifier))
    number = find_certificate_number(lines)
    if number:
        fields["certificate_number"] = number
    if certifier:
        fields["certifier"] = certifier
    start, end = find_validity(lines)
    if start:
        fields["valid_from"] = start.isoformat()
    if end:
        fields["valid_until"] = end.isoformat()
    categories = find_categories(lines)
    if categories:
        fields["categories"] = list(categories)
    return fields
