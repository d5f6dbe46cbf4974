"""One small interface over local folders and S3. It moves bytes and knows nothing of what they mean.

`open_storage(url)` returns a `Storage`; every failure is a typed `StorageError` whose
`message_fr` can be shown to an officer. This package never imports Prefect.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from storage.base import Storage, StoredFile
from storage.errors import (
    InvalidStorageUrl,
    ObjectNotFound,
    ObjectTooLarge,
    ObjectUnreadable,
    StorageError,
    StorageUnavailable,
    UnsafeKey,
)
from storage.local import TEMP_PREFIX, LocalStorage

__all__ = [
    "InvalidStorageUrl",
    "LocalStorage",
    "ObjectNotFound",
    "ObjectTooLarge",
    "ObjectUnreadable",
    "Storage",
    "StorageError",
    "StorageUnavailable",
    "StoredFile",
    "UnsafeKey",
    "open_storage",
    "remove_temporaries",
]


def open_storage(url: str, *, s3_endpoint_url: str | None = None) -> Storage:
    """A local folder (plain path or ``file://``) or ``s3://bucket/prefix``.

    S3 stores are checked on opening (one listing call, few retries) so an unreachable endpoint,
    a missing bucket or refused credentials fail the run at once with `StorageUnavailable`.
    A local folder may not exist yet (an output folder is created on first write)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "s3":
        from storage.s3 import S3Storage  # boto3 is slow to import and useless for local runs

        return S3Storage(url, endpoint_url=s3_endpoint_url)
    if scheme == "file":
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise InvalidStorageUrl(url, "file:// URLs must name a local path")
        return LocalStorage(parts.path)
    # One-letter schemes are Windows drive letters (C:\...), not URLs.
    if scheme and len(scheme) > 1:
        raise InvalidStorageUrl(url, f"unsupported scheme {scheme}://")
    if not url.strip():
        raise InvalidStorageUrl(url, "empty location")
    return LocalStorage(url)


def remove_temporaries(storage: Storage, folder: str) -> None:
    """Deletes the temporary files (written by `write_bytes_atomic`) that a killed run left directly
    in the output folder `folder`."""
    try:
        stored_files = storage.list_files(folder)
    except StorageUnavailable:
        return  # no output folder yet (first run): nothing was left; a store really down fails the writes
    for stored in stored_files:
        path = PurePosixPath(stored.key)
        if path.name.startswith(TEMP_PREFIX) and path.parent == PurePosixPath(folder):
            storage.delete(stored.key)
