"""Typed storage errors.

`str(error)` is an English sentence for logs; `error.message_fr` is the French text an officer may
read (CLI output, reports). Callers catch `StorageError` to handle every storage failure at once.
"""

from __future__ import annotations


class StorageError(Exception):
    def __init__(self, message: str, message_fr: str) -> None:
        super().__init__(message)
        self.message_fr = message_fr


class InvalidStorageUrl(StorageError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"invalid storage location {url!r}: {reason}",
            f"Emplacement de stockage invalide « {url} » : attendu un dossier local ou une adresse s3://bucket/prefixe.",
        )
        self.url = url


class StorageUnavailable(StorageError):
    """The store cannot be used at all: unreachable endpoint, missing bucket or folder, refused credentials."""

    def __init__(self, location: str, reason: str, message_fr: str) -> None:
        super().__init__(f"storage {location} unavailable: {reason}", message_fr)
        self.location = location
        self.reason = reason


class UnsafeKey(StorageError):
    """A key that could reach outside the storage root (``..``, absolute path, backslash, control character)."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(
            f"unsafe storage key {key!r}: {reason}",
            f"Chemin refusé « {_printable(key)} » : il pourrait sortir du dossier autorisé ({reason}).",
        )
        self.key = key
        self.reason = reason


class ObjectNotFound(StorageError):
    def __init__(self, location: str, key: str) -> None:
        super().__init__(f"{key!r} not found in {location}", f"Fichier introuvable : « {_printable(key)} ».")
        self.key = key


class ObjectUnreadable(StorageError):
    """The file exists but this process may not read it (permissions, I/O error)."""

    def __init__(self, location: str, key: str, reason: str) -> None:
        super().__init__(
            f"{key!r} in {location} cannot be read: {reason}",
            f"Fichier illisible « {_printable(key)} » : accès refusé ou erreur de lecture.",
        )
        self.key = key


class ObjectTooLarge(StorageError):
    def __init__(self, key: str, size: int, limit: int) -> None:
        super().__init__(
            f"{key!r} is {size} bytes, over the {limit} bytes limit",
            f"Fichier trop volumineux « {_printable(key)} » : {size} octets pour une limite de {limit} octets.",
        )
        self.key = key
        self.size = size
        self.limit = limit


def _printable(text: str) -> str:
    """Control characters in a hostile key must not garble a log line or a report cell."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)
