"""Printed checkboxes on scans: told ticked or empty by their pixels, put back on their rows, and read as
a filled-in questionnaire's answers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors import extract
from extractors.checkboxes import EMPTY_BOX, TICKED_BOX, box_mark
from extractors.fields import extract_fields
from schemas import Limits
from tests.extractors.conftest import FONT_PATH

LABELS = ("Très satisfait", "Satisfait", "Peu satisfait", "Pas satisfait")
BOLD_SERIF = FONT_PATH.with_name("DejaVuSerif-Bold.ttf")
QUESTIONS = ("Accueil et organisation", "Contenu de la formation", "Formateur", "Supports remis", "Durée")
# The answer ticked for each question: 4 of 5 in the top two boxes.
TICKS = (0, 1, 0, 2, 1)


def blank(size: int = 80) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("L", (size, size), 255)
    return image, ImageDraw.Draw(image)


def mark_of(image: Image.Image) -> str | None:
    return box_mark(np.asarray(image), 10, 10, 50, 50)


def test_an_empty_square_is_an_empty_box_and_a_crossed_one_is_ticked():
    empty, draw = blank()
    draw.rectangle((15, 15, 55, 55), outline=0, width=4)
    assert mark_of(empty) == EMPTY_BOX
    draw.line((20, 20, 50, 50), fill=0, width=6)
    draw.line((50, 20, 20, 50), fill=0, width=6)
    assert mark_of(empty) == TICKED_BOX


@pytest.mark.parametrize("shape", ["ring", "bar", "nothing"])
def test_letters_read_as_short_words_are_no_boxes(shape):
    image, draw = blank()
    if shape == "ring":  # an « O »: no corners
        draw.ellipse((15, 15, 55, 55), outline=0, width=5)
    elif shape == "bar":  # an « I »
        draw.rectangle((32, 12, 40, 58), fill=0)
    assert mark_of(image) is None


@pytest.mark.parametrize("text", ["52", "00", "88", "D", "O", "El", "ER", "M", "La", "à", "et", "II"])
@pytest.mark.parametrize("font, size", [(FONT_PATH, 40), (BOLD_SERIF, 30), (BOLD_SERIF, 80)])
def test_digits_and_letters_a_box_is_often_read_as_are_no_boxes_themselves(text, font, size):
    # (a title's short words in a large bold serif, « II » whose serifs close it like a box)
    image = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(image).text((50, 50), text, font=ImageFont.truetype(str(font), size), fill=0)
    pixels = np.asarray(image)
    rows, columns = np.nonzero(pixels < 128)
    left, top = int(columns.min()), int(rows.min())
    assert box_mark(pixels, left, top, int(columns.max()) - left + 1, int(rows.max()) - top + 1) is None


def test_a_letter_printed_light_on_a_dark_band_is_no_box():
    image = Image.new("L", (300, 200), 0)
    ImageDraw.Draw(image).text((120, 50), "à", font=ImageFont.truetype(str(BOLD_SERIF), 80), fill=255)
    pixels = np.asarray(image)
    rows, columns = np.nonzero(pixels[40:160, 100:200] >= 128)
    left, top = 100 + int(columns.min()) - 4, 40 + int(rows.min()) - 4
    assert box_mark(pixels, left, top, int(columns.max() - columns.min()) + 8, int(rows.max() - rows.min()) + 8) is None


def _form(path: Path, *, scale: float, inline: bool, tick: str, jpeg: bool) -> Path:
    """A questionnaire filled in by hand, scanned: boxes under a header of answers, or each before its answer."""
    width, height = int(2480 * scale), int(3508 * scale)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)

    def font(points: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(FONT_PATH), int(points * scale))

    side = int(40 * scale)

    def box(x: int, y: int, ticked: bool) -> None:
        draw.rectangle((x, y, x + side, y + side), outline=0, width=max(2, int(4 * scale)))
        if not ticked:
            return
        inset, stroke = int(6 * scale), int(6 * scale)
        if tick == "cross":
            draw.line((x + inset, y + inset, x + side - inset, y + side - inset), fill=0, width=stroke)
            draw.line((x + side - inset, y + inset, x + inset, y + side - inset), fill=0, width=stroke)
        else:  # a check mark
            draw.line((x + inset, y + side * 0.55, x + side * 0.4, y + side - inset), fill=0, width=stroke)
            draw.line((x + side * 0.4, y + side - inset, x + side - inset, y + inset), fill=0, width=stroke)

    draw.text((200 * scale, 200 * scale), "Questionnaire de satisfaction à chaud", font=font(60), fill=0)
    if inline:
        for row, (question, ticked) in enumerate(zip(QUESTIONS, TICKS, strict=True)):
            top = int((500 + row * 200) * scale)
            draw.text((200 * scale, top), question, font=font(40), fill=0)
            x, y = int(260 * scale), top + int(70 * scale)
            for column, label in enumerate(LABELS):
                box(x, y, column == ticked)
                draw.text((x + side + 15 * scale, y), label, font=font(34), fill=0)
                x += int(side + 60 * scale + draw.textlength(label, font=font(34)))
    else:
        columns = [int(x * scale) for x in (1100, 1400, 1700, 2000)]
        for x, label in zip(columns, LABELS, strict=True):
            draw.text((x - 60 * scale, 500 * scale), label, font=font(30), fill=0)
        for row, (question, ticked) in enumerate(zip(QUESTIONS, TICKS, strict=True)):
            top = int((620 + row * 120) * scale)
            draw.text((200 * scale, top), question, font=font(40), fill=0)
            for column, x in enumerate(columns):
                box(x, top, column == ticked)
    dpi = round(300 * scale)
    if jpeg:
        image.save(path.with_suffix(".jpg"), format="JPEG", quality=60, dpi=(dpi, dpi))
        return path.with_suffix(".jpg")
    image.save(path.with_suffix(".png"), dpi=(dpi, dpi))
    return path.with_suffix(".png")


@pytest.mark.parametrize(
    "scale, inline, tick, jpeg",
    [
        (1.0, False, "cross", False),
        (0.667, False, "check", True),
        (1.0, True, "cross", False),
    ],
    ids=["header-300dpi", "header-200dpi-jpeg", "inline-300dpi"],
)
def test_a_scanned_questionnaire_filled_in_by_hand_gives_its_answers(tmp_path: Path, scale, inline, tick, jpeg):
    path = _form(tmp_path / "questionnaire", scale=scale, inline=inline, tick=tick, jpeg=jpeg)
    pages = extract(path, path.name, Limits()).pages
    rows = [line for line in pages[0].text.splitlines() if TICKED_BOX in line]
    assert len(rows) == len(QUESTIONS) and all(line.count(TICKED_BOX) == 1 for line in rows)
    found = extract_fields("satisfaction_survey", pages)
    assert found["respondents"] == 1
    assert found["satisfaction_rate"] == pytest.approx(0.8)


GRID_QUESTIONS = (*QUESTIONS, "Rythme")
GRID_TICKS = (*TICKS, 0)  # 5 of 6 in the top two boxes


def _ruled_grid(path: Path, *, scale: float, tick: str, cells: tuple[str, ...] | None = None) -> Path:
    """A questionnaire as a ruled table, ticked by hand in the cells themselves (no printed boxes);
    `cells`, when given, is what each row's answer cells print instead (words, figures)."""
    image = Image.new("L", (int(2480 * scale), int(3508 * scale)), 255)
    draw = ImageDraw.Draw(image)

    def at(value: float) -> int:
        return int(value * scale)

    def font(points: float) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(FONT_PATH), at(points))

    draw.text((at(200), at(200)), "Questionnaire de satisfaction à chaud", font=font(60), fill=0)
    xs = [150, 950, *(950 + 380 * (column + 1) for column in range(len(LABELS)))]
    ys = [450 + 110 * row for row in range(len(GRID_QUESTIONS) + 2)]
    for x in xs:
        draw.line((at(x), at(ys[0]), at(x), at(ys[-1])), fill=0, width=max(2, at(3)))
    for y in ys:
        draw.line((at(xs[0]), at(y), at(xs[-1]), at(y)), fill=0, width=max(2, at(3)))
    draw.text((at(xs[0] + 20), at(ys[0] + 35)), "Critère", font=font(34), fill=0)
    for column, label in enumerate(LABELS):
        draw.text((at(xs[column + 1] + 20), at(ys[0] + 35)), label, font=font(32), fill=0)
    for row, (question, ticked) in enumerate(zip(GRID_QUESTIONS, GRID_TICKS, strict=True)):
        top = ys[row + 1]
        draw.text((at(xs[0] + 20), at(top + 35)), question, font=font(34), fill=0)
        if cells is not None:
            for column, text in enumerate(cells):
                draw.text((at(xs[column + 1] + 20), at(top + 35)), text, font=font(34), fill=0)
            continue
        x, y, arm = (xs[ticked + 1] + xs[ticked + 2]) / 2, top + 55, 28
        if tick == "cross":
            draw.line((at(x - arm), at(y - arm), at(x + arm), at(y + arm)), fill=0, width=at(7))
            draw.line((at(x + arm), at(y - arm), at(x - arm), at(y + arm)), fill=0, width=at(7))
        else:
            draw.line((at(x - arm), at(y), at(x - arm / 3), at(y + arm)), fill=0, width=at(7))
            draw.line((at(x - arm / 3), at(y + arm), at(x + arm), at(y - arm)), fill=0, width=at(7))
    dpi = round(300 * scale)
    image.save(path, dpi=(dpi, dpi), **({"quality": 60} if path.suffix == ".jpg" else {}))
    return path


@pytest.mark.parametrize(
    ("scale", "tick", "name"), [(1.0, "cross", "grid.png"), (0.667, "check", "grid.jpg")], ids=["cross-300dpi", "check-200dpi-jpeg"]
)
def test_a_questionnaire_ticked_in_the_cells_of_a_ruled_table_gives_its_answers(tmp_path: Path, scale, tick, name):
    path = _ruled_grid(tmp_path / name, scale=scale, tick=tick)
    pages = extract(path, path.name, Limits()).pages
    rows = [line for line in pages[0].text.splitlines() if TICKED_BOX in line]
    assert len(rows) == len(GRID_QUESTIONS)
    assert all(line.count(TICKED_BOX) == 1 and line.count(EMPTY_BOX) == len(LABELS) - 1 for line in rows)
    found = extract_fields("satisfaction_survey", pages)
    assert found["respondents"] == 1 and found["satisfaction_rate"] == pytest.approx(5 / 6, abs=1e-4)


@pytest.mark.parametrize("cells", [("12", "840", "3", "7"), ("Oui", "Non", "Bien", "Moyen")], ids=["figures", "words"])
def test_a_ruled_table_of_figures_or_words_gets_no_boxes(tmp_path: Path, cells):
    path = _ruled_grid(tmp_path / "table.png", scale=1.0, tick="cross", cells=cells)
    text = extract(path, path.name, Limits()).pages[0].text
    assert TICKED_BOX not in text and EMPTY_BOX not in text
