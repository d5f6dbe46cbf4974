"""Audit duration from the revenue band and the audit type (table in `data/audit_durations.yaml`).

The revenue is the latest BPF's frame C total (source `bpf`), else the revenue declared in
`dossier.yaml` (source `declared`). Only sourced figures become numbers; multi-category and
multi-site durations are explained in a French note instead of being computed as certain, and so is
every surveillance or extension duration the reference does not give (`days` null, « à confirmer »).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from indicator_mappers.admissibility import latest_bpf
from schemas.checks import CheckResult, Phrase, PhraseKind as P, check, phrase
from schemas.contract import AuditEstimate, AuditType, CheckId, Scope
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest
from schemas.rule_files import read_rule_file

TABLE_PATH = Path(__file__).parent / "data" / "audit_durations.yaml"


class RevenueBand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label_fr: str
    min_eur: float
    max_eur: float | None = None

    def contains(self, amount: float) -> bool:
        return amount >= self.min_eur and (self.max_eur is None or amount < self.max_eur)


class InitialAudit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    single_category_days: dict[str, float]
    inferred_base_days: dict[str, float]
    inferred_add_on_per_category_days: float
    per_sampled_site_days: float


class SurveillanceAudit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    single_category_days: dict[str, float]
    new_entrant_add_days: float


class AuditDurationTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    legal_source_fr: str
    revenue_basis_fr: str
    revenue_bands: list[RevenueBand]
    ambiguous_boundaries_eur: list[float]
    initial_audit: InitialAudit
    surveillance_audit: SurveillanceAudit
    renewal_same_as_initial: bool


@cache
def load_audit_table() -> AuditDurationTable:
    return AuditDurationTable.model_validate(read_rule_file(TABLE_PATH))


def revenue_band(amount: float, table: AuditDurationTable | None = None) -> RevenueBand:
    table = table or load_audit_table()
    for band in table.revenue_bands:
        if band.contains(amount):
            return band
    raise ValueError(f"no revenue band for {amount}")


class BpfRevenue(NamedTuple):
    amount: float
    path: str
    contradiction: Phrase | None  # when the sum of frame C's lines contradicts the total


def _euros(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return None
    return float(value)


def _bpf_revenue(documents: Sequence[DossierDocument]) -> BpfRevenue | None:
    bpf = latest_bpf(documents)
    if bpf is None:
        return None
    fields = bpf.record.fields
    amount = _euros(fields.get("total_revenue_eur"))
    if amount is None:
        return None
    contradiction = None
    if fields.get("arithmetic_revenue_lines") == "failed":
        lines_sum = _euros(fields.get("revenue_lines_sum_eur"))
        said = phrase(P.LINES_SUM, amount=lines_sum) if lines_sum is not None else None
        contradiction = phrase(P.BPF_TOTAL_CONTRADICTED, lines_sum=said)
    return BpfRevenue(amount, bpf.record.path, contradiction)


def audit_days(
    audit_type: AuditType, band: RevenueBand | None, scope: Scope, former_new_entrant: bool, table: AuditDurationTable
) -> tuple[float | None, Phrase]:
    """The duration of this audit when the reference gives it, else None; and why."""
    if band is None:
        return None, phrase(P.DAYS_UNKNOWN_REVENUE)
    categories = len(scope.categories)
    if audit_type == "extension":
        return None, phrase(P.DAYS_EXTENSION, source=table.legal_source_fr)
    if audit_type == "surveillance":
        days = table.surveillance_audit.single_category_days.get(band.id)
        extra = table.surveillance_audit.new_entrant_add_days
        if days is None or categories > 1:
            former = phrase(P.FORMER_NEW_ENTRANT_ADD, days=extra) if former_new_entrant else None
            return None, phrase(P.DAYS_SURVEILLANCE_UNSOURCED, former=former)
        if former_new_entrant:
            return days + extra, phrase(P.DAYS_SURVEILLANCE_FORMER_NEW_ENTRANT, days=days, band=band.label_fr, extra=extra)
        return days, phrase(P.DAYS_SURVEILLANCE, days=days, band=band.label_fr)
    if audit_type == "renewal" and not table.renewal_same_as_initial:
        return None, phrase(P.DAYS_RENEWAL_UNSOURCED)
    if categories > 1:
        return None, phrase(P.DAYS_SEVERAL_CATEGORIES, categories=categories)
    days = table.initial_audit.single_category_days[band.id]
    return days, phrase(P.DAYS_RENEWAL if audit_type == "renewal" else P.DAYS_INITIAL, days=days, band=band.label_fr)


class AuditDuration(BaseModel):
    """The audit estimate, what its notes say, and the revenue check when the declared revenue falls in
    another band than the BPF's."""

    model_config = ConfigDict(frozen=True)

    estimate: AuditEstimate
    note: list[Phrase]
    days_note: Phrase
    revenue_check: CheckResult | None = None


def estimate_audit(
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    scope: Scope,
    audit_type: AuditType = "initial",
    former_new_entrant: bool = False,
) -> AuditDuration:
    """`days` is the duration of the audit of `audit_type`; `initial_audit_days` stays the initial one."""
    table = load_audit_table()
    from_bpf = _bpf_revenue(documents)
    declared = manifest.declared_revenue_eur if manifest else None

    if from_bpf is not None:
        amount, source = from_bpf.amount, "bpf"
    elif declared is not None:
        amount, source = declared, "declared"
    else:
        days, days_note = audit_days(audit_type, None, scope, former_new_entrant, table)
        estimate = AuditEstimate(revenue_source="none", type=audit_type, days=days)
        return AuditDuration(estimate=estimate, note=[phrase(P.NO_REVENUE)], days_note=days_note)

    band = revenue_band(amount, table)
    days = table.initial_audit.single_category_days[band.id]
    retained = (
        phrase(P.REVENUE_FROM_BPF, amount=amount, path=from_bpf.path, band=band.label_fr)
        if from_bpf is not None
        else phrase(P.REVENUE_DECLARED, amount=amount, band=band.label_fr)
    )
    notes = [retained]
    if from_bpf is not None and from_bpf.contradiction:
        notes.append(from_bpf.contradiction)
    if amount in table.ambiguous_boundaries_eur:
        notes.append(phrase(P.AMBIGUOUS_BOUNDARY, amount=amount))
    categories = len(scope.categories)
    initial = table.initial_audit
    if categories > 1:
        inferred = initial.inferred_base_days[band.id] + categories * initial.inferred_add_on_per_category_days
        notes.append(
            phrase(
                P.SEVERAL_CATEGORIES_UNSOURCED,
                days=days,
                categories=categories,
                add_on=initial.inferred_add_on_per_category_days,
                inferred=inferred,
                source=table.legal_source_fr,
            )
        )
    notes.append(phrase(P.PER_SAMPLED_SITE, days=initial.per_sampled_site_days))
    if scope.new_entrant and audit_type == "initial":
        notes.append(phrase(P.NEW_ENTRANT_SURVEILLANCE_LONGER, days=table.surveillance_audit.new_entrant_add_days))
    this_audit_days, days_note = audit_days(audit_type, band, scope, former_new_entrant, table)
    estimate = AuditEstimate(
        revenue_band=band.id, initial_audit_days=days, revenue_source=source, type=audit_type, days=this_audit_days
    )
    return AuditDuration(
        estimate=estimate,
        note=notes,
        days_note=days_note,
        revenue_check=_revenue_consistency(from_bpf, declared, band, table),
    )


def _revenue_consistency(
    from_bpf: BpfRevenue | None, declared: float | None, bpf_band: RevenueBand, table: AuditDurationTable
) -> CheckResult | None:
    if from_bpf is None or declared is None:
        return None
    declared_band = revenue_band(declared, table)
    if declared_band.id == bpf_band.id:
        return None
    return check(
        CheckId.REVENUE_CONSISTENT,
        "warning",
        phrase(
            P.REVENUE_BANDS_DIFFER,
            declared=declared,
            declared_band=declared_band.label_fr,
            path=from_bpf.path,
            amount=from_bpf.amount,
            band=bpf_band.label_fr,
        ),
    )
