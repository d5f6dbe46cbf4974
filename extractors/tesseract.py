"""Tesseract's C API, called in this process through ctypes: the engine the `tesseract` command runs,
without starting that command for every page.

The command loads its language data, decodes the page image written for it and writes its TSV at
each call: on a scanned A4 page at 300 dpi that is about 0.2 CPU s of its 0.9 (same pages, same
options, the same TSV row for row). Here the data are loaded once per process and language set, and
the page's pixels are handed over as they are in memory. The deadline is Tesseract's own monitor:
recognition stops when it passes (layout analysis, a small part of a page, is not bounded by it).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import threading
from functools import cache

from PIL import Image

# Tesseract's page segmentation mode 3: automatic layout analysis, no orientation detection.
AUTO_SEGMENTATION = 3
# What the command's TSV renderer writes first; the C API gives the rows only.
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"


class TesseractLibraryError(RuntimeError):
    """The library could not be initialised or could not read the page."""


@cache
def load_library() -> ctypes.CDLL | None:
    """libtesseract with the prototypes used here, or None when it is not installed."""
    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    handle, text, integer = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    _declare(lib.TessBaseAPICreate, [], handle)
    _declare(lib.TessBaseAPIDelete, [handle], None)
    _declare(lib.TessBaseAPIEnd, [handle], None)
    _declare(lib.TessBaseAPIInit3, [handle, text, text], integer)
    _declare(lib.TessBaseAPISetVariable, [handle, text, text], integer)
    _declare(lib.TessBaseAPISetPageSegMode, [handle, integer], None)
    _declare(lib.TessBaseAPISetImage, [handle, text, integer, integer, integer, integer], None)
    _declare(lib.TessBaseAPIRecognize, [handle, handle], integer)
    _declare(lib.TessBaseAPIGetTsvText, [handle, integer], handle)
    _declare(lib.TessBaseAPIClear, [handle], None)
    _declare(lib.TessDeleteText, [handle], None)
    _declare(lib.TessMonitorCreate, [], handle)
    _declare(lib.TessMonitorDelete, [handle], None)
    _declare(lib.TessMonitorSetDeadlineMSecs, [handle, integer], None)
    return lib


def _declare(function, arguments: list, result) -> None:
    function.argtypes = arguments
    function.restype = result


class _Engines(threading.local):
    """One initialised engine per language set and thread (an engine reads one page at a time)."""

    def __init__(self) -> None:
        self.by_languages: dict[str, int] = {}


_engines = _Engines()
_created: list[int] = []
_created_lock = threading.Lock()


def _engine(lib: ctypes.CDLL, languages: str) -> int:
    engine = _engines.by_languages.get(languages)
    if engine is None:
        engine = lib.TessBaseAPICreate()
        # Its notes (« Estimating resolution as 160 ») went to the command's own stderr, which
        # pytesseract kept; in this process they would reach the user's terminal.
        lib.TessBaseAPISetVariable(engine, b"debug_file", os.devnull.encode())
        if lib.TessBaseAPIInit3(engine, None, languages.encode()) != 0:
            lib.TessBaseAPIDelete(engine)
            raise TesseractLibraryError(f"Tesseract could not load the language data {languages!r}")
        lib.TessBaseAPISetVariable(engine, b"tessedit_create_tsv", b"1")
        _engines.by_languages[languages] = engine
        with _created_lock:
            if not _created:
                atexit.register(_end_all)
            _created.append(engine)
    return engine


def _end_all() -> None:
    """Released at exit: Tesseract reports the language data still held as leaks otherwise."""
    lib = load_library()
    with _created_lock:
        for engine in _created:
            lib.TessBaseAPIEnd(engine)
            lib.TessBaseAPIDelete(engine)
        _created.clear()


def read_tsv(gray: Image.Image, languages: str, dpi: int | None, seconds: float) -> str:
    """Tesseract's TSV of an 8-bit grey page, as `tesseract page.pgm out -l LANGUAGES --psm 3
    [--dpi DPI] tsv` writes it. Raises `TesseractLibraryError` when it cannot, recognition stopped
    by the end of `seconds` included."""
    lib = load_library()
    if lib is None:
        raise TesseractLibraryError("libtesseract is not installed")
    if gray.mode != "L":
        raise ValueError(f"an 8-bit grey image is expected, not {gray.mode}")
    engine = _engine(lib, languages)
    # As the command's --dpi does; 0 lets Tesseract estimate the resolution from the letters.
    lib.TessBaseAPISetVariable(engine, b"user_defined_dpi", str(dpi or 0).encode())
    lib.TessBaseAPISetPageSegMode(engine, AUTO_SEGMENTATION)
    pixels = gray.tobytes()
    lib.TessBaseAPISetImage(engine, pixels, gray.width, gray.height, 1, gray.width)
    monitor = lib.TessMonitorCreate()
    try:
        lib.TessMonitorSetDeadlineMSecs(monitor, max(1, min(int(seconds * 1000), 2**31 - 1)))
        if lib.TessBaseAPIRecognize(engine, monitor) != 0:
            raise TesseractLibraryError("Tesseract could not read the page")
        rows = lib.TessBaseAPIGetTsvText(engine, 0)
        if not rows:
            raise TesseractLibraryError("Tesseract gave no TSV")
        try:
            return f"{TSV_HEADER}\n{ctypes.string_at(rows).decode('utf-8', 'replace')}"
        finally:
            lib.TessDeleteText(rows)
    finally:
        lib.TessMonitorDelete(monitor)
        lib.TessBaseAPIClear(engine)
