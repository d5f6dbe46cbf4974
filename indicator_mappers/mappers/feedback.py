"""Criterion 7 mappers: feedback collected and used (`feedback_used`; 30, 32), learners' own evaluation
(`learner_evaluation`; 33, CFA 2026).

`feedback_used` adds what the surveys' extracted fields say (answers, satisfaction) to the reason,
since a questionnaire template proves the collection is planned, not that it happened.
`learner_evaluation` must rest on a scheme distinct from the general satisfaction survey: the table
excludes satisfaction surveys from its core element, and this mapper says so when they were the only
match. The other elements (results shared, improvement, effectiveness) are about that evaluation's
results: without it, a general improvement plan found in the dossier proves nothing for the indicator.
"""

from __future__ import annotations

from dataclasses import replace

from pydantic import Field

from indicator_mappers.mappers.base import Findings, MappingContext, conclude, element_reason
from indicator_mappers.mappers.registry import MapperParams, register
from schemas.contract import DocType, IndicatorAssessment
from schemas.reasons import Reason, ReasonKind


class FeedbackParams(MapperParams):
    survey_doc_types: list[DocType] = Field(
        default=["satisfaction_survey"], min_length=1, description="Surveys whose answers the reason sums up."
    )
    plan_doc_types: list[DocType] = Field(
        default_factory=list, description="Improvement plans: the reason notes when the dossier has none."
    )


class LearnerEvaluationParams(MapperParams):
    element_fields = ("core_element",)
    core_element: str | None = Field(
        default=None, description="The evaluation the other elements are about: without it they prove nothing."
    )


def _survey_note(context: MappingContext, survey_doc_types: list[DocType]) -> Reason | None:
    surveys = context.documents_of(*survey_doc_types)
    if not surveys:
        return None
    respondents = [
        int(v) for s in surveys if isinstance(v := s.document.record.fields.get("respondents"), (int, float))
    ]
    rates = [
        float(v) for s in surveys if isinstance(v := s.document.record.fields.get("satisfaction_rate"), (int, float))
    ]
    return Reason(
        kind=ReasonKind.SURVEYS,
        params={
            "count": len(surveys),
            "doc_types": list(survey_doc_types),
            "respondents": sum(respondents) if respondents else None,
            "rate": round(100 * sum(rates) / len(rates)) if rates else None,
        },
    )


@register("feedback_used", FeedbackParams)
def feedback_used(context: MappingContext) -> IndicatorAssessment:
    params = context.params(FeedbackParams)
    findings = Findings(outcomes=context.outcomes())
    if note := _survey_note(context, params.survey_doc_types):
        findings.notes.append(note)
    if params.plan_doc_types and not context.documents_of(*params.plan_doc_types):
        # The first type names what is missing: the others are other names for the same plan.
        findings.notes.append(Reason(kind=ReasonKind.NO_PLAN, params={"doc_type": params.plan_doc_types[0]}))
    return conclude(context, findings)


@register("learner_evaluation", LearnerEvaluationParams)
def learner_evaluation(context: MappingContext) -> IndicatorAssessment:
    findings = Findings(outcomes=context.outcomes())
    for outcome in findings.outcomes:
        excluded = outcome.spec.exclude_doc_types
        if outcome.found or not excluded:
            continue
        only_there = [h for h in context.find(outcome.id, honour_doc_types=False) if h.matches.doc_type in excluded]
        if only_there:
            first = only_there[0]
            findings.notes.append(
                Reason(
                    kind=ReasonKind.ONLY_IN_EXCLUDED,
                    elements=[element_reason(outcome, first)],
                    params={"doc_type": first.matches.doc_type, "indicator": context.indicator.number},
                )
            )
    core = context.params(LearnerEvaluationParams).core_element
    if core and not any(o.found for o in findings.outcomes if o.id == core):
        if unrelated := [o for o in findings.outcomes if o.id != core and (o.found or o.mentions)]:
            findings.notes.append(
                Reason(
                    kind=ReasonKind.UNRELATED_WITHOUT_CORE,
                    elements=[element_reason(o, (o.hits or o.mentions)[0]) for o in unrelated],
                    params={"core": context.element(core).label_fr},
                )
            )
            findings.outcomes = [
                replace(o, hits=(), mentions=()) if o.id != core else o for o in findings.outcomes
            ]
    return conclude(context, findings)
