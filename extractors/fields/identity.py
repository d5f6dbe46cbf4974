"""Identity of the organisation: NDA number, SIREN, name, registration date.

* NDA (numéro de déclaration d'activité): 11 digits, printed with spaces, dots or NBSP
  (« 84 69 12345 69 »); OCR letters inside digit groups are repaired first.
* SIREN: 9 digits with a Luhn key; from a SIRET (14 digits) the first 9. A SIRET is valid if its
  Luhn key is, or under La Poste's rule (SIREN 356000000 and digit sum multiple of 5): that rule
  is checked here rather than through `stdnum.fr.siret`, which rejects a Luhn-valid La Poste SIRET
  other than the head office's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from stdnum import luhn
from stdnum.fr import siren as stdnum_siren

from extractors.fields.dates import find_dates
from extractors.fields.foreign import foreign_registrations
from extractors.fields.lines import LabelHit, Line, cut_at, find_labels, labelled_values, leading_separators, window
from extractors.fields.numbers import repair_digits
from extractors.fields.rules import field_rules
from extractors.text_normalize import compile_phrase, fold, fold_with_offsets
from schemas.contract import FieldValue

NDA_DIGITS = 11
MALFORMED_NDA_WINDOW = 30
LA_POSTE_SIREN = "356000000"

# Digit groups separated by one space, two spaces (justified text), a dot or a dash (a scan's speck
# may add a comma to a dot: « 11.75.,12345.75 »); not a phone
# number in international form (« +33 4 78 12 34 56 » has 11 digits too), nor one written in pairs;
# a run of single digits is a form's boxed field (« 8 4 6 9 1 2 3 4 5 6 9 », a cerfa's comb).
_DIGIT_RUN = re.compile(r"(?<![\d+])\d+(?:(?: {1,2}|[.\-/]|\.,|,\.)\d+)*")
_PHONE_GROUPS = 5


def is_valid_siren(value: str) -> bool:
    return len(value) == 9 and value.isdigit() and stdnum_siren.is_valid(value)


def is_valid_siret(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    if luhn.is_valid(value):
        return True
    return value.startswith(LA_POSTE_SIREN) and sum(int(d) for d in value) % 5 == 0


def _digit_groups(text: str) -> Iterator[list[str]]:
    for match in _DIGIT_RUN.finditer(repair_digits(text)):
        groups = re.split(r"[ .,\-/]+", match.group())
        if len(groups) >= _PHONE_GROUPS and all(len(g) <= 2 for g in groups) and any(len(g) == 2 for g in groups):
            continue
        yield groups


def _numbers_of_length(text: str, lengths: Sequence[int]) -> Iterator[str]:
    """Digit strings of the wanted lengths, read from whole runs or from runs' leading groups."""
    for groups in _digit_groups(text):
        joined = "".join(groups)
        if len(joined) in lengths:
            yield joined
            continue
        total = ""
        for group in groups:  # a run glued to the next number: take its leading groups
            total += group
            if len(total) in lengths:
                yield total
                break
            if len(total) > max(lengths):
                break


# A table's cell border read by OCR next to a number (« |84691234569 »), not a 1; or a box's side
# left between two groups of a number printed one digit per box (« 11755 | 0 8 9375 »).
_CELL_BORDER = re.compile(r"(?<!\S)\|(?=\d)|(?<=\d)\|(?!\S)|(?<=\d) \| (?=\d)")


def _readings(text: str) -> list[str]:
    """The text as printed, then with its line breaks joined: a number wrapped at the end of a line
    (« SIREN 462 » / « 391 434, de la… ») reads whole only once joined, while a number complete on
    its line must not be glued to the next line's digits; last, without a table's borders OCR read
    next to the number (« |84691234569 », which would read as a 1)."""
    readings = [text, text.replace("\n", " "), _CELL_BORDER.sub(" ", text)]
    return list(dict.fromkeys(readings))


# A French VAT number, FR, a two-character key and the SIREN (« TVA FR40303265045 »): eleven digits
# after a label (« immatriculée au RCS sous le numéro … ») that are no NDA.
_VAT_NUMBER = re.compile(r"(?<![a-z0-9])fr ?[0-9a-z]{2} ?\d{3} ?\d{3} ?\d{3}(?!\d)", re.IGNORECASE)
# The NDA's own typography: 11 digits grouped 2-2-5-2 (« 84 69 12345 69 », « 93.13.01234.13 »).
_NDA_PRINTED = re.compile(r"(?<![\d.\-/+])\d{2}([ .\-])\d{2}\1\d{5}\1\d{2}(?![\d]|[.\-/]\d)")


def find_nda(lines: Sequence[Line]) -> str | None:
    """First 11-digit number printed after an NDA label (same line, or the next two); else a number
    of one digit more or less printed right after the label, as printed: a malformed NDA is a
    finding for `nda_valid`, not an absence; else, without a label, a number printed as NDAs are."""
    hits = list(labelled_values(lines, field_rules().identity.nda_labels))
    for hit in hits:
        text = _VAT_NUMBER.sub(" ", window(lines, hit, following=2)[:200])
        for reading in _readings(text):
            for number in _numbers_of_length(reading, [NDA_DIGITS]):
                return number
    for hit in hits:
        right_after = re.match(r"^\W{0,6}(\d[\d .]*\d)", hit.after[:MALFORMED_NDA_WINDOW])
        if right_after:
            groups = list(_digit_groups(right_after.group(1)))
            digits = "".join(groups[0]) if len(groups) == 1 else ""
            if len(digits) in (NDA_DIGITS - 1, NDA_DIGITS + 1):
                return digits
    printed = next((m for line in lines if (m := _NDA_PRINTED.search(repair_digits(line.source)))), None)
    return re.sub(r"\D", "", printed.group()) if printed else None


@dataclass(frozen=True)
class SirenFinding:
    siren: str
    siret: str | None = None

    @property
    def siren_valid(self) -> bool:
        return is_valid_siren(self.siren)

    @property
    def siret_valid(self) -> bool | None:
        return None if self.siret is None else is_valid_siret(self.siret)

    @property
    def valid(self) -> bool:
        return self.siren_valid and self.siret_valid is not False


def _siren_candidates(text: str) -> Iterator[SirenFinding]:
    for number in _numbers_of_length(text, [14, 9]):
        yield SirenFinding(number[:9], number) if len(number) == 14 else SirenFinding(number)


_GROUPED_SIREN_HINT = re.compile(r"[\dOoIl|SB]{3} [\dOoIl|SB]{3} [\dOoIl|SB]{3}")
_SOLID_SIRET = re.compile(r"(?<![\d.,/\-])\d{14}(?![\d]|[.,/\-]\d)")
_GROUPED_SIREN = re.compile(r"(?<!\d)(?<!\d )\d{3} \d{3} \d{3}(?: \d{5})?(?! ?\d)")


def find_siren(lines: Sequence[Line]) -> SirenFinding | None:
    """SIREN (and SIRET) after a SIREN/SIRET/RCS label; else one printed « 123 456 789 » that is valid;
    else, when no label gave even an invalid one, a SIRET of fourteen digits in one run that is valid.

    A valid candidate wins over an invalid one; an invalid one is still returned (its validity
    flags say so) so the admissibility check can say the printed number is wrong rather than absent.
    """
    invalid: SirenFinding | None = None
    for hit in find_labels(lines, field_rules().identity.siren_labels):
        for text in _readings(window(lines, hit, following=1)[:80]):
            for finding in _siren_candidates(text):
                if finding.valid:
                    return finding
                invalid = invalid or finding
    for line in lines:
        if not _GROUPED_SIREN_HINT.search(line.source):
            continue
        for match in _GROUPED_SIREN.finditer(repair_digits(line.source)):
            number = match.group().replace(" ", "")
            finding = SirenFinding(number[:9], number if len(number) == 14 else None)
            if finding.valid:
                return finding
    if invalid:
        return invalid
    # A SIRET whose label OCR lost: fourteen digits in one run, both its check digits right.
    solid = (SirenFinding(m.group()[:9], m.group()) for line in lines for m in _SOLID_SIRET.finditer(line.source))
    return next((finding for finding in solid if finding.valid), None)


def _clean_name(text: str) -> str | None:
    rules = field_rules().identity
    text = leading_separators(text)
    folded = fold_with_offsets(text)
    cut = len(folded.text)
    for stop in rules.organization_stops:
        match = compile_phrase(stop).search(folded.text)
        if match and match.start() > 0:
            cut = min(cut, match.start())
    name = folded.source_slice(0, cut)
    forms = "|".join(map(re.escape, rules.legal_forms))
    # « (SAS) », « (Association loi 1901 (droit local)) »: the legal form, not part of the name.
    name = re.sub(rf"\(\s*(?:{forms})\b(?:[^()]|\([^()]*\))*\)", "", name, flags=re.I)
    name = re.sub(r"\s*\([^)]*$", "", name)  # « (Association loi » wrapped to the next line
    # « FORMA SUD — SAS », « FORMA SUD, SARL | »: the legal form set after a separator, once what OCR
    # made of a border or a speck after it is gone.
    name = re.sub(rf"\s*[,|/\-\u2010-\u2015\u2212]\s*(?:{forms})\b\.?\s*$", "", _without_end_marks(name), flags=re.I)
    name = _without_end_marks(name)
    name = name.strip(" \"'«»")
    letters = sum(c.isalpha() for c in name)
    if letters < 2 or len(name) > 120:
        return None
    return re.sub(r"\s+", " ", name)


def _without_end_marks(name: str) -> str:
    """Punctuation alone at either end is a table's border, a dash or a speck read by OCR
    (« | FORMA SUD — », « FORMA SUD . »)."""
    return re.sub(r"^[\s|\[\]{}()•·*\-\u2010-\u2015\u2212]+|(?:\s+\.)+$|[\s,;:|\[\]{}•·*\-\u2010-\u2015\u2212(]+$", "", name)


_ARTICLES = ("de ", "d'", "du ", "des ", "la ", "le ", "les ", "l'", "un ", "une ")
_SEPARATOR = re.compile(r"^(?:\s*[:=\-–—]|\t)\s*")
# A value beside its label with no separator: a capitalised word or a digit right after the label.
_FORM_VALUE = re.compile(r"^\s+(?=[A-ZÀ-Ý0-9])")
# « Dénomination ou raison sociale : X »: a second label before the separator.
_LABEL_CONTINUATION = re.compile(r"^[^:\t\n]{1,40}?\s:\s*")


def _is_generic(name: str) -> bool:
    """« prestataire de formation », « l'organisme »: a kind of provider, not a provider's name."""
    generic = set(field_rules().identity.organization_generic_words)
    return all(word in generic for word in re.findall(r"[a-z0-9]+", fold(name)))


def _name_after(lines: Sequence[Line], hit_line: int, after: str) -> str | None:
    if not after.strip() and hit_line + 1 < len(lines):
        after = lines[hit_line + 1].source
    if fold(after).startswith(_ARTICLES) and not after[:1].isupper():
        return None  # the label was a word of a sentence, not a field label
    name = _clean_name(after)
    return None if name is None or _is_generic(name) else name


def find_organization_name(lines: Sequence[Line]) -> str | None:
    """Name after a field label followed by a separator, else after a declaration sentence."""
    rules = field_rules().identity
    for hit in labelled_values(lines, rules.organization_labels):
        after = hit.after
        if hit.before.strip() and not hit.before.rstrip().endswith(("\t", ":")):
            continue  # « l'organisme s'engage… »: the label word inside a sentence
        continued = _LABEL_CONTINUATION.match(after)
        if continued and fold(after[: continued.end()]).startswith(("ou ", "/", "(")):
            after = after[continued.end() :]
        elif _SEPARATOR.match(after):
            after = _SEPARATOR.sub("", after, count=1)
        elif hit.before.strip() or (after.strip() and not _FORM_VALUE.match(after)):
            continue
        # else: a form label starting its line, its value beside it (a scanned form loses the cell
        # border: « Dénomination Forma Sud ») or below it
        name = _name_after(lines, hit.line_index, after)
        if name:
            return name
    for hit in labelled_values(lines, rules.organization_phrases):
        name = _name_after(lines, hit.line_index, _sentence_rest(lines, hit))
        if name:
            return name
    return None


def _sentence_rest(lines: Sequence[Line], hit: LabelHit) -> str:
    """The sentence after a phrase, over the line break when the name wraps: « donne récépissé à
    École des Métiers du » / « Bâtiment Nantes (Association loi 1901), SIREN… » (the stops cut it)."""
    after = leading_separators(hit.after)
    following = lines[hit.line_index + 1].source if hit.line_index + 1 < len(lines) else ""
    if after.strip() and _FORM_VALUE.match(" " + following) and not _has_stop(after):
        return f"{after.rstrip()} {following.strip()}"
    return after


def _has_stop(text: str) -> bool:
    folded = fold(text)
    return any(compile_phrase(stop).search(folded) for stop in field_rules().identity.organization_stops)


def declaration_dates(lines: Sequence[Line]) -> dict[str, str]:
    """A receipt's dates (ISO) by meaning: `declaration_date` when the receipt prints a registration date,
    or only one of the day the declaration was filed and its own day, or both the same; when these two
    differ, `declaration_filed_date` and `receipt_date` apart (see `declaration_dates` in the rules)."""
    labels = field_rules().identity.declaration_dates
    registered = _labelled_date(lines, labels.registration)
    if registered:
        return {"declaration_date": registered}
    issued, filed = _labelled_date(lines, labels.issue), _labelled_date(lines, labels.filing)
    if issued and filed and issued != filed:
        return {"declaration_filed_date": filed, "receipt_date": issued}
    if issued or filed:
        return {"declaration_date": issued or filed}
    # No label: a receipt's own date is the latest it prints (after the filing date, the laws cited).
    dates = [found for line in lines for found in find_dates(line.source)]
    return {"declaration_date": max(dates).isoformat()} if dates else {}


def _labelled_date(lines: Sequence[Line], labels: Sequence[str]) -> str | None:
    for hit in find_labels(lines, labels):
        dates = find_dates(window(lines, hit, following=1)[:80])
        if dates:
            return dates[0].isoformat()
    return None


def identity_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    """`siren` and `nda_number`, wherever a document prints them (footers, headers, frame A), but
    a third party's (`_before_third_parties`), and the registrations of an organisation established
    abroad (`foreign_registrations`)."""
    fields: dict[str, FieldValue] = {}
    lines = _before_third_parties(lines)
    own = _without_other_providers(lines)
    nda = find_nda(own) or find_nda(lines)
    if nda:
        fields["nda_number"] = nda
    found = find_siren(own) or find_siren(lines)
    if found:
        fields["siren"] = found.siren
        fields["siren_valid"] = found.siren_valid
        if found.siret:
            fields["siret"] = found.siret
            fields["siret_valid"] = found.siret_valid
    foreign = foreign_registrations(lines)
    if foreign:
        fields["foreign_registrations"] = foreign
    return fields


def _before_third_parties(lines: Sequence[Line]) -> list[Line]:
    """The lines, each up to where it presents a party that is never the organisation
    (`third_party_phrases`)."""
    phrases = field_rules().identity.third_party_phrases
    patterns = [compile_phrase(phrase) for phrase in phrases]
    return [
        Line(line.page, cut_at(line.source, phrases), line.from_table)
        if any(pattern.search(line.text) for pattern in patterns)
        else line
        for line in lines
    ]


def _without_other_providers(lines: Sequence[Line]) -> list[Line]:
    """The lines, those presenting another provider blanked (kept in place: labels read the lines after)."""
    phrases = [compile_phrase(phrase) for phrase in field_rules().identity.other_provider_phrases]
    return [
        Line(line.page, "", line.from_table) if any(p.search(line.text) for p in phrases) else line for line in lines
    ]


def nda_receipt_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    fields = identity_fields(lines)
    name = find_organization_name(lines)
    if name:
        fields["organization_name"] = name
    return fields | declaration_dates(lines)
