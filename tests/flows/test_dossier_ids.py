"""Any dossier id a user may choose gives its three reports, its artifact and its summary row, and
is kept as written in every report; a dossier whose review fails still has its row and its error."""

from __future__ import annotations

import asyncio
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prefect.client.orchestration import get_client
from typer.testing import CliRunner

import flows.pipeline as pipeline
from flows.artifacts import SLUG_MAX_CHARS, artifact_keys
from flows.cli import app
from flows.pipeline import run_batch
from flows.progress import SilentProgress
from flows.runners import build_task_runner
from reports.batch import read_batch_csv
from storage.keys import FOLDER_NAME_MAX_CHARS, dossier_folder, normalize_key

PROGRAMME = "Programme de formation : Excel\nObjectifs : maîtriser les tableaux.\nDurée : 14 heures.\n"
NASTY_IDS = [
    "D12_val_de_loire_info_fichiers_piégés",
    "Été 2026 — dossier n°1",
    "ete 2026 — dossier n°1",
    "ÉTÉ 2026 — DOSSIER N°1",
    "formation 🎓 digitale",
    "v1.2.dossier.",
    "« Les Cours d'Anne » \"bis\"",
    "..",
    "?!…",
    "a/b\\c:d",
    "x" * 200,
]
ARTIFACT_KEY = re.compile(r"^[a-z0-9-]+$")
dossier_ids = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=220
).filter(lambda text: text.strip() != "")


@given(dossier_ids)
def test_an_output_folder_is_one_harmless_bounded_segment(dossier_id: str):
    folder = dossier_folder(dossier_id)
    assert normalize_key(folder) == folder and "/" not in folder and "\\" not in folder
    assert not folder.startswith(".") and folder not in {"", ".", ".."}
    assert len(folder) <= FOLDER_NAME_MAX_CHARS + 9


@given(dossier_ids, dossier_ids)
def test_two_ids_never_share_an_output_folder(first: str, second: str):
    if first != second:
        assert dossier_folder(first) != dossier_folder(second)


@given(st.lists(dossier_ids, min_size=1, max_size=8, unique=True))
def test_artifact_keys_are_prefect_keys_and_tell_the_dossiers_of_a_batch_apart(ids: list[str]):
    keys = artifact_keys("gap-report", ids)
    assert all(ARTIFACT_KEY.match(key) and len(key) <= len("gap-report-") + SLUG_MAX_CHARS + 9 for key in keys.values())
    assert len(set(keys.values())) == len(ids)


def test_a_plain_id_keeps_its_folder_and_a_readable_artifact_key():
    assert dossier_folder("D-2026-0042") == "D-2026-0042"
    assert dossier_folder("Été 2026") == "Été 2026"
    assert artifact_keys("gap-report", ["D-2026-0042"]) == {"D-2026-0042": "gap-report-d-2026-0042"}


def _batch(root: Path, ids: list[str]) -> Path:
    for index, dossier_id in enumerate(ids):
        folder = root / f"dossier-{index:02d}"
        folder.mkdir(parents=True)
        (folder / "dossier.yaml").write_text(f"dossier_id: {json.dumps(dossier_id)}\n", encoding="utf-8")
        (folder / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    return root


def _artifact_keys_in_prefect() -> set[str]:
    async def read() -> set[str]:
        async with get_client() as client:
            return {artifact.key for artifact in await client.read_artifacts() if artifact.key}

    return asyncio.run(read())


def _assert_every_dossier_reported(ids: list[str], outcome, out: Path) -> None:
    reports = {
        json.loads((folder / "gap_report.json").read_text(encoding="utf-8"))["dossier_id"]: folder
        for folder in out.iterdir() if folder.is_dir()
    }
    assert sorted(reports) == sorted(ids)
    for folder in reports.values():
        assert {p.name for p in folder.iterdir()} >= {"gap_report.json", "gap_report.html", "audit_grid.xlsx"}
    assert [entry.dossier_id for entry in outcome.entries] == ids
    assert all(entry.error is None for entry in outcome.entries)
    summary = read_batch_csv((out / "batch_summary.csv").read_bytes())
    assert sorted(summary["dossier_id"].str.lstrip("'")) == sorted(ids)
    published = _artifact_keys_in_prefect()
    assert set(artifact_keys("gap-report", ids).values()) <= published


def test_every_nasty_dossier_id_gets_its_reports_its_artifact_and_its_row(prefect_harness, tmp_path):
    source = _batch(tmp_path / "in", NASTY_IDS)
    out = tmp_path / "out"
    outcome = run_batch(str(source), str(out), build_task_runner("thread", 2), 2, None, False, None, SilentProgress())
    _assert_every_dossier_reported(NASTY_IDS, outcome, out)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(dossier_ids, min_size=2, max_size=4, unique_by=lambda text: unicodedata.normalize("NFC", text)))
def test_generated_dossier_ids_get_their_reports(prefect_harness, tmp_path_factory, ids: list[str]):
    root = tmp_path_factory.mktemp("ids")
    source = _batch(root / "in", ids)
    outcome = run_batch(str(source), str(root / "out"), build_task_runner("thread", 2), 2, None, False, None, SilentProgress())
    assert [entry.dossier_id for entry in outcome.entries] == [
        entry.dossier_id for entry in outcome.entries if entry.error is None
    ]
    reported = {
        json.loads((folder / "gap_report.json").read_text(encoding="utf-8"))["dossier_id"]
        for folder in (root / "out").iterdir() if folder.is_dir()
    }
    assert reported == {entry.dossier_id for entry in outcome.entries}
    assert len(reported) == len(ids)


def test_a_dossier_whose_review_fails_keeps_its_row_and_the_exit_code_says_so(
    prefect_harness, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    source = _batch(tmp_path / "in", ["sain", "cassé"])
    real = pipeline.build_report

    def failing(dossier_id, *args, **kwargs):
        if dossier_id == "cassé":
            raise RuntimeError("assessment bug")
        return real(dossier_id, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_report", failing)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "cassé" in result.output and "no report" in result.output
    summary = read_batch_csv((out / "batch_summary.csv").read_bytes())
    rows = dict(zip(summary["dossier_id"], summary["error"]))
    assert pd.isna(rows["sain"]) and "erreur interne" in rows["cassé"]
    assert (out / "sain" / "gap_report.json").is_file()
