"""The one-line answer an admissibility officer looks for first, with the counts behind it."""

from __future__ import annotations

from collections import Counter
from typing import Literal

from pydantic import BaseModel, ConfigDict

from schemas import GapReport

# The lookup itself, not `reports.labels`, which loads the evidence tables (and spaCy with them): the
# batch row of an unchanged dossier, read by a run with nothing else to do, needs none of them.
from schemas.labels_fr import label

VerdictStatus = Literal["admissible", "admissible_with_reservations", "not_admissible"]


class Verdict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: VerdictStatus
    covered: int
    partial: int
    missing: int
    not_applicable: int
    failed_checks: int
    warning_checks: int
    needs_review: int
    documents: int
    documents_in_error: int

    @property
    def admissible(self) -> bool:
        return self.status != "not_admissible"

    @property
    def label_fr(self) -> str:
        return label("verdict", self.status)

    @property
    def applicable(self) -> int:
        return self.covered + self.partial + self.missing

    @property
    def summary_fr(self) -> str:
        """`Admissible avec réserves — 2 indicateurs manquants, 3 partiels, 1 alerte` (one line)."""
        counts = {
            "failed_checks": self.failed_checks,
            "missing": self.missing,
            "partial": self.partial,
            "warning_checks": self.warning_checks,
        }
        details = ", ".join(_count(value, name) for name, value in counts.items() if value)
        return f"{self.label_fr} — {details or label('verdict_counts', 'none')}"


def _count(value: int, name: str) -> str:
    """`2 indicateurs manquants`: labels_fr.yaml's verdict_counts give `<name>` and `<name>_plural`."""
    return f"{value} {label('verdict_counts', name if value == 1 else f'{name}_plural')}"


def verdict(report: GapReport) -> Verdict:
    """Not admissible when the assessment says so; with reservations when any check warns or any
    applicable indicator is missing or partial; admissible otherwise."""
    statuses = Counter(indicator.status for indicator in report.indicators)
    checks = Counter(check.status for check in report.admissibility.checks)
    has_reservations = bool(checks["warning"] or statuses["missing"] or statuses["partial"])
    if not report.admissibility.admissible:
        status: VerdictStatus = "not_admissible"
    elif has_reservations:
        status = "admissible_with_reservations"
    else:
        status = "admissible"
    return Verdict(
        status=status,
        covered=statuses["covered"],
        partial=statuses["partial"],
        missing=statuses["missing"],
        not_applicable=statuses["not_applicable"],
        failed_checks=checks["fail"],
        warning_checks=checks["warning"],
        needs_review=sum(1 for i in report.indicators if i.needs_review and i.status != "not_applicable"),
        documents=len(report.documents),
        documents_in_error=sum(1 for d in report.documents if d.status == "error"),
    )
