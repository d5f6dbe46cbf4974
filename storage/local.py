"""Local folders. Inputs are only ever opened read-only; outputs land under a temporary name then
`os.replace` puts them in place, so a crash leaves the previous file (or nothing), never half a file."""

from __future__ import annotations

import logging
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from storage.base import StoredFile
from storage.errors import ObjectNotFound, ObjectTooLarge, ObjectUnreadable, StorageUnavailable, UnsafeKey
from storage.keys import folder_prefix, is_safe_key, normalize_key

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
TEMP_PREFIX = ".tmp-"
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class LocalStorage:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(os.path.abspath(os.path.expanduser(root)))
        self.url = str(self.root)

    # --- reading -------------------------------------------------------------------------------

    def list_files(self, prefix: str = "") -> list[StoredFile]:
        if not self.root.is_dir():
            raise StorageUnavailable(
                self.url, "folder does not exist or is not a folder", f"Le dossier « {self.url} » est introuvable."
            )
        start = self.root / folder_prefix(prefix)
        if not start.is_dir() or not self._inside(start):
            return []
        real_root = self._real_root()
        files = [
            found
            for path in _walk_files(start)
            if (found := self._stored_file(path, real_root)) is not None
        ]
        return sorted(files, key=lambda f: f.key)

    def read_bytes(self, key: str, max_bytes: int | None = None) -> bytes:
        with self._open_input(key, max_bytes) as handle:
            return b"".join(_limited_chunks(handle, key, max_bytes))

    def download_to(self, key: str, destination: Path, max_bytes: int | None = None) -> Path:
        target = destination_path(destination, key)
        with self._open_input(key, max_bytes) as handle:
            write_file_atomically(target, _limited_chunks(handle, key, max_bytes))
        return target

    def local_path(self, key: str) -> Path | None:
        path = self._resolved(key)
        return path if path is not None and path.is_file() else None

    def exists(self, key: str) -> bool:
        return self.local_path(key) is not None

    # --- writing (outputs only) ----------------------------------------------------------------

    def write_bytes_atomic(self, key: str, data: bytes) -> None:
        path = self._output_path(key)
        try:
            write_file_atomically(path, [data])
        except OSError as error:
            # A full disk or a read-only output folder stops the run: it is not a finding about a dossier.
            raise StorageUnavailable(
                self.url,
                f"cannot write {key!r}: {error.strerror or error}",
                f"Impossible d'écrire dans « {self.url} » : dossier protégé en écriture ou disque plein.",
            ) from error

    def delete(self, key: str) -> None:
        path = self._output_path(key, create_parents=False)
        # unlink removes a symbolic link itself, never what it points to.
        path.unlink(missing_ok=True)

    # --- helpers -------------------------------------------------------------------------------

    def _real_root(self) -> Path:
        return Path(os.path.realpath(self.root))

    def _inside(self, path: Path) -> bool:
        real_root, real = self._real_root(), Path(os.path.realpath(path))
        return real == real_root or real_root in real.parents

    def _resolved(self, key: str) -> Path | None:
        """The real path of `key`, or None when symbolic links would take it outside the root."""
        path = self.root.joinpath(*normalize_key(key).split("/"))
        return Path(os.path.realpath(path)) if self._inside(path) else None

    def _stored_file(self, path: Path, real_root: Path) -> StoredFile | None:
        key = path.relative_to(self.root).as_posix()
        if not is_safe_key(key):
            logger.warning("skipping %r in %s: unsafe file name", key, self.url)
            return None
        real = Path(os.path.realpath(path))
        if real_root not in real.parents:
            logger.warning("skipping %r in %s: symbolic link leading outside the folder", key, self.url)
            return None
        try:
            info = real.stat()
        except OSError as error:
            logger.warning("skipping %r in %s: %s", key, self.url, error)
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        mtime = datetime.fromtimestamp(info.st_mtime_ns / 1e9, tz=timezone.utc).isoformat()
        return StoredFile(key=key, size=info.st_size, etag_or_mtime=mtime)

    def _open_input(self, key: str, max_bytes: int | None) -> BinaryIO:
        """Opened read-only, after the size check: a file over the limit is never read."""
        path = self._resolved(key)
        if path is None:
            raise UnsafeKey(key, "symbolic link leading outside the folder")
        try:
            fd = os.open(path, _READ_FLAGS)
        except FileNotFoundError:
            raise ObjectNotFound(self.url, key) from None
        except OSError as error:
            raise ObjectUnreadable(self.url, key, error.strerror or str(error)) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ObjectNotFound(self.url, key)
            if max_bytes is not None and info.st_size > max_bytes:
                raise ObjectTooLarge(key, info.st_size, max_bytes)
        except BaseException:
            os.close(fd)
            raise
        return os.fdopen(fd, "rb")

    def _output_path(self, key: str, *, create_parents: bool = True) -> Path:
        path = self.root.joinpath(*normalize_key(key).split("/"))
        # The deepest existing ancestor decides where new folders would really be created.
        ancestor = path.parent
        while not ancestor.exists() and ancestor != self.root and self.root in ancestor.parents:
            ancestor = ancestor.parent
        if ancestor.exists() and not self._inside(ancestor):
            raise UnsafeKey(key, "symbolic link leading outside the folder")
        if create_parents:
            path.parent.mkdir(parents=True, exist_ok=True)
        return path


def _walk_files(start: Path) -> Iterator[Path]:
    """Regular files and symbolic links to files; linked folders are not entered (no loops, no duplicates)."""

    def warn(error: OSError) -> None:
        logger.warning("cannot list %s: %s", error.filename, error.strerror)

    for dirpath, _dirnames, filenames in os.walk(start, onerror=warn, followlinks=False):
        for name in filenames:
            yield Path(dirpath, name)


def _limited_chunks(handle: BinaryIO, key: str, max_bytes: int | None) -> Iterator[bytes]:
    """Chunks of `handle`, stopping with ObjectTooLarge if the file grew past the limit while being read."""
    total = 0
    while chunk := handle.read(CHUNK_BYTES):
        total += len(chunk)
        if max_bytes is not None and total > max_bytes:
            raise ObjectTooLarge(key, total, max_bytes)
        yield chunk


def destination_path(destination: Path, key: str) -> Path:
    """Where `download_to` writes: `destination` itself, or inside it under the (validated) key."""
    if destination.is_dir():
        return destination.joinpath(*normalize_key(key).split("/"))
    return destination


def write_file_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it; on any failure remove the
    temporary file and leave whatever was at `path` untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the temporary name under NAME_MAX whatever the final name's length.
    temporary = path.with_name(f"{TEMP_PREFIX}{uuid.uuid4().hex}-{path.name[:40]}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Makes the rename itself durable; some filesystems refuse fsync on folders, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
