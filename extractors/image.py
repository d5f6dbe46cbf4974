"""Photos and scans (JPEG, PNG, TIFF including multi-page, and the other rasters Pillow reads) -> OCR'd pages.

Sizes are checked from the header before any pixel is decoded: a 50 kB PNG can declare
100 000 x 100 000 pixels and ask for 10 GB of memory.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.errors import CorruptFile, TooManyPages, TooManyPixels
from extractors.ocr import OcrEngine, ocr_page
from extractors.safety import Deadline
from schemas import Limits, PageText

# Resolutions outside this range are metadata noise (72 dpi defaults, 1 dpi placeholders):
# better to let Tesseract estimate than to mislead it.
PLAUSIBLE_DPI = (100, 1200)


def extract_image(path: Path, limits: Limits, deadline: Deadline, engine: OcrEngine) -> Iterator[PageText]:
    yield from ocr_image_file(path, 1, limits, deadline, engine)


def ocr_image_file(
    source: Path | BinaryIO, first_number: int, limits: Limits, deadline: Deadline, engine: OcrEngine
) -> Iterator[PageText]:
    """One OCR'd page per frame of the image in `source` (a path or an open binary file)."""
    # Pillow's own guard raises beyond twice its limit; the explicit check below refuses at the limit.
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > limits.max_pages:
                    raise TooManyPages(f"Image refusée : {frames} pages (limite {limits.max_pages}).")
                for index in range(frames):
                    deadline.check()
                    image.seek(index)
                    check_pixels(image.size, limits)
                    page = _prepare(image)
                    try:
                        yield ocr_page(page, first_number + index, limits, deadline, engine, dpi=_dpi(image))
                    finally:
                        page.close()
    except Image.DecompressionBombError as error:
        raise TooManyPixels(
            f"Image refusée : plus de {2 * limits.max_image_pixels / 1e6:.0f} mégapixels "
            f"(limite {limits.max_image_pixels / 1e6:.0f} mégapixels)."
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise CorruptFile("Image endommagée ou tronquée : elle n'a pas pu être lue.") from error


def check_pixels(size: tuple[int, int], limits: Limits) -> None:
    width, height = size
    if width * height > limits.max_image_pixels:
        raise TooManyPixels(
            f"Image refusée : {width} x {height} pixels, au-delà de la limite de {limits.max_image_pixels / 1e6:.0f} mégapixels."
        )


def _prepare(frame: Image.Image) -> Image.Image:
    """Decodes the current frame, turned as the camera's EXIF orientation says, in grayscale."""
    upright = ImageOps.exif_transpose(frame)
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        # Transparent pixels are white paper, not black.
        background = Image.new("RGBA", upright.size, (255, 255, 255, 255))
        background.alpha_composite(upright.convert("RGBA"))
        upright = background
    return upright.convert("L")


def _dpi(image: Image.Image) -> int | None:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    if value is None or not PLAUSIBLE_DPI[0] <= value <= PLAUSIBLE_DPI[1]:
        return None
    return value
