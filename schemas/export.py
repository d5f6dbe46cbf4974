"""Writes `schemas/gap_report.schema.json` from `GapReport`: `python -m schemas.export`."""

from __future__ import annotations

import json
from pathlib import Path

from schemas.contract import GapReport

SCHEMA_PATH = Path(__file__).with_name("gap_report.schema.json")


def gap_report_schema_text() -> str:
    schema = GapReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://qualiopi-review.example/schemas/gap_report/1"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(gap_report_schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
