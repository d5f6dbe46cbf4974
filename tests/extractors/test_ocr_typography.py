"""Typography of scanned pages: Tesseract's word boxes give each line a size, so a scanned
programme's title is found by its size as on a native PDF."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from extractors import extract
from extractors.fields import extract_fields
from extractors.ocr import glyph_size, parse_tsv
from schemas import Limits
from tests.extractors.test_fields_programme_typography import BODY, TWO_LINE_TITLE, _pdf


def _scanned(native: Path, target: Path) -> Path:
    """The native page printed and scanned: an image-only PDF at 300 dpi."""
    page = pypdfium2.PdfDocument(native)[0]
    image = page.render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    image.save(target, "PDF", resolution=300.0)
    return target


def _scanned_title(tmp_path: Path, lines: list[tuple[str, float]]) -> str | None:
    scan = _scanned(_pdf(tmp_path / "native.pdf", lines), tmp_path / "scan.pdf")
    extracted = extract(scan, scan.name, Limits())
    assert extracted.ok and extracted.pages[0].ocr and extracted.pages[0].styled_lines
    return extract_fields("programme", extracted.pages).get("title")


def test_a_slogan_in_capitals_above_a_larger_title_is_not_the_title(tmp_path: Path) -> None:
    assert _scanned_title(tmp_path, [
        ("APPRENDRE À AGIR ENSEMBLE", 12),
        ("Gestion des conflits", 26),
        ("en milieu professionnel", 26),
        ("Objectifs pédagogiques", 14),
        (BODY, 10), (BODY, 10), (BODY, 10),
    ]) == "Gestion des conflits en milieu professionnel"


def test_a_scanned_title_over_two_lines_is_read_whole(tmp_path: Path) -> None:
    assert _scanned_title(tmp_path, TWO_LINE_TITLE) == "Management d'équipe : les fondamentaux du manager"


@pytest.mark.parametrize(("word", "share"), [
    ("PROGRAMME", 0.72), ("Titre", 0.72), ("manager", 0.72), ("mesure", 0.5), ("Typographie", 0.95), ("été", 0.72),
])
def test_words_of_one_size_get_one_size_whatever_their_letters(word: str, share: float) -> None:
    # A 40-pixel font: capitals and ascenders span 0.72 of it, x-height letters half, both ends 0.95.
    assert glyph_size(word, share * 40) == pytest.approx(40)


def test_a_line_read_without_confidence_carries_no_typography() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t300\t90\t31\tere",
        "5\t1\t1\t1\t1\t2\t420\t100\t300\t90\t28\tMEDICAL",
        "5\t1\t2\t1\t1\t1\t100\t300\t400\t60\t94\tPREMIERS",
        "5\t1\t2\t1\t1\t2\t520\t300\t400\t60\t95\tSECOURS",
        "5\t1\t3\t1\t1\t1\t100\t500\t200\t30\t96\tBonjour",
    ]
    styled = parse_tsv("\n".join([header, *rows])).styled
    assert [line.text for line in styled] == ["PREMIERS SECOURS", "Bonjour"]
    assert styled[0].size > styled[1].size


def test_an_icon_read_as_letters_at_a_line_end_is_left_out_of_its_styled_text() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t100\t100\t140\t137\t0\tNH",
        "5\t1\t1\t1\t1\t2\t300\t100\t600\t80\t89\tPROGRAMME",
        "5\t1\t1\t1\t1\t3\t920\t100\t120\t77\t95\tDE",
        "5\t1\t1\t1\t1\t4\t1060\t100\t600\t79\t96\tFORMATION",
        "5\t1\t1\t1\t1\t5\t1700\t100\t60\t60\t12\t©",
        "5\t1\t2\t1\t1\t1\t100\t300\t200\t30\t96\tBonjour",
        "5\t1\t2\t1\t1\t2\t320\t300\t30\t30\t5\tà",
        "5\t1\t2\t1\t1\t3\t370\t300\t200\t30\t94\ttous",
    ]
    styled = parse_tsv("\n".join([header, *rows])).styled
    assert [line.text for line in styled] == ["PROGRAMME DE FORMATION", "Bonjour à tous"]
