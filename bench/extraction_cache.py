"""Extraction results kept by file digest and limits (JSON files), so that re-measuring a rule change
does not re-run OCR. Classification and fields are always redone from the cached pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flows.fingerprint import extraction_digest
from schemas import ExtractedDocument, Limits


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
