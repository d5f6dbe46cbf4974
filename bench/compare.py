"""How a value read is compared with a ground truth: shared by every accuracy measure."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extractors.text_normalize import unify_punctuation

MONEY_TOLERANCE = 0.5
RATE_TOLERANCE = 0.005
QUANTITY_TOLERANCE = 0.01
STRING_RULE = "NFKC, casefold, apostrophes/quotes/dashes unified, whitespace collapsed"


def normalise_string(value: str) -> str:
    text = unify_punctuation(unicodedata.normalize("NFKC", value)).casefold()
    text = re.sub(r'"\s*|\s*"', '"', text)
    return re.sub(r"\s+", " ", text).strip()


def tolerance(name: str) -> float:
    if name.endswith("_eur"):
        return MONEY_TOLERANCE
    if "rate" in name:
        return RATE_TOLERANCE
    return QUANTITY_TOLERANCE


def field_matches(name: str, expected: Any, got: Any) -> bool:
    """Whether an extracted field value equals the truth under the harness's comparison rules."""
    if got is None:
        return expected is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, int) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and float(got) == float(expected)
    if isinstance(expected, float):
        return isinstance(got, (int, float)) and abs(float(got) - expected) <= tolerance(name) + 1e-9
    if isinstance(expected, str):
        return normalise_string(str(got)) == normalise_string(expected)
    return expected == got


def values_match(name: str, expected: Any, got: Any) -> bool:
    """`field_matches`, and lists (a certificate's categories) compared as sets."""
    if isinstance(expected, list) or isinstance(got, list):
        return isinstance(expected, list) and isinstance(got, list) and sorted(map(str, expected)) == sorted(map(str, got))
    return field_matches(name, expected, got)
