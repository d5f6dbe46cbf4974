"""Indicator 12: engagement and drop-out prevention, and (rnq-2026) violence, harassment and discrimination.

For actions de formation the V9 guide limits the engagement part to trainings of more than two days,
and nobody knows yet whether the 2026 guide keeps that limit. When every programme of an AF-only
dossier is that short, a missing engagement measure is left for the officer to judge instead of
being reported as a gap. The 2026 violence sentence carries no duration limit: it is never relaxed.
"""

from __future__ import annotations

from dataclasses import replace

from indicator_mappers.mappers.base import ElementOutcome, Findings, MappingContext, conclude
from indicator_mappers.mappers.registry import register
from schemas.contract import IndicatorAssessment


@register(12)
def engagement(context: MappingContext) -> IndicatorAssessment:
    params = context.spec.params
    limited = set(params.get("duration_limited_elements", []))
    limit_hours = float(params.get("duration_limit_hours", 14))
    categories = set(params.get("duration_limit_categories", []))
    findings = Findings(outcomes=context.outcomes())
    if not limited or not set(context.scope.categories) <= categories:
        return conclude(context, findings)

    programmes = context.documents_of(*params.get("duration_doc_types", ["programme"]))
    durations = [
        (float(value), d)
        for d in programmes
        if isinstance(value := d.document.record.fields.get("duration_hours"), (int, float)) and value > 0
    ]
    if not durations:
        findings.notes_fr.append(
            "Durée des formations non extraite : la limite des formations de plus de 2 jours (guide V9) n'a pas pu"
            " être vérifiée, les mesures d'engagement sont donc attendues."
        )
        return conclude(context, findings)

    longest, longest_doc = max(durations, key=lambda item: item[0])
    if longest > limit_hours:
        findings.notes_fr.append(
            f"Au moins une formation dure plus de 2 jours ({longest:g} h, {longest_doc.path}) : les mesures"
            " d'engagement et de prévention des ruptures sont exigées."
        )
        return conclude(context, findings)

    review_fr = (
        f"toutes les formations du dossier durent 2 jours ou moins (au plus {longest:g} h, {longest_doc.path}) ;"
        " le guide V9 limitait l'indicateur 12, pour les actions de formation, aux formations de plus de 2 jours :"
        " l'officier confirme si ces mesures sont exigées."
    )
    findings.outcomes = [
        _relaxed(o, review_fr) if o.id in limited and o.requirement == "required" else o for o in findings.outcomes
    ]
    return conclude(context, findings)


def _relaxed(outcome: ElementOutcome, review_fr: str) -> ElementOutcome:
    return replace(outcome, requirement="review", spec=outcome.spec.model_copy(update={"review_fr": review_fr}))
