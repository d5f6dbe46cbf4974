"""The French of an evidence excerpt that does not quote the document (`schemas/evidence.py`): a summary of
a document listing people, an extracted field's value, written with the templates of `labels_fr.yaml`
(`evidence`, one per `CitedKind`). A quote is the document's own words and is left as it is.

A template names its params as `str.format` fields, written by the formatter of `reports/checks.py`
(`number`, `percent`, `day`, `decimal`, `label=SECTION`: see there).
"""

from __future__ import annotations

from collections.abc import Sequence

from indicator_mappers.excerpts import EXCERPT_CHARS
from reports.checks import format_template
from schemas.contract import Evidence
from schemas.evidence import Cited, CitedKind
from schemas.labels_fr import labels_of

TEXT = labels_of("evidence")


def fact_fr(fact: Cited) -> str:
    many = f"{fact.kind.value}_many"
    key = many if many in TEXT and fact.params.get("count", 0) > 1 else fact.kind.value
    return format_template(TEXT[key], **fact.params)


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
