"""Seeded choices: every variation in wording, order and number/date format goes through a `Style`.

A style is forked per dossier and per document from a string key, so adding or removing one document
never shifts the random choices made for the others, and a given seed always gives the same output.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Sequence, TypeVar

import yaml

T = TypeVar("T")

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
NBSP = "\u00a0"
NNBSP = "\u202f"


@cache
def wording() -> dict[str, list[Any]]:
    """Synonym sets for section titles and recurring phrases (`wording.yaml`)."""
    return yaml.safe_load((Path(__file__).parent / "wording.yaml").read_text(encoding="utf-8"))


def derive_seed(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


@dataclass(frozen=True)
class NumberFormat:
    """How one document writes numbers: thousands separator and decimal habit."""

    thousands: str  # " ", NBSP, NNBSP, "." or ""
    decimals: bool  # always show ",00"

    def integer(self, value: int) -> str:
        digits = f"{abs(value):d}"
        if self.thousands and len(digits) > 3:
            groups = []
            while digits:
                groups.insert(0, digits[-3:])
                digits = digits[:-3]
            digits = self.thousands.join(groups)
        return ("-" if value < 0 else "") + digits

    def amount(self, value: float) -> str:
        whole = int(round(value * 100)) // 100
        cents = int(round(value * 100)) % 100
        text = self.integer(whole)
        if self.decimals or cents:
            text += f",{cents:02d}"
        return text


@dataclass(frozen=True)
class MoneyFormat:
    number: NumberFormat
    currency: str  # " €", "€", " euros", " EUR"

    def __call__(self, value: float, suffix: str = "") -> str:
        text = self.number.amount(value) + self.currency
        return f"{text} {suffix}".rstrip() if suffix else text


class Style:
    """Random but reproducible choices for one dossier or one document."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.rng = random.Random(derive_seed(key))

    def fork(self, name: str) -> "Style":
        return Style(f"{self.key}/{name}")

    # --- generic choices -------------------------------------------------------------------
    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def word(self, concept: str) -> str:
        """One wording of a concept from `wording.yaml`."""
        return self.pick(wording()[concept])

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def shuffled(self, items: Sequence[T]) -> list[T]:
        items = list(items)
        self.rng.shuffle(items)
        return items

    def randint(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randrange(10)) for _ in range(count))

    # --- formats ---------------------------------------------------------------------------
    def number_format(self) -> NumberFormat:
        thousands = self.pick([" ", " ", NBSP, NNBSP, "", "."])
        return NumberFormat(thousands=thousands, decimals=self.chance(0.35))

    def money_format(self) -> MoneyFormat:
        return MoneyFormat(self.number_format(), self.pick([" €", " €", "€", " euros", " EUR"]))

    def date_format(self) -> str:
        return self.pick(["numeric", "numeric", "long", "dotted", "long_weekday", "iso"])

    def percent(self, ratio: float, decimals: int | None = None) -> str:
        decimals = self.pick([0, 0, 1]) if decimals is None else decimals
        value = f"{ratio * 100:.{decimals}f}".replace(".", ",")
        return value + self.pick([" %", NBSP + "%", "%", NNBSP + "%"])


def format_date(day: date, fmt: str) -> str:
    if fmt == "numeric":
        return day.strftime("%d/%m/%Y")
    if fmt == "dotted":
        return day.strftime("%d.%m.%Y")
    if fmt == "iso":
        return day.isoformat()
    day_text = "1er" if day.day == 1 else str(day.day)
    long = f"{day_text} {MONTHS_FR[day.month - 1]} {day.year}"
    if fmt == "long_weekday":
        return f"{WEEKDAYS_FR[day.weekday()]} {long}"
    return long
