"""Extraction results kept by file digest and limits (JSON files), so that re-measuring a rule change
does not re-run OCR. Classification and fields are always redone from the cached pages."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from extractors import read_isolated
from extractors.core import file_sha256
from extractors.records import to_record
from flows.fingerprint import extraction_digest
from schemas import DocumentRecord, ExtractedDocument, Limits


class ExtractionCache:
    """Extracted pages by file digest and limits (JSON files); classification is always redone."""

    def __init__(self, folder: Path | None, limits: Limits) -> None:
        self.folder = folder
        # The extraction code's digest too: a cache made by other code would measure the old reader.
        self.suffix = hashlib.sha256(limits.model_dump_json().encode()).hexdigest()[:12] + "-" + extraction_digest()[:12]
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path | None:
        return None if self.folder is None else self.folder / f"{digest}-{self.suffix}.json"

    def get(self, digest: str, relative_path: str) -> ExtractedDocument | None:
        path = self._path(digest)
        if path is None or not path.is_file():
            return None
        try:
            cached = ExtractedDocument.model_validate_json(path.read_bytes())
        except ValueError:
            return None
        return cached.model_copy(update={"path": relative_path})

    def put(self, extracted: ExtractedDocument) -> None:
        path = self._path(extracted.sha256)
        if path is not None and extracted.sha256:
            path.write_text(extracted.model_dump_json(), encoding="utf-8")


class CachedRead(NamedTuple):
    extracted: ExtractedDocument
    record: DocumentRecord
    read_now: bool  # False when the pages came from the cache


def read_through(cache: ExtractionCache, path: Path, relative_path: str, limits: Limits) -> CachedRead:
    """A file's pages from the cache, else read in an extraction worker as the pipeline does (and
    cached when readable); classification and fields are always redone."""
    digest = file_sha256(path)
    cached = cache.get(digest, relative_path)
    if cached is not None:
        return CachedRead(cached, to_record(cached), read_now=False)
    read = read_isolated(path, relative_path, limits, sha256=digest)
    if read.extracted.ok:
        cache.put(read.extracted)
    return CachedRead(read.extracted, read.record, read_now=True)
