"""French numbers as printed in forms, text layers and OCR output.

« 182 340,00 € » (NBSP or thin space as thousands separator), « 182.340 », « 1 290 € HT »,
« 3 120,5 », dotted leaders, and OCR letters inside digit groups (« 34O », « l2345 », « 6S »).
Two things separate numbers: a tab or a run of 2+ spaces (table cells), or anything that is not a
thousands separator. A single space is ambiguous (« 214 3 120 » is 214 and 3 120), hence
`number_partitions`, which lists every reading and lets the caller pick the plausible one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from text_to_num import alpha2digit

from extractors.text_normalize import unify_spaces

# Letters OCR puts in digit groups, and the digit meant.
_LETTER_AS_DIGIT = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
    }
)
_DIGITISH = set("0123456789OoDlIi|SsBZz./,-")
_TOKEN = re.compile(r"\S*\d\S*")


def _repair_token(token: str) -> str:
    # Only tokens made of digits and look-alike letters, with at least one real digit: a word
    # never qualifies, « 8OO,OO » or « l2345 » do.
    core = token.strip("():;«»\"'€%*")
    if not core or not any(c.isdigit() for c in core) or not set(core) <= _DIGITISH:
        return token
    return token.replace(core, core.translate(_LETTER_AS_DIGIT))


# A thousands group read entirely as letters (« 1 OOO € »): repaired only right after a digit group
# and when mostly O's (zeros), so that a word such as « ISO » is left alone.
_LETTER_GROUP = re.compile(r"(?<=\d )(?=(?:[lI|SsB]?[OoD]){2})[OoDlI|SsB]{3}(?![^\s.,€])")


def repair_digits(text: str) -> str:
    """Fix OCR letters inside tokens that are mostly digits (« 84 69 l2345 69 » -> « 84 69 12345 69 »)."""
    text = _LETTER_GROUP.sub(lambda m: m.group().translate(_LETTER_AS_DIGIT), text)
    return _TOKEN.sub(lambda m: _repair_token(m.group()), text)


# A run of digit groups separated by single soft separators (space, NBSP, thin space, dot).
_GROUP_RUN = re.compile(r"(?<![\d,])\d+(?:(?: |\.(?=\d{3}(?!\d)))\d+)*(?:,\d+|\.\d{1,2}(?!\d))?")


@dataclass(frozen=True)
class GroupRun:
    """Digit groups read together, e.g. « 1 214 3 120,5 » -> ['1', '214', '3', '120'] + decimals '5'."""

    groups: tuple[str, ...]
    decimals: str
    start: int
    end: int


# An amount with its currency sign before it (« €1,650 », « EUR 1,200.50 ») is written the English way:
# commas group thousands, a dot marks decimals. Its commas become the spaces that group thousands in
# French, so that « €1,650 » is 1650 and not 1.65; « 1 650,00 € » is French and left alone.
_CURRENCY_FIRST = re.compile(r"(?:€|\beur\b)\s?\d{1,3}(?:,\d{3})+(?![\d,])", re.IGNORECASE)


def _number_text(text: str) -> str:
    """The text numbers are read in: spaces unified, OCR letters repaired, a tab as a cell gap, English
    thousands commas after a currency sign as spaces (every change keeps the text's length)."""
    clean = repair_digits(unify_spaces(text)).replace("\t", "  ")
    return _CURRENCY_FIRST.sub(lambda m: m.group().replace(",", " "), clean)


def group_runs(text: str) -> list[GroupRun]:
    """Digit-group runs of a text; tabs and double spaces end a run (table cells)."""
    clean = _number_text(text)
    runs = []
    for match in _GROUP_RUN.finditer(clean):
        raw = match.group()
        integer, _, decimals = raw.replace(",", "\x00", 1).partition("\x00")
        if not decimals and re.search(r"\.\d{1,2}$", integer):
            integer, decimals = integer.rsplit(".", 1)
        groups = tuple(g for g in re.split(r"[ .]", integer) if g)
        runs.append(GroupRun(groups=groups, decimals=decimals, start=match.start(), end=match.end()))
    return runs


def _valid_number(groups: Sequence[str]) -> bool:
    """Groups of three after a first of one to three that is no zero-led part (« 05 190 » is a date's
    month and an amount: « 14/05 190 € »)."""
    if len(groups) == 1:
        return True
    return 1 <= len(groups[0]) <= 3 and not groups[0].startswith("0") and all(len(g) == 3 for g in groups[1:])


def _value(groups: Sequence[str], decimals: str = "") -> float:
    return float("".join(groups) + ("." + decimals if decimals else ""))


def _partitions(groups: Sequence[str]) -> Iterator[list[tuple[str, ...]]]:
    if not groups:
        yield []
        return
    for cut in range(1, len(groups) + 1):
        head = tuple(groups[:cut])
        if _valid_number(head):
            for rest in _partitions(groups[cut:]):
                yield [head, *rest]


def number_partitions(text: str, max_groups: int = 10) -> list[list[float]]:
    """Every way of reading the numbers of a text, the greedy reading (longest numbers) first."""
    readings: list[list[float]] = [[]]
    for run in group_runs(text):
        groups = run.groups[:max_groups]
        options = []
        for parts in _partitions(groups):
            values = [_value(p) for p in parts]
            if run.decimals:
                values[-1] = _value(parts[-1], run.decimals)
            options.append(values)
        options.sort(key=len)
        readings = [r + o for r in readings for o in options][:256]
    return readings


def spelled_numbers_as_digits(text: str) -> str:
    """« neuf personnes ont répondu » as « 9 personnes ont répondu »: numbers written in French words,
    from three up (« un », « deux » are as often articles and idioms as counts)."""
    return alpha2digit(text, "fr")


def greedy_numbers(text: str) -> list[float]:
    """Numbers read with the usual convention: a group of exactly 3 digits continues the number."""
    readings = number_partitions(text)
    return readings[0] if readings else []


def pick_numbers(
    text: str, count: int, plausible: Callable[[Sequence[float]], bool] = lambda _: True
) -> list[float] | None:
    """The first `count` numbers of the best reading: exactly `count` numbers and plausible first."""
    readings = [r for r in number_partitions(text) if len(r) >= count]
    if not readings:
        return None
    best = min(
        enumerate(readings),
        key=lambda item: (len(item[1]) != count, not plausible(item[1][:count]), item[0]),
    )[1]
    return best[:count]


# Amounts: a number followed or preceded by a currency mark wins over a bare number.
# (« e » for « € » is OCR's, spaced from the amount: « Paris 11e », « 2e session » are ordinals.)
_CURRENCY_AFTER = re.compile(r"^(?:\s*(?:€|eur\b|euros?\b)|\s+e\b)", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(r"(?:€|eur)\s*$", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^(?:e|er|re|ere|ème|eme|nde?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    value: float
    start: int
    end: int
    has_currency: bool


def amounts(text: str) -> list[Amount]:
    """Monetary amounts of a text in reading order (greedy reading of digit groups)."""
    clean = _number_text(text)
    found = []
    for run in group_runs(text):
        if _ORDINAL_AFTER.match(clean[run.end :]):
            continue  # « Paris 11e », « la 2e session »: an ordinal, no amount
        parts = []
        rest = list(run.groups)
        while rest:  # greedy: longest valid number first
            for cut in range(len(rest), 0, -1):
                if _valid_number(rest[:cut]):
                    parts.append(tuple(rest[:cut]))
                    rest = rest[cut:]
                    break
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            value = _value(part, run.decimals if last else "")
            currency = last and bool(
                _CURRENCY_AFTER.match(clean[run.end :]) or _CURRENCY_BEFORE.search(clean[: run.start])
            )
            found.append(Amount(value=value, start=run.start, end=run.end, has_currency=currency))
    return found


def first_amount(text: str, prefer_currency: bool = True) -> float | None:
    found = amounts(text)
    if not found:
        return None
    if prefer_currency:
        with_currency = [a for a in found if a.has_currency]
        if with_currency:
            return with_currency[0].value
    return found[0].value


_PERCENT = re.compile(r"(\d{1,3}(?:[,.]\d{1,2})?)\s*%")


def percentages(text: str) -> list[tuple[float, int]]:
    """Percentages (as 0..1 fractions) with their position."""
    clean = repair_digits(unify_spaces(text))
    found = []
    for match in _PERCENT.finditer(clean):
        value = float(match.group(1).replace(",", "."))
        if 0 <= value <= 100:
            found.append((value / 100, match.start()))
    return found


# --- readings that ignore cell gaps ---------------------------------------------------------------
# OCR of a scanned form may open a cell gap (a tab, a run of spaces, a line break) inside one number:
# « 131   900 » for 131 900. Such readings come after the usual ones; only a check the caller can make
# (the sums a form implies) may prefer them.


def _gaps_closed(text: str) -> str:
    return re.sub(r"\s+", " ", unify_spaces(text))


def amount_readings(text: str) -> list[float]:
    """The amount of a text (`first_amount`) first, then every other amount it may be read as."""
    readings: list[float] = []
    usual = first_amount(text)
    found = [usual] if usual is not None else []
    found += [a.value for a in amounts(_gaps_closed(text))] + [a.value for a in amounts(text)]
    for value in found:
        if value not in readings:
            readings.append(value)
    return readings


def tuple_readings(
    text: str, count: int, plausible: Callable[[Sequence[float]], bool] = lambda _: True
) -> list[tuple[float, ...]]:
    """Every reading of a text as `count` numbers, plausible first within each kind: exactly `count`
    with cell gaps kept, then the last `count` of longer readings (a code in a cell of its own before
    the values), then exactly `count` with the gaps closed."""
    kept = number_partitions(text)
    kinds = (
        [r for r in kept if len(r) == count],
        [r[-count:] for r in kept if len(r) > count],
        [r for r in number_partitions(_gaps_closed(text)) if len(r) == count],
    )
    readings: list[tuple[float, ...]] = []
    for kind in kinds:
        for reading in sorted((tuple(r) for r in kind), key=lambda r: not plausible(r)):
            if reading not in readings:
                readings.append(reading)
    return readings
