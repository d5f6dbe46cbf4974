"""Public information, element by element, for every offer of the dossier (`offers_per_programme`; indicator 1).

Each offer (a programme, or an unclassified document that reads like one: several of the elements)
must carry every listed element; a few elements (prices, contacts, accessibility…) may instead be
stated once for all offers in documents such as the terms of sale or the welcome booklet. Elements a
category does not require (prerequisites for a bilan de compétences) are skipped for the offers of
that category, recognised by the table's category markers.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from indicator_mappers.mappers.base import ElementOutcome, Findings, Hit, MappingContext, conclude, element_reason
from indicator_mappers.mappers.registry import MapperParams, register
from indicator_mappers.matching import DocumentMatches
from schemas.contract import Category, DocType, IndicatorAssessment
from schemas.reasons import Reason, ReasonKind


class OffersParams(MapperParams):
    element_fields = ("shared_elements", "any_offer_elements", "category_markers")
    offer_doc_types: list[DocType] = Field(default=["programme"], min_length=1, description="What an offer is.")
    unclassified_offer_min_elements: int = Field(
        default=4, ge=1, description="An unclassified document holding this many elements is read as an offer."
    )
    shared_doc_types: list[DocType] = Field(
        default_factory=list, description="Documents stating some elements once for every offer."
    )
    shared_elements: list[str] = Field(default_factory=list, description="The elements they may state.")
    any_offer_elements: list[str] = Field(
        default_factory=list, description="Elements one offer carrying is enough (the certification's details)."
    )
    fallback_doc_types: list[DocType] = Field(
        default_factory=list,
        description="Searched when the dossier has no offer: the indicator is then at most partial.",
    )
    category_markers: dict[Category, str] = Field(
        default_factory=dict, description="Per category, the element whose presence makes an offer one of it."
    )


@register("offers_per_programme", OffersParams)
def offers_per_programme(context: MappingContext) -> IndicatorAssessment:
    params = context.params(OffersParams)
    any_offer = [e for e in context.spec.elements if e in set(params.any_offer_elements)]
    per_offer = [e for e in context.spec.elements if e not in any_offer]
    offers = context.documents_of(*params.offer_doc_types) + [
        d
        for d in context.documents_of("unknown")
        if sum(bool(context.find(e, [d])) for e in per_offer) >= params.unclassified_offer_min_elements
    ]
    shared = context.documents_of(*params.shared_doc_types)
    if not offers:
        return _without_offers(context, params)

    shared_elements = set(params.shared_elements)
    markers: dict[str, str] = dict(params.category_markers)
    offer_kind = params.offer_doc_types[0]

    hits: dict[str, list[Hit]] = {e: [] for e in per_offer}
    missing_by_document: dict[str, list[str]] = {}
    lacking: dict[str, list[str]] = {e: [] for e in per_offer}
    needed: set[str] = set()
    for offer in offers:
        offer_categories = {c for c, marker in markers.items() if context.find(marker, [offer], honour_doc_types=False)}
        missing = []
        for element_id in per_offer:
            requirement = context.requirement(element_id)
            exempt = set(context.element(element_id).exempt_categories)
            if requirement == "waived" or (offer_categories and offer_categories <= exempt):
                continue
            needed.add(element_id)
            found = context.find(element_id, [offer]) or (
                context.find(element_id, shared) if element_id in shared_elements else ()
            )
            if found:
                hits[element_id].extend(found[:1])
                continue
            lacking[element_id].append(offer.path)
            if requirement == "required":
                missing.append(element_id)
        if missing:
            missing_by_document[offer.path] = missing

    outcomes = [_outcome(context, e, hits[e], lacking[e], exempt_offers=e not in needed) for e in per_offer]
    outcomes += [context.outcome(e, offers) for e in any_offer]
    partly_found = [o for o in outcomes if not o.found and hits.get(o.id)]
    findings = Findings(
        outcomes=outcomes,
        extra_evidence=[hits[o.id][0].evidence() for o in partly_found],
        missing_by_document=missing_by_document,
        scope_note=_offers_note(offers, missing_by_document, offer_kind),
    )
    findings.notes += [_partly_note(o, lacking[o.id], len(offers), offer_kind) for o in partly_found]
    return conclude(context, findings)


def _outcome(
    context: MappingContext, element_id: str, hits: list[Hit], lacking: list[str], *, exempt_offers: bool
) -> ElementOutcome:
    """An element counts as found only when every offer that needs it has it."""
    requirement = context.requirement(element_id)
    if exempt_offers:  # no offer of the dossier needs it (category exempt)
        requirement = "waived"
    return ElementOutcome(
        id=element_id,
        spec=context.element(element_id),
        requirement=requirement,
        hits=tuple(hits) if hits and not lacking else (),
    )


def _offers_note(
    offers: Sequence[DocumentMatches], missing_by_document: dict[str, list[str]], doc_type: DocType
) -> Reason:
    return Reason(
        kind=ReasonKind.OFFERS_EXAMINED,
        params={
            "count": len(offers),
            "complete": len(offers) - len(missing_by_document),
            "doc_type": doc_type,
            "incomplete": [[path, len(ids)] for path, ids in missing_by_document.items()],
        },
    )


def _partly_note(outcome: ElementOutcome, lacking: list[str], offers: int, doc_type: DocType) -> Reason:
    return Reason(
        kind=ReasonKind.ABSENT_FROM_OFFERS,
        elements=[element_reason(outcome)],
        params={"lacking": lacking, "offers": offers, "doc_type": doc_type},
    )


def _without_offers(context: MappingContext, params: OffersParams) -> IndicatorAssessment:
    pool = context.documents_of(*params.fallback_doc_types)
    findings = Findings(
        outcomes=[context.outcome(e, pool) for e in context.spec.elements],
        at_most_partial=Reason(
            kind=ReasonKind.AT_MOST_PARTIAL_WITHOUT_OFFERS, params={"doc_type": params.offer_doc_types[0]}
        ),
    )
    if not pool and params.fallback_doc_types:
        findings.notes.append(
            Reason(kind=ReasonKind.NO_FALLBACK_DOCUMENT, params={"doc_types": list(params.fallback_doc_types)})
        )
    return conclude(context, findings)
