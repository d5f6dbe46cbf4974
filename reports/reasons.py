"""An indicator's reason in French, written from its structured reasons (`schemas/reasons.py`) with the
sentences of `labels_fr.yaml` (`reasons`). gap_report.json's `reason` is this text in full; the HTML
report leaves out what it shows in its own boxes (the expected level, the evidence examples)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from schemas.labels_fr import labels_of
from schemas.reasons import ElementReason, Located, Reason, ReasonKind

TEXT = labels_of("reasons")
# Reasons that only quote French written elsewhere (applicability, a mapper, the table, the NC rules).
_QUOTED = {
    ReasonKind.NOT_APPLICABLE,
    ReasonKind.SCOPE_NOTE,
    ReasonKind.NOTE,
    ReasonKind.AT_MOST_PARTIAL,
    ReasonKind.UNKNOWN_GRADING,
}


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


def sentence_fr(reason: Reason) -> str:
    kind = reason.kind
    if kind in _QUOTED:
        return reason.text
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
