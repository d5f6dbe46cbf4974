"""`ExtractedDocument` -> contract `DocumentRecord`: classification, fields and extraction facts."""

from __future__ import annotations

from extractors.classify import classify, default_rules
from extractors.fields import extract_fields
from extractors.fields.dates import parse_french_date
from extractors.fields.rules import field_rules
from schemas.contract import DocumentRecord
from schemas.extraction import ExtractedDocument


def to_record(extracted: ExtractedDocument) -> DocumentRecord:
    """doc_type (+ classification_reason), fields, pages, ocr, ocr_confidence; status/error from extraction."""
    base = {
        "path": extracted.path,
        "sha256": extracted.sha256,
        "pages": len(extracted.pages),
        "ocr": extracted.ocr,
        "ocr_confidence": None if extracted.ocr_confidence is None else round(extracted.ocr_confidence, 1),
    }
    if not extracted.ok:
        return DocumentRecord(
            **base,
            doc_type="unknown",
            status="error",
            error=extracted.error,
            classification_reason="Document illisible : pas de classement possible.",
        )
    classification = classify(extracted.pages, extracted.path)
    return DocumentRecord(
        **base,
        doc_type=classification.doc_type,
        fields=extract_fields(classification.doc_type, extracted.pages),
        classification_reason=classification.reason,
    )


def prepare() -> None:
    """Loads what `to_record` needs once per process: the classification and field rules (about
    1,800 patterns compiled) and dateparser's French data, about 0.75 s in all. An extraction worker
    calls it while it starts, so that its first document does not pay it."""
    default_rules()
    field_rules()
    parse_french_date("1er janvier 2026")
