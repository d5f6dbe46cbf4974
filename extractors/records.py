"""`ExtractedDocument` -> contract `DocumentRecord`: classification, fields and extraction facts."""

from __future__ import annotations

from extractors.classify import classify
from extractors.fields import extract_fields
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
