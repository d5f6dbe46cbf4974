"""Which reader a file needs, decided from its bytes (never from its name).

Officers receive `.pdf` files that are JPEG photos, Word files renamed `.doc`, CSV exports named
`.txt`: only the content is trusted. The file extension is not even looked at.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import filetype

from extractors.errors import CorruptFile, UnsupportedFormat

HEAD_BYTES = 8192
# The PDF spec lets readers accept a header anywhere in the first 1024 bytes (mail gateways and
# some scanners prepend junk); pdfium does too.
PDF_HEADER_WINDOW = 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MIMES = {"image/jpeg", "image/png", "image/tiff", "image/bmp", "image/gif", "image/webp"}
ODF_MIMES = {
    b"application/vnd.oasis.opendocument.text": "document OpenDocument (.odt)",
    b"application/vnd.oasis.opendocument.spreadsheet": "classeur OpenDocument (.ods)",
    b"application/vnd.oasis.opendocument.presentation": "présentation OpenDocument (.odp)",
}
# Share of control characters above which a decodable file is still considered binary.
MAX_CONTROL_SHARE = 0.02


class Kind(str, Enum):
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    IMAGE = "image"
    TEXT = "text"


MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Kind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Kind.TEXT: "text/plain",
}


@dataclass(frozen=True)
class Sniffed:
    kind: Kind
    media_type: str


def sniff(path: Path) -> Sniffed:
    """Raises `UnsupportedFormat` (with the format's name when known) or `CorruptFile`."""
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    if b"%PDF-" in head[:PDF_HEADER_WINDOW]:
        return Sniffed(Kind.PDF, MEDIA_TYPES[Kind.PDF])
    if head.startswith(OLE2_MAGIC):
        raise UnsupportedFormat(
            "Ancien format Microsoft Office 97-2003 (.doc, .xls) non pris en charge : "
            "enregistrer la pièce au format .docx, .xlsx ou PDF."
        )
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(path)
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormat("Format RTF non pris en charge : enregistrer la pièce au format .docx ou PDF.")
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime in IMAGE_MIMES:
        return Sniffed(Kind.IMAGE, guessed.mime)
    if guessed is None and looks_like_text(head):
        return Sniffed(Kind.TEXT, MEDIA_TYPES[Kind.TEXT])
    label = f" ({guessed.mime})" if guessed is not None else ""
    raise UnsupportedFormat(f"Format de fichier non reconnu ou non pris en charge{label}.")


def _sniff_zip(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100).strip()
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as error:
        raise CorruptFile("Archive (.docx, .xlsx ou .zip) endommagée ou tronquée : elle n'a pas pu être ouverte.") from error
    if "word/document.xml" in names:
        return Sniffed(Kind.DOCX, MEDIA_TYPES[Kind.DOCX])
    if "xl/workbook.xml" in names:
        return Sniffed(Kind.XLSX, MEDIA_TYPES[Kind.XLSX])
    if mimetype in ODF_MIMES:
        raise UnsupportedFormat(
            f"Format {ODF_MIMES[mimetype]} non pris en charge : enregistrer la pièce au format .docx, .xlsx ou PDF."
        )
    raise UnsupportedFormat("Archive ZIP non prise en charge : déposer les pièces une par une, pas une archive.")


def looks_like_text(sample: bytes) -> bool:
    """True when the bytes read as text in one of the encodings `decode_text` accepts."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = sample[: len(sample) // 2 * 2].decode("utf-16", errors="replace")
    elif not sample or b"\x00" in sample:
        return False
    elif _is_utf8(sample):
        # A multi-byte UTF-8 sequence may be cut at the end of the sample.
        text = sample.decode("utf-8", errors="ignore")
    else:
        text = sample.decode("cp1252", errors="replace")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
    return controls <= MAX_CONTROL_SHARE * len(text)


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(sample) - 3
    return True
