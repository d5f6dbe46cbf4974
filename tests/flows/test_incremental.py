"""Re-runs decide from the listing before reading anything: an unchanged dossier costs no extraction
and no dossier task; same bytes under new dates cost an extraction but no new report; new bytes, a new
manifest or `--force` give a new report."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import flows.pipeline as pipeline
import flows.reading as reading
from flows.pipeline import run_batch
from flows.progress import SilentProgress
from flows.runners import build_task_runner

MANIFEST = "dossier_id: D-INC-1\norganization:\n  name: Formations Incrément\ncategories: [AF]\n"
PROGRAMME = (
    "Programme de formation : Bureautique avancée\n"
    "Objectifs : maîtriser les tableaux croisés dynamiques.\n"
    "Durée : 14 heures. Tarif : 800 euros HT. Prérequis : aucun.\n"
)
CGV = "Conditions générales de vente\nToute inscription vaut acceptation des présentes conditions.\n"


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "in" / "dossier-inc"
    folder.mkdir(parents=True)
    (folder / "dossier.yaml").write_text(MANIFEST, encoding="utf-8")
    (folder / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    (folder / "cgv.txt").write_text(CGV, encoding="utf-8")
    return folder


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Relative paths of the files the batch read (its extraction tasks run in this process)."""
    seen: list[str] = []
    real = reading.extract_source

    def counting(source, *args, **kwargs):
        seen.append(source.relative_path)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(reading, "extract_source", counting)
    return seen


@pytest.fixture
def dossier_tasks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the dossiers the batch handed to a review task."""
    seen: list[str] = []
    real = pipeline.review_dossier

    class Counting:
        def submit(self, plan, *args, **kwargs):
            seen.append(plan.dossier_id)
            return real.submit(plan, *args, **kwargs)

    monkeypatch.setattr(pipeline, "review_dossier", Counting())
    return seen


def _run(dossier: Path, out: Path, cache: Path, force: bool = False):
    return run_batch(
        str(dossier.parent), str(out), build_task_runner("thread", 1), 1, None, force, cache, SilentProgress()
    )


def _report_times(out: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in (out / "D-INC-1").iterdir()}


def _touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_unchanged_listing_is_skipped_without_extraction_or_dossier_task(
    prefect_harness, dossier, tmp_path, extractions, dossier_tasks
):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = _run(dossier, out, cache)
    assert first.skipped == [] and sorted(extractions) == ["cgv.txt", "programme.txt"]
    assert dossier_tasks == ["D-INC-1"]
    written = _report_times(out)

    extractions.clear()
    dossier_tasks.clear()
    second = _run(dossier, out, cache)
    assert second.skipped == ["D-INC-1"]
    assert extractions == [] and dossier_tasks == []
    assert second.entries == first.entries
    assert second.documents == 2
    assert _report_times(out) == written


def test_same_bytes_with_new_dates_are_read_but_not_reported_again(
    prefect_harness, dossier, tmp_path, extractions, dossier_tasks
):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run(dossier, out, cache)
    reports = {name: t for name, t in _report_times(out).items() if name != ".review-state.json"}

    _touch(dossier / "cgv.txt")
    extractions.clear()
    touched = _run(dossier, out, cache)
    assert touched.skipped == ["D-INC-1"]
    assert sorted(extractions) == ["cgv.txt", "programme.txt"]
    assert {name: t for name, t in _report_times(out).items() if name in reports} == reports

    # The state now holds the new listing: the next run skips before reading.
    extractions.clear()
    dossier_tasks.clear()
    again = _run(dossier, out, cache)
    assert again.skipped == ["D-INC-1"] and extractions == [] and dossier_tasks == []


@pytest.mark.parametrize("change", ["content", "manifest", "force"])
def test_new_bytes_a_new_manifest_or_force_give_a_new_report(prefect_harness, dossier, tmp_path, change):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run(dossier, out, cache)
    before = json.loads((out / "D-INC-1" / "gap_report.json").read_text(encoding="utf-8"))["generated_at"]
    report_time = (out / "D-INC-1" / "gap_report.json").stat().st_mtime_ns
    if change == "content":
        (dossier / "cgv.txt").write_text(CGV + "Annulation sans frais jusqu'à 14 jours avant.\n", encoding="utf-8")
    elif change == "manifest":
        (dossier / "dossier.yaml").write_text(MANIFEST + "certifying: false\n", encoding="utf-8")
    outcome = _run(dossier, out, cache, force=change == "force")
    assert outcome.skipped == []
    assert (out / "D-INC-1" / "gap_report.json").stat().st_mtime_ns != report_time
    assert json.loads((out / "D-INC-1" / "gap_report.json").read_text(encoding="utf-8"))["generated_at"] >= before


def test_a_missing_report_is_written_again_even_with_an_unchanged_listing(prefect_harness, dossier, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run(dossier, out, cache)
    (out / "D-INC-1" / "gap_report.json").unlink()
    outcome = _run(dossier, out, cache)
    assert outcome.skipped == []
    assert (out / "D-INC-1" / "gap_report.json").is_file()


def test_temporary_files_left_by_a_killed_run_are_removed_when_the_dossier_is_written_again(
    prefect_harness, dossier, tmp_path
):
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run(dossier, out, cache)
    # What a run killed while writing leaves: its last temporaries, and no state for that dossier.
    (out / "D-INC-1" / ".review-state.json").unlink()
    (out / "D-INC-1" / ".tmp-0123abcd-gap_report.html").write_bytes(b"<html>")
    (out / ".tmp-4567ef01-batch_summary.csv").write_bytes(b"dossier_id")
    outcome = _run(dossier, out, cache)
    assert outcome.skipped == []
    assert sorted(p.name for p in (out / "D-INC-1").iterdir()) == [
        ".review-state.json", "audit_grid.xlsx", "gap_report.html", "gap_report.json",
    ]
    assert not list(out.glob(".tmp-*"))
