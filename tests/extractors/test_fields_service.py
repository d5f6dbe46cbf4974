"""When a service was delivered, read from its proofs: the « du … au … » period and the signing date
of a completion certificate or an attendance sheet (the renewal check dates services with them)."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from schemas.extraction import PageText


def fields(doc_type: str, text: str) -> dict:
    return extract_fields(doc_type, [PageText(number=1, text=text)])


CERTIFICATE = """Attestation de fin de formation
L'organisme atteste que Léa Martin a suivi la formation Tableurs avancés,
d'une durée de 14 heures, du 3 mars 2025 au 4 mars 2025.
Fait à Nantes le 10/03/2025
La directrice"""

SHEET = """FEUILLE D'ÉMARGEMENT
Action : Tableurs avancés
Dates : du 03.03.2025 au 04.03.2025 — Lieu : Nantes
Nom Prénom 03/03 matin 03/03 après-midi"""


def test_a_completion_certificate_gives_its_period_and_its_signing_date():
    got = fields("completion_certificate", CERTIFICATE)
    assert (got["start_date"], got["end_date"], got["document_date"]) == ("2025-03-03", "2025-03-04", "2025-03-10")


def test_an_attendance_sheet_gives_its_period_in_dotted_dates():
    got = fields("attendance_sheet", SHEET)
    assert (got["start_date"], got["end_date"]) == ("2025-03-03", "2025-03-04") and "document_date" not in got


@pytest.mark.parametrize(
    "period",
    [
        "du 16/09/2026 au 14/09/2026",  # ends before it starts
        "du 01/01/2024 au 31/12/2026",  # three years: a term or a validity, not one service
    ],
)
def test_a_span_no_service_can_have_is_not_a_period(period):
    got = fields("completion_certificate", f"Attestation de formation suivie {period}.")
    assert "start_date" not in got and "end_date" not in got


def test_other_documents_get_no_service_dates():
    assert "start_date" not in fields("terms_of_sale", "Conditions valables du 01/01/2025 au 31/03/2025.")
