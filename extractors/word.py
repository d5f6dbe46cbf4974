"""DOCX -> pages: body paragraphs and tables in document order, headers and footers, split on explicit
page breaks.

Text is read from the runs' XML rather than python-docx's `Paragraph.text`, which skips text boxes
(where templates often put the organisation's identity block). The VML fallback copy of each text
box (`mc:Fallback`) is skipped so it is not read twice. The archive is checked by
`safety.check_archive` before python-docx opens it; python-docx's own lxml parser does not resolve
entities. A document with (almost) no text but pictures is a pasted scan: its pictures are OCR'd,
one page each, after the text pages.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from extractors.errors import CorruptFile, TooManyPages, TooManyPixels
from extractors.image import ocr_image_file
from extractors.ocr import OcrEngine
from extractors.safety import Deadline
from extractors.text import meaningful_chars
from schemas import Limits, PageText, StyledLine

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_P, _TBL, _T, _TAB, _BR, _CR = (f"{{{W}}}{name}" for name in ("p", "tbl", "t", "tab", "br", "cr"))
_TR, _TC, _SDT, _SDT_CONTENT = (f"{{{W}}}{name}" for name in ("tr", "tc", "sdt", "sdtContent"))
_FALLBACK = f"{{{MC}}}Fallback"
_TYPE = f"{{{W}}}type"
PAGE_BREAK = "\f"
MEDIA_FOLDER = "word/media/"
# Typography is read on the first page only, and at most on this many paragraphs.
MAX_STYLED_PARAGRAPHS = 80
OOXML_DEFAULT_SIZE = 10.0
LINE_SPACING = 1.2
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif")


def extract_docx(path: Path, limits: Limits, deadline: Deadline, engine: OcrEngine) -> Iterator[PageText]:
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as error:
        raise CorruptFile("Document Word endommagé : il n'a pas pu être ouvert.") from error
    header = _unique_texts(_part_lines(part) for part in _header_parts(document, "header"))
    footer = _unique_texts(_part_lines(part) for part in _header_parts(document, "footer"))
    body_lines = list(_block_lines(document.element.body))
    deadline.check()
    pages = "\n".join(body_lines).split(PAGE_BREAK)
    pages[0] = "\n".join(filter(None, [header, pages[0]]))
    pages[-1] = "\n".join(filter(None, [pages[-1], footer]))
    tables = _tables_per_page(document.element.body)
    text_pages = [PageText(number=n, text=_tidy(text), tables=tables.get(n, [])) for n, text in enumerate(pages, start=1)]
    text_pages[0] = text_pages[0].model_copy(update={"styled_lines": styled_paragraphs(document)})
    if meaningful_chars("".join(pages)) >= limits.min_text_chars_per_page:
        yield from text_pages
        return
    # A scan pasted into Word (certificates, signed attendance sheets): its pictures are the content.
    kept = [page for page in text_pages if page.text or page.tables]
    pictures = list(_ocr_pictures(path, len(kept) + 1, limits, deadline, engine))
    if not pictures:
        yield from text_pages
        return
    for number, page in enumerate(kept, start=1):
        yield page.model_copy(update={"number": number})
    yield from pictures


def styled_paragraphs(document: DocxDocument) -> list[StyledLine]:
    """The first page's paragraphs (table cells included) with their size and weight, from the runs'
    own formatting, else their paragraph style's chain, else the document's defaults. A paragraph
    is one line; its position counts the heights of the paragraphs above it."""
    default_size = _default_size(document)
    lines: list[StyledLine] = []
    top = 0.0
    for paragraph in _first_page_paragraphs(document):
        text = " ".join(paragraph.text.split())
        sized = [(len(run.text), _run_size(run, paragraph, default_size), _run_bold(run, paragraph)) for run in paragraph.runs]
        sized = [item for item in sized if item[0]]
        height = max((size for _, size, _ in sized), default=default_size)
        if text and sized:
            weights = Counter[float]()
            for length, size, _ in sized:
                weights[size] += length
            bold = sum(length for length, _, is_bold in sized if is_bold) * 2 > sum(length for length, _, _ in sized)
            lines.append(StyledLine(
                text=text, size=weights.most_common(1)[0][0], bold=bold, top=round(top, 1), paragraph=len(lines),
            ))
        top += height * LINE_SPACING
    return lines


def _first_page_paragraphs(document: DocxDocument) -> Iterator[Paragraph]:
    count = 0
    for block in document.iter_inner_content():
        paragraphs = [block] if isinstance(block, Paragraph) else _cell_paragraphs(block)
        for paragraph in paragraphs:
            yield paragraph
            count += 1
            if count >= MAX_STYLED_PARAGRAPHS or _page_breaks(paragraph._element):
                return


def _cell_paragraphs(table: Table) -> list[Paragraph]:
    seen: set[int] = set()
    paragraphs: list[Paragraph] = []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:  # a merged cell is listed once per grid column it spans
                seen.add(id(cell._tc))
                paragraphs += cell.paragraphs
    return paragraphs


def _default_size(document: DocxDocument) -> float:
    half_points = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    return int(half_points[0]) / 2 if half_points else OOXML_DEFAULT_SIZE


def _run_size(run: Run, paragraph: Paragraph, default_size: float) -> float:
    if run.font.size is not None:
        return run.font.size.pt
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return style.font.size.pt
        style = style.base_style
    return default_size


def _run_bold(run: Run, paragraph: Paragraph) -> bool:
    if run.bold is not None:
        return run.bold
    style = paragraph.style
    while style is not None:
        if style.font.bold is not None:
            return style.font.bold
        style = style.base_style
    return False


def _ocr_pictures(path: Path, first_number: int, limits: Limits, deadline: Deadline, engine: OcrEngine) -> Iterator[PageText]:
    number = first_number
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            (name for name in archive.namelist() if name.startswith(MEDIA_FOLDER) and name.lower().endswith(PICTURE_SUFFIXES)),
            key=_natural_key,
        )
        for name in names[: limits.max_pages]:
            with archive.open(name) as picture:
                data = io.BytesIO(picture.read())
            try:
                pages = list(ocr_image_file(data, number, limits, deadline, engine))
            except (CorruptFile, TooManyPixels, TooManyPages):
                # A logo in an odd format or a giant photo does not make the document unreadable.
                continue
            yield from pages
            number += len(pages)


def _natural_key(name: str) -> list[int | str]:
    """word/media/image2.png before word/media/image10.png (Word numbers pictures as inserted)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _header_parts(document, kind: str) -> Iterator[etree._Element]:
    for section in document.sections:
        for variant in ("", "first_page_", "even_page_"):
            part = getattr(section, f"{variant}{kind}")
            if not part.is_linked_to_previous:
                yield part._element


def _part_lines(element: etree._Element) -> str:
    return "\n".join(_block_lines(element))


def _unique_texts(texts: Iterator[str]) -> str:
    seen: dict[str, None] = {}
    for text in texts:
        if text.strip():
            seen.setdefault(text.strip(), None)
    return "\n".join(seen)


def _block_lines(container: etree._Element) -> Iterator[str]:
    """Lines of a body, header, cell or content control, in document order. Table rows become one
    line with cells separated by tabs, as the text layer of a PDF table reads."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield _paragraph_text(child)
        elif child.tag == _TBL:
            yield from _table_lines(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)


def _paragraph_text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter(_T, _TAB, _BR, _CR, _P):
        if _in_fallback(node, paragraph):
            continue
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        elif node.tag == _BR and node.get(_TYPE) == "page":
            parts.append(PAGE_BREAK)
        elif node.tag in (_BR, _CR) or (node.tag == _P and node is not paragraph):
            # Line breaks, and the paragraphs of a text box, each start a line.
            parts.append("\n")
    return "".join(parts)


def _in_fallback(node: etree._Element, stop: etree._Element) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == _FALLBACK:
            return True
        parent = parent.getparent()
    return False


def _table_lines(table: etree._Element) -> Iterator[str]:
    for row in _table_rows(table):
        line = "\t".join(cell for cell in row)
        if line.strip():
            yield line


def _table_rows(table: etree._Element) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.iterchildren(_TR):
        cells = [" ".join("\n".join(_block_lines(cell)).split()) for cell in row.iterchildren(_TC)]
        rows.append(cells)
    return rows


def _tables_per_page(body: etree._Element) -> dict[int, list[list[list[str]]]]:
    """Top-level tables, filed under the page (explicit page breaks counted) where they start."""
    tables: dict[int, list[list[list[str]]]] = {}
    page = 1
    for child in body.iterchildren():
        if child.tag == _TBL:
            rows = [row for row in _table_rows(child) if any(row)]
            if rows:
                tables.setdefault(page, []).append(rows)
        page += _page_breaks(child)
    return tables


def _page_breaks(element: etree._Element) -> int:
    return sum(1 for node in element.iter(_BR) if node.get(_TYPE) == "page" and not _in_fallback(node, element))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")
