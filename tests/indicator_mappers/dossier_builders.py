"""Builders of in-memory dossier documents for the scope, admissibility, audit and assess tests."""

from __future__ import annotations

import hashlib

from schemas import DocumentRecord, DossierDocument, PageText
from schemas.contract import DocType


def doc(
    path: str,
    doc_type: DocType,
    text: str = "",
    *,
    error: str | None = None,
    **fields: str | int | float | bool | None,
) -> DossierDocument:
    """A document as the assessment sees it; `error` makes it unreadable (no pages)."""
    record = DocumentRecord(
        path=path,
        doc_type=doc_type,
        status="error" if error else "ok",
        error=error,
        pages=0 if error else max(1, text.count("\f") + 1),
        sha256=hashlib.sha256(f"{path}{text}".encode()).hexdigest(),
        fields=dict(fields),
    )
    pages = [] if error else [PageText(number=i + 1, text=t) for i, t in enumerate(text.split("\f"))]
    return DossierDocument(record=record, pages=pages)
