"""Where a run's bytes come from and go to: the storage targets of a batch, one client per target,
a document as a local file, and writes that never leave a half-written file under its final name.

Imports nothing heavy (no Prefect, no extractor, no spaCy): the command line uses it to decide,
before starting anything, whether a run has work to do (`flows.review_state`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from storage import Storage, open_storage, remove_temporaries
from storage.keys import file_suffix


class StorageTarget(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    s3_endpoint_url: str | None = None


class SourceFile(BaseModel):
    storage: StorageTarget
    key: str
    relative_path: str
    size: int = 0


@cache
def storage_for(target: StorageTarget) -> Storage:
    """One client per process and target: boto3 clients are costly to build and thread-safe to share."""
    return open_storage(target.url, s3_endpoint_url=target.s3_endpoint_url)


def join_key(*parts: str) -> str:
    return "/".join(part.strip("/") for part in parts if part)


def read_if_present(target: StorageTarget, key: str, max_bytes: int | None = None) -> bytes | None:
    storage = storage_for(target)
    return storage.read_bytes(key, max_bytes=max_bytes) if storage.exists(key) else None


def write_files(target: StorageTarget, folder: str, files: Mapping[str, bytes]) -> None:
    """Each file lands under a temporary name then is renamed, in the given order. The temporary
    files that a run killed half-way left behind are removed first."""
    storage = storage_for(target)
    remove_temporaries(storage, folder)
    for name, data in files.items():
        storage.write_bytes_atomic(join_key(folder, name), data)


@contextmanager
def local_file(storage: Storage, key: str) -> Iterator[Path]:
    """The file itself when the storage is on this machine (no scratch folder to create and delete
    for each file), else a downloaded copy, deleted afterwards."""
    local = storage.local_path(key)
    if local is not None:
        yield local
        return
    with tempfile.TemporaryDirectory(prefix="qr-") as scratch:
        # The copy keeps the file's suffix: some readers (openpyxl) refuse a file named otherwise.
        yield storage.download_to(key, Path(scratch) / f"document{file_suffix(key)}")
