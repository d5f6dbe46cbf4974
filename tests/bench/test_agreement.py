"""The agreement table: row comparison rules, and one run on a freshly generated dossier."""

from __future__ import annotations

import json

from bench.agreement import compare, main
from data.samplegen.truth import ExpectedIndicator
from indicator_mappers.assess import DossierAssessment
from schemas.contract import IndicatorAssessment


def _truth_and_found(truth_statuses: dict[int, str], found_statuses: dict[int, str]):
    class Truth:  # the fields `compare` reads from an ExpectedDossier
        dossier, referential = "d", "rnq-v9"
        indicators = [ExpectedIndicator(number=n, status=s, reason="construit") for n, s in truth_statuses.items()]

    found = DossierAssessment.model_construct(
        referential=type("Ref", (), {"id": "rnq-v9"})(),
        indicators=[
            IndicatorAssessment(number=n, criterion=1, status=s, reason="trouvé") for n, s in found_statuses.items()
        ],
    )
    return Truth(), found


def test_covered_where_evidence_is_absent_is_counted_apart():
    truth, found = _truth_and_found(
        {1: "covered", 2: "partial", 3: "missing", 4: "partial", 5: "not_applicable"},
        {1: "covered", 2: "covered", 3: "covered", 4: "missing", 5: "not_applicable"},
    )
    agreement = compare("samples", truth, found)
    assert [row.agree for row in agreement.rows] == [True, False, False, False, True]
    assert agreement.disagreements == 3 and agreement.covered_without_evidence == 2


def test_an_indicator_on_one_side_only_is_a_disagreement():
    truth, found = _truth_and_found({1: "covered"}, {1: "covered", 33: "missing"})
    agreement = compare("samples", truth, found)
    assert [(row.number, row.expected, row.found, row.agree) for row in agreement.rows] == [
        (1, "covered", "covered", True),
        (33, None, "missing", False),
    ]


def test_agreement_on_one_fresh_dossier(tmp_path, capsys):
    out = tmp_path / "agreement.json"
    code = main(["--no-samples", "--fresh-seeds", "5", "--only", "bc_certif", "--run-date", "2026-11-23",
                 "--cache", str(tmp_path / "cache"), "--out", str(out)])
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"schema", "measured_at", "run_date", "sets", "total"}
    assert list(data["sets"]) == ["fresh-5"]
    summary = data["sets"]["fresh-5"]
    (dossier,) = summary["dossiers_detail"]
    assert dossier["indicators"] == len(dossier["rows"]) == 32  # bc_certif is built for rnq-v9
    assert dossier["disagreements"] == sum(not row["agree"] for row in dossier["rows"])
    assert dossier["agree"] + dossier["disagreements"] == dossier["indicators"]
    assert dossier["covered_without_evidence"] == sum(row["covered_without_evidence"] for row in dossier["rows"])
    assert all(row["agree"] == (row["expected"] == row["found"]) for row in dossier["rows"])
    for key in ("indicators", "agree", "disagreements", "covered_without_evidence"):
        assert summary[key] == data["total"][key] == dossier[key]
    printed = capsys.readouterr().out
    assert "fresh-5/" in printed and "désaccords" in printed and "couvert là où la preuve manque" in printed
