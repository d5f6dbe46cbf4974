"""A scanned PDF page is read from its own image when it is nothing else, and rendered otherwise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4

from extractors import extract
from extractors.pdf import render_page, scan_image
from schemas import Limits
from tests.extractors.conftest import SCAN_LINES, draw_image_page, write_pdf

LIMITS = Limits()


def _first_page(path: Path) -> pdfium.PdfPage:
    return pdfium.PdfDocument(str(path))[0]


def test_a_full_page_scan_is_its_own_image(tmp_path: Path, scan_image_300: Image.Image) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [draw_image_page(scan_image_300)])
    image, dpi = scan_image(_first_page(path), LIMITS)
    assert dpi == 300
    assert np.array_equal(np.asarray(image.convert("L")), np.asarray(scan_image_300))


def test_a_scan_reads_the_same_from_its_image_as_rendered(tmp_path: Path, scan_image_300: Image.Image) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [draw_image_page(scan_image_300)])
    page = _first_page(path)
    direct, _ = scan_image(page, LIMITS)
    rendered, _ = render_page(page, LIMITS)
    difference = np.abs(
        np.asarray(direct.convert("L"), dtype=np.int16)[:, : rendered.width - 1]
        - np.asarray(rendered, dtype=np.int16)[: direct.height, : rendered.width - 1]
    )
    assert float(difference.mean()) < 8.0
    assert SCAN_LINES[1] in extract(path, "scan.pdf", LIMITS).text


def _stamp_over(image: Image.Image):
    draw_scan = draw_image_page(image)

    def draw(pdf) -> None:
        draw_scan(pdf)
        pdf.line(100, 100, 300, 120)  # a stamp or a signature drawn over the scan

    return draw


def _small(image: Image.Image):
    def draw(pdf) -> None:
        pdf.drawInlineImage(image, 72, 72, width=A4[0] / 2, height=A4[1] / 2)

    return draw


def _low_resolution(image: Image.Image):
    return draw_image_page(image.resize((image.width // 3, image.height // 3)))


@pytest.mark.parametrize("page", [_stamp_over, _small, _low_resolution], ids=["stamp", "small", "100dpi"])
def test_other_pages_are_rendered(tmp_path: Path, scan_image_300: Image.Image, page) -> None:
    path = write_pdf(tmp_path / "page.pdf", [page(scan_image_300)])
    assert scan_image(_first_page(path), LIMITS) is None


@pytest.fixture(scope="module")
def scan_image_300(scan_image: Image.Image) -> Image.Image:
    """The shared scan, at exactly an A4 page's size in pixels at 300 dpi."""
    return scan_image.convert("L").resize((round(A4[0] / 72 * 300), round(A4[1] / 72 * 300)))
