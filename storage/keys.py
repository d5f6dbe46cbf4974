"""Validation of untrusted keys: whatever a listing or an upload contains, a key never leaves its root."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

from storage.errors import UnsafeKey

_DRIVE = re.compile(r"^[A-Za-z]:")
# Cc: control characters (NUL, newline, escape...); Cs: lone surrogates, which is how Python
# represents file names that are not valid UTF-8 and which cannot be written to JSON or S3.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs"})


def normalize_key(key: str, *, allow_empty: bool = False) -> str:
    """Canonical '/'-separated form of `key`, relative to a storage root.

    Empty and '.' segments are dropped (``a//./b`` is ``a/b``). Anything that could designate a
    place outside the root is refused rather than repaired, because a repaired key would name a
    different file than the one the caller meant.
    """
    if not isinstance(key, str):
        raise UnsafeKey(repr(key), "not a string")
    bad = next((ch for ch in key if unicodedata.category(ch) in _FORBIDDEN_CATEGORIES), None)
    if bad is not None:
        raise UnsafeKey(key, f"control or undecodable character U+{ord(bad):04X}")
    if "\\" in key:
        raise UnsafeKey(key, "backslash")
    if key.startswith("/"):
        raise UnsafeKey(key, "absolute path")
    segments = [segment for segment in key.split("/") if segment not in ("", ".")]
    if ".." in segments:
        raise UnsafeKey(key, "parent directory segment '..'")
    if segments and _DRIVE.match(segments[0]):
        raise UnsafeKey(key, "drive letter")
    if not segments and not allow_empty:
        raise UnsafeKey(key, "empty key")
    return "/".join(segments)


def is_safe_key(key: str) -> bool:
    try:
        normalize_key(key)
    except UnsafeKey:
        return False
    return True


def folder_prefix(prefix: str) -> str:
    """A listing prefix names a folder: ``a/b`` lists ``a/b/...``, never ``a/bc``."""
    normalized = normalize_key(prefix, allow_empty=True)
    return f"{normalized}/" if normalized else ""


# Characters kept out of a dossier's output folder name: separators, and what Windows shares and
# zip tools refuse, since officers open the outputs from such places.
_UNSAFE_IN_FOLDER = frozenset('/\\<>:"|?*')
# Besides control characters: invisible format characters and line or paragraph separators.
_UNSAFE_CATEGORIES_IN_FOLDER = _FORBIDDEN_CATEGORIES | {"Cf", "Zl", "Zp"}
FOLDER_NAME_MAX_CHARS = 100
_HASH_CHARS = 8


def dossier_folder(dossier_id: str) -> str:
    """The output folder (one path segment) of a dossier, from its id as the user wrote it.

    The id itself is kept if it is a harmless segment (accents, spaces, emoji and capitals are);
    otherwise unsafe characters become "_", leading and trailing dots and spaces go, the name is
    bounded, and a short hash of the id is appended so that two ids that clean up alike (« a/b »
    and « a_b ») never share a folder."""
    composed = unicodedata.normalize("NFC", dossier_id)
    cleaned = "".join(
        "_" if ch in _UNSAFE_IN_FOLDER or unicodedata.category(ch) in _UNSAFE_CATEGORIES_IN_FOLDER else ch
        for ch in composed
    ).strip(" .")
    if cleaned and cleaned == dossier_id and len(cleaned) <= FOLDER_NAME_MAX_CHARS:
        return cleaned
    stem = cleaned[:FOLDER_NAME_MAX_CHARS].rstrip(" .") or "dossier"
    return f"{stem}-{short_hash(dossier_id)}"


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]


def file_suffix(key: str) -> str:
    """The key's extension when it is a plain one (« .xlsx »), else "": for naming a local copy."""
    suffix = PurePosixPath(key).suffix
    return suffix if 1 < len(suffix) <= 8 and suffix[1:].isascii() and suffix[1:].isalnum() else ""
