"""PDF -> pages, one at a time: pdfium's text layer, pdfplumber's tables where the page has rulings,
OCR of the pages that have no usable text.

Only one page (and at most one rendered image) is alive at any moment, so a 500-page scan costs the
memory of one page. pdfplumber is ~80x slower than pdfium for plain text: it is opened lazily and
only asked for the pages that draw ruled lines.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extractors.errors import CorruptFile, EncryptedFile, TooManyPages
from extractors.layout import reading_order_regions
from extractors.ocr import OcrEngine, ocr_page
from extractors.safety import Deadline
from extractors.text import meaningful_chars
from schemas import Limits, PageText, StyledLine

POINTS_PER_INCH = 72
# A ruled table has at least a few line-like vector paths (borders, or thin filled rectangles as
# Word exports them). Logos made of curves are not line-like and do not wake pdfplumber.
MIN_RULING_PATHS = 4
RULING_THICKNESS = 3.0
RULING_MIN_LENGTH = 10.0
BOLD_WEIGHT = 600
# A gap along a line wider than this many times the font size parts two blocks of text (a word space
# is a third of it, a justified line's widest about one).
COLUMN_GAP_EMS = 2.5
# A line is overprinted (fake bold) when this share of its words of at least this length are doubled.
OVERPRINTED_SHARE = 0.8
MIN_DOUBLED_WORD = 4
# A rendered page is 4 bytes a pixel (BGRx): 35 MB for A4 at 300 dpi. A fresh buffer of that size is
# zero-filled and faulted in by the kernel page by page at every render, a quarter of the rendering's
# CPU; one buffer per thread is kept and drawn over instead, for pages up to this size (A3 at 300 dpi
# is 70 MB). Larger pages, rare, get a buffer of their own, freed with them.
REUSED_BITMAP_BYTES = 72 * 1024 * 1024
BITMAP_BYTES_PER_PIXEL = 4
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")
# Letter-spaced text (« S I R E N 9 4 9 … »): runs of at least this many one-character tokens,
# mostly letters, are joined back into words.
MIN_SPACED_RUN = 8
_SPACED_RUN = re.compile(rf"(?<!\S)(?:\S ){{{MIN_SPACED_RUN - 1},}}\S(?!\S)")
# Where the words of a joined run part: letters against digits, a lower-case letter before a
# capital, the last capital of a run before a lower-case letter (« PONTOISENuméro »).
_WORD_PARTS = re.compile(r"(?<=[^\W\d])(?=\d)|(?<=\d)(?=[^\W\d])|(?<=[^\W\d_A-Z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][^\W\dA-Z])")


def open_pdf(path: Path, limits: Limits) -> pdfium.PdfDocument:
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile() from error
        raise CorruptFile("PDF endommagé ou tronqué : il n'a pas pu être ouvert.") from error
    count = len(document)
    if count == 0:
        document.close()
        raise CorruptFile("PDF endommagé : aucune page lisible.")
    if count > limits.max_pages:
        document.close()
        raise TooManyPages(f"PDF refusé : {count} pages (limite {limits.max_pages}).")
    return document


def extract_pdf(path: Path, limits: Limits, deadline: Deadline, engine: OcrEngine) -> Iterator[PageText]:
    with ExitStack() as stack:
        document = open_pdf(path, limits)
        stack.callback(document.close)
        has_forms = pdfium_c.FPDF_GetFormType(document) != pdfium_c.FORMTYPE_NONE
        if has_forms:
            # Filled-in fields (cerfa forms) live in widget annotations, outside the text layer:
            # flattening a page copies their appearance into its content, in memory only.
            document.init_forms()
        tables = _LazyPlumber(path)
        stack.callback(tables.close)
        for index in range(len(document)):
            deadline.check()
            yield _extract_page(document, index, has_forms, tables, limits, deadline, engine)


def _extract_page(
    document: pdfium.PdfDocument,
    index: int,
    has_forms: bool,
    tables: _LazyPlumber,
    limits: Limits,
    deadline: Deadline,
    engine: OcrEngine,
) -> PageText:
    page = _load_page(document, index, has_forms)
    try:
        ruled = has_rulings(page)
        # Ruled tables are written row by row: their cells must not be regrouped as text columns.
        text = page_text(page, detect_columns=not ruled)
        if meaningful_chars(text) >= limits.min_text_chars_per_page:
            return PageText(
                number=index + 1, text=text, tables=tables.tables(index) if ruled else [],
                styled_lines=styled_lines(page) if index == 0 else [],
            )
        image, dpi = render_page(page, limits)
    finally:
        page.close()
    try:
        return ocr_page(image, index + 1, limits, deadline, engine, dpi=dpi)
    finally:
        image.close()


def _load_page(document: pdfium.PdfDocument, index: int, has_forms: bool) -> pdfium.PdfPage:
    try:
        page = document[index]
        if has_forms and pdfium_c.FPDFPage_GetAnnotCount(page) > 0:
            if page.flatten() == pdfium_c.FLATTEN_SUCCESS:
                # pdfium's rule: a flattened page must be loaded again to show its new content.
                page.close()
                page = document[index]
    except pdfium.PdfiumError as error:
        raise CorruptFile(f"PDF endommagé : la page {index + 1} n'a pas pu être lue.") from error
    return page


def page_text(page: pdfium.PdfPage, detect_columns: bool = True) -> str:
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        regions = reading_order_regions(_text_rects(textpage), width, height) if detect_columns else None
        if regions is None:
            raw = textpage.get_text_range()
        else:
            raw = "\n".join(textpage.get_text_bounded(*region) for region in regions)
    finally:
        textpage.close()
    return clean_text(raw)


def styled_lines(page: pdfium.PdfPage) -> list[StyledLine]:
    """The page's text lines with their size (font size times the text matrix's scale: some
    writers print every character at size 1 scaled up) and weight, top to bottom."""
    textpage = page.get_textpage()
    try:
        height = page.get_size()[1]
        lines: list[StyledLine] = []
        chars: list[tuple[str, float, int]] = []
        top: float | None = None
        span: tuple[float, float] | None = None  # the line's inked characters from left to right
        matrix = pdfium_c.FS_MATRIX()
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
            if char in "\r\n":
                _append_styled(lines, chars, top, height, span)
                chars, top, span = [], None, None
                continue
            pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            size = pdfium_c.FPDFText_GetFontSize(textpage, index) * scale
            if not char.isspace():
                left, _, right, char_top = textpage.get_charbox(index)
                if span and left - span[1] > COLUMN_GAP_EMS * size:
                    # Text far along the same line is another block: a header set right of a title,
                    # the next cell of a table.
                    _append_styled(lines, chars, top, height, span)
                    chars, top, span = [], None, None
                # The line's top is its first inked character's.
                top = height - char_top if top is None else top
                span = (min(span[0], left), max(span[1], right)) if span else (left, right)
            chars.append((char, round(size, 1), pdfium_c.FPDFText_GetFontWeight(textpage, index)))
        _append_styled(lines, chars, top, height, span)
    finally:
        textpage.close()
    return sorted(lines, key=lambda line: line.top)


def _append_styled(
    lines: list[StyledLine],
    chars: list[tuple[str, float, int]],
    top: float | None,
    height: float,
    span: tuple[float, float] | None,
) -> None:
    inked = [item for item in chars if not item[0].isspace()]
    # pdfium gives UTF-16 code units: an emoji comes as two halves, joined here.
    joined = "".join(item[0] for item in chars).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = undouble_overprinted(" ".join(joined.split()))
    if not inked or not text or top is None or not 0 <= top <= height:
        return  # text drawn outside the page (cropped away) is not seen by a reader
    size = Counter(item[1] for item in inked).most_common(1)[0][0]
    bold = sum(item[2] >= BOLD_WEIGHT for item in inked) * 2 > len(inked)
    left, right = span or (None, None)
    lines.append(StyledLine(text=text, size=size, bold=bold, top=round(top, 1), left=left, right=right))


def _text_rects(textpage: pdfium.PdfTextPage) -> list[tuple[float, float, float, float]]:
    return [textpage.get_rect(i) for i in range(textpage.count_rects())]


def clean_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_CHARS.sub("", text)
    text = "\n".join(unspace_letter_spaced(undouble_overprinted(line)) for line in text.split("\n"))
    return _SPACES_BEFORE_NEWLINE.sub("\n", text).strip()


def _doubled(word: str) -> bool:
    return len(word) >= 2 and len(word) % 2 == 0 and word[0::2] == word[1::2]


def unspace_letter_spaced(line: str) -> str:
    """« S I R E N 9 4 9 9 1 7 3 1 4 R C S » → « SIREN 949917314 RCS »: text set with wide tracking
    comes out of the text layer with a space between every character. Word spaces are lost with
    them; they are put back where letters meet digits and where case changes, which is enough for
    labels and identifiers. A row of single figures or of a scale (« 1 2 3 4 5 6 7 8 9 10 ») is left
    as it is."""

    def rejoin(run: re.Match[str]) -> str:
        chars = run.group().split(" ")
        if sum(char.isalpha() for char in chars) * 2 < len(chars):
            return run.group()
        return _WORD_PARTS.sub(" ", "".join(chars))

    return _SPACED_RUN.sub(rejoin, line)


def undouble_overprinted(line: str) -> str:
    """« TTiittrree pprrooffeessssiioonnnneell » → « Titre professionnel »: some writers fake bold by
    printing every character twice, and the text layer keeps both. A line is undoubled only when
    nearly all its longer words are doubled, so a real « aabb » or « 2200 » stays."""
    words = line.split()
    long_words = [word for word in words if len(word) >= MIN_DOUBLED_WORD]
    if not long_words or sum(map(_doubled, long_words)) < OVERPRINTED_SHARE * len(long_words):
        return line
    return " ".join(word[0::2] if _doubled(word) else word for word in words)


def has_rulings(page: pdfium.PdfPage) -> bool:
    count = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        thin, long = sorted((right - left, top - bottom))
        if thin <= RULING_THICKNESS and long >= RULING_MIN_LENGTH:
            count += 1
        elif thin >= RULING_MIN_LENGTH:
            # A stroked rectangle: a cell border drawn in one path.
            count += 2
        if count >= MIN_RULING_PATHS:
            return True
    return False


def render_page(page: pdfium.PdfPage, limits: Limits) -> tuple[Image.Image, int]:
    """Renders at `ocr_dpi`, lowered for oversized pages so the bitmap stays under the pixel limit.
    Returns the image and the resolution it was rendered at."""
    width, height = page.get_size()
    scale = limits.ocr_dpi / POINTS_PER_INCH
    pixels = width * height * scale * scale
    if pixels > limits.max_image_pixels:
        scale *= (limits.max_image_pixels / pixels) ** 0.5
    try:
        # Rendered in colour and converted here: the same grey levels (PIL's and PDFium's luma agree
        # to the pixel) in 80 ms instead of 130 ms for a scanned A4 page at 300 dpi, PDFium's own
        # greyscale output being the slower path. In RGBX, PIL reads PDFium's buffer in place instead
        # of copying it to RGB first (the same grey levels, 20 ms less a page). The colour bitmap is
        # drawn in the thread's kept buffer (`_reused_bitmap`) and read only until the conversion.
        bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True, bitmap_maker=_reused_bitmap)
    except pdfium.PdfiumError as error:
        raise CorruptFile("PDF endommagé : une page n'a pas pu être affichée pour l'OCR.") from error
    try:
        return bitmap.to_pil().convert("L"), round(scale * POINTS_PER_INCH)
    finally:
        bitmap.close()


class _RenderBuffer(threading.local):
    buffer: ctypes.Array | None = None


_render_buffer = _RenderBuffer()


def _reused_bitmap(width: int, height: int, format: int, rev_byteorder: bool = False) -> pdfium.PdfBitmap:
    """pypdfium2's `bitmap_maker`: a bitmap over this thread's kept buffer when the page fits in
    `REUSED_BITMAP_BYTES`. PDFium paints the whole page over it (white first), so what the previous
    page left there never shows."""
    size = width * height * BITMAP_BYTES_PER_PIXEL
    if size > REUSED_BITMAP_BYTES:
        return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder)
    if _render_buffer.buffer is None or len(_render_buffer.buffer) < size:
        _render_buffer.buffer = (ctypes.c_ubyte * size)()
    return pdfium.PdfBitmap.new_native(width, height, format, rev_byteorder, buffer=_render_buffer.buffer)


class _LazyPlumber:
    """pdfplumber opened on first need, page caches dropped after each page."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._pdf: pdfplumber.PDF | None = None
        self._broken = False

    def tables(self, index: int) -> list[list[list[str]]]:
        if self._broken:
            return []
        try:
            if self._pdf is None:
                self._pdf = pdfplumber.open(self._path)
            page = self._pdf.pages[index]
            try:
                found = page.extract_tables()
            finally:
                page.close()
        except Exception:  # noqa: BLE001 - pdfminer is stricter than pdfium: tables are a bonus, text is kept
            self._broken = True
            return []
        return [rows for rows in (_clean_table(table) for table in found) if rows]

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()


def _clean_table(table: list[list[str | None]]) -> list[list[str]]:
    rows = [[" ".join((cell or "").split()) for cell in row] for row in table]
    return [row for row in rows if any(row)]
