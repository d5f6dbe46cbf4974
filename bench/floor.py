"""The floor: the raw cost of the work no pipeline can avoid, measured on the same corpus.

* native pages: pypdfium2's text layer, the fastest extraction available, one process per core;
* scanned pages: the Tesseract CLI alone on each page rendered at 300 dpi, `OMP_THREAD_LIMIT=1`,
  one process per core (a thread per core only waits on its `tesseract` child).

Rendering the scanned pages to images is done before the clock starts: the floor is Tesseract's own
cost, so the pipeline's rasterisation counts against the pipeline. Pools are started and warmed
before timing: the floor excludes interpreter start-up, like the in-process pipeline measurement.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from pydantic import BaseModel

SCAN_DPI = 300


class FloorResult(BaseModel):
    workers: int
    native_files: int
    native_pages: int
    native_chars: int
    native_seconds: float
    scanned_pages: int
    ocr_chars: int
    ocr_seconds: float
    ocr_seconds_per_page_cpu: float  # sum of per-page wall times / pages: one core's cost of a page
    seconds: float
    # CPU seconds (user + system) of the same work: pypdfium2 calls and Tesseract processes.
    cpu_seconds: float
    # Tesseract's own CPU on the scanned pages: the limit of a pipeline that reads scans.
    ocr_cpu_seconds: float


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_text_layer(pdf: Path) -> tuple[int, int, float]:
    """`text_layer` plus the CPU seconds it took in this process."""
    started = time.process_time()
    pages, characters = text_layer(pdf)
    return pages, characters, time.process_time() - started


def text_layer(pdf: Path) -> tuple[int, int]:
    """(pages, characters) of a PDF's text layer, read with pypdfium2."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        characters = 0
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            characters += len(text_page.get_text_range())
            text_page.close()
            page.close()
        return len(document), characters
    finally:
        document.close()


def render_pages(pdf: Path, out_dir: Path, dpi: int = SCAN_DPI) -> list[Path]:
    """Every page of `pdf` as an 8-bit grayscale PGM at `dpi` (what an OCR step reads). PGM rather
    than PNG: Tesseract reads both equally fast, but compressing a noisy 300-dpi page to PNG takes
    over a second, which would only slow the benchmark down."""
    import pypdfium2 as pdfium

    out_dir.mkdir(parents=True, exist_ok=True)
    document = pdfium.PdfDocument(str(pdf))
    images = []
    try:
        for index in range(len(document)):
            page = document[index]
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            target = out_dir / f"{pdf.stem}-{index + 1:04d}.pgm"
            image.save(target)
            images.append(target)
            page.close()
    finally:
        document.close()
    return images


def tesseract(image: Path, languages: str) -> tuple[int, float]:
    """Runs the Tesseract CLI on one image; returns (characters recognised, wall seconds)."""
    started = time.perf_counter()
    completed = subprocess.run(
        ["tesseract", str(image), "stdout", "-l", languages],
        capture_output=True,
        check=True,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    return len(completed.stdout.decode("utf-8", "replace")), time.perf_counter() - started


def _ready(_: int) -> int:
    import pypdfium2  # noqa: F401  (loaded before the clock starts)

    # Held long enough that each warm-up task lands on its own worker: a spawn-context pool only
    # starts a new process when no idle one is free.
    time.sleep(0.3)
    return os.getpid()


def warmed_process_pool(workers: int, ready=_ready) -> ProcessPoolExecutor:
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    list(pool.map(ready, range(workers)))
    return pool


def measure_native(pdfs: list[Path], workers: int) -> tuple[int, int, float, float]:
    """(pages, characters, wall seconds, CPU seconds) of pypdfium2 over `pdfs` across `workers` processes."""
    with warmed_process_pool(workers) as pool:
        started = time.perf_counter()
        results = list(pool.map(timed_text_layer, pdfs))
        seconds = time.perf_counter() - started
    return (
        sum(pages for pages, _, _ in results),
        sum(chars for _, chars, _ in results),
        seconds,
        sum(cpu for _, _, cpu in results),
    )


def measure_ocr(images: list[Path], workers: int, languages: str) -> tuple[int, float, float, float]:
    """(characters, wall seconds, summed per-page seconds, CPU seconds) of Tesseract over `images`,
    `workers` at a time. The CPU is that of the Tesseract processes, all reaped by this process."""
    cpu_before = children_cpu_seconds()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        started = time.perf_counter()
        results = list(pool.map(lambda image: tesseract(image, languages), images))
        seconds = time.perf_counter() - started
    cpu_seconds = children_cpu_seconds() - cpu_before
    return sum(chars for chars, _ in results), seconds, sum(page for _, page in results), cpu_seconds


def measure_floor(
    native_pdfs: list[Path], scanned_pdfs: list[Path], workers: int, scratch: Path, languages: str = "fra"
) -> FloorResult:
    images = [
        image
        for number, pdf in enumerate(scanned_pdfs)
        for image in render_pages(pdf, scratch / "floor-pages" / f"{number:04d}")  # same names in other dossiers
    ]
    native_pages, native_chars, native_seconds, native_cpu = measure_native(native_pdfs, workers)
    ocr_chars, ocr_seconds, ocr_page_seconds, ocr_cpu = measure_ocr(images, workers, languages)
    return FloorResult(
        workers=workers,
        native_files=len(native_pdfs),
        native_pages=native_pages,
        native_chars=native_chars,
        native_seconds=round(native_seconds, 4),
        scanned_pages=len(images),
        ocr_chars=ocr_chars,
        ocr_seconds=round(ocr_seconds, 4),
        ocr_seconds_per_page_cpu=round(ocr_page_seconds / len(images), 4) if images else 0.0,
        seconds=round(native_seconds + ocr_seconds, 4),
        cpu_seconds=round(native_cpu + ocr_cpu, 3),
        ocr_cpu_seconds=round(ocr_cpu, 3),
    )
