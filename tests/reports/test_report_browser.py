"""The gap report as a real browser shows and prints it (Debian chromium, headless)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from reports.html import render_html

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def chromium_installed() -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/bootstrap.sh test installs it", pytrace=False)


def _chromium(tmp_path: Path, html: Path, *args: str) -> None:
    profile = tmp_path / "profile"
    command = [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, html.as_uri()]
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def html_file(tmp_path, report, referential) -> Path:
    path = tmp_path / "gap_report.html"
    path.write_bytes(render_html(report, referential))
    return path


def test_screenshot_is_a_real_page(tmp_path, html_file):
    from PIL import Image

    png = tmp_path / "report.png"
    _chromium(tmp_path, html_file, f"--screenshot={png}", "--window-size=1280,2000")
    assert png.exists() and png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.size == (1280, 2000)
        grey = image.convert("L")
        histogram = grey.histogram()
        non_white = sum(histogram[:240]) / (image.size[0] * image.size[1])
        assert non_white > 0.03, "page looks blank"
        # The verdict banner (amber for « avec réserves ») is drawn near the top.
        rgb = image.convert("RGB").crop((0, 0, 1280, 400))
        amber = sum(1 for r, g, b in rgb.getdata() if r > 240 and 220 < g < 250 and b < 225)
        assert amber > 10_000


def test_prints_to_pdf_with_folded_sections_unfolded(tmp_path, html_file):
    import pypdfium2 as pdfium

    pdf_path = tmp_path / "report.pdf"
    _chromium(tmp_path, html_file, f"--print-to-pdf={pdf_path}", "--no-pdf-header-footer")
    assert pdf_path.exists()
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        assert len(pdf) >= 1
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 portrait, in points
        raw = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
        # PDF text extraction breaks lines and reports hyphens as U+FFFE: compare normalised text.
        text = re.sub(r"\s+", " ", re.sub("[\ufffe\u00ad\u2010\u2011]", "-", raw))
    finally:
        pdf.close()
    assert "Admissible avec réserves" in text
    # <details> content (passed checks, not-applicable indicators) is printed: paper cannot be clicked.
    assert "L'organisme ne déclare ni sous-traitance" in text
    assert "SIREN 904123783 : clé de contrôle valide." in text
