"""Last line of defence for personal data in what a person reads.

The mappers already mask excerpts; reports apply this filter again to every excerpt and field value
they display, so a trainee's e-mail or phone number that slipped through (another wording, an OCR
variant) never reaches an officer's screen or an auditor's spreadsheet. The JSON stays as produced.
"""

from __future__ import annotations

import re

MASK = "•"

# The local part is what identifies a person; the domain (often the organisation's) stays readable.
_EMAIL = re.compile(r"[\w.%+'-]+(?=\s?@\s?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b)", re.IGNORECASE)

# French numbers (0X XX XX XX XX, +33 / 0033 with optional (0), any of space . - as separators,
# OCR sometimes doubling them) and other international numbers written with a leading +.
_SEP = r"[ \u00a0\u202f.\-]{0,2}"
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:"
    rf"(?:(?:\+|00){_SEP}33{_SEP}(?:\(0\){_SEP})?|0){_SEP}[1-9](?:{_SEP}\d{{2}}){{4}}"
    rf"|\+{_SEP}\d{{1,3}}(?:{_SEP}\d){{7,12}}"
    r")"
    r"(?!\w)"
)


def _mask_digits_but_last_two(match: re.Match[str]) -> str:
    text = match.group(0)
    digit_positions = [i for i, char in enumerate(text) if char.isdigit()]
    hidden = set(digit_positions[:-2])
    return "".join(MASK if i in hidden else char for i, char in enumerate(text))


def mask_personal_data(text: str) -> str:
    """Hide e-mail local parts and every phone digit but the last two; everything else is kept.

    >>> mask_personal_data("Contact : jeanne.martin@exemple.fr, 06 12 34 56 78")
    'Contact : •••@exemple.fr, •• •• •• •• 78'
    """
    if not text:
        return text
    # The e-mail pattern tries every word of the text for an "@" ahead: a quarter of a report's
    # rendering time, spent on texts without any.
    masked = _EMAIL.sub(MASK * 3, text) if "@" in text else text
    return _PHONE.sub(_mask_digits_but_last_two, masked)
