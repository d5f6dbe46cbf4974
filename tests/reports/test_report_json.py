"""The contract JSON."""

import json

from reports.json_report import render_json
from schemas import GapReport


def test_json_is_the_contract_and_reads_back(report):
    data = render_json(report)
    text = data.decode("utf-8")
    assert text.startswith('{\n  "schema_version": "1",\n  "dossier_id": "D-2026-0042"')
    assert "Formations Rhône Conseil" in text and "\\u00f4" not in text
    assert text.endswith("}\n")
    assert GapReport.model_validate_json(data) == report
    payload = json.loads(data)
    assert set(payload) >= {
        "schema_version",
        "dossier_id",
        "organization",
        "referential",
        "scope",
        "documents",
        "admissibility",
        "indicators",
        "audit",
    }
    assert payload["documents"][0]["error"] is None
    assert payload["referential"]["effective_from"] == "2026-11-01"
