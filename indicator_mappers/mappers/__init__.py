"""Per-indicator evidence mapping: one `IndicatorAssessment` per indicator of a referential version.

The dossier's pages are lemmatised and matched once against every pattern of the version's evidence
table; each indicator's mapper, the one its table names (the generic data-driven one by default),
then reads those matches.
"""

from __future__ import annotations

from collections.abc import Sequence

from indicator_mappers.applicability import decide_applicability

# Imported for their @register side effect: each mapper registers its name before any table loads.
from indicator_mappers.mappers import engagement, feedback, generic, information, resources, results, watch  # noqa: F401
from indicator_mappers.mappers.base import MappingContext
from indicator_mappers.mappers.registry import mapper_named
from indicator_mappers.mappers.table import EvidenceTableError, load_evidence_table, pattern_bank
from indicator_mappers.matching import analyse
from indicator_mappers.referential import Referential
from indicator_mappers.table_rows import without_blank_column_labels
from schemas.contract import IndicatorAssessment, Scope
from schemas.extraction import DossierDocument
from schemas.reasons import Reason, ReasonKind

__all__ = ["EvidenceTableError", "assess_indicators"]


def assess_indicators(
    referential: Referential, scope: Scope, documents: Sequence[DossierDocument], initial_audit: bool = True
) -> list[IndicatorAssessment]:
    """Exactly one assessment per indicator of `referential`, in the referential's order, with its structured
    reasons (its French `reason` is the report's). After the initial audit (`initial_audit` false) a new
    entrant's deferred indicators need implementation evidence."""
    table = load_evidence_table(referential.id)
    if absent := [i.number for i in referential.indicators if i.number not in table.indicators]:
        raise EvidenceTableError(
            f"La table de preuves {referential.id} ne décrit pas les indicateurs {', '.join(map(str, absent))}."
        )
    matches = without_blank_column_labels(analyse(documents, pattern_bank(referential.id), table.ignored_doc_types))
    assessments = []
    for indicator in referential.indicators:
        decision = decide_applicability(indicator, scope, initial_audit)
        if not decision.applies:
            assessments.append(
                IndicatorAssessment(
                    number=indicator.number,
                    criterion=indicator.criterion,
                    status="not_applicable",
                    reasons=[decision.reason(indicator.number)],
                )
            )
            continue
        spec = table.indicators[indicator.number]
        context = MappingContext(
            referential=referential,
            indicator=indicator,
            spec=spec,
            table=table,
            scope=scope,
            decision=decision,
            documents=matches,
        )
        assessments.append(_never_covered_without_evidence(mapper_named(spec.mapper).function(context)))
    return assessments


def _never_covered_without_evidence(assessment: IndicatorAssessment) -> IndicatorAssessment:
    # Every mapper concludes through `conclude`, which already holds this; the guard keeps it true for
    # any future mapper, since a silent pass is the one error an officer cannot see.
    if assessment.status == "covered" and not assessment.evidence:
        return assessment.model_copy(
            update={
                "status": "partial",
                "needs_review": True,
                "reasons": [*assessment.reasons, Reason(kind=ReasonKind.NO_EVIDENCE_CITED)],
            }
        )
    return assessment
