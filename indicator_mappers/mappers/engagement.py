"""Requirements limited to trainings longer than a duration (`duration_limited`; indicator 12's
engagement and drop-out prevention).

For actions de formation the V9 guide limits the engagement part to trainings of more than two days,
and nobody knows yet whether the 2026 guide keeps that limit. When every programme of a dossier of
the limited categories is that short, a missing limited element is left for the officer to judge
instead of being reported as a gap. Elements not listed (the 2026 violence sentence) are never relaxed.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import Field

from indicator_mappers.mappers.base import ElementOutcome, Findings, MappingContext, conclude, element_reason
from indicator_mappers.mappers.registry import MapperParams, register
from schemas.contract import Category, DocType, IndicatorAssessment
from schemas.reasons import Reason, ReasonKind


class DurationLimitParams(MapperParams):
    element_fields = ("duration_limited_elements",)
    duration_limited_elements: list[str] = Field(description="Elements required only of longer trainings.")
    duration_limit_hours: float = Field(gt=0, description="Trainings longer than this require them.")
    hours_per_day: float = Field(default=7, gt=0, description="How the reasons state the limit in days.")
    duration_limit_categories: list[Category] = Field(
        description="The limit applies when every category of the scope is one of these."
    )
    duration_doc_types: list[DocType] = Field(default=["programme"], description="Documents giving the durations.")
    limit_source_fr: str = Field(description="Where the limit comes from, as the reasons name it (« guide V9 »).")


@register("duration_limited", DurationLimitParams)
def duration_limited(context: MappingContext) -> IndicatorAssessment:
    params = context.params(DurationLimitParams)
    limited = set(params.duration_limited_elements)
    findings = Findings(outcomes=context.outcomes())
    if not limited or not set(context.scope.categories) <= set(params.duration_limit_categories):
        return conclude(context, findings)

    limit = {"limit_days": params.duration_limit_hours / params.hours_per_day}
    programmes = context.documents_of(*params.duration_doc_types)
    durations = [
        (float(value), d)
        for d in programmes
        if isinstance(value := d.document.record.fields.get("duration_hours"), (int, float)) and value > 0
    ]
    if not durations:
        findings.notes.append(
            Reason(kind=ReasonKind.DURATION_UNKNOWN, params={**limit, "source": params.limit_source_fr})
        )
        return conclude(context, findings)

    longest, longest_doc = max(durations, key=lambda item: item[0])
    measured = {**limit, "hours": longest, "path": longest_doc.path}
    if longest > params.duration_limit_hours:
        findings.notes.append(Reason(kind=ReasonKind.LONGER_THAN_LIMIT, params=measured))
        return conclude(context, findings)

    relaxed = {
        **measured,
        "source": params.limit_source_fr,
        "indicator": context.indicator.number,
        "categories": list(params.duration_limit_categories),
    }
    findings.outcomes = [
        _relaxed(o, relaxed) if o.id in limited and o.requirement == "required" else o for o in findings.outcomes
    ]
    return conclude(context, findings)


def _relaxed(outcome: ElementOutcome, relaxed: dict[str, object]) -> ElementOutcome:
    review = Reason(kind=ReasonKind.SHORTER_THAN_LIMIT, elements=[element_reason(outcome)], params=relaxed)
    return replace(outcome, requirement="review", review=review)
