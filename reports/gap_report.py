"""The gap report as the contract writes it: the assessment's structure with its French filled in.

The assessment (`indicator_mappers/assess.py`) returns reasons and check results as structure; here each
indicator gets its `reason` and its evidence the excerpts that do not quote a document, each check its
`message`, the scope and the audit their reasons and notes, written from `labels_fr.yaml` by
`reports/reasons.py`, `reports/evidence.py` and `reports/checks.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from indicator_mappers.assess import DossierAssessment
from reports.checks import admissibility_fr, audit_fr, scope_fr
from reports.evidence import written_evidence
from reports.reasons import reason_fr
from schemas.contract import GapReport, IndicatorAssessment


def written_indicators(indicators: Sequence[IndicatorAssessment]) -> list[IndicatorAssessment]:
    """Each indicator with the contract's French `reason` and evidence excerpts, written from their structure."""
    return [
        i.model_copy(update={"reason": reason_fr(i.reasons), "evidence": written_evidence(i.evidence)})
        for i in indicators
    ]


def gap_report(dossier_id: str, assessment: DossierAssessment, **run: Any) -> GapReport:
    """The report of `assessment`; `run` holds the run's own fields (version, date, duration)."""
    return GapReport(
        dossier_id=dossier_id,
        organization=assessment.organization,
        referential=assessment.referential,
        scope=scope_fr(assessment.scope, assessment.scope_reasons),
        documents=assessment.records,
        admissibility=admissibility_fr(assessment.admissibility),
        indicators=written_indicators(assessment.indicators),
        audit=audit_fr(assessment.audit, assessment.audit_phrases),
        nc_projection=assessment.nc_projection,
        **run,
    )
