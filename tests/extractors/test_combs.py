"""Numbers printed one digit per box (« peignes »): found by geometry, read once the boxes are gone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import extract
from extractors.combs import find_combs
from extractors.fields import extract_fields
from schemas import Limits
from tests.extractors.conftest import FONT_PATH, degrade

MONO_FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
FRAME_A = [("Numéro de déclaration d'activité :", "11755089375"), ("N° SIRET :", "90412378300014")]


def form(rows: list[tuple[str, str]], dpi: int = 300, box_mm: float = 5.0, joined: bool = True) -> Image.Image:
    """A form page: each label followed by its value, one character per box. `joined`: adjacent boxes
    share their sides (a comb); otherwise each box stands apart (checkboxes)."""
    page = Image.new("L", (round(8.27 * dpi), round(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    label_font = ImageFont.truetype(str(FONT_PATH), round(10 * dpi / 72))
    digit_font = ImageFont.truetype(str(MONO_FONT_PATH), round(11 * dpi / 72))
    box = round(box_mm / 25.4 * dpi)
    y = round(1.5 * dpi)
    for label, value in rows:
        draw.text((round(0.9 * dpi), y), label, fill=0, font=label_font)
        left = round(0.9 * dpi + draw.textlength(label, font=label_font)) + box // 2
        top = y - box // 6
        for index, character in enumerate(value):
            x = left + index * (box if joined else round(box * 1.5))
            draw.rectangle((x, top, x + box, top + box), outline=0, width=round(0.35 / 25.4 * dpi))  # 0.35 mm
            draw.text((x + box // 4, top + box // 12), character, fill=0, font=digit_font)
        y += round(box * 2.2)
    draw.text((round(0.9 * dpi), y + box), "Dénomination : Atelier Bois du Jura", fill=0, font=label_font)
    return page


def test_a_comb_is_found_with_one_box_per_character():
    combs = find_combs(np.asarray(form(FRAME_A)) < 128, 300)
    assert [len(comb.sides) for comb in combs] == [12, 15]


@pytest.mark.parametrize("joined, box_mm", [(False, 5.0), (True, 14.0)], ids=["checkboxes apart", "wide cells"])
def test_boxes_apart_and_wide_cells_are_no_comb(joined, box_mm):
    assert find_combs(np.asarray(form(FRAME_A, box_mm=box_mm, joined=joined)) < 128, 300) == []


def _frame_a(tmp_path: Path, page: Image.Image, dpi: int) -> dict:
    path = tmp_path / "bpf.png"
    page.save(path, dpi=(dpi, dpi))
    return extract_fields("bpf", extract(path, "bpf.png", Limits()).pages)


@pytest.mark.parametrize("dpi", [300, 200, 150])
def test_an_nda_and_a_siret_printed_in_combs_are_read(tmp_path, dpi):
    found = _frame_a(tmp_path, form(FRAME_A, dpi=dpi), dpi)
    assert (found.get("nda_number"), found.get("siren")) == ("11755089375", "904123783")


def test_on_a_grainy_photo_of_combs_the_numbers_are_read_or_left_out(tmp_path):
    at_300 = _frame_a(tmp_path, degrade(form(FRAME_A, dpi=300), seed=1), 300)
    assert (at_300.get("nda_number"), at_300.get("siren")) == ("11755089375", "904123783")
    at_200 = _frame_a(tmp_path, degrade(form(FRAME_A, dpi=200), seed=1), 200)
    assert at_200.get("nda_number") == "11755089375"
    assert at_200.get("siren") in (None, "904123783")


def test_a_page_unreadable_without_its_combs_is_read_as_printed(tmp_path):
    """On a grainy 150 dpi photo Tesseract read nothing at all once the combs were replaced: the page
    is then read as printed, its other lines kept."""
    path = tmp_path / "bpf.png"
    degrade(form(FRAME_A, dpi=150), seed=1).save(path, dpi=(150, 150))
    assert "atelier bois du jura" in extract(path, "bpf.png", Limits()).pages[0].text.lower()
