"""Plain-text files: TXT, and CSV recognised from its regular separators (not from its name)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extractors.encoding import decode_text
from extractors.safety import Deadline
from extractors.spreadsheet import extract_csv, looks_like_csv
from schemas import Limits, PageText

FORM_FEED = "\f"


def meaningful_chars(text: str) -> int:
    """Letters and digits only: a text layer of unmapped glyph codes, dots or dashes is not text."""
    return sum(1 for char in text if char.isalnum())


def read_text_file(path: Path) -> str:
    text, _encoding = decode_text(path.read_bytes())
    return text


def extract_text(text: str, limits: Limits, deadline: Deadline) -> Iterator[PageText]:
    """CSV content becomes a table page; other text one page per form feed (as `pdftotext` writes them)."""
    if looks_like_csv(text):
        yield from extract_csv(text, limits, deadline)
        return
    for number, page in enumerate(text.split(FORM_FEED), start=1):
        yield PageText(number=number, text=page.strip("\n"))
