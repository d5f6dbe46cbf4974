"""A change of code or rules reaches unchanged dossiers: the dossier fingerprint covers every rule
file, the extraction cache only what extraction depends on; and an outcome that depends on the run
(a crashed worker, a time-out...) is never cached."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import flows.reading as reading
from extractors import configure_pool, shutdown_pool
from extractors.errors import CONTENT_ERROR_KINDS
from extractors.ocr import TESSERACT_ENV
from flows import fingerprint
from flows.extraction_cache import is_cacheable
from flows.pipeline import run_batch
from flows.reading import extract_source
from flows.storage_io import SourceFile, StorageTarget
from flows.progress import SilentProgress
from flows.runners import build_task_runner
from schemas import ExtractedDocument, PipelineSettings

PROGRAMME = "Programme de formation : Bureautique\nObjectifs : maîtriser les tableaux.\nDurée : 14 heures.\n"
CGV = "Conditions générales de vente\nToute inscription vaut acceptation des présentes conditions.\n"


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The digests read a copy of the project's stages, which the test may edit."""
    copy = tmp_path / "project"
    for package in fingerprint.REVIEW_SOURCES:
        shutil.copytree(fingerprint.PROJECT_ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprint, "PROJECT_ROOT", copy)
    fingerprint.sources_digest.cache_clear()
    yield copy
    fingerprint.sources_digest.cache_clear()


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files actually extracted (not taken from the cache)."""
    seen: list[str] = []
    real = reading.read_isolated

    def counting(path, relative_path, *args, **kwargs):
        seen.append(relative_path)
        return real(path, relative_path, *args, **kwargs)

    monkeypatch.setattr(reading, "read_isolated", counting)
    return seen


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    folder = tmp_path / "in" / "D-RULES"
    folder.mkdir(parents=True)
    (folder / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    (folder / "cgv.txt").write_text(CGV, encoding="utf-8")
    return folder


def _run(dossier: Path, tmp_path: Path):
    return run_batch(
        str(dossier.parent), str(tmp_path / "out"), build_task_runner("thread", 1), 1, None, False,
        tmp_path / "cache", SilentProgress(),
    )


def _edit(path: Path) -> None:
    """What an officer's edit amounts to for the digest: other bytes in the file."""
    path.write_bytes(path.read_bytes() + b"\n# edited\n")
    fingerprint.sources_digest.cache_clear()  # a new run is a new process


def test_an_evidence_rule_edit_reviews_the_dossier_again_without_extracting_it_again(
    prefect_harness, project_copy, reads, dossier, tmp_path
):
    assert _run(dossier, tmp_path).skipped == []
    assert sorted(reads) == ["cgv.txt", "programme.txt"]
    reads.clear()
    assert _run(dossier, tmp_path).skipped == ["D-RULES"] and reads == []

    _edit(project_copy / "indicator_mappers" / "data" / "evidence" / "rnq-2026.yaml")
    assert _run(dossier, tmp_path).skipped == []
    assert reads == []  # the cached text is still good: extraction rules did not change


@pytest.mark.parametrize(
    "edited", ["extractors/classification_rules.yaml", "extractors/fields/field_rules.yaml", "reports/labels_fr.yaml"]
)
def test_a_classification_field_or_label_edit_reviews_the_dossier_again(
    prefect_harness, project_copy, reads, dossier, tmp_path, edited
):
    _run(dossier, tmp_path)
    reads.clear()
    _edit(project_copy / edited)
    assert _run(dossier, tmp_path).skipped == []
    assert reads == []


def test_an_extraction_code_edit_extracts_again(prefect_harness, project_copy, reads, dossier, tmp_path):
    _run(dossier, tmp_path)
    reads.clear()
    _edit(project_copy / "extractors" / "text.py")
    assert _run(dossier, tmp_path).skipped == []
    assert sorted(reads) == ["cgv.txt", "programme.txt"]


def test_every_rule_file_of_the_project_is_under_a_digested_folder():
    rule_files = [
        path for path in fingerprint.PROJECT_ROOT.rglob("*.yaml")
        if path.relative_to(fingerprint.PROJECT_ROOT).parts[0] not in {".venv", "data", "tests", "bench", ".cache"}
    ]
    assert rule_files
    covered = fingerprint._source_files(fingerprint.PROJECT_ROOT, fingerprint.REVIEW_SOURCES, ())
    assert set(rule_files) <= covered


def test_an_outcome_that_depends_on_the_run_is_not_cached_and_the_next_read_gets_the_content(
    samples_dir, tmp_path, monkeypatch: pytest.MonkeyPatch
):
    photo = next(samples_dir.rglob("*.jpg"))
    shutil.copy(photo, tmp_path / "attestation.jpg")
    source = SourceFile(storage=StorageTarget(url=str(tmp_path)), key="attestation.jpg", relative_path="attestation.jpg")
    cache, settings = tmp_path / "cache", PipelineSettings(workers=1)
    configure_pool(1)
    try:
        # A machine where Tesseract is missing: the photo cannot be read there.
        monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "no-such-tesseract"))
        first = extract_source(source, settings, cache)
        assert first.document.record.status == "error"
        monkeypatch.delenv(TESSERACT_ENV)
        second = extract_source(source, settings, cache)
    finally:
        shutdown_pool()
    assert second.document.record.status == "ok"
    assert second.document.record.doc_type == "completion_certificate"


@pytest.mark.parametrize("kind", ["timeout", "crashed", "unreadable", "ocr_failed", "out_of_memory", "failed"])
def test_errors_of_the_run_are_not_cacheable(kind):
    assert not is_cacheable(ExtractedDocument(path="a.pdf", sha256="0" * 64, error="x", error_kind=kind))


@pytest.mark.parametrize("kind", sorted(CONTENT_ERROR_KINDS))
def test_errors_of_the_bytes_are_cacheable(kind):
    assert is_cacheable(ExtractedDocument(path="a.pdf", sha256="0" * 64, error="x", error_kind=kind))
