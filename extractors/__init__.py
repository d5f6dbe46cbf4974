"""Bytes -> `ExtractedDocument`, whatever the format, never raising.

`extract` runs in the calling process; `read_isolated` runs the same code in a pool of worker
processes, which also classify the document (`extractors.records.to_record`), and kills a worker
stuck beyond `limits.document_timeout_seconds`. The reader is chosen from the file's content (PDF,
DOCX, XLSX, CSV, TXT, JPEG/PNG/TIFF...), never from its name.

The readers (pdfplumber, pdfium, Pillow, openpyxl...) are imported on first use, not with this
package: a process that only parses a manifest (`extractors.manifest`, the command line deciding
whether a run has any work) must not pay for them.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from schemas import ExtractedDocument, Limits, ReadDocument

if TYPE_CHECKING:
    from extractors.errors import ExtractionError
    from extractors.isolation import Priority, configure_pool, default_pool_size, shutdown_pool

__all__ = ["ExtractionError", "Priority", "configure_pool", "default_pool_size", "extract", "read_isolated", "shutdown_pool"]

logger = logging.getLogger(__name__)

_LAZY = {
    "ExtractionError": "extractors.errors",
    "Priority": "extractors.isolation",
    "configure_pool": "extractors.isolation",
    "default_pool_size": "extractors.isolation",
    "shutdown_pool": "extractors.isolation",
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def extract(path: Path, relative_path: str, limits: Limits, sha256: str | None = None) -> ExtractedDocument:
    """Never raises: any failure becomes ExtractedDocument(error=<one-line French message>, error_kind=<kind>)."""
    from extractors.core import extract_document
    from extractors.ocr import OcrEngine

    return extract_document(Path(path), relative_path, limits, sha256, OcrEngine.from_environment())


def read_isolated(
    path: Path, relative_path: str, limits: Limits, sha256: str | None = None, priority: Priority = ()
) -> ReadDocument:
    """The text and the contract record of a file, both computed in a worker process killed at
    limits.document_timeout_seconds; among the documents waiting for a worker, the smallest
    `priority` goes first."""
    from extractors.errors import ExtractionCrashed
    from extractors.isolation import WorkerUnavailable, get_pool, unreadable
    from extractors.ocr import OcrEngine
    from extractors.worker import Job

    job = Job(
        path=str(Path(path).resolve()),
        relative_path=relative_path,
        limits_json=limits.model_dump_json(),
        sha256=sha256,
        tesseract_cmd=OcrEngine.from_environment().tesseract_cmd,
    )
    try:
        return get_pool().run(job, relative_path, limits.document_timeout_seconds, priority)
    except WorkerUnavailable:
        logger.exception("no extraction worker could be started for %s", relative_path)
        failure = ExtractionCrashed("Lecture impossible : le programme de lecture n'a pas pu démarrer.")
        return unreadable(relative_path, sha256, failure)
