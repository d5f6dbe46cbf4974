"""The batch summary CSV and DataFrame."""

from __future__ import annotations

from io import BytesIO

import pandas as pd
import pytest

from reports.batch import COLUMNS, BatchEntry, batch_dataframe, read_batch_csv, render_batch_csv


def _entries(report) -> list[BatchEntry]:
    second = report.model_copy(deep=True)
    second.dossier_id = "D-2026-0043"
    second.organization.name = "Atelier Évolution ; Compétences"
    second.admissibility.admissible = False
    second.audit.initial_audit_days = 2.0
    return [
        BatchEntry.from_report(report),
        BatchEntry.from_report(second),
        BatchEntry.failed("D-2026-0044", "=Archive corrompue : le dossier n'a pas pu être lu.", processing_seconds=0.4),
    ]


def test_entry_from_report_counts(report):
    entry = BatchEntry.from_report(report)
    assert entry.model_dump() == {
        "dossier_id": "D-2026-0042",
        "organisation": "Formations Rhône Conseil",
        "admissible": True,
        "covered": 5,
        "partial": 3,
        "missing": 4,
        "not_applicable": 2,
        "documents": 8,
        "errors": 1,
        "audit_days": 1.5,
        "processing_seconds": 12.345,
        "error": None,
    }


def test_dataframe_columns_and_types(report):
    frame = batch_dataframe(_entries(report))
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == 3
    assert frame["covered"].dtype == "Int64" and frame["admissible"].dtype == "boolean"
    assert frame.loc[2, "covered"] is pd.NA and frame.loc[2, "admissible"] is pd.NA
    seconds = frame.loc[0, "processing_seconds"]
    assert seconds == round(seconds, 2) and seconds == pytest.approx(12.345, abs=0.01)
    assert batch_dataframe([]).columns.tolist() == list(COLUMNS)


def test_csv_one_row_per_entry_readable_by_pandas(report):
    entries = _entries(report)
    data = render_batch_csv(entries)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: French Excel reads the accents right
    header = data[3:].split(b"\r\n")[0].decode()
    assert header == ";".join(COLUMNS)
    plain = pd.read_csv(BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert len(plain) == len(entries)
    assert plain["audit_days"].tolist()[:2] == [1.5, 2.0]
    assert plain["admissible"].tolist()[:2] == [True, False]
    assert plain.loc[1, "organisation"] == "Atelier Évolution ; Compétences"
    again = read_batch_csv(data)
    assert again.drop(columns="error").equals(batch_dataframe(entries).drop(columns="error"))
    # An error message starting with "=" cannot run as a formula in Excel.
    assert again.loc[2, "error"] == "'=Archive corrompue : le dossier n'a pas pu être lu."
    assert again.loc[2, "processing_seconds"] == 0.4


def test_empty_batch_has_a_header(report):
    data = render_batch_csv([])
    assert read_batch_csv(data).columns.tolist() == list(COLUMNS)


def test_a_batch_where_every_dossier_failed_still_gets_its_summary():
    message = "Le dossier n'a pas pu être analysé (erreur interne) ; il sera repris au prochain passage."
    entries = [BatchEntry.failed("D-1", message), BatchEntry.failed("D-2", message)]
    again = read_batch_csv(render_batch_csv(entries))
    assert again["dossier_id"].tolist() == ["D-1", "D-2"]
    assert again["processing_seconds"].isna().all()
    assert again["error"].tolist() == [message, message]
