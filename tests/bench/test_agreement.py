"""The agreement table: row comparison rules, and one run on a freshly generated dossier."""

from __future__ import annotations

import json

from bench.agreement import compare, main
from data.samplegen.truth import ExpectedAudit, ExpectedIndicator
from indicator_mappers.assess import DossierAssessment
from schemas.contract import Admissibility, AdmissibilityCheck, AuditEstimate, IndicatorAssessment


def _truth_and_found(
    truth_statuses: dict[int, str],
    found_statuses: dict[int, str],
    *,
    truth_nc: dict[int, str | None] | None = None,
    found_nc: dict[int, str | None] | None = None,
    truth_checks: dict[str, str] | None = None,
    found_checks: dict[str, str] | None = None,
    audit_types: tuple[str, str] = ("initial", "initial"),
):
    truth_nc, found_nc = truth_nc or {}, found_nc or {}

    class Truth:  # the fields `compare` reads from an ExpectedDossier
        dossier, referential = "d", "rnq-v9"
        indicators = [
            ExpectedIndicator(number=n, status=s, reason="construit", proposed_nc=truth_nc.get(n))
            for n, s in truth_statuses.items()
        ]
        admissibility = truth_checks or {}
        audit = ExpectedAudit(type=audit_types[0], source="manifest")

    found = DossierAssessment.model_construct(
        referential=type("Ref", (), {"id": "rnq-v9"})(),
        indicators=[
            IndicatorAssessment(number=n, criterion=1, status=s, reason="trouvé", proposed_nc=found_nc.get(n))
            for n, s in found_statuses.items()
        ],
        admissibility=Admissibility(
            admissible=True,
            checks=[AdmissibilityCheck(id=i, status=s, message="…") for i, s in (found_checks or {}).items()],
        ),
        audit=AuditEstimate(type=audit_types[1]),
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


def test_proposed_nc_is_compared_only_where_the_truth_gives_one():
    truth, found = _truth_and_found(
        {1: "partial", 2: "partial", 3: "missing"},
        {1: "partial", 2: "partial", 3: "missing"},
        truth_nc={1: "minor", 2: None, 3: "major"},
        found_nc={1: "major", 2: "minor", 3: "major"},
    )
    agreement = compare("samples", truth, found)
    assert [row.nc_disagrees for row in agreement.rows] == [True, False, False]
    assert agreement.disagreements == 0 and agreement.nc_disagreements == 1


def test_audit_type_and_cycle_checks_are_compared_where_the_truth_gives_them():
    truth, found = _truth_and_found(
        {1: "covered"},
        {1: "covered"},
        truth_checks={"nda_valid": "pass", "certificate_valid": "pass", "service_since_last_audit": "pass"},
        found_checks={"nda_valid": "fail", "certificate_valid": "warning"},
        audit_types=("renewal", "surveillance"),
    )
    agreement = compare("samples", truth, found)
    assert [(c.id, c.expected, c.found, c.agree) for c in agreement.checks] == [
        ("audit_type", "renewal", "surveillance", False),
        ("certificate_valid", "pass", "not_pass", False),
        ("service_since_last_audit", "pass", None, False),
    ]
    assert agreement.check_disagreements == 3 and agreement.disagreements == 0


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
