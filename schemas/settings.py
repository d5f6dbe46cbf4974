"""Limits and knobs passed down explicitly (never globals). Frozen so a worker cannot change them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = Field(default=100 * 1024 * 1024, description="Files larger than this are refused.")
    max_pages: int = Field(default=1000, description="PDFs (or multi-page TIFFs) with more pages are refused.")
    max_image_pixels: int = Field(default=60_000_000, description="Decompression-bomb guard for images.")
    document_timeout_seconds: float = Field(default=300.0, description="Wall-clock limit per document.")
    ocr_dpi: int = Field(default=300)
    ocr_languages: str = "fra"
    ocr_fallback_languages: str = "fra+eng"
    min_text_chars_per_page: int = Field(default=20, description="Below this a PDF page is treated as a scan.")
    archive_max_entries: int = 10_000
    archive_max_total_bytes: int = 500 * 1024 * 1024
    archive_max_ratio: float = 200.0
    spreadsheet_max_cells: int = 2_000_000


class PipelineSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    limits: Limits = Field(default_factory=Limits)
    workers: int | None = Field(
        default=None,
        description="Extraction processes of each process that reads documents; default: its machine's cores.",
    )
