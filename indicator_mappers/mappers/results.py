"""Results published (`published_results`; indicator 2), with (rnq-2026) their calculation method beside them.

Figures only in a satisfaction survey prove results exist, not that the public can read them: the
reason says so, but they are no evidence of diffusion, the one thing the indicator asks. A calculation
method counts only in a document that publishes results, since the 2026 text asks for it next to
each result.
"""

from __future__ import annotations

from pydantic import Field

from indicator_mappers.excerpts import summary_cited
from indicator_mappers.mappers.base import Findings, MappingContext, conclude, element_reason
from indicator_mappers.mappers.registry import MapperParams, register
from schemas.contract import IndicatorAssessment
from schemas.reasons import Reason, ReasonKind


class PublishedResultsParams(MapperParams):
    element_fields = ("results_elements", "alongside_results", "internal_results")
    results_elements: list[str] = Field(description="Elements whose presence makes a document one that publishes.")
    alongside_results: list[str] = Field(
        default_factory=list, description="Elements counting only in a document that publishes results."
    )
    internal_results: str | None = Field(
        default=None, description="Element of results kept internally (a survey's figures): cited, never evidence."
    )


@register("published_results", PublishedResultsParams)
def published_results(context: MappingContext) -> IndicatorAssessment:
    params = context.params(PublishedResultsParams)
    result_ids = params.results_elements
    alongside = set(params.alongside_results)
    publishing = [d for d in context.documents if any(context.find(e, [d]) for e in result_ids)]

    findings = Findings(outcomes=[])
    for element_id in context.spec.elements:
        if element_id not in alongside:
            findings.outcomes.append(context.outcome(element_id))
            continue
        outcome = context.outcome(element_id, publishing)
        findings.outcomes.append(outcome)
        if not outcome.found and (elsewhere := context.find(element_id)):
            found = element_reason(outcome, elsewhere[0])
            findings.notes.append(Reason(kind=ReasonKind.FOUND_OUTSIDE_PUBLISHING, elements=[found]))

    internal = params.internal_results
    published = any(o.found for o in findings.outcomes if o.id in result_ids and o.counts)
    if internal and not published:
        sources = {hit.path: hit.matches for hit in context.find(internal)}
        findings.notes.extend(
            Reason(
                kind=ReasonKind.RESULTS_NOT_PUBLISHED, params={"summary": summary_cited(matches.document), "path": path}
            )
            for path, matches in list(sources.items())[:2]
        )
    return conclude(context, findings)
