"""Qualiopi certificates and look-alikes of the classification corpus, for the certificate tests.

Every organisation, certifier, number and sentence is invented; the valid SIRENs are Luhn-valid.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).with_name("test_classify_corpus")


def _corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


ORGANISATION_SIREN = "842917338"
# The certifier is the subject of the statement, dates below their labels, its SIRET in the footer.
STATEMENT = _corpus("qualiopi_certificate__statement.txt")
# No certifying subject (owner and signatory), the issue date for a start, categories by ordinal.
FORM = _corpus("qualiopi_certificate__form_issue_date.txt")

# A trainer's habilitation: a number, a validity, a delivering body, but a person who was trained.
HABILITATION = """\
CERTIFICAT DE FORMATEUR
Certificat n° 2025-44871
Habilitation à dispenser la formation Sauveteur secouriste du travail
délivré à Mme Claire Petit, formatrice, qui a suivi avec succès la formation de formateurs
Organisme habilité : Prévention Santé Travail Sud
Valable du 01/07/2025 au 30/06/2027
Date de fin de validité : 30/06/2027
"""
