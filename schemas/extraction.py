"""What `extractors.extract` returns: text with page positions, before any interpretation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from schemas.contract import DocumentRecord


class StyledLine(BaseModel):
    """A line of a page with its typography: titles are told apart by size and weight."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    size: float = Field(description="Character height in points (the line's most common size).")
    bold: bool = False
    top: float = Field(default=0.0, description="Distance from the top of the page, in points.")
    left: float | None = Field(default=None, description="Horizontal extent of the line's ink, when known.")
    right: float | None = None
    paragraph: int | None = Field(
        default=None, description="Word files: the paragraph the line is; PDF lines are grouped by position."
    )


class PageText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, description="1-based page (or sheet) number.")
    text: str = ""
    tables: list[list[list[str]]] = Field(default_factory=list, description="Tables as rows of cell strings.")
    ocr: bool = False
    ocr_confidence: float | None = Field(default=None, description="Mean word confidence 0..100 when OCR'd.")
    rotation: int = Field(default=0, description="Degrees the page was turned before OCR.")
    styled_lines: list[StyledLine] = Field(
        default_factory=list, description="First page of a PDF or Word file: its lines with their typography."
    )


class ExtractedDocument(BaseModel):
    """A file turned into text. `error` is set (French, one line) when it could not be read."""

    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str
    media_type: str | None = None
    pages: list[PageText] = Field(default_factory=list)
    error: str | None = None
    error_kind: str | None = Field(default=None, description="Machine-readable error class, e.g. 'encrypted'.")

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def ocr(self) -> bool:
        return any(page.ocr for page in self.pages)

    @property
    def text(self) -> str:
        return "\n\n".join(page.text for page in self.pages)

    @property
    def ocr_confidence(self) -> float | None:
        scores = [p.ocr_confidence for p in self.pages if p.ocr and p.ocr_confidence is not None]
        return sum(scores) / len(scores) if scores else None


class ReadDocument(BaseModel):
    """A file as an extraction worker hands it back: its text and, classified in the same worker
    (so that classification runs on every core, not in the orchestrating process), its record."""

    model_config = ConfigDict(extra="forbid")

    extracted: ExtractedDocument
    record: DocumentRecord


class DossierDocument(BaseModel):
    """One document as the assessment stage sees it: its contract record and its text."""

    model_config = ConfigDict(extra="forbid")

    record: DocumentRecord
    pages: list[PageText] = Field(default_factory=list)
