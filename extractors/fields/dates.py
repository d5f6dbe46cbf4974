"""French dates: « 28/03/2024 », « 28.03.24 », « 28 mars 2024 », « le 1er avril 2024 », « 3 sept. 2024 »,
and ISO « 2024-03-28 » (exports of online services and databases print dates that way).

Candidates are found with a regex on folded text (so OCR'd or unaccented months still match) and
parsed with dateparser in French, day first, strict (an impossible date such as 31/02 is dropped).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import dateparser

from extractors.fields.numbers import repair_digits, spelled_numbers_as_digits
from extractors.text_normalize import fold

_MONTHS = (
    r"janv(?:ier)?|fev(?:r(?:ier)?)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|aout|sept(?:embre)?|"
    r"oct(?:obre)?|nov(?:embre)?|dec(?:embre)?"
)
# English months (« 12 April 2025 »: a foreign organisation's documents, issue 18), parsed in English.
_ENGLISH_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep"
)
_ENGLISH_MONTH = re.compile(r"\b(?:" + _ENGLISH_MONTHS + r")\b")
_DATE = re.compile(
    r"(?<!\d)(?:"
    r"(?P<numeric>\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2}))(?!\d)"
    r"|(?P<text>(?:1\s?er|\d{1,2})\s+(?:" + _MONTHS + r"|" + _ENGLISH_MONTHS + r")\.?\s+\d{4})(?!\d)"
    r"|(?P<iso>(?:19|20)\d{2}-\d{1,2}-\d{1,2})(?![\d\-])"
    r")"
)
_SETTINGS = {"DATE_ORDER": "DMY", "STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
_PLAUSIBLE_YEARS = range(1970, 2100)


@lru_cache(maxsize=2048)
def parse_french_date(candidate: str) -> date | None:
    language = "en" if _ENGLISH_MONTH.search(candidate) else "fr"
    parsed = dateparser.parse(candidate, languages=[language], settings=_SETTINGS)
    if parsed is None or parsed.year not in _PLAUSIBLE_YEARS:
        return None
    return parsed.date()


# A year in words (« deux mille dix-neuf »): the text may hold a whole date in words, as receipts and
# deeds print them (« le vingt-huit mars deux mille dix-neuf »).
_YEAR_IN_WORDS = re.compile(r"\b(?:deux\s+mille|mille\s+neuf\s+cents?)\b")


def find_dates(text: str) -> list[date]:
    """Dates of a text, in reading order; written in words too."""
    folded = fold(repair_digits(text))
    if _YEAR_IN_WORDS.search(folded):
        folded = re.sub(r"\bpremier\b", "1er", spelled_numbers_as_digits(folded))
    found = []
    for match in _DATE.finditer(folded):
        if match.group("iso"):
            parsed = _iso_date(match.group("iso"))
            if parsed is not None:
                found.append(parsed)
            continue
        candidate = re.sub(r"\s+", " ", match.group()).replace("1 er", "1er")
        parsed = parse_french_date(candidate.replace(" /", "/").replace("/ ", "/"))
        if parsed is not None:
            found.append(parsed)
    return found


def without_dates(text: str) -> str:
    """The text folded with its dates blanked out, for reading the other numbers it holds."""
    return _DATE.sub(" ", fold(repair_digits(text)))


def _iso_date(text: str) -> date | None:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


_YEAR = re.compile(r"(?<!\d)(19[7-9]\d|20\d{2})(?!\d)")


def find_years(text: str) -> list[int]:
    return [int(y) for y in _YEAR.findall(repair_digits(text))]
