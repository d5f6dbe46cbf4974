"""Image -> text with Tesseract: orientation (OSD), mild deskew, word data and per-page confidence.

Pages are read by libtesseract in this process (`extractors.tesseract`) when it is installed and no
`QUALIOPI_TESSERACT_CMD` names a command; otherwise Tesseract runs as a child process through
pytesseract. Either way each call is bounded by what is left of the document's time budget.
pytesseract's `image_to_data` is not used: it first runs `tesseract --version` without any timeout
(a hung engine would hang us) and exits the interpreter when the version string is unexpected;
`run_and_get_output` with TSV output has neither problem. OSD, asked only of poorly read pages,
always runs the command.
"""

from __future__ import annotations

import itertools
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pytesseract
from PIL import Image, ImageFilter

from extractors.checkboxes import (
    EMPTY_BOX,
    TICKED_BOX,
    Ruling,
    box_mark,
    cell_marks,
    column_rulings,
    crossing_mark,
    is_box_token,
    row_borders,
)
from extractors.combs import erase_combs
from extractors.errors import ExtractionTimeout, OcrFailed
from extractors.language import is_english
from extractors.safety import Deadline
from extractors.tesseract import TesseractLibraryError, load_library, read_tsv
from extractors.text_normalize import RULING_MARKS
from schemas import Limits, PageText
from schemas.extraction import StyledLine

# Tesseract's OpenMP threads slow a page down when several documents are OCR'd at once:
# parallelism comes from processes.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

TESSERACT_ENV = "QUALIOPI_TESSERACT_CMD"
# Below this mean word confidence OSD is asked whether the page is turned (turned pages read at
# 30-45; upright attendance sheets, whose signatures read as noise, at ~70).
ORIENTATION_CHECK_BELOW = 65.0
# Below this mean word confidence the page is read again with the fallback languages.
LOW_CONFIDENCE = 60.0
# An English page keeps the fra+eng reading unless its mean confidence is this much lower.
ENGLISH_CONFIDENCE_MARGIN = 5.0
# OSD is trusted only above this confidence: on sparse pages it guesses.
MIN_OSD_CONFIDENCE = 1.5
# Deskew search: scanners and phone photos are rarely more than a few degrees off.
SKEW_MAX_DEGREES = 5.0
SKEW_COARSE_STEP = 0.5
SKEW_FINE_STEP = 0.1
SKEW_MIN_CORRECTION = 0.3
SKEW_ANALYSIS_WIDTH = 800
A4_LONG_SIDE_INCHES = 11.69
DARK_THRESHOLD = 128
# Fewer dark pixels than this on the 800-pixel-wide copy (a few characters' worth): blank page.
MIN_INK_PIXELS = 40
# Grain above this median grey-level change (see `noise_level`) gets a median filter.
NOISY = 2.0
# A central square of 400 px (3.4 cm at 300 dpi) gives the same level as one of 800 px on every scan,
# photo and test page we have (0, 1 or 7), for a quarter of the filtering cost: 11 ms instead of 44.
NOISE_SAMPLE_SIDE = 400
# OSD is given at most this long side (300 dpi A4): larger photos cost time without helping, while
# downscaling further loses small print (8 pt text fails at 150 dpi).
OSD_LONG_SIDE = 3600


@dataclass(frozen=True)
class OcrEngine:
    """Which Tesseract reads the pages: the command `tesseract_cmd`, or the library in this process
    when it is None (OSD still runs the command found on PATH). Resolved by the caller (the parent
    process when isolated), so that `QUALIOPI_TESSERACT_CMD` and PATH at call time decide, not the
    worker's frozen environment."""

    tesseract_cmd: str | None

    @classmethod
    def from_environment(cls) -> OcrEngine:
        configured = os.environ.get(TESSERACT_ENV)
        if configured:
            return cls(configured)
        return cls(None if load_library() is not None else shutil.which("tesseract") or "tesseract")


@dataclass(frozen=True)
class OcrText:
    text: str
    confidence: float | None
    words: int
    styled: tuple[StyledLine, ...] = ()


def ocr_page(
    image: Image.Image, number: int, limits: Limits, deadline: Deadline, engine: OcrEngine, dpi: int | None = None
) -> PageText:
    """OCR one page image: straighten it, read it; when the reading is poor, ask OSD whether the page
    is turned and read it again upright, then try the fallback languages. Raises `OcrFailed` or
    `ExtractionTimeout`.

    Reading first and asking OSD only on a poor result halves the cost of the usual upright page:
    a turned page reads at ~40 mean confidence, an upright one above 90. A page in English is read
    again with English data as well (`Limits.ocr_fallback_languages`)."""
    pytesseract.pytesseract.tesseract_cmd = engine.tesseract_cmd or shutil.which("tesseract") or "tesseract"
    gray = denoise(image.convert("L") if image.mode != "L" else image)
    ink = ink_map(gray)
    if is_blank(ink):
        # Back sides of scanned sheets: Tesseract and OSD would spend ~3 s finding nothing.
        return PageText(number=number, text="", ocr=True)
    skewless = deskew(gray, ink)
    straight = without_combs(skewless, dpi)
    result = _read_words(straight, limits.ocr_languages, deadline, dpi, engine)
    if straight is not skewless and _is_poor_or_empty(result):
        # On a page at the limit of legibility, a comb's removal once cost Tesseract every line.
        as_printed = _read_words(skewless, limits.ocr_languages, deadline, dpi, engine)
        if (as_printed.confidence or 0.0) > (result.confidence or 0.0):
            result, straight = as_printed, skewless
    read, rotation = straight, 0
    # No words at all may also be a turned page (Tesseract finds no line across vertical text).
    if (result.confidence or 0.0) < ORIENTATION_CHECK_BELOW:
        turn = detect_rotation(gray, deadline)
        if turn:
            # OSD's "Rotate" is clockwise; PIL rotates counter-clockwise.
            upright = without_combs(deskew(gray.rotate(-turn, expand=True)), dpi)
            second = _read_words(upright, limits.ocr_languages, deadline, dpi, engine)
            if (second.confidence or 0.0) > (result.confidence or 0.0):
                result, read, rotation = second, upright, turn
    fallback = limits.ocr_fallback_languages
    english = is_english(result.text)
    if fallback and fallback != limits.ocr_languages and (_is_poor(result) or english):
        second = _read_words(read, fallback, deadline, dpi, engine)
        # An English page keeps the reading with English data unless it is worse: the French
        # model's confidence on English words overrates what it read.
        margin = ENGLISH_CONFIDENCE_MARGIN if english and second.words else 0.0
        if (second.confidence or 0.0) > (result.confidence or 0.0) - margin:
            result = second
    return PageText(
        number=number,
        text=result.text,
        ocr=True,
        ocr_confidence=result.confidence,
        rotation=rotation,
        styled_lines=_in_points(result.styled, dpi) if number == 1 else [],
    )


def _in_points(styled: tuple[StyledLine, ...], dpi: int | None) -> list[StyledLine]:
    # Without a known resolution sizes stay in pixels: only their ratios on the page matter.
    scale = 72 / dpi if dpi else 1.0
    return [
        line.model_copy(
            update={
                key: round(value * scale, 1)
                for key in ("size", "top", "left", "right")
                if (value := getattr(line, key)) is not None
            }
        )
        for line in styled
    ]


def _is_poor(result: OcrText) -> bool:
    return result.words > 0 and (result.confidence or 0.0) < LOW_CONFIDENCE


def _is_poor_or_empty(result: OcrText) -> bool:
    return result.words == 0 or _is_poor(result)


def detect_rotation(gray: Image.Image, deadline: Deadline) -> int:
    """Clockwise degrees (0/90/180/270) that make the page upright; 0 when OSD cannot tell (too few
    characters, engine error: the OCR call made before has already reported a broken engine)."""
    small = gray
    long_side = max(gray.size)
    if long_side > OSD_LONG_SIDE:
        scale = OSD_LONG_SIDE / long_side
        small = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), Image.Resampling.BILINEAR)
    try:
        raw = pytesseract.image_to_osd(small, config="--psm 0", timeout=_budget(deadline))
    except (pytesseract.TesseractError, OSError, ValueError, UnicodeDecodeError):
        return 0
    except RuntimeError as error:  # pytesseract's timeout (TesseractError, also a RuntimeError, is above)
        raise _timeout(deadline) from error
    values = _parse_osd(raw)
    try:
        rotate = int(values.get("Rotate", "0")) % 360
        confidence = float(values.get("Orientation confidence", "0"))
    except ValueError:
        return 0
    if rotate not in (90, 180, 270) or confidence < MIN_OSD_CONFIDENCE:
        return 0
    return rotate


def _parse_osd(raw: str) -> dict[str, str]:
    pairs = (line.split(":", 1) for line in raw.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def denoise(gray: Image.Image) -> Image.Image:
    """Median-filters grainy photos and dirty scans. Tesseract's global threshold turns grain into
    thousands of specks: on a noisy phone photo it read nothing (CER 98 %, 5 s) where the filtered
    image reads at CER 2 % in 0.6 s. Clean pages are left alone: a median would thin small print."""
    return gray.filter(ImageFilter.MedianFilter(3)) if noise_level(gray) >= NOISY else gray


def noise_level(gray: Image.Image) -> float:
    """Median change a 3x3 median filter makes on a central sample: 0 on clean scans and renders
    (background and strokes are flat), several grey levels on sensor grain."""
    side = min(gray.width, gray.height, NOISE_SAMPLE_SIDE)
    left, top = (gray.width - side) // 2, (gray.height - side) // 2
    sample = gray.crop((left, top, left + side, top + side))
    filtered = np.asarray(sample.filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    return float(np.median(np.abs(np.asarray(sample, dtype=np.int16) - filtered)))


def is_blank(ink: Image.Image) -> bool:
    return int(np.count_nonzero(np.asarray(ink))) < MIN_INK_PIXELS


def ink_map(gray: Image.Image) -> Image.Image:
    """Small copy with dark pixels as 255 and paper as 0 (so rotation's 0 fill adds no ink)."""
    scale = min(1.0, SKEW_ANALYSIS_WIDTH / gray.width)
    small = gray.resize((max(1, round(gray.width * scale)), max(1, round(gray.height * scale))), Image.Resampling.BILINEAR)
    return small.point(lambda value: 255 if value < DARK_THRESHOLD else 0)


def deskew(gray: Image.Image, ink: Image.Image | None = None) -> Image.Image:
    """Straightens a page tilted by a few degrees: the angle whose horizontal projection profile of
    dark pixels is the most contrasted (text lines aligned with pixel rows) wins. Done on a small copy
    (`ink`, the page's `ink_map`, when the caller has it already)."""
    angle = estimate_skew(gray, ink)
    if abs(angle) < SKEW_MIN_CORRECTION:
        return gray
    return rotated(gray, angle)


def without_combs(gray: Image.Image, dpi: int | None) -> Image.Image:
    """The page with its rows of one-character boxes (`extractors.combs`) replaced by their
    characters. Without a known resolution, the page is taken to be A4."""
    resolution = dpi or max(gray.size) / A4_LONG_SIDE_INCHES
    pixels = np.asarray(gray)
    cleaned = erase_combs(pixels, resolution)
    return gray if cleaned is pixels else Image.fromarray(cleaned)


def rotated(gray: Image.Image, angle: float) -> Image.Image:
    """`gray.rotate(angle, BILINEAR, expand=True, fillcolor=255)`, computed by OpenCV: on a 300 dpi
    page Pillow took 0.12 s of CPU, a sixth of Tesseract's own time on the page, OpenCV 0.02 s. The
    interpolation matters: its slight smoothing is what lets Tesseract read grainy photos."""
    import cv2  # only pages that need straightening pay its import

    cv2.setNumThreads(1)  # parallelism comes from processes, as for Tesseract
    width, height = gray.size
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    corners = turn @ np.array([[0, width, width, 0], [0, 0, height, height], [1, 1, 1, 1]])
    new_width, new_height = (int(math.ceil(axis.max()) - math.floor(axis.min())) for axis in corners)
    turn[0, 2] += (new_width - width) / 2
    turn[1, 2] += (new_height - height) / 2
    pixels = cv2.warpAffine(
        np.asarray(gray), turn, (new_width, new_height), flags=cv2.INTER_LINEAR, borderValue=255
    )
    return Image.fromarray(pixels)


def estimate_skew(gray: Image.Image, ink: Image.Image | None = None) -> float:
    """Coarse search on a half-size copy (a 0.5° step still moves a line's end by several pixels
    there), then the fine search around the best coarse angle on the full analysis copy."""
    ink = ink if ink is not None else ink_map(gray)
    if not np.asarray(ink).any():
        return 0.0
    half = ink.resize((max(1, ink.width // 2), max(1, ink.height // 2)), Image.Resampling.BOX)
    coarse = np.arange(-SKEW_MAX_DEGREES, SKEW_MAX_DEGREES + 1e-9, SKEW_COARSE_STEP)
    best = _best_angle(half, coarse)
    fine = np.arange(best - SKEW_COARSE_STEP, best + SKEW_COARSE_STEP + 1e-9, SKEW_FINE_STEP)
    return _best_angle(ink, fine)


def _best_angle(ink: Image.Image, angles: np.ndarray) -> float:
    scores = [_profile_score(ink, float(angle)) for angle in angles]
    return float(angles[int(np.argmax(scores))])


def _profile_score(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def _read_words(image: Image.Image, languages: str, deadline: Deadline, dpi: int | None, engine: OcrEngine) -> OcrText:
    if engine.tesseract_cmd is None:
        return parse_tsv(_library_tsv(image, languages, deadline, dpi), image)
    with tempfile.TemporaryDirectory(prefix="qr-ocr-") as scratch:
        # Uncompressed: PNG encoding of a 300 dpi page costs more than writing it raw.
        path = Path(scratch) / "page.pgm"
        image.save(path, format="PPM")
        return parse_tsv(_command_tsv(str(path), languages, deadline, dpi), image)


def _library_tsv(image: Image.Image, languages: str, deadline: Deadline, dpi: int | None) -> str:
    seconds = _budget(deadline)
    try:
        return read_tsv(image, languages, dpi, seconds)
    except TesseractLibraryError as error:
        if deadline.remaining() <= 0:
            raise _timeout(deadline) from error
        raise OcrFailed("La reconnaissance de texte (OCR) a échoué (Tesseract).") from error


def _command_tsv(image_path: str, languages: str, deadline: Deadline, dpi: int | None) -> str:
    config = "-c tessedit_create_tsv=1 --psm 3" + (f" --dpi {dpi}" if dpi else "")
    try:
        return pytesseract.pytesseract.run_and_get_output(
            image_path, extension="tsv", lang=languages, config=config, timeout=_budget(deadline)
        )
    except pytesseract.TesseractNotFoundError as error:
        raise OcrFailed("Reconnaissance de texte (OCR) impossible : moteur Tesseract introuvable.") from error
    except pytesseract.TesseractError as error:
        raise OcrFailed(f"La reconnaissance de texte (OCR) a échoué (Tesseract, code {error.status}).") from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise OcrFailed("La reconnaissance de texte (OCR) a échoué : résultat de Tesseract illisible.") from error
    except RuntimeError as error:  # pytesseract's timeout (TesseractError, also a RuntimeError, is above)
        raise _timeout(deadline) from error


# Typography of OCR'd lines (`glyph_size`): the share of the font size a word's box spans, by
# whether it has letters reaching the ascender line and letters reaching below the baseline.
_ASCENDERS = frozenset("bdfhiklt")
_DESCENDERS = frozenset("gjpqy")
_EM_SHARE = {(True, True): 0.95, (True, False): 0.72, (False, True): 0.72, (False, False): 0.5}
STYLE_MIN_LETTERS = 2
STYLE_MIN_CONFIDENCE = 60.0
STYLE_SIZE_TOLERANCE = 0.15
DEBRIS_MAX_CHARS = 3
DEBRIS_CONFIDENCE = 30.0

# A word of an amount or a count: digits and their separators, currency and percent signs.
_AMOUNT_WORD = re.compile(r"[\d.,€%]+")
# A column of figures may carry a heading of this many words (« Nombre de stagiaires »).
COLUMN_HEADING_MAX_WORDS = 3
_BOX_MARKS = (EMPTY_BOX, TICKED_BOX)
Box = tuple[int, int, int, int]  # a word's left, top, right, bottom in pixels
# Fewer boxes than this on a page are no form's grid.
MIN_GRID_BOXES = 4
# A figure belongs to a label's row when their heights overlap by at least this share of the smaller.
ROW_OVERLAP = 0.5
MIN_COLUMN_ROWS = 2


@dataclass
class _Line:
    block: int
    paragraph: int
    words: list[str]
    left: int
    top: int
    right: int
    bottom: int
    sizes: list[float] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)  # per word

    @classmethod
    def empty(cls, block: int, paragraph: int) -> _Line:
        """A line with no word yet, which `add` grows around the words it is given."""
        return cls(block, paragraph, [], left=2**31, top=2**31, right=0, bottom=0)

    @property
    def placed_words(self) -> list[tuple[str, Box]]:
        return list(zip(self.words, self.boxes, strict=True))

    def add(self, word: str, left: int, top: int, width: int, height: int, confidence: float = 100.0) -> None:
        self.words.append(word)
        self.confidences.append(confidence)
        self.boxes.append((left, top, left + width, top + height))
        if confidence >= STYLE_MIN_CONFIDENCE and (size := glyph_size(word, height)) is not None:
            self.sizes.append(size)
        self.left, self.top = min(self.left, left), min(self.top, top)
        self.right, self.bottom = max(self.right, left + width), max(self.bottom, top + height)

    @property
    def is_figures(self) -> bool:
        """Amounts or counts only, once the table's rulings read as marks (« 1 250 | ») are set aside."""
        words = [word.strip(RULING_MARKS) for word in self.words]
        return any(char.isdigit() for word in words for char in word) and all(
            not word or _AMOUNT_WORD.fullmatch(word) for word in words
        )

    @property
    def is_column_heading(self) -> bool:
        """A figure column's few words of heading (« Heures », « Nombre | »), without any figure."""
        return len(self.words) <= COLUMN_HEADING_MAX_WORDS and not any(
            char.isdigit() for word in self.words for char in word
        )


def parse_tsv(tsv: str, page: Image.Image | None = None) -> OcrText:
    """Tesseract TSV -> text (lines joined by spaces, paragraphs separated by a blank line) and mean
    word confidence. Malformed rows are skipped, so a garbled output degrades instead of failing.
    Figures that Tesseract read as a column of their own go back to their rows (`rejoin_figure_columns`);
    with the `page` it read, the short words that are printed checkboxes become « ☐ » or « ☒ »."""
    lines: dict[tuple[int, int, int], _Line] = {}
    confidences: list[float] = []
    pixels: np.ndarray | None = None
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5":
            continue
        word = cells[11].strip()
        try:
            block, paragraph, line = int(cells[2]), int(cells[3]), int(cells[4])
            left, top, width, height = (int(cell) for cell in cells[6:10])
            confidence = float(cells[10])
        except ValueError:
            continue
        if not word or confidence < 0:
            continue
        if page is not None and is_box_token(word):
            pixels = np.asarray(page) if pixels is None else pixels
            word = box_mark(pixels, left, top, width, height) or word
        key = (block, paragraph, line)
        if key not in lines:
            lines[key] = _Line(block, paragraph, [], left, top, left + width, top + height)
        lines[key].add(word, left, top, width, height, confidence)
        confidences.append(min(confidence, 100.0))
    text_parts: list[str] = []
    previous: tuple[int, int] | None = None
    found = list(lines.values())
    if pixels is not None:
        found = mark_ruled_answer_cells(_without_box_debris(complete_box_grid(found, pixels)), pixels)
    for line in rejoin_figure_columns(join_box_rows(rehome_box_columns(found))):
        if previous is not None:
            text_parts.append("\n\n" if (line.block, line.paragraph) != previous else "\n")
        text_parts.append(" ".join(line.words))
        previous = (line.block, line.paragraph)
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrText(
        text="".join(text_parts), confidence=mean, words=len(confidences), styled=styled_lines(list(lines.values()))
    )


def glyph_size(word: str, height: float) -> float | None:
    """The font size a word's box height implies, from the kinds of letters it holds: a box spans
    ascender (capitals, digits, b d f h k l t, accents) to descender (g j p q y) only when the word
    has both, so « PROGRAMME » and « programme » of one size have different heights. None for words
    too short or not made of letters to judge."""
    letters = [char for char in word if char.isalnum()]
    if len(letters) < STYLE_MIN_LETTERS or height <= 0:
        return None
    tall = any(char.isupper() or char.isdigit() or char in _ASCENDERS or not char.isascii() for char in letters)
    low = any(char in _DESCENDERS for char in letters)
    return height / _EM_SHARE[tall, low]


def _without_debris(line: _Line) -> str:
    """The line without the short unreadable tokens an icon or a logo leaves at its ends (« NH »
    before « PROGRAMME DE FORMATION »). Words inside the line stay: a real word can read badly too."""
    words = list(zip(line.words, line.confidences, strict=True))
    while words and _debris(*words[0]):
        words.pop(0)
    while words and _debris(*words[-1]):
        words.pop()
    return " ".join(word for word, _ in words)


def _debris(word: str, confidence: float) -> bool:
    return len(word) <= DEBRIS_MAX_CHARS and confidence < DEBRIS_CONFIDENCE


def styled_lines(lines: list[_Line]) -> tuple[StyledLine, ...]:
    """The page's lines with the size their words imply, in pixels, top to bottom. OCR sizes are too
    noisy to compare exactly: consecutive lines whose sizes agree within `STYLE_SIZE_TOLERANCE` get
    their median, so that a title printed over two lines reads as one size. Lines with no word read
    confidently (a logo read as letters) are left out."""
    sized = [(line, float(np.median(line.sizes))) for line in sorted(lines, key=lambda line: line.top) if line.sizes]
    runs: list[list[tuple[_Line, float]]] = []
    for line, size in sized:
        if runs and abs(size - runs[-1][0][1]) <= STYLE_SIZE_TOLERANCE * runs[-1][0][1]:
            runs[-1].append((line, size))
        else:
            runs.append([(line, size)])
    return tuple(
        StyledLine(
            text=_without_debris(line),
            size=round(float(np.median([size for _, size in run])), 1),
            top=float(line.top),
            left=float(line.left),
            right=float(line.right),
        )
        for run in runs
        for line, _ in run
    )


def rejoin_figure_columns(lines: list[_Line]) -> list[_Line]:
    """Tables without rulings (a retyped BPF, a price list) are read column by column: Tesseract
    gives every label first, then every amount, and a field reader pairs the wrong ones. Each line of
    figures of a block made only of figures (and of a column heading, which stays) goes back to the
    end of the line, left of it in another block, that shares its height (several figure columns in
    the order they stand), provided at least two of the block's lines find their row; other figures
    stay where they were. Prose columns side by side are not figures and keep Tesseract's order."""
    figure_blocks = {line.block for line in lines if line.is_figures} - {
        line.block for line in lines if not line.is_figures and not line.is_column_heading
    }
    labels = [line for line in lines if line.block not in figure_blocks]
    rows: dict[int, list[tuple[_Line, _Line]]] = {}
    for figures in (line for line in lines if line.block in figure_blocks and line.is_figures):
        row = max(labels, key=lambda label: _row_overlap(label, figures), default=None)
        if row is not None and _row_overlap(row, figures) >= ROW_OVERLAP:
            rows.setdefault(figures.block, []).append((row, figures))
    # A column, not a lone figure: a price or a year alone beside a prose column stays put. Figures
    # Tesseract cut into blocks of a line each still make a column when they stand aligned on their
    # right edges, one under the other.
    lone = [pair for pairs in rows.values() if len(pairs) < MIN_COLUMN_ROWS for pair in pairs]
    columns = [pairs for pairs in [*rows.values(), *_right_aligned(lone)] if len(pairs) >= MIN_COLUMN_ROWS]
    moved: dict[int, list[_Line]] = {}
    for pairs in columns:
        for row, figures in pairs:
            moved.setdefault(id(row), []).append(figures)
    placed = {id(figures) for group in moved.values() for figures in group}
    rejoined: list[_Line] = []
    for line in lines:
        if id(line) in placed:
            continue
        for figures in sorted(moved.get(id(line), []), key=lambda figures: figures.left):
            line = replace(
                line,
                words=[*line.words, *figures.words],
                boxes=[*line.boxes, *figures.boxes],
                confidences=[*line.confidences, *figures.confidences],
                right=max(line.right, figures.right),
            )
        rejoined.append(line)
    return rejoined


# A row of a ruled answer grid: its question's cell, then at least this many answers' cells.
MIN_ANSWER_CELLS = 3
# What a hand's tick reads as: a short token that is no word (« X », « VA », « v/ »), never a number.
TICK_MAX_CHARS = 3
# How far from a tick, in its own heights, the borders of its table row are looked for.
ROW_BORDER_REACH = 3


def mark_ruled_answer_cells(lines: list[_Line], pixels: np.ndarray) -> list[_Line]:
    """A questionnaire ticked by hand in a ruled table (« Critère | Très satisfait | Satisfait | … »,
    a cross in one cell of each row): Tesseract reads a tick as a short token (« X », « VA »), on
    the question's line or as a line of its own, or not at all, with nothing of the column it stands
    in, and often reads each header cell as a line. Found from a tick's token, each row of the table
    becomes one line: its question, then each answer cell as « ☒ » or « ☐ » by its ink, in the
    columns' order, as printed boxes read; the row above the first such row (the answers' header)
    becomes one line too. A row whose answer cells hold words or figures, or ink neither empty nor a
    tick's, stays as read."""
    tried: set[tuple[int, ...]] = set()  # the tables already read, by their column borders
    seeds = [box for line in lines for word, box in line.placed_words if _tick_like(word)]
    for left, top, right, bottom in seeds:
        middle, reach = (top + bottom) // 2, ROW_BORDER_REACH * (bottom - top)
        band = _row_band(row_borders(pixels, left, right, middle - reach, middle + reach), middle)
        if band is None:
            continue
        inset = max(2, (band[1] - band[0]) // 10)
        rulings = column_rulings(pixels, band[0] + inset, band[1] - inset)
        table = tuple(start for start, _ in rulings)
        if len(rulings) < MIN_ANSWER_CELLS + 2 or table in tried or not _answer_cells_wide(rulings, band):
            continue
        tried.add(table)
        lines = _read_answer_grid(lines, pixels, rulings)
    return lines


def _answer_cells_wide(rulings: list[Ruling], band: tuple[int, int]) -> bool:
    """Whether the cells after the first are at least as wide as the row is high, as a tick's are
    (a large title's letter stems make narrow « cells »)."""
    return all(right[0] - left[1] >= band[1] - band[0] for left, right in zip(rulings[1:], rulings[2:], strict=False))


def _tick_like(word: str) -> bool:
    """A short token that is neither a number nor a word of three letters or more, once a cell's
    border read with it is set aside (« |<Ix »)."""
    mark = word.strip(RULING_MARKS)
    return 0 < len(mark) <= TICK_MAX_CHARS and not mark.isdigit() and not (mark.isalpha() and len(mark) == TICK_MAX_CHARS)


def _row_band(borders: list[Ruling], y: int) -> tuple[int, int] | None:
    """The table row around `y`: from the row border above it to the one below it."""
    above = [end for _, end in borders if end < y]
    below = [start for start, _ in borders if start > y]
    return (above[-1] + 1, below[0]) if above and below else None


def _read_answer_grid(lines: list[_Line], pixels: np.ndarray, rulings: list[Ruling]) -> list[_Line]:
    """Every row of the table between `rulings` read as answers where it holds them, and the header
    above the first."""
    borders = row_borders(pixels, rulings[0][1] + 1, rulings[-1][0])
    bands = [(upper[1] + 1, lower[0]) for upper, lower in itertools.pairwise(borders)]
    answered = []
    for band in bands:
        merged, joined = _merged_row(lines, rulings, band)
        marked = _with_answer_cells(merged, pixels, rulings, band) if merged is not None else None
        if marked is not None:
            lines = [marked if line is merged else line for line in joined]
            answered.append(band)
    if not answered:
        return lines
    header = next((band for band in reversed(bands) if band[1] < answered[0][0]), None)
    return _merged_row(lines, rulings, header)[1] if header is not None else lines


def _merged_row(
    lines: list[_Line], rulings: list[Ruling], band: tuple[int, int]
) -> tuple[_Line | None, list[_Line]]:
    """The lines standing in one row of a ruled table joined into one, in place of the first."""
    left, right = rulings[0][0], rulings[-1][1]
    pieces = [
        line for line in lines
        if band[0] <= (line.top + line.bottom) / 2 <= band[1] and line.left >= left and line.right <= right
    ]  # fmt: skip
    if not pieces:
        return None, lines
    if len(pieces) == 1:
        return pieces[0], lines
    merged = _holding(pieces[0], [placed for piece in pieces for placed in piece.placed_words])
    kept = [merged if line is pieces[0] else line for line in lines if not any(line is piece for piece in pieces[1:])]
    return merged, kept


def _with_answer_cells(
    line: _Line, pixels: np.ndarray, rulings: list[Ruling], band: tuple[int, int]
) -> _Line | None:
    """The row with its answer cells as boxes; None when it is no row of ticked answers."""
    cells = [(left[1] + 1, right[0]) for left, right in zip(rulings, rulings[1:], strict=False)]
    placed = [(word, box, _cell_of((box[0] + box[2]) / 2, cells)) for word, box in line.placed_words]
    question = [(word, box) for word, box, cell in placed if cell == 0]
    if not question or any(cell is None for _, _, cell in placed):
        return None
    margin = max(3, (band[1] - band[0]) // 10)
    answers = cells[1:]
    tokens = [[word for word, _, cell in placed if cell == index] for index in range(1, len(cells))]
    if not all(_tick_like(token) for cell in tokens for token in cell):
        return None
    insides = [(left + margin, band[0] + margin, right - margin, band[1] - margin) for left, right in answers]
    marks = cell_marks(pixels, insides)
    if marks is None or any(mark == EMPTY_BOX and cell for mark, cell in zip(marks, tokens, strict=True)):
        return None
    boxes = [(left, band[0], right, band[1]) for left, right in answers]
    return _holding(line, [*question, *zip(marks, boxes)])


def _cell_of(x: float, cells: list[tuple[int, int]]) -> int | None:
    return next((index for index, (left, right) in enumerate(cells) if left <= x <= right), None)


def _right_aligned(pairs: list[tuple[_Line, _Line]]) -> list[list[tuple[_Line, _Line]]]:
    """(row, figures) pairs grouped by the figures' right edges, within a line's height of each other."""
    if not pairs:
        return []
    tolerance = float(np.median([figures.bottom - figures.top for _, figures in pairs]))
    groups: list[list[tuple[_Line, _Line]]] = []
    for pair in sorted(pairs, key=lambda pair: pair[1].right):
        if groups and pair[1].right - groups[-1][-1][1].right <= tolerance:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    return groups


def _checkboxes(lines: list[_Line]) -> list[Box]:
    return [box for line in lines for word, box in line.placed_words if word in _BOX_MARKS]


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _without_box_debris(lines: list[_Line]) -> list[_Line]:
    """A ticked box is sometimes read as two words, the box and its tick (« ☒ [NX] »): what stands
    inside a box is the box."""
    boxes = _checkboxes(lines)
    if not boxes:
        return lines

    def inside(box: Box) -> bool:
        x, y = _centre(box)
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    kept = []
    for line in lines:
        words = [
            item
            for item in zip(line.words, line.boxes, line.confidences, strict=True)
            if item[0] in _BOX_MARKS or not inside(item[1])
        ]
        if len(words) < len(line.words):
            line = replace(
                line,
                words=[w for w, _, _ in words],
                boxes=[b for _, b, _ in words],
                confidences=[c for _, _, c in words],
            )
        if line.words:
            kept.append(line)
    return kept


def complete_box_grid(lines: list[_Line], pixels: np.ndarray) -> list[_Line]:
    """Tesseract leaves out some of a form's boxes, a ticked one more often than not: where the boxes
    it read stand in columns and rows, every crossing of a column and a row is looked at. A short word
    standing on a crossing is the box there, read as letters because its tick goes past its sides
    (« 9 », « X.( »): it becomes the box its inside shows. Boxes found where nothing was read are
    added (as a line of boxes of their own, which `rehome_box_columns` places)."""
    boxes = _checkboxes(lines)
    if len(boxes) < MIN_GRID_BOXES:
        return lines
    side = float(np.median([min(box[2] - box[0], box[3] - box[1]) for box in boxes]))
    centres = [_centre(box) for box in boxes]
    rows = [float(np.mean(row)) for row in _clusters([y for _, y in centres], side)]
    columns = _grid_columns(centres, _short_words_on_rows(lines, rows, side), side)
    crossings = [(x, y) for x in columns for y in rows]
    lines = [_with_crossings_marked(line, crossings, side, pixels) for line in lines]
    centres = [_centre(box) for box in _checkboxes(lines)]
    added = _Line.empty(-1, 0)
    reach = round(side * 0.65)  # half the square looked at: a box and a little of its surroundings
    for x, y in crossings:
        if any(_within_half_a_box((x, y), centre, side) for centre in centres):
            continue
        left, top = max(0, round(x) - reach), max(0, round(y) - reach)
        mark = box_mark(pixels, left, top, 2 * reach, 2 * reach)
        if mark is not None:
            added.add(mark, left, top, 2 * reach, 2 * reach)
    return [*lines, added] if added.words else lines


def _short_words_on_rows(lines: list[_Line], rows: list[float], side: float) -> list[tuple[float, float]]:
    """Centres of the short words (not boxes) that stand on a row of boxes."""
    centres = (
        _centre(box)
        for line in lines
        for word, box in line.placed_words
        if word not in _BOX_MARKS and is_box_token(word)
    )
    return [(x, y) for x, y in centres if any(abs(y - row) < side / 2 for row in rows)]


def _grid_columns(boxes: list[tuple[float, float]], words: list[tuple[float, float]], side: float) -> list[float]:
    """The x of the grid's columns: two or more boxes, or a box and ticks read as words, one under the
    other (a column ticked on most rows has few boxes read as such). Short words alone make no column:
    the first words of the questions line up too."""
    box_xs = [x for x, _ in boxes]
    columns = _clusters(box_xs + [x for x, _ in words], side)
    return [
        float(np.mean(column))
        for column in columns
        if len(column) >= 2 and any(min(column) <= x <= max(column) for x in box_xs)
    ]


def _with_crossings_marked(line: _Line, crossings: list[tuple[float, float]], side: float, pixels: np.ndarray) -> _Line:
    """The line with each short word centred on a crossing of the box grid replaced by that box."""
    words, boxes = list(line.words), list(line.boxes)
    for index, (word, box) in enumerate(zip(line.words, line.boxes, strict=True)):
        if word in _BOX_MARKS or not is_box_token(word):
            continue
        crossing = next((point for point in crossings if _within_half_a_box(_centre(box), point, side)), None)
        mark = crossing_mark(pixels, *crossing, side) if crossing else None
        if crossing and mark:
            column, row, half = round(crossing[0]), round(crossing[1]), round(side / 2)
            words[index] = mark
            boxes[index] = (column - half, row - half, column + half, row + half)
    return line if words == line.words else replace(line, words=words, boxes=boxes)


def _within_half_a_box(point: tuple[float, float], centre: tuple[float, float], side: float) -> bool:
    return abs(point[0] - centre[0]) < side / 2 and abs(point[1] - centre[1]) < side / 2


def _clusters(values: list[float], side: float) -> list[list[float]]:
    """Values within half a box of the previous one, grouped."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= side / 2:
            groups[-1].append(value)
        else:
            groups.append([value])
    return groups


def rehome_box_columns(lines: list[_Line]) -> list[_Line]:
    """A form's checkboxes under a header of answers are read by Tesseract as columns of their own
    (one « line » per column, bottom to top): each box goes back to the line of text it stands on,
    in the order the boxes stand. Boxes in a line of text stay where they are; boxes with no text
    beside them make a line of their own per row, where their columns were."""
    columns = [line for line in lines if line.words and all(word in _BOX_MARKS for word in line.words)]
    if not columns:
        return lines
    rows = [line for line in lines if not any(line is column for column in columns)]
    placed: dict[int, list[tuple[str, Box]]] = {}
    orphans: list[_Line] = []
    for column in columns:
        for word, box in column.placed_words:
            row = max(rows, key=lambda line: _box_overlap(line, box), default=None)
            if row is not None and _box_overlap(row, box) >= ROW_OVERLAP:
                placed.setdefault(id(row), []).append((word, box))
                continue
            home = next((line for line in orphans if _box_overlap(line, box) >= ROW_OVERLAP), None)
            if home is None:
                home = _Line.empty(column.block, column.paragraph)
                orphans.append(home)
            home.add(word, box[0], box[1], box[2] - box[0], box[3] - box[1])
    rehomed: list[_Line] = []
    for line in lines:
        if line is columns[0]:
            rehomed += [
                _holding(row, row.placed_words)
                for row in sorted(orphans, key=lambda row: row.top)
            ]
        elif not any(line is column for column in columns):
            rehomed.append(_with_words(line, placed.get(id(line), [])))
    return rehomed


def join_box_rows(lines: list[_Line]) -> list[_Line]:
    """A form's row of boxes each before its answer (« ☐ Très satisfait ☐ Satisfait ☐ Peu satisfait »)
    is cut by Tesseract into blocks of columns: a part that starts with a box goes back to the end of
    the line with boxes it continues, on the same row and left of it in another block."""
    joined = {id(line): line for line in lines}
    absorbed: set[int] = set()
    for part in sorted(
        (line for line in lines if line.words and line.words[0] in _BOX_MARKS), key=lambda line: line.left
    ):
        rows = [
            (key, line)
            for key, line in joined.items()
            if key != id(part)
            and key not in absorbed
            and line.block != part.block
            and line.right <= part.left
            and any(word in _BOX_MARKS for word in line.words)
            and _row_overlap(line, part) >= ROW_OVERLAP
        ]
        if not rows:
            continue
        row_key = max(rows, key=lambda item: item[1].right)[0]
        joined[row_key] = _with_words(joined[row_key], joined[id(part)].placed_words)
        absorbed.add(id(part))
    return [joined[id(line)] for line in lines if id(line) not in absorbed]


def _with_words(line: _Line, extra: list[tuple[str, Box]]) -> _Line:
    """The line with words added where they stand, left to right."""
    if not extra:
        return line
    words = sorted(
        [*zip(line.words, line.boxes, line.confidences, strict=True), *((word, box, 100.0) for word, box in extra)],
        key=lambda item: item[1][0],
    )
    return replace(
        line,
        words=[word for word, _, _ in words],
        boxes=[box for _, box, _ in words],
        confidences=[confidence for _, _, confidence in words],
        left=min(box[0] for _, box, _ in words),
        top=min(box[1] for _, box, _ in words),
        right=max(box[2] for _, box, _ in words),
        bottom=max(box[3] for _, box, _ in words),
    )


def _holding(line: _Line, placed: list[tuple[str, Box]]) -> _Line:
    """The line (its block and paragraph) with these words only, left to right."""
    return _with_words(replace(line, words=[], boxes=[], confidences=[], sizes=[]), placed)


def _box_overlap(line: _Line, box: Box) -> float:
    """Share of the box's height the line covers."""
    common = min(line.bottom, box[3]) - max(line.top, box[1])
    return common / (box[3] - box[1]) if box[3] > box[1] and common > 0 else 0.0


def _row_overlap(label: _Line, figures: _Line) -> float:
    """Share of the smaller height the two lines have in common; 0 unless the label ends left of the figures."""
    if label.right > figures.left:
        return 0.0
    common = min(label.bottom, figures.bottom) - max(label.top, figures.top)
    smaller = min(label.bottom - label.top, figures.bottom - figures.top)
    return common / smaller if smaller > 0 and common > 0 else 0.0


def _budget(deadline: Deadline) -> float:
    remaining = deadline.remaining()
    if remaining <= 0:
        raise _timeout(deadline)
    return remaining


def _timeout(deadline: Deadline) -> ExtractionTimeout:
    return ExtractionTimeout(
        f"Lecture interrompue : durée maximale de traitement ({deadline.seconds:.0f} s) dépassée pendant l'OCR."
    )
