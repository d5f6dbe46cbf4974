"""One review task per dossier: progress per document, and a file the storage cannot deliver
fails its own dossier only."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.settings import get_current_settings, temporary_settings

import flows.pipeline as pipeline
import flows.reading as reading
from extractors import configure_pool
from extractors.isolation import get_pool, shutdown_pool
from flows import runners
from flows.pipeline import run_batch
from flows.storage_io import SourceFile, StorageTarget
from flows.progress import OncePerDocument
from flows.runners import build_task_runner
from schemas import PipelineSettings
from storage.errors import StorageUnavailable

PROGRAMME = "Programme de formation : Excel\nObjectifs : maîtriser les tableaux.\nDurée : 14 heures.\n"
CGV = "Conditions générales de vente\nToute inscription vaut acceptation des présentes conditions.\n"


class Recorder:
    def __init__(self) -> None:
        self.documents: list[tuple[str, str, bool]] = []
        self.dossiers: list[tuple[str, bool]] = []
        self.started: tuple[int, int] | None = None

    def batch_started(self, dossiers: int, documents: int) -> None:
        self.started = (dossiers, documents)

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        self.documents.append((dossier_id, path, ok))

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        self.dossiers.append((dossier_id, skipped))


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    for name in ("alpha", "beta"):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
        (folder / "cgv.txt").write_text(CGV, encoding="utf-8")
    (root / "beta" / "vide.txt").write_bytes(b"")
    return root


def _run(batch: Path, out: Path, progress: Recorder):
    return run_batch(str(batch), str(out), build_task_runner("thread", 2), 2, None, False, None, progress)


def test_each_document_and_each_dossier_is_reported_once(prefect_harness, batch, tmp_path):
    progress = Recorder()
    _run(batch, tmp_path / "out", progress)
    assert progress.started == (2, 5)
    assert sorted(progress.documents) == [
        ("alpha", "cgv.txt", True), ("alpha", "programme.txt", True),
        ("beta", "cgv.txt", True), ("beta", "programme.txt", True), ("beta", "vide.txt", False),
    ]
    assert sorted(progress.dossiers) == [("alpha", False), ("beta", False)]


def test_documents_reported_by_a_task_are_not_reported_again_by_the_flow():
    progress = Recorder()
    once = OncePerDocument(progress)
    once.document_done("alpha", "cgv.txt", True)  # the task, as it reads
    once.document_done("alpha", "cgv.txt", True)  # the flow, when the task ends
    once.document_done("beta", "cgv.txt", False)
    assert progress.documents == [("alpha", "cgv.txt", True), ("beta", "cgv.txt", False)]


def test_a_file_the_storage_cannot_deliver_fails_its_dossier_only(
    prefect_harness, batch, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    real = reading.extract_source

    def flaky_storage(source, *args, **kwargs):
        if source.key == "beta/cgv.txt":
            raise StorageUnavailable(source.key, "connection reset", "Stockage injoignable.")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(reading, "extract_source", flaky_storage)
    out = tmp_path / "out"
    outcome = _run(batch, out, Recorder())

    alpha, beta = outcome.entries
    assert alpha.dossier_id == "alpha" and alpha.error is None
    assert (out / "alpha" / "gap_report.json").is_file()
    assert beta.dossier_id == "beta" and "repris au prochain passage" in beta.error
    # Nothing written for the failed dossier: the next run reads it again.
    assert not (out / "beta").exists()
    assert (out / "batch_summary.csv").is_file()


@pytest.mark.parametrize(
    ("runner", "workers", "dask_address", "expected"),
    [
        ("thread", 3, None, 3),  # one pool shared by the dossier threads
        ("process", 2, None, 4),  # two task processes on an 8-core machine share its cores
        ("dask", 3, None, 2),  # a LocalCluster likewise
        ("dask", 16, None, 1),
        ("dask", 2, "tcp://scheduler:8786", None),  # remote workers count their own machine's cores
    ],
)
def test_each_reading_process_gets_its_share_of_the_cores(monkeypatch, runner, workers, dask_address, expected):
    monkeypatch.setattr(runners, "default_pool_size", lambda: 8)
    assert runners.extraction_pool_size(runner, workers, dask_address) == expected


def test_the_process_that_reads_a_dossier_sizes_its_own_pool(tmp_path):
    # A Dask or process-pool worker reads documents in a process the flow never configured.
    configure_pool(2)
    (tmp_path / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    source = SourceFile(storage=StorageTarget(url=str(tmp_path)), key="programme.txt", relative_path="programme.txt")
    try:
        read = reading.read_documents([source], PipelineSettings(workers=1), None, 0, lambda reviewed: None)
        assert [reviewed.document.record.status for reviewed in read] == ["ok"]
        assert get_pool().size == 1
    finally:
        shutdown_pool()


def test_flow_heartbeats_are_off_unless_configured():
    with pipeline.heartbeats_off_unless_configured():
        assert get_current_settings().flows.heartbeat_frequency is None
    with temporary_settings(updates={"flows.heartbeat_frequency": 45}):
        with pipeline.heartbeats_off_unless_configured():
            assert get_current_settings().flows.heartbeat_frequency == 45
