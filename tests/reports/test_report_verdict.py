"""The one-line verdict and its counts."""

from reports.verdict import verdict
from schemas import AdmissibilityCheck


def test_reservations_when_gaps_or_warnings(report):
    result = verdict(report)
    assert result.status == "admissible_with_reservations"
    assert (result.covered, result.partial, result.missing, result.not_applicable) == (5, 3, 4, 2)
    assert (result.failed_checks, result.warning_checks) == (0, 2)
    assert (result.documents, result.documents_in_error, result.needs_review) == (8, 1, 2)
    assert result.summary_fr == (
        "Admissible avec réserves — 4 indicateurs manquants, 3 indicateurs partiels, 2 alertes"
    )


def test_not_admissible_wins(report):
    report.admissibility.admissible = False
    report.admissibility.checks.append(AdmissibilityCheck(id="nda_valid", status="fail", message="NDA invalide."))
    result = verdict(report)
    assert result.status == "not_admissible"
    assert not result.admissible
    assert result.summary_fr.startswith("Non admissible — 1 contrôle bloquant, 4 indicateurs manquants")


def test_clean_dossier_is_admissible(report):
    report.admissibility.checks = [c for c in report.admissibility.checks if c.status == "pass"]
    for indicator in report.indicators:
        if indicator.status in ("missing", "partial"):
            indicator.status = "covered"
    result = verdict(report)
    assert result.status == "admissible"
    assert result.summary_fr == "Admissible — aucun écart détecté"
