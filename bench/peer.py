"""The peer: what a user would otherwise reach for on scanned files, `ocrmypdf --skip-text` followed
by text extraction (pypdfium2) of its output.

OCRmyPDF runs with its defaults (PDF/A output through Ghostscript, optimisation level 1) plus
`--skip-text` and the pipeline's OCR language. It is called through its Python API in a pool of one
warmed process per core, `jobs=1` each, so files run side by side like the pipeline's documents and,
as for the in-process pipeline figure, no interpreter or import start-up is counted.
"""

from __future__ import annotations

import logging
import os
import resource
import time
from pathlib import Path

from pydantic import BaseModel

from bench.floor import text_layer, warmed_process_pool

OCRMYPDF_OPTIONS = {"skip_text": True, "jobs": 1, "progress_bar": False}


class PeerResult(BaseModel):
    tool: str
    options: dict[str, object]
    workers: int
    files: int
    pages: int
    chars: int
    seconds: float
    cpu_seconds: float  # the OCRmyPDF calls and everything they started (Tesseract, Ghostscript)


def _ready(_: int) -> int:
    import ocrmypdf  # noqa: F401  (imported before the clock starts)
    import pypdfium2  # noqa: F401

    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    time.sleep(0.3)  # see bench.floor._ready: one warm-up task per worker
    return os.getpid()


def ocr_then_extract(source: Path, target: Path, languages: str) -> tuple[int, int]:
    """OCRmyPDF one file to `target`, then read its text layer; returns (pages, characters)."""
    import ocrmypdf

    ocrmypdf.ocr(source, target, language=languages.split("+"), **OCRMYPDF_OPTIONS)
    return text_layer(target)


def _cpu_with_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _ocr_job(job: tuple[Path, Path, str]) -> tuple[int, int, float]:
    before = _cpu_with_children()
    pages, characters = ocr_then_extract(*job)
    return pages, characters, _cpu_with_children() - before


def measure_peer(scanned_pdfs: list[Path], workers: int, scratch: Path, languages: str = "fra") -> PeerResult:
    import ocrmypdf

    out_dir = scratch / "ocrmypdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(pdf, out_dir / f"{index:04d}-{pdf.name}", languages) for index, pdf in enumerate(scanned_pdfs)]
    # Longest files first: with few files per worker, that is what keeps both workers busy to the end.
    jobs.sort(key=lambda job: job[0].stat().st_size, reverse=True)
    with warmed_process_pool(workers, ready=_ready) as pool:
        started = time.perf_counter()
        results = list(pool.map(_ocr_job, jobs))
        seconds = time.perf_counter() - started
    return PeerResult(
        tool=f"ocrmypdf {ocrmypdf.__version__}",
        options={**OCRMYPDF_OPTIONS, "language": languages, "output_type": "pdfa (default)"},
        workers=workers,
        files=len(jobs),
        pages=sum(pages for pages, _, _ in results),
        chars=sum(chars for _, chars, _ in results),
        seconds=round(seconds, 4),
        cpu_seconds=round(sum(cpu for _, _, cpu in results), 3),
    )
