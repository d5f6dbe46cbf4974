"""Dossier-level assessment: referential version, scope, admissibility, indicators and audit estimate.

Pure function of the extracted documents, the parsed manifest and the run date (a Europe/Paris
calendar day chosen by the caller): no I/O, no clock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from indicator_mappers.admissibility import MANIFEST_SOURCE, assess_admissibility, identity_claims
from indicator_mappers.admissibility_rules import identity_doc_types
from indicator_mappers.audit_cycle import (
    CycleContext,
    current_certificate,
    cycle_checks,
    decide_audit_type,
    former_new_entrant,
    reviewed_indicators,
    with_extension_categories,
)
from indicator_mappers.audit_duration import estimate_audit
from indicator_mappers.foreign import foreign_context
from indicator_mappers.identity_repair import repair_ocr_sirens
from indicator_mappers.mappers import assess_indicators
from indicator_mappers.mappers.table import load_evidence_table, pattern_bank
from indicator_mappers.nonconformity import nc_projection, with_proposed_nc
from indicator_mappers.previous_nc import (
    find_previous_nonconformities,
    judge_previous_nonconformities,
    one_per_indicator,
    with_requalified,
    without_findings,
)
from indicator_mappers.representation import check_representative_in_france
from indicator_mappers.scope import infer_scope
from indicator_mappers.versions import select_referential
from schemas.checks import AuditPhrases, CheckedAdmissibility, Phrase
from schemas.contract import (
    AuditEstimate,
    DocumentRecord,
    IndicatorAssessment,
    NcProjection,
    Organization,
    ReferentialRef,
    Scope,
)
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest

_PREPARING = threading.Lock()


class DossierAssessment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization: Organization
    # The documents' records as assessed: a SIREN misread by OCR is corrected here (identity_repair).
    records: list[DocumentRecord]
    referential: ReferentialRef
    # Without its French `reasons`: they are `scope_reasons`, written by the report.
    scope: Scope
    scope_reasons: list[Phrase]
    admissibility: CheckedAdmissibility
    # Without their French `reason`: `reports/gap_report.py` writes it from their structured reasons.
    indicators: list[IndicatorAssessment]
    # Without its French (type_reasons and notes): they are `audit_phrases`, written by the report.
    audit: AuditEstimate
    audit_phrases: AuditPhrases
    nc_projection: NcProjection


def organization_of(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> Organization:
    """Each field from dossier.yaml, else from the NDA receipt, else the BPF, else any other document."""
    types = {d.record.path: d.record.doc_type for d in documents}
    priority = identity_doc_types()

    def rank(source: str) -> int:
        if source == MANIFEST_SOURCE:
            return 0
        doc_type = types.get(source)
        return 1 + (priority.index(doc_type) if doc_type in priority else len(priority))

    claims = sorted(identity_claims(documents, manifest), key=lambda c: rank(c.source))
    foreign = foreign_context(documents, manifest)
    return Organization(
        # A foreign organisation is named by its own name; its SIREN and NDA are its French identity's.
        name=foreign.organization_name or next((c.name for c in claims if c.name), None),
        siren=next((c.siren for c in claims if c.siren), None),
        nda=next((c.nda for c in claims if c.nda), None),
        foreign=foreign.declared,
        representative=foreign.representative if foreign.declared else None,
        possibly_foreign=foreign.possibly,
        foreign_registrations=foreign.registrations,
    )


def prepare(referential_id: str) -> None:
    """Loads a referential's evidence table and pattern bank, and with them spaCy's French pipeline:
    2 to 5 s, once per process. A caller may do it ahead, in a thread, while it waits for something
    else; an assessment then waits for that preparation instead of doing it a second time."""
    with _PREPARING:
        load_evidence_table(referential_id)
        pattern_bank(referential_id)


def assessed_on(manifest: DossierManifest | None, run_date: date) -> date:
    """The day a dossier is assessed on: its audit date, else the run's."""
    return (manifest.audit_date if manifest else None) or run_date


def assess_dossier(
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    manifest_problems: Sequence[str],
    run_date: date,
) -> DossierAssessment:
    referential, version_warnings = select_referential(manifest, run_date)
    prepare(referential.id)
    documents = repair_ocr_sirens(documents, manifest)
    on = assessed_on(manifest, run_date)
    inferred = infer_scope(documents, manifest, on)
    cycle = decide_audit_type(documents, manifest, inferred.scope, on)
    scoped = with_extension_categories(inferred, cycle)
    scope = scoped.scope
    former_entrant = cycle.type != "initial" and former_new_entrant(
        documents, scope, current_certificate(documents, on)
    )
    duration = estimate_audit(documents, manifest, scope, cycle.type, former_entrant)
    found = find_previous_nonconformities(documents, {i.number for i in referential.indicators})
    reviewed, reviewed_note = reviewed_indicators(
        referential, scope, cycle, former_entrant, previous_nc={nc.indicator for nc in found}
    )
    audit = duration.estimate.model_copy(
        update={
            "type_source": cycle.source,
            "extension_categories": cycle.extension_categories,
            "reviewed_indicators": reviewed,
        }
    )
    context = CycleContext(documents=documents, manifest=manifest, scope=scope, decision=cycle, on=on)
    representation = check_representative_in_france(documents, foreign_context(documents, manifest))
    admissibility = assess_admissibility(
        documents,
        manifest,
        manifest_problems,
        scope,
        on,
        extra_checks=[
            *cycle_checks(context),
            *([duration.revenue_check] if duration.revenue_check else []),
            *([representation] if representation else []),
        ],
        version_warnings=version_warnings,
    )
    indicators = with_proposed_nc(
        assess_indicators(
            referential, scope, without_findings(documents, found), initial_audit=cycle.type == "initial"
        ),
        referential,
    )
    previous = judge_previous_nonconformities(one_per_indicator(found), indicators, cycle.type)
    indicators = with_requalified(indicators, previous)
    audit = audit.model_copy(update={"previous_nonconformities": previous})
    return DossierAssessment(
        organization=organization_of(documents, manifest),
        records=[document.record for document in documents],
        referential=ReferentialRef(
            id=referential.id, effective_from=referential.effective_from, indicator_count=len(referential.indicators)
        ),
        scope=scope,
        scope_reasons=scoped.reasons,
        admissibility=admissibility,
        indicators=indicators,
        audit=audit,
        audit_phrases=AuditPhrases(
            type_reasons=cycle.reasons,
            note=duration.note,
            days_note=duration.days_note,
            reviewed_indicators_note=reviewed_note,
        ),
        nc_projection=nc_projection(indicators),
    )
