"""An indicator's reason in French, written from its structured reasons (`schemas/reasons.py`) with the
sentences of `labels_fr.yaml` (`reasons`). gap_report.json's `reason` is this text in full; the HTML
report leaves out what it shows in its own boxes (the expected level, the evidence examples)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from reports.checks import days_fr
from reports.evidence import facts_fr
from schemas.labels_fr import label, labels_of
from schemas.reasons import ElementReason, Located, Reason, ReasonKind

TEXT = labels_of("reasons")
# Reasons that only quote French written elsewhere (the NC rules).
_QUOTED = {ReasonKind.UNKNOWN_GRADING}
_LISTED = 10  # offers and paths named in a sentence; the rest are counted


def where_fr(located: Located) -> str:
    if located.page:
        return TEXT["where_page"].format(path=located.path, page=located.page)
    return TEXT["where"].format(path=located.path)


def _element(element: ElementReason, template: str) -> str:
    expected = element.expected.rstrip(".")
    key = f"{template}_expected" if expected and f"{template}_expected" in TEXT else template
    where = where_fr(element.evidence) if element.evidence else ""
    return TEXT[key].format(label=element.label, where=where, expected=expected)


def _elements(elements: Sequence[ElementReason], template: str) -> str:
    return " ; ".join(_element(element, template) for element in elements)


def _offers_examined(p: dict[str, Any]) -> str:
    values = {"count": p["count"], "complete": p["complete"], "offers": label("doc_type_counted", p["doc_type"])}
    if not p["incomplete"]:
        return TEXT["offers_examined"].format(**values)
    listed = p["incomplete"][:_LISTED]
    incomplete = " ; ".join(TEXT["offer_incomplete"].format(path=path, missing=n) for path, n in listed)
    more = TEXT["offers_more"].format(more=len(p["incomplete"]) - _LISTED) if len(p["incomplete"]) > _LISTED else ""
    return TEXT["offers_incomplete"].format(**values, incomplete=incomplete, more=more)


def _absent_from_offers(r: Reason) -> str:
    p = r.params
    return TEXT["absent_from_offers"].format(
        label=r.elements[0].label,
        lacking=len(p["lacking"]),
        offers=label("doc_type_counted", p["doc_type"]),
        offers_count=p["offers"],
        paths=", ".join(p["lacking"][:_LISTED]),
        more=TEXT["and_more"] if len(p["lacking"]) > _LISTED else "",
    )


def _surveys(p: dict[str, Any]) -> str:
    figures = ""
    if p["respondents"] is not None:
        figures += TEXT["surveys_respondents"].format(respondents=p["respondents"])
    if p["rate"] is not None:
        figures += TEXT["surveys_rate"].format(rate=p["rate"])
    if not figures:
        figures = TEXT["surveys_no_figures"]
    documents = TEXT["or"].join(label("doc_type_counted", t) for t in p["doc_types"])
    return TEXT["surveys"].format(count=p["count"], documents=documents, figures=figures)


def _limit(r: Reason) -> str:
    p = r.params
    return TEXT[r.kind.value].format(
        label=r.elements[0].label if r.elements else "",
        limit=days_fr(p["limit_days"]),
        hours=f"{p.get('hours', 0):g}",
        path=p.get("path", ""),
        source=p.get("source", ""),
        indicator=p.get("indicator", ""),
        categories=TEXT["and"].join(label("category_phrases", c) for c in p.get("categories", [])),
    )


def _not_applicable(p: dict[str, Any]) -> str:
    categories = ", ".join(p["categories"]) or TEXT["no_category"]
    if not p["conditions"]:
        return TEXT["not_applicable"].format(indicator=p["indicator"], categories=categories)
    conditions = TEXT["or"].join(label("condition_phrases", c) for c in p["conditions"])
    return TEXT["not_applicable_unless"].format(indicator=p["indicator"], categories=categories, conditions=conditions)


def _located_element(r: Reason, **values: Any) -> str:
    element = r.elements[0]
    where = where_fr(element.evidence) if element.evidence else ""
    return TEXT[r.kind.value].format(label=element.label, where=where, **values)


_OBSERVATIONS: dict[ReasonKind, Callable[[Reason], str]] = {
    ReasonKind.NOT_APPLICABLE: lambda r: _not_applicable(r.params),
    ReasonKind.OFFERS_EXAMINED: lambda r: _offers_examined(r.params),
    ReasonKind.ABSENT_FROM_OFFERS: _absent_from_offers,
    ReasonKind.AT_MOST_PARTIAL_WITHOUT_OFFERS: lambda r: TEXT[r.kind.value].format(
        none=label("doc_type_none", r.params["doc_type"])
    ),
    ReasonKind.NO_FALLBACK_DOCUMENT: lambda r: TEXT[r.kind.value].format(
        doc_types=", ".join(f"« {label('doc_types', t)} »" for t in r.params["doc_types"])
    ),
    ReasonKind.FOUND_OUTSIDE_PUBLISHING: _located_element,
    ReasonKind.RESULTS_NOT_PUBLISHED: lambda r: TEXT[r.kind.value].format(
        summary=facts_fr(r.params["summary"]), where=r.params["path"]
    ),
    ReasonKind.DURATION_UNKNOWN: _limit,
    ReasonKind.LONGER_THAN_LIMIT: _limit,
    ReasonKind.SHORTER_THAN_LIMIT: _limit,
    ReasonKind.THRESHOLD_COUNT: lambda r: TEXT[r.kind.value].format(
        count=r.params["count"], documents=label("doc_type_counted", r.params["doc_type"])
    ),
    ReasonKind.SURVEYS: lambda r: _surveys(r.params),
    ReasonKind.NO_PLAN: lambda r: TEXT[r.kind.value].format(none=label("doc_type_none", r.params["doc_type"])),
    ReasonKind.ONLY_IN_EXCLUDED: lambda r: _located_element(
        r, document=label("doc_type_indefinite", r.params["doc_type"]), indicator=r.params["indicator"]
    ),
    ReasonKind.PREVIOUS_NC_REQUALIFIED: lambda r: label("previous_nc", "requalified_reason").format(
        grade=label("previous_nc_grades", r.params["grade"]),
        new_grade=label("proposed_nc", r.params["new_grade"]).lower(),
        source=where_fr(Located(path=r.params["path"], page=r.params["page"])),
    ),
    ReasonKind.UNRELATED_WITHOUT_CORE: lambda r: TEXT[r.kind.value].format(
        core=r.params["core"].lower(),
        elements=", ".join(
            TEXT["unrelated_element"].format(label=e.label.lower(), where=where_fr(e.evidence) if e.evidence else "")
            for e in r.elements
        ),
    ),
}


def sentence_fr(reason: Reason) -> str:
    kind = reason.kind
    if kind in _QUOTED:
        return reason.text
    if kind in _OBSERVATIONS:
        return _OBSERVATIONS[kind](reason)
    if kind is ReasonKind.EXPECTED:
        return TEXT["expected"].format(expected=str(reason.params["expected"]).rstrip("."))
    if kind is ReasonKind.EXAMPLES:
        return TEXT["examples"].format(examples=" ; ".join(reason.params["examples"]))
    if kind is ReasonKind.NEW_ENTRANT:
        if not reason.elements:
            return TEXT["new_entrant"]
        return TEXT["new_entrant_waived"].format(elements=", ".join(e.label for e in reason.elements))
    if kind is ReasonKind.FOUND:
        return TEXT["found_all" if reason.params.get("all") else "found"].format(
            elements=_elements(reason.elements, "found_element")
        )
    if kind is ReasonKind.ANNOUNCED:
        return TEXT["announced"].format(elements=_elements(reason.elements, "announced_element"))
    if kind is ReasonKind.MISSING:
        return TEXT["missing"].format(elements=_elements(reason.elements, "missing_element"))
    if kind in (ReasonKind.TO_REVIEW, ReasonKind.UNCERTAIN_REFERENTIAL):
        label = reason.elements[0].label if reason.elements else ""
        return TEXT[kind.value].format(label=label, text=reason.text)
    return TEXT[kind.value]


def reason_fr(reasons: Sequence[Reason], *, shown_apart: Collection[ReasonKind] = ()) -> str:
    """The reason, sentence after sentence, without the kinds the caller shows apart."""
    return " ".join(sentence for r in reasons if r.kind not in shown_apart and (sentence := sentence_fr(r)))
