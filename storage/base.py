"""The storage interface shared by local folders and S3. It moves bytes; it never interprets them."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict


class StoredFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    """Relative to the storage root, '/' separators, already validated by `normalize_key`."""
    size: int
    etag_or_mtime: str | None = None
    """S3 ETag, or the local modification time (ISO 8601, UTC): changes when the content may have."""


@runtime_checkable
class Storage(Protocol):
    url: str
    """Where the root is, as the user gave it (absolute local path or ``s3://bucket/prefix``)."""

    def list_files(self, prefix: str = "") -> list[StoredFile]:
        """Every regular file under the folder `prefix` (recursive), sorted by key.

        Keys that could not be used safely (``..``, control characters...) are skipped and logged."""
        ...

    def read_bytes(self, key: str, max_bytes: int | None = None) -> bytes:
        """Whole content; raises `ObjectTooLarge` before reading anything when the size is over `max_bytes`."""
        ...

    def download_to(self, key: str, destination: Path, max_bytes: int | None = None) -> Path:
        """Stream the object to `destination` (a file path, or an existing folder that then receives
        the file under its key) and return the written path. The file appears complete or not at all."""
        ...

    def local_path(self, key: str) -> Path | None:
        """The file itself when it already is on this machine (read it, never write it), else None."""
        ...

    def write_bytes_atomic(self, key: str, data: bytes) -> None:
        """Readers see the old content or the new one, never a partial file."""
        ...

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove an output (or a temporary output); absent keys are not an error. Never used on inputs."""
        ...
