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
from schemas.checks import CheckPhrase as P, CheckResult, check, phrase
from schemas.contract import AuditEstimate, AuditType, CheckId, Scope
from schemas.labels_fr import euros_fr
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


def _days_fr(days: float) -> str:
    text = f"{days:g}".replace(".", ",")
    return f"{text} jour" + ("s" if days >= 2 else "")


class BpfRevenue(NamedTuple):
    amount: float
    path: str
    contradiction: str | None  # a French note when the sum of frame C's lines contradicts the total


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
        said = f" ({euros_fr(lines_sum)})" if lines_sum is not None else ""
        contradiction = f"Ce total ne correspond pas à la somme des lignes 1 à 11 du BPF{said} : montant et tranche à vérifier."
    return BpfRevenue(amount, bpf.record.path, contradiction)


def audit_days(
    audit_type: AuditType, band: RevenueBand | None, scope: Scope, former_new_entrant: bool, table: AuditDurationTable
) -> tuple[float | None, str]:
    """The duration of this audit when the reference gives it, else None; and why, in French."""
    to_confirm = "Durée à confirmer : "
    if band is None:
        return None, to_confirm + "chiffre d'affaires inconnu."
    categories = len(scope.categories)
    if audit_type == "extension":
        return None, to_confirm + (
            "un audit d'extension dure la durée de base plus celle de la catégorie ajoutée (et des sites"
            f" échantillonnés) ; la part de chacune n'est pas sourcée ({table.legal_source_fr})."
        )
    if audit_type == "surveillance":
        days = table.surveillance_audit.single_category_days.get(band.id)
        if days is None or categories > 1:
            return None, to_confirm + (
                "la ligne « surveillance » du barème n'a pas été lue dans le texte ; seule est sourcée la demi-journée"
                " d'un organisme à une catégorie et un site sous 150 000 € de chiffre d'affaires"
                + (f", plus {_days_fr(table.surveillance_audit.new_entrant_add_days)} pour un ancien nouvel entrant" if former_new_entrant else "")
                + "."
            )
        if former_new_entrant:
            extra = table.surveillance_audit.new_entrant_add_days
            return days + extra, (
                f"Audit de surveillance : {_days_fr(days)} (une catégorie, un site, tranche « {band.label_fr} »)"
                f" + {_days_fr(extra)} pour un organisme audité comme nouvel entrant."
            )
        return days, f"Audit de surveillance : {_days_fr(days)} (une catégorie, un site, tranche « {band.label_fr} »)."
    if audit_type == "renewal" and not table.renewal_same_as_initial:
        return None, to_confirm + "durée de renouvellement non sourcée."
    if categories > 1:
        return None, to_confirm + f"durée sourcée pour une seule catégorie, le périmètre en compte {categories}."
    days = table.initial_audit.single_category_days[band.id]
    same = "Audit de renouvellement : même durée que l'audit initial, " if audit_type == "renewal" else ""
    return days, f"{same}{_days_fr(days)} pour une catégorie et un site, tranche « {band.label_fr} »."


def estimate_audit(
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    scope: Scope,
    audit_type: AuditType = "initial",
    former_new_entrant: bool = False,
) -> tuple[AuditEstimate, CheckResult | None]:
    """The audit estimate and, when the declared revenue falls in another band than the BPF's, a warning.
    `days` is the duration of the audit of `audit_type`; `initial_audit_days` stays the initial one."""
    table = load_audit_table()
    from_bpf = _bpf_revenue(documents)
    declared = manifest.declared_revenue_eur if manifest else None

    if from_bpf is not None:
        amount, source_label = from_bpf[0], f"bilan pédagogique et financier, {from_bpf[1]}"
        source = "bpf"
    elif declared is not None:
        amount, source_label, source = declared, "chiffre d'affaires déclaré dans dossier.yaml", "declared"
    else:
        days, days_note = audit_days(audit_type, None, scope, former_new_entrant, table)
        return (
            AuditEstimate(
                revenue_source="none",
                note="Ni BPF lisible ni chiffre d'affaires déclaré : la tranche de chiffre d'affaires et la durée d'audit"
                " ne peuvent pas être estimées.",
                type=audit_type,
                days=days,
                days_note=days_note,
            ),
            None,
        )

    band = revenue_band(amount, table)
    days = table.initial_audit.single_category_days[band.id]
    notes = [f"Chiffre d'affaires retenu : {euros_fr(amount)} ({source_label}), tranche « {band.label_fr} »."]
    if from_bpf is not None and from_bpf.contradiction:
        notes.append(from_bpf.contradiction)
    if amount in table.ambiguous_boundaries_eur:
        notes.append(
            f"Un chiffre d'affaires d'exactement {euros_fr(amount)} est classé différemment selon les certificateurs :"
            " tranche à confirmer."
        )
    categories = len(scope.categories)
    if categories > 1:
        initial = table.initial_audit
        inferred = initial.inferred_base_days[band.id] + categories * initial.inferred_add_on_per_category_days
        notes.append(
            f"Durée sourcée pour une seule catégorie ({_days_fr(days)}) ; pour {categories} catégories la durée est"
            f" plus longue : l'estimation base + {_days_fr(initial.inferred_add_on_per_category_days)} par catégorie"
            f" ({_days_fr(inferred)}) n'a pas été vérifiée dans le texte ({table.legal_source_fr})."
        )
    notes.append(
        f"Ajouter {_days_fr(table.initial_audit.per_sampled_site_days)} par site secondaire échantillonné."
    )
    if scope.new_entrant and audit_type == "initial":
        notes.append(
            f"Nouvel entrant : l'audit de surveillance sera allongé de {_days_fr(table.surveillance_audit.new_entrant_add_days)}."
        )
    this_audit_days, days_note = audit_days(audit_type, band, scope, former_new_entrant, table)
    estimate = AuditEstimate(
        revenue_band=band.id,
        initial_audit_days=days,
        revenue_source=source,
        note=" ".join(notes),
        type=audit_type,
        days=this_audit_days,
        days_note=days_note,
    )
    return estimate, _revenue_consistency(from_bpf, declared, band, table)


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
