"""The in-process extraction: size check, content sniffing, one reader per format, and the single
place where a failure becomes an `ExtractedDocument` with a French `error`."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from pathlib import Path

from extractors.errors import ExtractionError, OutOfMemory, Unreadable
from extractors.image import extract_image
from extractors.ocr import OcrEngine
from extractors.pdf import extract_pdf
from extractors.safety import Deadline, check_archive, check_size
from extractors.sniff import Kind, sniff
from extractors.spreadsheet import extract_xlsx, looks_like_csv
from extractors.text import extract_text, read_text_file
from extractors.word import extract_docx
from schemas import ExtractedDocument, Limits, PageText

logger = logging.getLogger(__name__)


def extract_document(
    path: Path, relative_path: str, limits: Limits, sha256: str | None, engine: OcrEngine
) -> ExtractedDocument:
    """Never raises (short of the interpreter dying): every failure is returned as an error record."""
    deadline = Deadline(limits.document_timeout_seconds)
    digest = sha256 or ""
    media_type: str | None = None
    try:
        check_size(path, limits)
        digest = sha256 or file_sha256(path)
        sniffed = sniff(path)
        media_type = sniffed.media_type
        if sniffed.kind is Kind.TEXT:
            text = read_text_file(path)
            media_type = "text/csv" if looks_like_csv(text) else sniffed.media_type
            pages = list(extract_text(text, limits, deadline))
        else:
            pages = list(_read(sniffed.kind, path, limits, deadline, engine))
    except ExtractionError as error:
        return failure_record(relative_path, digest, media_type, error)
    except OSError as error:
        # The file vanished or became unreadable between the listing and the read.
        logger.warning("cannot read %s: %s", relative_path, error)
        return failure_record(relative_path, digest, media_type, Unreadable())
    except MemoryError:
        return failure_record(relative_path, digest, media_type, OutOfMemory())
    except Exception as error:  # noqa: BLE001 - a parser bug on one file must not stop the dossier
        logger.exception("unexpected failure extracting %s", relative_path)
        return failure_record(
            relative_path,
            digest,
            media_type,
            ExtractionError(f"Erreur inattendue pendant la lecture du fichier ({type(error).__name__})."),
        )
    return ExtractedDocument(path=relative_path, sha256=digest, media_type=media_type, pages=pages)


def _read(kind: Kind, path: Path, limits: Limits, deadline: Deadline, engine: OcrEngine) -> Iterator[PageText]:
    if kind is Kind.PDF:
        return extract_pdf(path, limits, deadline, engine)
    if kind is Kind.IMAGE:
        return extract_image(path, limits, deadline, engine)
    check_archive(path, limits)
    if kind is Kind.DOCX:
        return extract_docx(path, limits, deadline, engine)
    return extract_xlsx(path, limits, deadline)


def failure_record(relative_path: str, sha256: str, media_type: str | None, error: ExtractionError) -> ExtractedDocument:
    """The one place where a failure becomes data."""
    return ExtractedDocument(
        path=relative_path, sha256=sha256, media_type=media_type, error=error.message_fr, error_kind=error.kind
    )


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
