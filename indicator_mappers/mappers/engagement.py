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

from indicator_mappers.mappers.base import ElementOutcome, Findings, MappingContext, conclude
from indicator_mappers.mappers.registry import MapperParams, register
from schemas.contract import Category, DocType, IndicatorAssessment
from schemas.labels_fr import label


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

    limit = _days(params.duration_limit_hours / params.hours_per_day)
    programmes = context.documents_of(*params.duration_doc_types)
    durations = [
        (float(value), d)
        for d in programmes
        if isinstance(value := d.document.record.fields.get("duration_hours"), (int, float)) and value > 0
    ]
    if not durations:
        findings.notes_fr.append(
            f"Durée des formations non extraite : la limite des formations de plus de {limit}"
            f" ({params.limit_source_fr}) n'a pas pu être vérifiée, les mesures d'engagement sont donc attendues."
        )
        return conclude(context, findings)

    longest, longest_doc = max(durations, key=lambda item: item[0])
    if longest > params.duration_limit_hours:
        findings.notes_fr.append(
            f"Au moins une formation dure plus de {limit} ({longest:g} h, {longest_doc.path}) : les mesures"
            " d'engagement et de prévention des ruptures sont exigées."
        )
        return conclude(context, findings)

    categories = " et ".join(label("category_phrases", c) for c in params.duration_limit_categories)
    review_fr = (
        f"toutes les formations du dossier durent {limit} ou moins (au plus {longest:g} h, {longest_doc.path}) ;"
        f" le {params.limit_source_fr} limitait l'indicateur {context.indicator.number}, pour les {categories},"
        f" aux formations de plus de {limit} : l'officier confirme si ces mesures sont exigées."
    )
    findings.outcomes = [
        _relaxed(o, review_fr) if o.id in limited and o.requirement == "required" else o for o in findings.outcomes
    ]
    return conclude(context, findings)


def _days(days: float) -> str:
    return f"{days:g} jour" + ("s" if days >= 2 else "")


def _relaxed(outcome: ElementOutcome, review_fr: str) -> ElementOutcome:
    return replace(outcome, requirement="review", spec=outcome.spec.model_copy(update={"review_fr": review_fr}))
