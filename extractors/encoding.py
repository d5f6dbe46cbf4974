"""Text decoding for TXT and CSV files exported by French office software.

What arrives in practice: UTF-8 (with or without BOM) from recent tools, CP1252 from Excel's
« CSV (séparateur : point-virgule) » on Windows, Latin-1 from older systems, now and then UTF-16
from « Texte Unicode » exports. UTF-8 is tried strictly first: a CP1252 file with accents is never
valid UTF-8, while the reverse decode would silently produce « Ã© ».
"""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes CP1252 leaves undefined: their presence means the file is Latin-1 (C1 controls) instead.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def detect_encoding(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "latin-1" if _CP1252_UNDEFINED & set(data) else "cp1252"
    return "utf-8"


def decode_text(data: bytes) -> tuple[str, str]:
    """Returns (text with normalised line ends, encoding used). Never raises on bad bytes."""
    encoding = detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
