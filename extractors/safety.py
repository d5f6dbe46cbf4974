"""Limits checked before and while reading: size, archive shape, XML declarations, wall clock.

Everything here runs before the heavy parsers see the bytes, so that a hostile file is refused
cheaply instead of exhausting memory inside lxml, openpyxl or pdfium.
"""

from __future__ import annotations

import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from extractors.errors import ArchiveBomb, CorruptFile, EmptyFile, ExtractionTimeout, TooLarge, Unreadable
from schemas import Limits

MIB = 1024 * 1024
# Small parts (styles, content types) compress far better than the ratio limit without being
# bombs; a bomb needs a big part, so the per-entry ratio only applies beyond this size.
RATIO_CHECK_MIN_BYTES = 1 * MIB
XML_SUFFIXES = (".xml", ".rels", ".vml")
# Markup declarations, in the encodings XML allows for OOXML parts (UTF-8, UTF-16 either way).
DTD_PATTERNS = tuple(
    marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY") for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
DTD_OVERLAP = max(len(pattern) for pattern in DTD_PATTERNS) - 1
SCAN_CHUNK_BYTES = 1024 * 1024


def check_size(path: Path, limits: Limits) -> int:
    """Refuses empty and oversized files from the directory entry alone, before any read."""
    try:
        info = path.stat()
    except OSError as error:
        raise Unreadable() from error
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable("Pièce illisible : ce n'est pas un fichier ordinaire.")
    size = info.st_size
    if size == 0:
        raise EmptyFile()
    if size > limits.max_file_bytes:
        raise TooLarge(
            f"Fichier refusé : {size / MIB:.1f} Mo, au-delà de la limite de {limits.max_file_bytes / MIB:.0f} Mo."
        )
    return size


def check_archive(path: Path, limits: Limits) -> None:
    """Zip-bomb guard for DOCX/XLSX, plus a refusal of any DTD in their XML parts.

    The sizes checked are the ones the central directory declares; Python's `zipfile` (used by
    python-docx and openpyxl) stops inflating an entry at its declared size, so lying about them
    does not help an attacker.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            _check_shape(entries, limits)
            for entry in entries:
                if entry.filename.lower().endswith(XML_SUFFIXES):
                    with archive.open(entry) as part:
                        _refuse_dtd(part, entry.filename)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise CorruptFile("Archive (.docx ou .xlsx) endommagée ou tronquée : elle n'a pas pu être ouverte.") from error


def _check_shape(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(entries) > limits.archive_max_entries:
        raise ArchiveBomb(f"Archive refusée : {len(entries)} fichiers internes (limite {limits.archive_max_entries}).")
    total = sum(entry.file_size for entry in entries)
    if total > limits.archive_max_total_bytes:
        raise ArchiveBomb(
            f"Archive refusée : {total / MIB:.0f} Mo une fois décompressée "
            f"(limite {limits.archive_max_total_bytes / MIB:.0f} Mo)."
        )
    for entry in entries:
        if entry.file_size < RATIO_CHECK_MIN_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > limits.archive_max_ratio:
            raise ArchiveBomb(
                f"Archive refusée : taux de compression anormal ({ratio:.0f}:1, limite {limits.archive_max_ratio:.0f}:1)."
            )


def _refuse_dtd(part: BinaryIO, name: str) -> None:
    """OOXML never needs a DTD; one is the signature of an entity-expansion or XXE attack. A literal
    `<!` cannot occur in XML character data (it must be escaped), so a plain search has no false
    positive outside comments and CDATA, which OOXML parts do not use. Streamed: a part may be big."""
    tail = b""
    while chunk := part.read(SCAN_CHUNK_BYTES):
        window = tail + chunk
        if any(pattern in window for pattern in DTD_PATTERNS):
            raise CorruptFile(f"Fichier Office refusé : déclaration DTD interdite dans « {name} ».")
        tail = window[-DTD_OVERLAP:]


@dataclass
class Deadline:
    """Wall-clock budget of one document, checked between pages and passed to Tesseract calls."""

    seconds: float
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def check(self) -> None:
        if self.remaining() <= 0:
            raise ExtractionTimeout(
                f"Lecture interrompue : durée maximale de traitement ({self.seconds:.0f} s) dépassée."
            )
