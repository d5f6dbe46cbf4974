"""Extraction in worker processes: results, hard timeout, crashes, fault injection (fake Tesseracts)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from extractors import extract, read_isolated
from extractors.isolation import WORKER_BOOTSTRAP, Slots, WorkerPool
from extractors.ocr import OcrEngine
from extractors.records import to_record
from extractors.worker import Job
from schemas import Limits
from tests.extractors.conftest import SCAN_LINES, write_text_pdf

# A parser stuck for good, after starting a child process of its own (as Tesseract would be).
HANGING_BOOTSTRAP = """
import os, subprocess, time
import extractors.core as core
def hang(*args, **kwargs):
    child = subprocess.Popen(["sleep", "600"])
    with open(os.environ["QR_TEST_CHILD_PID"], "w") as handle:
        handle.write(str(child.pid))
    time.sleep(600)
core.extract_document = hang
""" + WORKER_BOOTSTRAP

CRASHING_BOOTSTRAP = """
import os
import extractors.core as core
core.extract_document = lambda *args, **kwargs: os._exit(9)
""" + WORKER_BOOTSTRAP


def _job(path: Path, limits: Limits) -> Job:
    return Job(
        path=str(path),
        relative_path=path.name,
        limits_json=limits.model_dump_json(),
        sha256=None,
        tesseract_cmd=OcrEngine.from_environment().tesseract_cmd,
    )


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (a killed orphan may wait a moment for its reaper)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.fixture
def scan_png(tmp_path: Path, scan_image: Image.Image) -> Path:
    path = tmp_path / "scan.png"
    scan_image.save(path, dpi=(300, 300))
    return path


def test_isolated_extraction_matches_in_process(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "programme.pdf", [["Programme de formation", "Durée : 21 heures"]])
    limits = Limits()
    assert read_isolated(path, "programme.pdf", limits).extracted == extract(path, "programme.pdf", limits)


def test_worker_classifies_as_the_orchestrator_would(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "programme.pdf", [["Programme de formation", "Durée : 21 heures"]])
    read = read_isolated(path, "programme.pdf", Limits())
    in_process = extract(path, "programme.pdf", Limits())
    assert read.extracted == in_process
    assert read.record == to_record(in_process)
    assert read.record.doc_type == "programme" and read.record.fields.get("duration_hours") == 21


def test_isolated_extraction_of_a_scan(scan_png: Path) -> None:
    result = read_isolated(scan_png, "scan.png", Limits()).extracted
    assert result.ok and result.pages[0].ocr and SCAN_LINES[1] in result.pages[0].text


def test_concurrent_callers_share_the_pool(tmp_path: Path) -> None:
    paths = [write_text_pdf(tmp_path / f"doc{n}.pdf", [[f"Attestation de formation numéro {n}"]]) for n in range(6)]
    results: dict[int, str] = {}

    def run(number: int) -> None:
        results[number] = read_isolated(paths[number], paths[number].name, Limits()).extracted.text

    threads = [threading.Thread(target=run, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == {n: f"Attestation de formation numéro {n}" for n in range(6)}


def test_hung_parser_is_killed_with_its_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "child.pid"
    monkeypatch.setenv("QR_TEST_CHILD_PID", str(pid_file))
    path = write_text_pdf(tmp_path / "doc.pdf", [["Convention de formation"]])
    pool = WorkerPool(1, bootstrap=HANGING_BOOTSTRAP)
    try:
        started = time.monotonic()
        read = pool.run(_job(path, Limits(document_timeout_seconds=2)), "doc.pdf", 2)
        elapsed = time.monotonic() - started
        result = read.extracted
        assert result.error_kind == "timeout" and "2 s" in result.error
        assert read.record.status == "error" and read.record.error == result.error
        assert elapsed < 10
        child = int(pid_file.read_text())
        deadline = time.monotonic() + 5
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child), "the hung worker's child survived the kill"
    finally:
        pool.close()


def test_crashed_worker_gives_an_error_and_is_replaced(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "doc.pdf", [["Convention de formation"]])
    pool = WorkerPool(1, bootstrap=CRASHING_BOOTSTRAP)
    try:
        for _ in range(2):
            result = pool.run(_job(path, Limits()), "doc.pdf", 30).extracted
            assert result.error_kind == "crashed"
    finally:
        pool.close()
    healthy = WorkerPool(1)
    try:
        assert healthy.run(_job(path, Limits()), "doc.pdf", 30).extracted.text == "Convention de formation"
    finally:
        healthy.close()


def test_fake_tesseract_that_hangs_ends_as_a_timeout(scan_png: Path, fake_tesseract) -> None:
    fake_tesseract("hang")
    started = time.monotonic()
    result = read_isolated(scan_png, "scan.png", Limits(document_timeout_seconds=3)).extracted
    assert result.error_kind == "timeout"
    assert time.monotonic() - started < 10


def test_fake_tesseract_that_crashes_ends_as_ocr_failed(scan_png: Path, fake_tesseract) -> None:
    fake_tesseract("crash")
    result = read_isolated(scan_png, "scan.png", Limits(document_timeout_seconds=20)).extracted
    assert result.error_kind == "ocr_failed"
    assert "code 1" in result.error


def test_fake_tesseract_printing_garbage_degrades_cleanly(scan_png: Path, fake_tesseract) -> None:
    fake_tesseract("garbage")
    result = read_isolated(scan_png, "scan.png", Limits(document_timeout_seconds=20)).extracted
    if result.ok:
        assert result.pages[0].ocr and result.pages[0].rotation == 0
    else:
        assert result.error_kind == "ocr_failed"


def test_missing_tesseract_is_an_ocr_failure(scan_png: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUALIOPI_TESSERACT_CMD", "/nonexistent/tesseract")
    result = read_isolated(scan_png, "scan.png", Limits(document_timeout_seconds=20)).extracted
    assert result.error_kind == "ocr_failed" and "introuvable" in result.error


def test_in_process_deadline_stops_a_long_scan(tmp_path: Path, scan_image: Image.Image) -> None:
    """Without isolation the deadline still bounds OCR: Tesseract calls get the time left."""
    path = tmp_path / "long.tif"
    scan_image.save(path, save_all=True, append_images=[scan_image] * 5, dpi=(300, 300))
    started = time.monotonic()
    result = extract(path, "long.tif", Limits(document_timeout_seconds=1.5))
    assert result.error_kind == "timeout"
    assert time.monotonic() - started < 5


def test_worker_environment_limits_openmp_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_THREAD_LIMIT", "8")
    probe = tmp_path / "env.txt"
    bootstrap = (
        "import os, pathlib\n"
        f"pathlib.Path({str(probe)!r}).write_text(os.environ['OMP_THREAD_LIMIT'])\n" + WORKER_BOOTSTRAP
    )
    _read_one_document(tmp_path, bootstrap)
    assert probe.read_text() == "1"
    assert os.environ["OMP_THREAD_LIMIT"] == "8"  # the caller's environment is left alone


def test_documents_sent_during_a_warm_up_wait_for_its_workers(tmp_path: Path) -> None:
    path = write_text_pdf(tmp_path / "doc.pdf", [["Convention de formation"]])
    pool = WorkerPool(1, bootstrap="import time; time.sleep(1.5)\n" + WORKER_BOOTSTRAP)
    try:
        warming = threading.Thread(target=pool.warm_up)
        warming.start()
        time.sleep(0.3)  # the warm-up is starting its worker
        assert pool.run(_job(path, Limits()), "doc.pdf", 30).extracted.text == "Convention de formation"
        warming.join()
        assert len(pool._idle) == 1, "a second worker was started next to the warm-up's"
    finally:
        pool.close()


def _wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def test_a_freed_worker_goes_to_the_waiting_document_with_the_smallest_priority() -> None:
    # (dossier position, rank in the dossier): the batch's earliest dossier is served first, and
    # documents of equal priority in the order they came.
    slots = Slots(1)
    slots.acquire()
    served: list[tuple[int, ...]] = []

    def take(priority: tuple[int, ...]) -> None:
        with slots.held(priority):
            served.append(priority)

    threads = []
    for priority in [(2, 0), (0, 1), (1, 0), (0, 1, 1), (0, 0)]:
        threads.append(threading.Thread(target=take, args=(priority,)))
        threads[-1].start()
        _wait_until(lambda: slots.waiting == len(threads))
    slots.release()
    for thread in threads:
        thread.join(timeout=10)
    assert served == [(0, 0), (0, 1), (0, 1, 1), (1, 0), (2, 0)]


def test_slots_admit_as_many_holders_as_there_are_slots() -> None:
    slots = Slots(2)
    slots.acquire((5,))
    slots.acquire((9,))
    third = threading.Thread(target=slots.acquire, args=((0,),))
    third.start()
    _wait_until(lambda: slots.waiting == 1)
    assert third.is_alive()  # even the smallest priority waits while both slots are held
    slots.release()
    third.join(timeout=10)
    assert not third.is_alive() and slots.waiting == 0


def test_a_worker_sets_its_parsers_aside_from_the_garbage_collector(tmp_path: Path) -> None:
    probe = tmp_path / "frozen.txt"
    # Written when the worker's loop returns, after its parent closed the pipes.
    bootstrap = WORKER_BOOTSTRAP + f"\nimport gc, pathlib; pathlib.Path({str(probe)!r}).write_text(str(gc.get_freeze_count()))"
    _read_one_document(tmp_path, bootstrap)
    # pdfium, pdfplumber, dateparser and the rules: well over ten thousand objects.
    assert int(probe.read_text()) > 10_000


FREED_MEMORY_PROBE = """
import ctypes, pathlib, resource
libc = ctypes.CDLL(None)
libc.malloc.restype, libc.malloc.argtypes, libc.free.argtypes = ctypes.c_void_p, [ctypes.c_size_t], [ctypes.c_void_p]
def page(sizes):
    blocks = [libc.malloc(size) for size in sizes]
    for block, size in zip(blocks, sizes):
        ctypes.memset(block, 1, size)
    for block in blocks:
        libc.free(block)
sizes = [9 << 20, 9 << 20, 20 << 20, 9 << 20]
page(sizes)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
page(sizes)
pathlib.Path(PROBE).write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before))
"""


def test_a_worker_keeps_the_memory_a_page_freed_for_the_next_one(tmp_path: Path) -> None:
    """A scanned page's images (47 MB here, as a page in grey, its straightened copy and the search's
    copies) allocated a second time: served from what the first page freed, not mapped afresh and
    faulted in by the kernel 4 KB at a time (12 000 faults with glibc's defaults)."""
    probe = tmp_path / "faults.txt"
    bootstrap = WORKER_BOOTSTRAP + f"\nPROBE = {str(probe)!r}" + FREED_MEMORY_PROBE
    _read_one_document(tmp_path, bootstrap)
    assert int(probe.read_text()) < 100


def _read_one_document(tmp_path: Path, bootstrap: str) -> None:
    """One document through a one-worker pool started with `bootstrap`, then the pool closed."""
    pool = WorkerPool(1, bootstrap=bootstrap)
    try:
        path = write_text_pdf(tmp_path / "doc.pdf", [["Attestation"]])
        pool.run(_job(path, Limits()), "doc.pdf", 30)
    finally:
        pool.close()
