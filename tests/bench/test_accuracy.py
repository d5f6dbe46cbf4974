"""The accuracy harness: comparison rules, and one run on a freshly generated dossier."""

from __future__ import annotations

import json

import pytest

from bench.accuracy import character_error_rate, field_matches, main, normalise_string


@pytest.mark.parametrize(
    "name, expected, got, ok",
    [
        ("total_revenue_eur", 182340.0, 182340.4, True),
        ("total_revenue_eur", 182340.0, 182341.0, False),
        ("satisfaction_rate", 0.8692, 0.873, True),
        ("satisfaction_rate", 0.8692, 0.8755, False),
        ("duration_hours", 21.0, 21, True),
        ("duration_hours", 21.0, 21.5, False),
        ("trainees_total", 214, 214.0, True),
        ("trainees_total", 214, 213, False),
        ("title", "Management d'équipe : les fondamentaux", "MANAGEMENT D’ÉQUIPE :  les fondamentaux", True),
        ("title", "Excel perfectionnement", "Excel", False),
        ("declaration_date", "2019-03-14", "2019-03-14", True),
        ("declaration_date", "2019-03-14", "2019-02-11", False),
        ("siren", "436686059", None, False),
    ],
)
def test_field_comparison_rules(name, expected, got, ok):
    assert field_matches(name, expected, got) is ok


def test_strings_are_compared_after_case_space_and_quote_folding():
    assert normalise_string("  Les  «Ateliers»\u00a0du Geste ") == normalise_string('les "ateliers" du geste')


def test_character_error_rate_ignores_whitespace_layout():
    assert character_error_rate("Feuille  d'émargement\nSession 1", "Feuille d'émargement Session 1") == 0.0
    assert character_error_rate("abcd", "abed") == pytest.approx(0.25)
    assert character_error_rate("abcd", "") == 1.0


def test_harness_on_one_fresh_dossier(tmp_path, capsys):
    out = tmp_path / "accuracy.json"
    code = main(
        ["--no-samples", "--fresh-seeds", "5", "--only", "bc_certif", "--work", str(tmp_path), "--out", str(out)]
    )
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"schema", "measured_at", "targets", "sets", "combined", "targets_met"}
    assert list(data["sets"]) == ["fresh-5"]
    summary = data["sets"]["fresh-5"]
    assert set(summary) >= {"files", "doc_type", "fields", "ocr", "timing", "damaged_files"}
    assert summary["files"] > 5
    assert 0.0 <= summary["doc_type"]["accuracy"] <= 1.0
    assert summary["doc_type"]["total"] == summary["files"] - summary["damaged_files"]["expected"]
    for kind in ("native", "scan"):
        fields = summary["fields"][kind]
        assert fields["total"] > 0 and 0.0 <= fields["rate"] <= 1.0
        assert fields["correct"] == round(fields["rate"] * fields["total"])
    assert summary["ocr"]["pages"] >= 1 and 0.0 <= summary["ocr"]["mean_cer"] <= 1.0
    timing = summary["timing"]
    assert timing["text_pages"] > 0 and timing["seconds_per_text_page"] > 0
    assert timing["ocr_pages"] >= 1 and timing["seconds_per_ocr_page"] > 0
    assert data["combined"]["fresh"]["files"] == summary["files"]
    printed = capsys.readouterr().out
    assert "fresh-5" in printed and "doc_type" in printed
