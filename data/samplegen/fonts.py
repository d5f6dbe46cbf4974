"""System TrueType fonts used by the PDF and raster renderers (full French glyph set, € and narrow spaces)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SEARCH_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)

# family -> (regular, bold) candidates, first found wins
FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    "sans": (("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")),
    "serif": (("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"), ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")),
    "narrow": (
        ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
        ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ),
    "scan": (("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")),
    "mono": (
        ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
        ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
    ),
}


class FontNotFound(RuntimeError):
    pass


def _find(name: str) -> Path | None:
    for folder in SEARCH_DIRS:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


@cache
def font_files(family: str) -> tuple[Path, Path]:
    """(regular, bold) TTF paths of a family, e.g. 'sans'."""
    for regular, bold in FAMILIES[family]:
        found_regular, found_bold = _find(regular), _find(bold)
        if found_regular and found_bold:
            return found_regular, found_bold
    wanted = ", ".join(regular for regular, _ in FAMILIES[family])
    raise FontNotFound(
        f"no TrueType font for family {family!r}; install one of: {wanted} (fonts-liberation, fonts-dejavu)"
    )
