"""`Document` -> raster pages (Pillow), then a scanned PDF with no text layer or a phone photo (JPG + EXIF).

The renderer records the exact text it draws on each page, so OCR output can be scored (character
error rate) against it. Degradations are mild and seeded: noise, speckles, blur, a 0.5–1.5° skew,
JPEG artefacts; photos add uneven lighting, a paper tint and an EXIF orientation tag.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from data.samplegen.fonts import font_files
from data.samplegen.model import Bullets, Document, Heading, PageBreak, Para, Spacer, Table

A4_INCHES = (8.27, 11.69)
EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
EXIF_MODEL = 0x0110
EXIF_DATETIME = 0x0132


@dataclass
class RasterPage:
    image: Image.Image
    text: str


@cache
def _font(bold: bool, size_px: int) -> ImageFont.FreeTypeFont:
    regular, bold_path = font_files("scan")
    return ImageFont.truetype(str(bold_path if bold else regular), size_px)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and font.getlength(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
    return lines


class _Layout:
    """Greedy top-to-bottom layout over as many pages as needed."""

    def __init__(self, doc: Document, dpi: int, seed: int) -> None:
        self.doc, self.dpi = doc, dpi
        inches = (A4_INCHES[1], A4_INCHES[0]) if doc.landscape else A4_INCHES
        self.size = (int(inches[0] * dpi), int(inches[1] * dpi))
        self.margin = int(0.75 * dpi)
        self.width = self.size[0] - 2 * self.margin
        self.rng = random.Random(seed)
        self.pages: list[tuple[Image.Image, list[str]]] = []
        self._new_page()

    def px(self, points: float) -> int:
        return max(8, int(round(points * self.dpi / 72)))

    def _new_page(self) -> None:
        image = Image.new("L", self.size, 255)
        self.pages.append((image, []))
        self.draw = ImageDraw.Draw(image)
        self.y = self.margin
        if self.doc.header:
            font = _font(False, self.px(self.doc.base_size * 0.75))
            self.draw.text((self.margin, self.margin // 2), self.doc.header, font=font, fill=40)
            self.lines.append(self.doc.header)

    @property
    def lines(self) -> list[str]:
        return self.pages[-1][1]

    @property
    def bottom(self) -> int:
        return self.size[1] - self.margin

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom:
            self._new_page()

    def text_block(
        self,
        text: str,
        *,
        size: float,
        bold: bool = False,
        align: str = "left",
        indent: int = 0,
        first_prefix: str = "",
    ) -> None:
        font = _font(bold, self.px(size))
        line_height = int(self.px(size) * 1.35)
        wrapped = _wrap(first_prefix + text, font, self.width - indent)
        for line in wrapped:
            self.ensure(line_height)
            length = font.getlength(line)
            if align == "center":
                x = self.margin + (self.width - length) / 2
            elif align == "right":
                x = self.margin + self.width - length
            else:
                x = self.margin + indent
            self.draw.text((x, self.y), line, font=font, fill=0)
            if line:
                self.lines.append(line)
            self.y += line_height
        self.y += int(line_height * 0.3)

    def table(self, block: Table) -> None:
        size = self.doc.base_size * 0.9
        font_regular, font_bold = _font(False, self.px(size)), _font(True, self.px(size))
        line_height = int(self.px(size) * 1.3)
        pad = self.px(3)
        columns = max(len(row) for row in block.rows)
        relative = block.col_widths or tuple(1.0 for _ in range(columns))
        widths = [int(self.width * part / sum(relative)) for part in relative]
        for r, row in enumerate(block.rows):
            font = font_bold if (block.header and r == 0) else font_regular
            cells = [
                [] if (r, c) in block.signature_cells else _wrap(value, font, widths[c] - 2 * pad)
                for c, value in enumerate(row)
            ]
            row_lines = max(1, max(len(cell) for cell in cells))
            height = row_lines * line_height + 2 * pad
            self.ensure(height)
            x = self.margin
            for c, cell in enumerate(cells):
                self.draw.rectangle(
                    [x, self.y, x + widths[c], self.y + height], outline=60, width=max(1, self.dpi // 150)
                )
                for i, fragment in enumerate(cell):
                    self.draw.text((x + pad, self.y + pad + i * line_height), fragment, font=font, fill=0)
                if (r, c) in block.signature_cells:
                    self._squiggle(x + pad, self.y + pad, widths[c] - 2 * pad, height - 2 * pad)
                x += widths[c]
            for i in range(row_lines):
                visual = " ".join(cell[i] for cell in cells if i < len(cell) and cell[i])
                if visual:
                    self.lines.append(visual)
            self.y += height
        self.y += line_height // 2

    def _squiggle(self, x: int, y: int, width: int, height: int) -> None:
        points = []
        span = min(width, self.px(60))
        steps = self.rng.randint(10, 18)
        for i in range(steps):
            points.append((x + span * i / steps, y + height * self.rng.uniform(0.15, 0.85)))
        self.draw.line(points, fill=30, width=max(2, self.dpi // 100), joint="curve")

    def footer(self) -> None:
        for index, (image, lines) in enumerate(self.pages, start=1):
            draw = ImageDraw.Draw(image)
            font = _font(False, self.px(self.doc.base_size * 0.75))
            label = f"{self.doc.footer} — Page {index}" if self.doc.footer else f"Page {index}"
            length = font.getlength(label)
            draw.text(
                (self.size[0] - self.margin - length, self.size[1] - self.margin // 2 - self.px(8)),
                label,
                font=font,
                fill=40,
            )
            lines.append(label)


def rasterize(doc: Document, *, dpi: int = 300, seed: int = 0) -> list[RasterPage]:
    """Lays the document out on white pages; returns each page with the exact text drawn on it."""
    layout = _Layout(doc, dpi, seed)
    base = doc.base_size
    if doc.title:
        layout.text_block(doc.title, size=base * 1.45, bold=True, align="center")
    for block in doc.blocks:
        if isinstance(block, Heading):
            layout.y += layout.px(base * 0.4)
            layout.text_block(block.text, size=base * (1.2 if block.level == 1 else 1.05), bold=True)
        elif isinstance(block, Para):
            layout.text_block(
                block.text,
                size=block.size or base,
                bold=block.bold,
                align="left" if block.align == "justify" else block.align,
            )
        elif isinstance(block, Bullets):
            for item in block.items:
                layout.text_block(item, size=base, indent=layout.px(10), first_prefix=f"{block.marker} ")
        elif isinstance(block, Table):
            layout.table(block)
        elif isinstance(block, Spacer):
            layout.y += layout.px(block.height)
        elif isinstance(block, PageBreak):
            layout._new_page()
    layout.footer()
    return [RasterPage(image, "\n".join(lines)) for image, lines in layout.pages]


def _noise(image: Image.Image, rng: np.random.Generator, sigma: float, speckles: float) -> Image.Image:
    array = np.asarray(image, dtype=np.float32)
    array = array + rng.normal(0.0, sigma, array.shape)
    mask = rng.random(array.shape[:2]) < speckles
    if array.ndim == 3:
        array[mask] = 70
    else:
        array[mask] = rng.integers(40, 140, int(mask.sum()))
    return Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))


def degrade_scan(image: Image.Image, seed: int) -> Image.Image:
    """Flatbed-scanner look: greyish paper, noise, speckles, slight blur and a 0.5–1.5° skew."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(0.5, 1.5)) * (1 if rng.random() < 0.5 else -1)
    paper = image.point(lambda v: int(v * 0.93 + 8))  # white 255 -> 245, ink 0 -> 8
    skewed = paper.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=244)
    noisy = _noise(skewed, rng, sigma=3.5, speckles=0.0004)
    return noisy.filter(ImageFilter.GaussianBlur(0.6))


def degrade_photo(image: Image.Image, seed: int, target_width: int) -> Image.Image:
    """Phone-photo look: paper tint, uneven lighting, a few degrees of rotation, lower resolution."""
    rng = np.random.default_rng(seed)
    angle = float(rng.uniform(1.0, 2.5)) * (1 if rng.random() < 0.5 else -1)
    scale = target_width / image.size[0]
    small = image.resize((target_width, int(image.size[1] * scale)), Image.Resampling.LANCZOS)
    rgb = Image.merge("RGB", [small.point(lambda v, k=k: int(v * k)) for k in (0.97, 0.94, 0.86)])
    width, height = rgb.size
    gradient = (
        np.linspace(1.0, 0.78, width, dtype=np.float32)[None, :, None]
        * np.linspace(0.95, 1.0, height, dtype=np.float32)[:, None, None]
    )
    lit = np.asarray(rgb, dtype=np.float32) * gradient
    photo = Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8))
    photo = photo.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(92, 84, 70))
    return _noise(photo, rng, sigma=4.0, speckles=0.0).filter(ImageFilter.GaussianBlur(0.5))


def save_scanned_pdf(
    pages: list[Image.Image], path: Path, *, dpi: int, quality: int, title: str, producer: str, when: time.struct_time
) -> None:
    """Image-only PDF: no text layer at all, like most scanner outputs."""
    first, rest = pages[0], pages[1:]
    first.save(
        path,
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        quality=quality,
        title=title,
        producer=producer,
        creator=producer,
        creationDate=when,
        modDate=when,
    )


def save_photo_jpg(
    photo: Image.Image, path: Path, *, quality: int, orientation: int, camera: tuple[str, str], taken: str
) -> None:
    """JPEG whose pixels are stored turned; the EXIF Orientation tag says how to display it upright."""
    turn = {1: None, 3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}
    stored = photo.transpose(turn[orientation]) if turn[orientation] is not None else photo
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[EXIF_MAKE], exif[EXIF_MODEL] = camera
    exif[EXIF_DATETIME] = taken
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=quality, exif=exif.tobytes(), optimize=True)
    path.write_bytes(buffer.getvalue())
