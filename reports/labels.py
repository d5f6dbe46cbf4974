"""French labels and French number/date formats for everything a report shows.

The wording lives in `labels_fr.yaml` (looked up by `schemas.labels_fr`); this module names the
reports' identifiers and formats values. Unknown
identifiers are humanised rather than dropped, so a new element id or document field from another
stage still appears in the reports, just less elegantly, until a label is added to the table.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache

from indicator_mappers.mappers.table import EvidenceTableError, load_evidence_table
from indicator_mappers.referential import load_referentials
from schemas.labels_fr import humanise, label, label_table

# Narrow no-break space: the thousands separator of French typography, never split across lines.
THOUSANDS_SEPARATOR = "\u202f"
NBSP = "\u00a0"


def status_label(status: str) -> str:
    return label("indicator_status", status)


def check_status_label(status: str) -> str:
    return label("check_status", status)


def check_label(check_id: str) -> str:
    return label("checks", check_id)


def doc_type_label(doc_type: str) -> str:
    return label("doc_types", doc_type)


def element_label(element_id: str, referential_id: str | None = None) -> str:
    """An indicator element's French label, from the evidence table of the report's referential:
    the table that defines the element also names it, so the two never drift apart."""
    own = _element_labels(referential_id) if referential_id else {}
    # An element id keeps its meaning across versions (a version's table extends the previous one).
    return own.get(element_id) or _labels_of_every_version().get(element_id) or humanise(element_id)


@cache
def _element_labels(referential_id: str) -> dict[str, str]:
    try:
        table = load_evidence_table(referential_id)
    except EvidenceTableError:
        return {}
    return {element_id: spec.label_fr for element_id, spec in table.elements.items()}


@cache
def _labels_of_every_version() -> dict[str, str]:
    merged: dict[str, str] = {}
    for referential in load_referentials():
        merged = {**_element_labels(referential.id), **merged}
    return merged


def category_label(category: str) -> str:
    return label("categories", category)


def yes_no(value: bool) -> str:
    return label("yes_no", value)


def criterion_short_title(number: int, full_title: str | None = None) -> str:
    """The short title of a criterion; else the referential's full title; else « Critère n »."""
    short = label_table()["criterion_short_titles"].get(str(number))
    return str(short or full_title or f"Critère {number}")


def field_label(name: str) -> str:
    spec = label_table()["fields"].get(name)
    return str(spec["label"]) if spec else humanise(name)


def field_kind(name: str) -> str | None:
    spec = label_table()["fields"].get(name)
    return str(spec["kind"]) if spec else None


# --- French formats --------------------------------------------------------------------------


def format_number(value: float, decimals: int = 0) -> str:
    """`182340.5, 2` -> `182 340,50` (narrow no-break space for thousands, comma for decimals)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    text = f"{value:,.{decimals}f}"
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", ",")


def format_decimal(value: float) -> str:
    """Up to two decimals, none when the value is whole: 1.5 -> `1,5`, 3120.0 -> `3 120`."""
    rounded = round(float(value), 2)
    if rounded == int(rounded):
        return format_number(int(rounded))
    return format_number(rounded, 2).rstrip("0")


def format_money(value: float) -> str:
    decimals = 0 if float(value) == int(value) else 2
    return f"{format_number(float(value), decimals)}{NBSP}€"


def format_rate(value: float) -> str:
    """A 0..1 share as a French percentage: 0.925 -> `92,5 %`."""
    return f"{format_decimal(float(value) * 100)}{NBSP}%"


def format_days(value: float) -> str:
    unit = "jour" if float(value) < 2 else "jours"  # French singular up to 1,99
    return f"{format_decimal(value)}{NBSP}{unit}"


def format_seconds(value: float) -> str:
    return f"{format_decimal(round(float(value), 1))}{NBSP}s"


def format_date(value: object) -> str:
    """ISO date (or datetime) -> `15/03/2024`; anything else is returned unchanged."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    try:
        return date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def format_datetime(value: str | None) -> str:
    """An ISO timestamp as `23/11/2026 à 10:42 UTC` (or as given when it does not parse)."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    zone = moment.tzname() or ""
    return f"{moment:%d/%m/%Y} à {moment:%H:%M}" + (f" {zone}" if zone else "")


_FORMATTERS = {
    "money": format_money,
    "hours": lambda v: f"{format_decimal(v)}{NBSP}h",
    "rate": format_rate,
    "integer": lambda v: format_number(int(v)),
    "decimal": format_decimal,
    "year": lambda v: str(int(v)),
    "date": format_date,
    "categories": lambda v: ", ".join(category_label(c) for c in v),
    "check": lambda v: label("check_outcomes", v),
}


def format_field(name: str, value: object) -> str:
    """A document field as an officer reads it: French label's kind decides the format."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    kind = field_kind(name)
    formatter = _FORMATTERS.get(kind or "")
    if formatter is not None:
        try:
            return formatter(value)
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return " ; ".join(str(item) for item in value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, float):
        return format_decimal(value)
    return str(value)
