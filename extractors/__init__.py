"""Bytes -> `ExtractedDocument`, whatever the format, never raising.

`extract` runs in the calling process; `read_isolated` runs the same code in a pool of worker
processes, which also classify the document (`extractors.records.to_record`), and kills a worker
stuck beyond `limits.document_timeout_seconds`. The reader is chosen from the file's content (PDF,
DOCX, XLSX, CSV, TXT, JPEG/PNG/TIFF...), never from its name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from extractors.core import extract_document
from extractors.errors import ExtractionCrashed, ExtractionError
from extractors.isolation import (
    Priority,
    WorkerUnavailable,
    configure_pool,
    default_pool_size,
    get_pool,
    shutdown_pool,
    unreadable,
)
from extractors.ocr import OcrEngine
from extractors.worker import Job
from schemas import ExtractedDocument, Limits, ReadDocument

__all__ = ["ExtractionError", "Priority", "configure_pool", "default_pool_size", "extract", "read_isolated", "shutdown_pool"]

logger = logging.getLogger(__name__)


def extract(path: Path, relative_path: str, limits: Limits, sha256: str | None = None) -> ExtractedDocument:
    """Never raises: any failure becomes ExtractedDocument(error=<one-line French message>, error_kind=<kind>)."""
    return extract_document(Path(path), relative_path, limits, sha256, OcrEngine.from_environment())


def read_isolated(
    path: Path, relative_path: str, limits: Limits, sha256: str | None = None, priority: Priority = ()
) -> ReadDocument:
    """The text and the contract record of a file, both computed in a worker process killed at
    limits.document_timeout_seconds; among the documents waiting for a worker, the smallest
    `priority` goes first."""
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
