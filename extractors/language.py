"""Which language a page is written in, as far as OCR needs to know: French or English.

Function words tell it on any layout: « the », « and », « of » against « le », « et », « de ». A page
in English is OCR'd with English data too (`Limits.ocr_fallback_languages`), which reads its
apostrophes and words the French model garbles.
"""

from __future__ import annotations

import re

ENGLISH_WORDS = frozenset(
    "the and of to for with is are be this that your you our will from by on at in as an or".split()
)
FRENCH_WORDS = frozenset("le la les de des du et est sont pour avec une un vous nous au aux par sur dans en ou".split())
# Fewer function words than this on a page: too little text to tell.
MIN_FUNCTION_WORDS = 8


def is_english(text: str) -> bool:
    """More English function words than French ones, on a page with enough text to tell."""
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    french = sum(word in FRENCH_WORDS for word in words)
    return english + french >= MIN_FUNCTION_WORDS and english > french
