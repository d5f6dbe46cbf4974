"""The French of an evidence excerpt that does not quote the document (`schemas/evidence.py`): a summary of
a document listing people, an extracted field's value, written with the templates of `labels_fr.yaml`
(`evidence`, one per `CitedKind`). A quote is the document's own words and is left as it is.

A template names its params as `str.format` fields; the format spec says how a value reads: `number`
grouped by thousands (one decimal when it has one), `percent` a fraction as a percentage, `day` an ISO
date as dd/mm/yyyy (any other text as written), `decimal` digits as printed with a decimal comma,
`label=SECTION` an id by a section's labels.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from typing import Any

from indicator_mappers.excerpts import EXCERPT_CHARS
from schemas.contract import Evidence
from schemas.evidence import Cited, CitedKind
from schemas.labels_fr import label, labels_of

TEXT = labels_of("evidence")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def number_fr(value: float) -> str:
    """« 1 250 » (narrow no-break spaces), « 92,5 »."""
    return f"{value:,.0f}".replace(",", "\u202f") if value == int(value) else f"{value:.1f}".replace(".", ",")


def _day(value: str) -> str:
    iso = _ISO_DATE.fullmatch(value)
    return f"{iso[3]}/{iso[2]}/{iso[1]}" if iso else value


_SPECS: dict[str, Callable[[Any], str]] = {
    "number": lambda v: number_fr(float(v)),
    "percent": lambda v: number_fr(round(float(v) * 100, 1)),
    "day": _day,
    "decimal": lambda v: str(v).replace(".", ","),
}


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("label="):
            return label(format_spec.removeprefix("label="), value)
        if format_spec in _SPECS:
            return _SPECS[format_spec](value)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def fact_fr(fact: Cited) -> str:
    many = f"{fact.kind.value}_many"
    key = many if many in TEXT and fact.params.get("count", 0) > 1 else fact.kind.value
    return _FORMATTER.format(TEXT[key], **fact.params)


def facts_fr(summary: Cited) -> str:
    """A summary's facts, « ; » between them: « Enquête de satisfaction ; 2 pages ; 25 répondants »."""
    return " ; ".join(fact_fr(fact) for fact in summary.params["facts"])


def cited_fr(cited: Cited) -> str:
    """The contract's excerpt: a summary cut to an excerpt's length and said to name nobody, or a field's value."""
    if cited.kind is CitedKind.SUMMARY:
        room = EXCERPT_CHARS - len(TEXT["summary"].format(facts=""))
        return TEXT["summary"].format(facts=facts_fr(cited)[:room])
    if cited.kind is CitedKind.FIELD_VALUE:
        return TEXT[cited.kind.value].format(fact=fact_fr(cited.params["fact"]))
    return fact_fr(cited)


def written_evidence(evidence: Sequence[Evidence]) -> list[Evidence]:
    """Each evidence with its excerpt: the quote as it is, the rest written from what it cites."""
    return [e.model_copy(update={"excerpt": cited_fr(e.cited)}) if e.cited else e for e in evidence]
