"""Layout-neutral content of a generated document.

Builders describe *what* a document says (headings, paragraphs, tables); renderers decide how it looks
in a given format. Keeping the two apart is what lets one dossier be emitted as PDF, DOCX, TXT or a scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

Align = Literal["left", "center", "right", "justify"]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    align: Align = "left"
    size: float | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    marker: str = "•"


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]
    header: bool = True
    col_widths: tuple[float, ...] | None = None  # relative widths, renderer scales them
    # Handwriting-like marks (signatures, ticks) that a photo or scan shows but that are not text.
    signature_cells: frozenset[tuple[int, int]] = frozenset()


@dataclass(frozen=True)
class Spacer:
    height: float = 8.0


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Para, Bullets, Table, Spacer, PageBreak]


@dataclass
class Document:
    """A text document: title, blocks, running header/footer and a few layout wishes."""

    title: str
    blocks: list[Block]
    header: str | None = None
    footer: str | None = None
    columns: int = 1
    font: Literal["sans", "serif", "narrow"] = "sans"
    base_size: float = 10.0
    landscape: bool = False
    author: str | None = None


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # first rows may be titles; `header_row` says where the column names are
    header_row: int = 0
    col_widths: list[float] = field(default_factory=list)


@dataclass
class Workbook:
    """A tabular document (XLSX, CSV): one or more sheets. CSV writes the first one only."""

    title: str
    sheets: list[Sheet]
    author: str | None = None


Content = Union[Document, Workbook]
