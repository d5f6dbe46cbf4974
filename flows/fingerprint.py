"""What a stored result depends on, as digests: an extraction cached by content hash, a dossier's
review skipped when nothing it depends on changed.

A package version alone said nothing of the code: it stayed `0.1.0` while rules and parsers
changed, so an edited rule file left unchanged dossiers with reports made by the old rules. The
digests below cover the bytes of every source and rule file of the stages that shaped a result,
plus the versions of the libraries that read documents:

* `extraction_digest`: what turns bytes into text (format readers, OCR, safety limits, the
  models they fill). Classification and fields are recomputed from cached text on every run, so
  their rules are left out: editing them must not throw the OCR of every scan away.
* `review_digest`: everything a report depends on (extraction, classification, fields, referential,
  evidence tables, admissibility, reports, this package).

Each is computed once per process (a few milliseconds for about 3 MB of files).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pydantic import BaseModel

from schemas import DossierDocument
from storage import StoredFile

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = frozenset({".py", ".yaml", ".yml", ".json", ".j2", ".css", ".txt"})

# Paths relative to PROJECT_ROOT. A new module under a listed folder is covered without a change here.
EXTRACTION_SOURCES: tuple[str, ...] = ("extractors", "schemas")
EXTRACTION_EXCLUDED: tuple[str, ...] = (
    "extractors/fields",
    "extractors/classify.py",
    "extractors/classification_rules.yaml",
    "extractors/records.py",
    "extractors/manifest.py",
)
REVIEW_SOURCES: tuple[str, ...] = ("extractors", "schemas", "indicator_mappers", "reports", "storage", "flows")
EXTRACTION_LIBRARIES: tuple[str, ...] = (
    "pdfplumber", "pdfminer.six", "pypdfium2", "python-docx", "openpyxl", "pytesseract", "pillow",
    "opencv-python-headless",
)
REVIEW_LIBRARIES: tuple[str, ...] = (*EXTRACTION_LIBRARIES, "spacy", "fr-core-news-sm", "dateparser", "python-stdnum")


def extraction_digest() -> str:
    return sources_digest(PROJECT_ROOT, EXTRACTION_SOURCES, EXTRACTION_EXCLUDED, EXTRACTION_LIBRARIES)


def review_digest() -> str:
    return sources_digest(PROJECT_ROOT, REVIEW_SOURCES, (), REVIEW_LIBRARIES)


@cache
def sources_digest(
    root: Path, sources: tuple[str, ...], excluded: tuple[str, ...], libraries: tuple[str, ...]
) -> str:
    """sha256 over the relative path and bytes of every source file under `sources` (minus
    `excluded`), then over the installed version of each library."""
    digest = hashlib.sha256()
    for path in sorted(_source_files(root, sources, excluded)):
        digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for library in libraries:
        digest.update(f"{library}=={_installed_version(library)}\n".encode())
    return digest.hexdigest()


def _source_files(root: Path, sources: tuple[str, ...], excluded: tuple[str, ...]) -> set[Path]:
    skipped = tuple(root / entry for entry in excluded)
    files: set[Path] = set()
    for entry in sources:
        base = root / entry
        candidates = [base] if base.is_file() else base.rglob("*")
        files.update(
            path for path in candidates
            if path.is_file() and path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
            and not any(path == skip or skip in path.parents for skip in skipped)
        )
    return files


def _installed_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "absent"


def dossier_fingerprint(documents: Sequence[DossierDocument], manifest_bytes: bytes | None) -> str:
    """What a review depends on: every file's content, the manifest, and the code and rules."""
    digest = hashlib.sha256(review_digest().encode())
    for document in sorted(documents, key=lambda d: d.record.path):
        digest.update(f"{document.record.path}\0{document.record.sha256}\n".encode())
    digest.update(hashlib.sha256(manifest_bytes or b"").digest())
    return digest.hexdigest()


def listing_signature(files: Sequence[tuple[str, StoredFile]], manifest_bytes: bytes | None) -> str | None:
    """What the storage listing says about a dossier without reading it: every file's relative path,
    size and ETag or modification time, plus the manifest and the code and rules. Equal signatures
    mean unchanged files (a rewrite changes the ETag or the time); None when a file has neither."""
    digest = hashlib.sha256(review_digest().encode())
    for relative_path, stored in sorted(files, key=lambda item: item[0]):
        if stored.etag_or_mtime is None:
            return None
        digest.update(f"{relative_path}\0{stored.size}\0{stored.etag_or_mtime}\n".encode())
    digest.update(hashlib.sha256(manifest_bytes or b"").digest())
    return digest.hexdigest()


class ReviewState(BaseModel):
    """`.review-state.json`: written after the reports, so its presence means they are complete."""

    fingerprint: str
    pipeline_version: str
    listing: str | None = None
