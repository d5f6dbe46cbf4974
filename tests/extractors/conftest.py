"""Generators of evidence files for the extraction tests (nothing is downloaded), and fake Tesseracts."""

from __future__ import annotations

import io
import os
import stat
import struct
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SERIF_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
SCAN_DPI = 300

# Sentences of the kind found in evidence files, with accents and digits Tesseract must keep.
SCAN_LINES = [
    "RÈGLEMENT INTÉRIEUR DE L'ORGANISME DE FORMATION",
    "Article 1 : Le présent règlement s'applique à tous les stagiaires.",
    "Article 2 : Les horaires de formation sont fixés à 9h00 et 17h30.",
    "Numéro de déclaration d'activité : 84 69 12345 69",
    "Toute réclamation peut être adressée par courriel au responsable.",
    "Fait à Lyon, le 14 mars 2025.",
]


def render_scan(lines: Sequence[str], dpi: int = SCAN_DPI, size_pt: float = 11.0, font: Path = FONT_PATH) -> Image.Image:
    """An A4 page as a scanner would deliver it: grayscale, text at `size_pt` points."""
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font), round(size_pt * dpi / 72))
    y = round(1.2 * dpi)
    for line in lines:
        draw.text((round(0.9 * dpi), y), line, fill=0, font=font)
        y += round(size_pt * 2.0 * dpi / 72)
    return image


def degrade(image: Image.Image, seed: int = 0) -> Image.Image:
    """A poor phone photo of a page: tilted 1.5°, soft focus, heavy sensor grain, strong JPEG compression."""
    rng = np.random.default_rng(seed)
    tilted = image.rotate(1.5, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    soft = tilted.filter(ImageFilter.GaussianBlur(1.0))
    grain = np.asarray(soft, dtype=np.float32) + rng.normal(0, 35, (soft.height, soft.width))
    buffer = io.BytesIO()
    Image.fromarray(np.clip(grain, 0, 255).astype(np.uint8)).save(buffer, format="JPEG", quality=40)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def write_text_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = A4[1] - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path


def write_pdf(path: Path, draw_pages: Sequence[Callable[[canvas.Canvas], None]], **options) -> Path:
    options.setdefault("pagesize", A4)
    pdf = canvas.Canvas(str(path), **options)
    for draw in draw_pages:
        draw(pdf)
        pdf.showPage()
    pdf.save()
    return path


def draw_image_page(image: Image.Image) -> Callable[[canvas.Canvas], None]:
    def draw(pdf: canvas.Canvas) -> None:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        pdf.drawImage(ImageReader(buffer), 0, 0, width=A4[0], height=A4[1])

    return draw


def draw_lines(lines: Sequence[str]) -> Callable[[canvas.Canvas], None]:
    def draw(pdf: canvas.Canvas) -> None:
        y = A4[1] - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16

    return draw


def tiny_png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes of PNG whose header declares `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


FAKE_TESSERACTS = {
    # Hangs whatever it is asked (including --version).
    "hang": "#!/bin/sh\nexec sleep 600\n",
    "crash": "#!/bin/sh\necho 'Segmentation fault (fake)' >&2\nexit 1\n",
    # Writes random bytes where the TSV/OSD output is expected and exits 0.
    "garbage": (
        "#!/bin/sh\n"
        'for last; do :; done\n'
        'case "$*" in *--version*) echo garbage; exit 0;; esac\n'
        'base="$2"\n'
        'head -c 4000 /dev/urandom > "$base.tsv"\n'
        'head -c 4000 /dev/urandom > "$base.osd"\n'
        'printf "level\\tpage_num\\n5\\tnot-a-number\\tx\\n" >> "$base.tsv"\n'
        "exit 0\n"
    ),
}


@pytest.fixture
def fake_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Puts a fake `tesseract` first on PATH and names it in `QUALIOPI_TESSERACT_CMD` (without it,
    pages are read by the Tesseract library, in process); returns its folder."""

    def install(behaviour: str) -> Path:
        folder = tmp_path / f"fake-tesseract-{behaviour}"
        folder.mkdir()
        binary = folder / "tesseract"
        binary.write_text(FAKE_TESSERACTS[behaviour])
        binary.chmod(binary.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        monkeypatch.setenv("QUALIOPI_TESSERACT_CMD", str(binary))
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return folder

    return install


@pytest.fixture(scope="session")
def scan_image() -> Image.Image:
    return render_scan(SCAN_LINES)
