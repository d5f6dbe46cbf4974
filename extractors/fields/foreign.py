"""Registrations of an organisation established outside France (UK company number, Belgian enterprise
number, Swiss UID, German commercial register, another country's VAT number, a foreign address).

A foreign organisation applies through a French identity (its subsidiary's or its representative's
SIREN and NDA), so its documents may print both. Each finding is `kind:value`, e.g.
`ch_uid:CHE-100.155.212`, `address:GB:<the line>`; the kinds are `schemas.contract.ForeignRegistrationKind`. Numbers with a check key are kept only when
python-stdnum validates them; the others only after their label.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from stdnum.be import vat as be_vat
from stdnum.ch import uid as ch_uid
from stdnum.exceptions import ValidationError
from stdnum.util import get_cc_module

from extractors.fields.lines import Line, find_labels, window
from extractors.fields.rules import ForeignRegistrationRules, field_rules
from extractors.text_normalize import compile_phrase

_CH_UID = re.compile(r"\bCHE[\s\-.]?\d{3}[\s.]?\d{3}[\s.]?\d{3}\b")
_BE_NUMBER = re.compile(r"(?<![\d.])[01]\d{3}[\s.]?\d{3}[\s.]?\d{3}(?![\d.])")
_GB_NUMBER = re.compile(r"(?<![\w])(?:[A-Z]{2}\d{6}|\d{7,8})(?![\w])")
_DE_REGISTER = re.compile(r"\bHR[AB]\s?\d{1,6}(?:\s?[A-Z]{1,2}\b)?")
# How far after its postcode an address names its country (the town lies between).
ADDRESS_TAIL_CHARS = 40
_VAT_CANDIDATE = r"\b({countries})[\s.\-]?((?:[0-9A-Z][\s.]?){{7,13}}[0-9A-Z])\b"


def _vat_module(country: str):  # noqa: ANN202 (a python-stdnum module)
    try:
        return get_cc_module({"EL": "gr", "XI": "gb"}.get(country, country).lower(), "vat")
    except (ImportError, ValueError):
        return None


def _vat_numbers(lines: Sequence[Line], rules: ForeignRegistrationRules) -> Iterator[str]:
    pattern = re.compile(_VAT_CANDIDATE.format(countries="|".join(map(re.escape, rules.vat_countries))))
    for hit in find_labels(lines, rules.vat_labels):
        for match in pattern.finditer(window(lines, hit, following=1)[:120]):
            module = _vat_module(match.group(1))
            number = match.group(1) + re.sub(r"[\s.]", "", match.group(2))
            if module is not None and _valid(module, number):
                yield f"vat:{number}"


def _valid(module, number: str) -> bool:  # noqa: ANN001 (a python-stdnum module)
    try:
        return bool(module.is_valid(number))
    except (ValidationError, ValueError):
        return False


def _swiss_uids(lines: Sequence[Line]) -> Iterator[str]:
    for line in lines:
        for match in _CH_UID.finditer(line.source):
            if ch_uid.is_valid(match.group()):
                yield f"ch_uid:{ch_uid.format(match.group())}"


def _belgian_numbers(lines: Sequence[Line], rules: ForeignRegistrationRules) -> Iterator[str]:
    for hit in find_labels(lines, rules.enterprise_labels):
        for match in _BE_NUMBER.finditer(window(lines, hit, following=1)[:80]):
            if be_vat.is_valid(match.group()):
                digits = be_vat.compact(match.group()).removeprefix("BE")
                yield f"be_enterprise:{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _labelled(lines: Sequence[Line], labels: Sequence[str], pattern: re.Pattern[str]) -> Iterator[str]:
    for hit in find_labels(lines, labels):
        match = pattern.search(window(lines, hit, following=1)[:80])
        if match:
            yield match.group()


def _addresses(lines: Sequence[Line], rules: ForeignRegistrationRules) -> Iterator[str]:
    """A postcode of the country's shape, its town, then the country's name (« London NW1 6XE, United
    Kingdom », « B-1000 Bruxelles, Belgique »): a country named elsewhere (« Porte d'Italie ») is not an
    address."""
    for line in lines:
        for country, address in rules.countries.items():
            if _named_after_postcode(line.text, address.postcode, address.names):
                yield f"address:{country}:{' '.join(line.source.split())[:120]}"
                break


def _named_after_postcode(folded: str, postcode: str, names: Sequence[str]) -> bool:
    for match in compile_phrase(postcode).finditer(folded):
        town_and_country = re.split(r"[:;|]", folded[match.end() : match.end() + ADDRESS_TAIL_CHARS])[0]
        if any(compile_phrase(name).search(town_and_country) for name in names):
            return True
    return False


def foreign_registrations(lines: Sequence[Line]) -> list[str]:
    """Every foreign registration the document prints, as `kind:value`, each once, in reading order."""
    rules = field_rules().foreign_registration
    found = [
        *_vat_numbers(lines, rules),
        *_swiss_uids(lines),
        *_belgian_numbers(lines, rules),
        *(f"gb_company:{n.zfill(8)}" for n in _labelled(lines, rules.company_number_labels, _GB_NUMBER)),
        *(f"de_register:{n}" for n in _labelled(lines, rules.register_labels, _DE_REGISTER)),
        *_addresses(lines, rules),
    ]
    return list(dict.fromkeys(found))
