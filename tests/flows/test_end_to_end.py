"""The CLI on data/samples, end to end, in Prefect's embedded mode."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from flows.cli import app
from indicator_mappers.referential import referential_by_id
from schemas.export import SCHEMA_PATH

pytestmark = pytest.mark.slow


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _sample_dossiers(samples: Path) -> list[Path]:
    return sorted(path for path in samples.iterdir() if path.is_dir())


@pytest.fixture(scope="module")
def sample_run(prefect_harness, samples_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    cache = tmp_path_factory.mktemp("cache")
    before = _hashes(samples_dir)
    result = CliRunner().invoke(app, ["run", str(samples_dir), "--out", str(out), "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return out, cache, before, result


def test_every_dossier_gets_three_valid_reports(sample_run, samples_dir):
    out, _, _, _ = sample_run
    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text()))
    dossiers = _sample_dossiers(samples_dir)
    report_dirs = sorted(path for path in out.iterdir() if path.is_dir())
    assert len(report_dirs) == len(dossiers) >= 4
    for folder in report_dirs:
        report = json.loads((folder / "gap_report.json").read_text(encoding="utf-8"))
        validator.validate(report)
        referential = referential_by_id(report["referential"]["id"])
        numbers = [indicator["number"] for indicator in report["indicators"]]
        assert numbers == [indicator.number for indicator in referential.indicators]
        assert (folder / "gap_report.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
        workbook = openpyxl.load_workbook(folder / "audit_grid.xlsx")
        assert "Grille" in workbook.sheetnames


def test_batch_summary_has_one_row_per_dossier(sample_run, samples_dir):
    out, _, _, _ = sample_run
    summary = pd.read_csv(out / "batch_summary.csv", sep=None, engine="python", encoding="utf-8-sig")
    assert len(summary) == len(_sample_dossiers(samples_dir))


def test_inputs_are_never_modified(sample_run, samples_dir):
    _, _, before, _ = sample_run
    assert _hashes(samples_dir) == before


def test_an_unchanged_second_run_skips_every_dossier(sample_run, samples_dir):
    out, cache, _, _ = sample_run
    first = {p: p.stat().st_mtime_ns for p in out.rglob("gap_report.json")}
    result = CliRunner().invoke(app, ["run", str(samples_dir), "--out", str(out), "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert {p: p.stat().st_mtime_ns for p in out.rglob("gap_report.json")} == first
    summary = " ".join(result.stdout.split())
    assert f"{len(_sample_dossiers(samples_dir))} unchanged and skipped" in summary, summary[-2000:]
