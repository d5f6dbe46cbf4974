import json
from datetime import date

import pytest
from jsonschema import Draft202012Validator

from schemas.contract import DOC_TYPES, GapReport
from schemas.export import SCHEMA_PATH, gap_report_schema_text


def test_committed_json_schema_matches_the_models():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == gap_report_schema_text(), (
        "schemas/gap_report.schema.json is stale: run `python -m schemas.export`"
    )


def test_contract_example_validates_against_the_schema():
    example = {
        "schema_version": "1",
        "dossier_id": "D-2026-0042",
        "organization": {"name": "Formations Rhône Conseil", "siren": "842917338", "nda": "84691234569"},
        "referential": {"id": "rnq-2026", "effective_from": "2026-11-01", "indicator_count": 33},
        "scope": {"categories": ["AF"], "certifying": False, "alternance": False, "new_entrant": False,
                  "subcontracting": False, "source": "manifest"},
        "documents": [{"path": "bpf_2025.pdf", "doc_type": "bpf", "status": "ok", "error": None, "ocr": False,
                       "pages": 4, "sha256": "ab" * 32,
                       "fields": {"fiscal_year": 2025, "total_revenue_eur": 182340.0, "trainees_total": 214,
                                  "training_hours_total": 3120.0}}],
        "admissibility": {"admissible": True,
                          "checks": [{"id": "nda_receipt_present", "status": "pass", "message": "..."}]},
        "indicators": [{"number": 1, "criterion": 1, "status": "partial",
                        "evidence": [{"path": "programme_excel.pdf", "page": 1, "excerpt": "Prérequis : ..."}],
                        "missing_elements": ["access_delay", "accessibility"], "proposed_nc": "minor"}],
        "audit": {"revenue_band": "150k-750k", "initial_audit_days": 1.5,
                  "type": "initial", "type_source": "manifest", "days": 1.5},
        "nc_projection": {"major": 0, "minor": 1},
    }
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(example)
    report = GapReport.model_validate(example)
    assert report.referential.effective_from == date(2026, 11, 1)


@pytest.mark.parametrize("bad", [{"status": "done"}, {"doc_type": "invoice"}])
def test_schema_rejects_values_outside_the_contract(bad):
    document = {"path": "a.pdf", "doc_type": "bpf", "status": "ok", "sha256": "x", **bad}
    errors = list(Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).iter_errors(
        {"schema_version": "1", "dossier_id": "d", "referential": {"id": "rnq-v9", "effective_from": "2019-06-06",
         "indicator_count": 32}, "scope": {}, "admissibility": {"admissible": True}, "documents": [document]}))
    assert errors


def test_a_qualiopi_certificate_record_validates_with_its_list_of_categories():
    document = {"path": "certificat.pdf", "doc_type": "qualiopi_certificate", "status": "ok", "sha256": "ab" * 32,
                "fields": {"certificate_number": "QF-2291/r1", "certifier": "Certiboréal Certification",
                           "valid_from": "2026-02-02", "valid_until": "2029-02-01", "categories": ["AF", "BC"],
                           "siren": "842917338", "nda_number": "27710123471"}}
    report = {"schema_version": "1", "dossier_id": "d", "referential": {"id": "rnq-2026", "effective_from": "2026-11-01",
              "indicator_count": 33}, "scope": {}, "admissibility": {"admissible": True}, "documents": [document]}
    Draft202012Validator(json.loads(SCHEMA_PATH.read_text())).validate(report)
    assert GapReport.model_validate(report).documents[0].fields["categories"] == ["AF", "BC"]


def test_doc_type_list_is_the_contract_list():
    assert set(DOC_TYPES) == {
        "bpf", "nda_receipt", "programme", "satisfaction_survey", "terms_of_sale", "internal_rules",
        "welcome_booklet", "training_agreement", "completion_certificate", "attendance_sheet", "trainer_cv",
        "watch_log", "complaints_procedure", "improvement_plan", "positioning_test", "qualiopi_certificate",
        "unknown",
    }
