"""The dossier-level blind bench counts what it should and names no document or value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from bench.blind_dossiers import measure
from bench.extraction_cache import ExtractionCache
from schemas import Limits

PROGRAMME = (
    "Programme de formation\nBilan de compétences\nObjectifs : faire le point sur ses compétences.\n"
    "Durée : 24 heures. Public : salariés. Prérequis : aucun. Modalités d'évaluation : entretien.\n"
)


def test_a_scope_inferred_against_the_truth_is_counted_by_rule_only(tmp_path: Path):
    corpus = tmp_path / "corpus"
    dossier = corpus / "D01"
    dossier.mkdir(parents=True)
    (dossier / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    (corpus / "truth.yaml").write_text(
        yaml.safe_dump({"D01/programme.txt": {"doc_type": "programme", "fields": {}}}), encoding="utf-8"
    )
    (corpus / "dossiers.yaml").write_text(yaml.safe_dump({"D01": {
        "scope": {"categories": ["AF"], "certifying": False, "alternance": False, "new_entrant": False,
                  "subcontracting": False},
        "audit_type": "initial", "foreign": False, "absent_indicators": [23],
    }}), encoding="utf-8")
    limits = Limits()
    counts = measure(corpus, limits, ExtractionCache(tmp_path / "cache", limits), date(2026, 12, 7))

    assert counts["dossiers"] == 1 and counts["scope inferred"] == 1 and counts["absent indicators"] == 1
    assert counts["inferred category BC not in truth"] == 1
    # The rule that read BC, by its kind: not the words the document holds, nor its file.
    assert counts["  wrong BC from programme: seen_phrase"] == 1
    assert not any("compétences" in key or "programme.txt" in key for key in counts)
