"""Renderers of resolved blocks: native PDF (reportlab), image-only scanned PDF (Pillow, 300 dpi),
DOCX (python-docx) and XLSX (openpyxl)."""

from __future__ import annotations

import math
import random
from functools import cache
from pathlib import Path

from bench.layout import PAGE_HEIGHT_PT, PAGE_WIDTH_PT, Block, Bullets, Heading, PageBreak, Para, Table, lay_out

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
SCAN_DPI = 300


# --- native PDF ------------------------------------------------------------------------------


@cache
def _register_pdf_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT_REGULAR)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_BOLD)))


class PdfSurface:
    def __init__(self, path: Path, title: str, author: str) -> None:
        from reportlab.pdfgen.canvas import Canvas

        _register_pdf_fonts()
        self.canvas = Canvas(str(path), pagesize=(PAGE_WIDTH_PT, PAGE_HEIGHT_PT), pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setLineWidth(0.6)

    @staticmethod
    def _font(bold: bool) -> str:
        return "DejaVuSans-Bold" if bold else "DejaVuSans"

    def text_width(self, text: str, size: float, bold: bool) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return stringWidth(text, self._font(bold), size)

    def text(self, x: float, y: float, text: str, size: float, bold: bool) -> None:
        self.canvas.setFont(self._font(bold), size)
        self.canvas.drawString(x, PAGE_HEIGHT_PT - y, text)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.canvas.line(x1, PAGE_HEIGHT_PT - y1, x2, PAGE_HEIGHT_PT - y2)

    def signature(self, x: float, y: float, width: float, height: float, rng: random.Random) -> None:
        """A native document is signed electronically or not at all: nothing to draw."""

    def new_page(self) -> None:
        self.canvas.showPage()
        self.canvas.setLineWidth(0.6)

    def save(self) -> None:
        self.canvas.save()


def render_pdf(blocks: list[Block], path: Path, title: str, author: str, rng: random.Random) -> int:
    surface = PdfSurface(path, title, author)
    pages = lay_out(surface, blocks, rng)
    surface.save()
    return pages


# --- scanned PDF -----------------------------------------------------------------------------


@cache
def _image_font(size_px: int, bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size_px)


class ScanSurface:
    """Draws in points on 300-dpi grayscale pages, then degrades them like a desktop scanner."""

    def __init__(self) -> None:
        self.scale = SCAN_DPI / 72.0
        self.pages: list = []
        self._draw = None
        self.new_page()

    def _px(self, value: float) -> int:
        return round(value * self.scale)

    def text_width(self, text: str, size: float, bold: bool) -> float:
        return _image_font(self._px(size), bold).getlength(text) / self.scale

    def text(self, x: float, y: float, text: str, size: float, bold: bool) -> None:
        font = _image_font(self._px(size), bold)
        self._draw.text((self._px(x), self._px(y)), text, fill=20, font=font, anchor="ls")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._draw.line((self._px(x1), self._px(y1), self._px(x2), self._px(y2)), fill=40, width=3)

    def signature(self, x: float, y: float, width: float, height: float, rng: random.Random) -> None:
        """A loose handwritten scribble: a few connected curves across the cell."""
        points = []
        steps = 24
        loops = rng.uniform(2.0, 4.5)
        for step in range(steps + 1):
            t = step / steps
            px = x + width * (0.1 + 0.8 * t)
            py = y + height * (0.5 + 0.35 * math.sin(t * math.pi * 2 * loops) * rng.uniform(0.6, 1.0))
            points.append((self._px(px), self._px(py)))
        self._draw.line(points, fill=rng.randint(10, 60), width=rng.randint(3, 5), joint="curve")

    def new_page(self) -> None:
        from PIL import Image, ImageDraw

        page = Image.new("L", (self._px(PAGE_WIDTH_PT), self._px(PAGE_HEIGHT_PT)), 250)
        self.pages.append(page)
        self._draw = ImageDraw.Draw(page)

    def scanned(self, rng: random.Random) -> list:
        return [_degrade(page, rng) for page in self.pages]


def _degrade(page, rng: random.Random):
    """Skew, sensor noise and JPEG compression: what a 300-dpi office scan adds to a clean page."""
    from PIL import Image, ImageChops

    skewed = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BILINEAR, fillcolor=250)
    noise = Image.effect_noise(page.size, rng.uniform(5.0, 9.0))
    return ImageChops.add(skewed, noise, scale=1.0, offset=-128)


def render_scan(blocks: list[Block], path: Path, rng: random.Random) -> int:
    surface = ScanSurface()
    lay_out(surface, blocks, rng)
    pages = surface.scanned(rng)
    pages[0].save(
        path, "PDF", resolution=float(SCAN_DPI), save_all=True, append_images=pages[1:], quality=rng.randint(70, 85)
    )
    return len(pages)


# --- DOCX and XLSX ---------------------------------------------------------------------------


def render_docx(blocks: list[Block], path: Path, title: str, author: str) -> None:
    from docx import Document

    document = Document()
    document.core_properties.title = title
    document.core_properties.author = author
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=1)
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        elif isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, Table):
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for row_index, row in enumerate((block.header, *block.rows)):
                for column, value in enumerate(row):
                    table.cell(row_index, column).text = value
    document.save(path)


def render_xlsx(sheets: list[tuple[str, list[list[object]]]], path: Path, author: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = author
    for name, rows in sheets:
        sheet = workbook.create_sheet(name[:31])
        for row in rows:
            sheet.append(row)
    workbook.save(path)
