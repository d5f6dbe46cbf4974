"""The dossier-level blind bench counts what it should and names no document or value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from bench.blind_dossiers import measure
from bench.extraction_cache import ExtractionCache
from schemas import Limits

SCOPE = {"categories": ["AF"], "certifying": False, "alternance": False, "new_entrant": False, "subcontracting": False}
PROGRAMME = (
    "Programme de formation\nBilan de compétences\nObjectifs : faire le point sur ses compétences.\n"
    "Durée : 24 heures. Public : salariés. Prérequis : aucun. Modalités d'évaluation : entretien.\n"
)


RECEIPT = (
    "RÉPUBLIQUE FRANÇAISE\nPréfecture de la région Auvergne-Rhône-Alpes\nLyon, le 9 septembre 2026\n"
    "Récépissé de déclaration d'activité\n"
    "Le préfet de région atteste avoir reçu la déclaration d'activité de l'organisme :\n"
    "Nom : ATELIER EXEMPLE FORMATION\nSIREN : 904 123 783\n"
    "Numéro d'enregistrement : 84 69 12345 69\n"
    "Date de la déclaration : 2 septembre 2026\n"
)


def _measured(tmp_path: Path, name: str, text: str, doc_type: str, absent: list[int]):
    """A corpus of one dossier of one file, whose author says its scope is AF alone, measured."""
    corpus = tmp_path / "corpus"
    (corpus / "D01").mkdir(parents=True)
    (corpus / "D01" / name).write_text(text, encoding="utf-8")
    (corpus / "truth.yaml").write_text(
        yaml.safe_dump({f"D01/{name}": {"doc_type": doc_type, "fields": {}}}), encoding="utf-8"
    )
    (corpus / "dossiers.yaml").write_text(yaml.safe_dump({"D01": {
        "scope": SCOPE, "audit_type": "initial", "foreign": False, "absent_indicators": absent,
    }}), encoding="utf-8")
    limits = Limits()
    return measure(corpus, limits, ExtractionCache(tmp_path / "cache", limits), date(2026, 12, 7))


def test_a_scope_inferred_against_the_truth_is_counted_by_rule_only(tmp_path: Path):
    counts = _measured(tmp_path, "programme.txt", PROGRAMME, "programme", [23])

    assert counts["dossiers"] == 1 and counts["scope inferred"] == 1 and counts["absent indicators"] == 1
    assert counts["inferred category BC not in truth"] == 1
    # The rule that read BC, by its kind: not the words the document holds, nor its file.
    assert counts["  wrong BC from programme: seen_phrase"] == 1
    assert not any("compétences" in key or "programme.txt" in key for key in counts)


def test_a_wrong_scope_flag_is_traced_to_the_evidence_the_inference_weighed(tmp_path: Path):
    # The scope's own hits, new entrant's recent declaration of activity included.
    counts = _measured(tmp_path, "recepisse.txt", RECEIPT, "nda_receipt", [])

    assert counts["inferred new_entrant True, truth False"] == 1
    assert counts["  wrong new_entrant from nda_receipt: seen_declaration"] == 1
