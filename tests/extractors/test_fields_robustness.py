"""Arbitrary input never crashes classification or field extraction, and stays fast on long files."""

from __future__ import annotations

import random

import pytest

from extractors.classify import classify
from extractors.fields import extract_fields
from schemas.contract import DOC_TYPES
from schemas.extraction import PageText

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \t\n.,;:!?()[]{}€%/\\-–—'’\"«»°*+=|"
    "éèêàçôûîÉÈÀÇœŒ\u00a0\u202f\u2009\u00ad\u200b\f\r"
)
WORDS = [
    "Total (1)",
    "total des produits",
    "N° de déclaration",
    "SIRET",
    "Durée",
    "Tarif",
    "€",
    "heures",
    "jours",
    "taux de satisfaction",
    "%",
    "répondants",
    "Exercice comptable du",
    "au",
    "Très satisfait",
    "Note globale",
    "Dénomination :",
    "Fait à",
    "le",
    "RNCP",
    "RS",
    "84 69",
    "12345",
    "3 120",
    "1er",
    "31/12/2025",
]


def noise(rng: random.Random, length: int) -> str:
    pieces = []
    while sum(map(len, pieces)) < length:
        pieces.append(rng.choice(WORDS) if rng.random() < 0.3 else "".join(rng.choices(ALPHABET, k=rng.randint(1, 12))))
    return " ".join(pieces)


@pytest.mark.parametrize("seed", range(25))
def test_random_documents_never_crash(seed):
    rng = random.Random(seed)
    tables = [[[noise(rng, rng.randint(0, 20)) for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 8))]]
    pages = [PageText(number=1, text=noise(rng, 2000), tables=tables), PageText(number=2, text=noise(rng, 500))]
    result = classify(pages, noise(rng, 20))
    assert result.doc_type in DOC_TYPES
    for doc_type in DOC_TYPES:
        fields = extract_fields(doc_type, pages)
        assert all(isinstance(value, (str, int, float, bool)) for value in fields.values())
        if "satisfaction_rate" in fields:
            assert 0.0 <= fields["satisfaction_rate"] <= 1.0


def test_a_long_dense_document_is_classified_and_read():
    # Its speed is the bench's to measure (python -m bench), not a timed unit test's.
    page = (
        "Livret d'accueil – chapitre\nBienvenue. Votre référent handicap, restauration, plan d'accès.\n"
        + "Texte courant de la formation, sans valeur particulière, 12 rue des Lilas 69002 Lyon. " * 40
    )
    pages = [PageText(number=i, text=page) for i in range(1, 151)]  # 150 dense pages, 520 000 characters
    assert classify(pages, "livret.pdf").doc_type == "welcome_booklet"
    for doc_type in ("programme", "satisfaction_survey", "bpf", "nda_receipt", "welcome_booklet"):
        assert isinstance(extract_fields(doc_type, pages), dict)
