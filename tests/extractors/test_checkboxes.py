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
