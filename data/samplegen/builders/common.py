"""What builders share: the dossier context, trainings, formats fixed per document, recurring blocks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from data.samplegen.identity import Organisation, Person, spaced_nda
from data.samplegen.model import Block, Bullets, Content, Heading, Para, Table
from data.samplegen.style import MoneyFormat, NumberFormat, Style, format_date


@cache
def catalogue() -> dict[str, list[dict[str, Any]]]:
    return yaml.safe_load((Path(__file__).parent.parent / "catalogue.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Training:
    """One offer of the organisation, as its programme describes it."""

    key: str
    title: str
    hours: float
    days: int | None
    price: float | None
    nsf: str
    nsf_label: str
    audience: str
    prerequisites: str
    objectives: tuple[str, ...]
    modules: tuple[tuple[str, tuple[str, ...]], ...]
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @classmethod
    def from_catalogue(cls, entry: dict[str, Any], title: str, price: float | None = None) -> "Training":
        known = {
            "key",
            "titles",
            "hours",
            "days",
            "price",
            "nsf",
            "nsf_label",
            "audience",
            "prerequisites",
            "objectives",
            "modules",
        }
        return cls(
            key=entry["key"],
            title=title,
            hours=float(entry["hours"]),
            days=entry.get("days"),
            price=price if price is not None else entry.get("price"),
            nsf=str(entry["nsf"]),
            nsf_label=entry["nsf_label"],
            audience=entry["audience"],
            prerequisites=entry["prerequisites"],
            objectives=tuple(entry["objectives"]),
            modules=tuple((module["title"], tuple(module["items"])) for module in entry["modules"]),
            extra={key: value for key, value in entry.items() if key not in known},
        )


@dataclass
class People:
    handicap_referent: Person
    pedagogical_referent: Person
    admin_contact: Person
    trainers: list[Person]
    quality_manager: Person


@dataclass
class DossierContext:
    """Facts shared by every document of one dossier."""

    org: Organisation
    people: People
    trainings: list[Training]
    reference_day: date  # "today" inside the dossier: documents are dated before it
    founded: date  # no document predates the organisation's declaration
    vat_exempt: bool  # training exempt from VAT (art. 261-4-4° a CGI): prices « net de taxe », else « HT »

    def dated(self, wished: date) -> date:
        """`wished`, moved after the organisation's creation when needed."""
        return max(wished, self.founded + timedelta(days=20))

    def price_suffix(self, style: Style) -> str:
        return style.pick(["net de taxe", "nets de taxe", "exonéré de TVA"]) if self.vat_exempt else "HT"


@dataclass
class Built:
    content: Content
    fields: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # ground-truth details beyond the contract fields


@dataclass(frozen=True)
class Formats:
    """Number, money and date habits of one document (a document is consistent with itself)."""

    number: NumberFormat
    money: MoneyFormat
    date_fmt: str

    @classmethod
    def of(cls, style: Style) -> "Formats":
        return cls(style.number_format(), style.money_format(), style.date_format())

    def date(self, day: date) -> str:
        return format_date(day, self.date_fmt)


def of(name: str) -> str:
    """« de Lyon », « d'Orléans »: French elision before a vowel."""
    return f"d'{name}" if name[:1].upper() in "AEIOUYÉÈÊÀÂÎÔ" else f"de {name}"


def nda_sentence(style: Style, org: Organisation) -> str:
    template = style.word("nda_mention")
    nda = spaced_nda(org.nda) if style.chance(0.6) else org.nda
    return template.format(nda=nda, region=org.place.region)


def legal_line(style: Style, org: Organisation) -> str:
    siret = org.siret if style.chance(0.5) else f"{org.siret[:3]} {org.siret[3:6]} {org.siret[6:9]} {org.siret[9:]}"
    return style.pick(
        [
            f"{org.name} — {org.legal_form} — {org.address} — SIRET {siret}",
            f"{org.name}, {org.legal_form}, {org.address}. SIRET : {siret}",
            f"{org.legal_form} {org.name} · {org.address} · SIRET {siret} · Tél. {org.phone}",
        ]
    )


def made_at(style: Style, org: Organisation, text_date: str) -> str:
    return style.word("made_at").format(city=org.place.city, date=text_date)


def section(style: Style, title: str, body: str | list[str] | tuple[str, ...], level: int = 1) -> list[Block]:
    """A heading then prose or bullets; bullets as « • » or « - » according to the house style."""
    if isinstance(body, str):
        return [Heading(title, level), Para(body)]
    return [Heading(title, level), Bullets(tuple(body), marker=style.pick(["•", "-", "–", "·"]))]


def key_values(style: Style, pairs: list[tuple[str, str]], as_table: bool | None = None) -> list[Block]:
    """Label/value pairs, as a two-column table or as « Label : value » lines."""
    if as_table is None:
        as_table = style.chance(0.5)
    if as_table:
        return [Table(tuple((label, value) for label, value in pairs), header=False, col_widths=(1, 2.4))]
    return [Para(f"{label} : {value}") for label, value in pairs]


def hours_text(style: Style, hours: float, days: int | None) -> str:
    h = f"{hours:g}".replace(".", ",")
    options = [f"{h} heures", f"{h} h", f"{h}h", f"{h} heures de formation"]
    text = style.pick(options)
    if days:
        day_word = "jour" if days == 1 else "jours"
        text = style.pick(
            [f"{text} ({days} {day_word})", f"{days} {day_word} soit {text}", f"{days} {day_word} ({text})"]
        )
    return text
