"""Extractions cached by content: one JSON file per (file sha256, extraction code, limits).

Only outcomes that the bytes alone decide are kept: the text of a readable file, or an error that
the same bytes always give (damaged, encrypted, too large...). A time-out, a crashed worker, a
missing program, an out-of-memory or a parser fault of ours depend on the run: cached, they would
follow the file for good (a spreadsheet once misread over S3 stayed « endommagé » when read again
from a local folder).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from extractors.errors import CONTENT_ERROR_KINDS
from flows.fingerprint import extraction_digest
from schemas import ExtractedDocument, Limits


def cache_path(cache_dir: Path, sha256: str, limits: Limits) -> Path:
    limits_digest = hashlib.sha256(limits.model_dump_json().encode()).hexdigest()[:12]
    return cache_dir / f"{sha256}-{extraction_digest()[:16]}-{limits_digest}.json"


def read_cached(path: Path) -> ExtractedDocument | None:
    try:
        return ExtractedDocument.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return None


def is_cacheable(extracted: ExtractedDocument) -> bool:
    return extracted.error is None or extracted.error_kind in CONTENT_ERROR_KINDS


def write_cached(path: Path, extracted: ExtractedDocument) -> None:
    if not is_cacheable(extracted):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
        handle.write(extracted.model_dump_json().encode())
    Path(handle.name).replace(path)
