"""Requirements whose threshold awaits a ministerial arrêté (`threshold_pending`; rnq-2026's 19 and 20).

A pedagogical referent (19) is required above a number of trainers per training, reinforced
supervision (20, CFA) below a share of hours taught by permanent staff; neither threshold is
published. Those elements are review elements in the table (never a gap on their own); this mapper
adds what the dossier tells the officer about the threshold: how many trainers it names.
"""

from __future__ import annotations

from pydantic import Field

from indicator_mappers.mappers.base import Findings, MappingContext, conclude
from indicator_mappers.mappers.registry import MapperParams, register
from schemas.contract import DocType, IndicatorAssessment
from schemas.reasons import Reason, ReasonKind


class ThresholdParams(MapperParams):
    count_doc_type: DocType | None = Field(
        default=None, description="Documents whose number the officer compares with the threshold, once published."
    )


@register("threshold_pending", ThresholdParams)
def threshold_pending(context: MappingContext) -> IndicatorAssessment:
    findings = Findings(outcomes=context.outcomes())
    pending = [o for o in findings.outcomes if o.requirement == "review" and not o.found]
    count_doc_type = context.params(ThresholdParams).count_doc_type
    if pending and count_doc_type:
        count = len(context.documents_of(count_doc_type))
        findings.notes.append(
            Reason(kind=ReasonKind.THRESHOLD_COUNT, params={"count": count, "doc_type": count_doc_type})
        )
    return conclude(context, findings)
