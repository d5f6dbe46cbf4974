"""Text folding shared by classification and field extraction.

Documents arrive from text layers, Word files, spreadsheets and OCR. The same phrase can show up as
« Déclaration d’activité », « DECLARATION D'ACTIVITE », « déc1aration  d'activité » (OCR) or with
NBSP / thin spaces. Folding maps all of them to one form before any matching:

* casefold and strip accents (« Été » -> « ete »), expand ligatures (« œ » -> « oe »);
* one apostrophe ('), one double quote ("), one dash (-);
* every horizontal space (NBSP, thin, narrow NBSP, figure space, tab...) becomes one space, runs of
  spaces collapse, line breaks are kept (title lines matter), invisible characters are dropped;
* OCR digit/letter confusions are repaired *inside words only*: a 0, 1 or 5 squeezed between
  letters (« déc1aration », « Tota1 », « 0rganisme », « clas5e »). Codes such as « RNCP12345 »,
  « 10443*17 », « 8559A », ordinals (« 1er », « 2e ») and units (« 21h ») are left alone
  (`DigitRepair.IN_WORDS`; the indicator matcher's token keys use `DigitRepair.BETWEEN_LETTERS`).

This is the one folding of the project: classification, fields, the indicator matcher's keys, scope
and admissibility rules and the excerpts' summaries all fold here.

`Folded` keeps, for every folded character, its index in the source text, so a label found in the
folded text locates the original value (accents, capitals, tabs between table cells) in the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

_APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bc\u02b9\u00b4\u0060\u2032\uff07"
_QUOTES = '"\u00ab\u00bb\u201c\u201d\u201e\u201f\u2033\u2039\u203a\uff02'
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_HORIZONTAL_SPACES = (
    " \t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)
_LINE_BREAKS = "\n\r\u000b\u000c\u0085\u2028\u2029"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPECIAL = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "º": "°", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}

# Digits OCR engines put in place of letters, and the letter meant. 1 is read as l (Tesseract's usual
# error on serif fonts); the l/i ambiguity that remains is absorbed by `phrase_pattern`.
_DIGIT_AS_LETTER = {"0": "o", "1": "l", "5": "s"}
_DIGITS_BETWEEN_LETTERS = re.compile(r"(?<=[a-z])[015]+(?=[a-z])")
_ORDINAL = re.compile(r"\d+(?:er|ere|re|e|eme|nd|nde|d|ieme)")
# Words mixing letters and digits: the only ones `_repair_word` may change.
_MIXED_WORD = re.compile(r"(?<![a-z0-9])(?=[a-z0-9]*[a-z])(?=[a-z0-9]*\d)[a-z0-9]+")

# What a table's rulings, brackets and the paper's specks read as in OCR (« 1 250 | », « ☐ ; ☐ »).
RULING_MARKS = "|[](){}_:;!" + _DASHES


def is_ruling_debris(token: str) -> bool:
    """A token made only of `RULING_MARKS`: no word and no number."""
    return bool(token) and not token.strip(RULING_MARKS)


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each of its characters, the index of the source character it came from."""

    text: str
    offsets: tuple[int, ...]  # len(text) + 1 entries; the last one is len(source)
    source: str

    def source_slice(self, start: int, end: int | None = None) -> str:
        """The source text behind folded[start:end]."""
        end = len(self.text) if end is None else end
        return self.source[self.offsets[start] : self.offsets[end]]


def _fold_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char in _APOSTROPHES:
        return "'"
    if char in _QUOTES:
        return '"'
    if char in _DASHES:
        return "-"
    if char in _HORIZONTAL_SPACES:
        return " "
    if char in _LINE_BREAKS:
        return "\n"
    if char in _INVISIBLE:
        return ""
    if char.isascii():
        return char.lower()
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def _repair_word(word: str) -> str:
    """Replace OCR digits inside a mostly-letter word; return the word unchanged when unsure."""
    letters = sum(c.isalpha() for c in word)
    if letters < 3 or letters == len(word) or _ORDINAL.fullmatch(word):
        return word
    if any(c.isdigit() and c not in _DIGIT_AS_LETTER for c in word):
        return word
    runs = list(re.finditer(r"\d+", word))
    for run in runs:
        at_start, at_end = run.start() == 0, run.end() == len(word)
        if len(run.group()) > (1 if at_start or at_end else 2):
            return word
        if at_start and at_end:
            return word
    return "".join(_DIGIT_AS_LETTER.get(c, c) for c in word)


def fold_with_offsets(text: str) -> Folded:
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if char == "\n" and index and text[index - 1] == "\r":
            continue
        for piece in _fold_char(char):
            if piece == " " and (not chars or chars[-1] in " \n"):
                continue
            if piece == "\n" and chars and chars[-1] == " ":
                chars.pop()
                offsets.pop()
            chars.append(piece)
            offsets.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    folded_text = "".join(chars)
    repaired = _MIXED_WORD.sub(lambda m: _repair_word(m.group()), folded_text)
    return Folded(text=repaired, offsets=(*offsets, len(text)), source=text)


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): "'" for c in _APOSTROPHES}
    table.update({ord(c): '"' for c in _QUOTES})
    table.update({ord(c): "-" for c in _DASHES})
    table.update({ord(c): " " for c in _HORIZONTAL_SPACES})
    table.update({ord(c): "\n" for c in _LINE_BREAKS})
    table.update({ord(c): None for c in _INVISIBLE})
    table.update({ord(c): v for c, v in _SPECIAL.items()})
    return table


_TABLE = _translation_table()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _drop_combining(match: re.Match[str]) -> str:
    return "".join(c for c in match.group() if not unicodedata.combining(c))


_SPACES_AROUND_BREAK = re.compile(r" *\n *")
_SPACE_RUN = re.compile(r" {2,}")


class DigitRepair(Enum):
    """Which OCR digits (`_DIGIT_AS_LETTER`) `fold` turns back into letters."""

    # Inside a mostly-letter word, with the guards of `_repair_word` (codes, ordinals, units kept):
    # what lines of a document need.
    IN_WORDS = "in_words"
    # Every run of them between two letters (« dé1ai », « a1b »): the indicator matcher folds single
    # tokens, phrases and pages alike, so both sides always meet; its evidence was measured this way.
    BETWEEN_LETTERS = "between_letters"


def _letters_for_digits(match: re.Match[str]) -> str:
    return "".join(_DIGIT_AS_LETTER[digit] for digit in match.group())


def fold(text: str, digits: DigitRepair = DigitRepair.IN_WORDS) -> str:
    """Casefolded, accent-free, punctuation-unified, whitespace-collapsed text (line breaks kept).

    With `DigitRepair.IN_WORDS`, the same result as `fold_with_offsets(text).text`, computed with
    whole-string operations: most lines never need offsets, and this runs on every line of every document.
    """
    text = text.replace("\r\n", "\n").translate(_TABLE)
    if not text.isascii():
        text = _NON_ASCII.sub(_drop_combining, unicodedata.normalize("NFKD", text))
    text = _SPACE_RUN.sub(" ", text.casefold())
    text = _SPACES_AROUND_BREAK.sub("\n", text).strip(" ")
    if digits is DigitRepair.BETWEEN_LETTERS:
        return _DIGITS_BETWEEN_LETTERS.sub(_letters_for_digits, text)
    return _MIXED_WORD.sub(lambda m: _repair_word(m.group()), text)


_SPACES_TABLE = {ord(c): " " for c in _HORIZONTAL_SPACES if c != "\t"} | {ord(c): None for c in _INVISIBLE}


def unify_spaces(text: str) -> str:
    """Source text with exotic spaces made plain, keeping tabs: they separate table cells."""
    return text.translate(_SPACES_TABLE)


_APOSTROPHES_TABLE = {ord(c): "'" for c in _APOSTROPHES}
_PUNCTUATION_TABLE = _APOSTROPHES_TABLE | {ord(c): '"' for c in _QUOTES} | {ord(c): "-" for c in _DASHES}


def unify_punctuation(text: str) -> str:
    """Source text with one apostrophe, one double quote and one dash, case and accents kept."""
    return text.translate(_PUNCTUATION_TABLE)


def unify_apostrophes(text: str) -> str:
    """Source text with every apostrophe written ', case and accents kept (for excerpts)."""
    return text.translate(_APOSTROPHES_TABLE)


# --- phrase patterns --------------------------------------------------------------------------

_LETTER_CLASSES = {
    # l, i and 1 are the confusions folding cannot settle (« CERTlFICAT », « regIement »).
    "l": "[li1|]",
    "i": "[il1|]",
    "m": "(?:m|rn)",
    "o": "[o0]",
}
_WORD_GAP = r"[\s'\-]*"
_NUMERO = r"(?<![a-z0-9])(?:n\s*°|no\b\.?|nr\b\.?|num(?:ero)?\b\.?|#)"


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> str:
    """Regex (to run on folded text) matching a phrase despite spacing, plurals and OCR noise.

    The phrase is folded first, so rules can be written in plain French. Conventions:
    a `*` ending a word matches any ending (« réclamation* », « action* corrective* »); `{n}`
    matches the ways to write « numéro » (« n° », « no », « num. », « numéro »); words of 3
    letters or more accept a plural s/x.
    """
    body = fold(phrase).replace("{n}", "\x00")
    parts: list[str] = []
    for token in re.split(r"([\s'\-]+)", body):
        if not token:
            continue
        if re.fullmatch(r"[\s'\-]+", token):
            parts.append(_WORD_GAP)
            continue
        open_ending = token.endswith("*")
        token = token.rstrip("*")
        word = "".join(_NUMERO if c == "\x00" else _LETTER_CLASSES.get(c, re.escape(c)) for c in token)
        if open_ending:
            word += "[a-z0-9]*"
        elif len(token) >= 3 and token[-1].isalpha():
            word += "(?:s|x)?"
        parts.append(word)
    end = r"(?![a-z0-9])" if body.rstrip("*")[-1:].isalnum() else ""
    return _word_start(body) + "".join(parts)[len(_first_char_pattern(body)) :] + end


def _first_char_pattern(body: str) -> str:
    if not body:
        return ""
    first = body[0]
    return _NUMERO if first == "\x00" else _LETTER_CLASSES.get(first, re.escape(first))


def _word_start(body: str) -> str:
    """The phrase's first character, with the word-boundary check placed after it.

    A pattern that starts with a literal lets the regex engine jump to candidates, about 30 times
    faster on long documents than one that starts with a lookbehind. So the first letter is literal
    (OCR confusions of l/m/o at a word start are rare or already repaired by folding), except « i »,
    which capital I turns into l, 1 or | in OCR output.
    """
    if not body or not body[0].isalnum():
        return _first_char_pattern(body)
    first = body[0]
    if first == "i":
        return r"(?<![a-z0-9])" + _LETTER_CLASSES["i"]
    return re.escape(first) + rf"(?<![a-z0-9]{re.escape(first)})"


_RAW_REGEX = re.compile(r"^(?:(?P<shown>.*?)\s*=\s*)?re:(?P<regex>.*)$", re.DOTALL)


@lru_cache(maxsize=4096)
def compile_phrase(phrase: str) -> re.Pattern[str]:
    """`phrase_pattern` compiled. A rule written `re:<regex>` or `<shown> = re:<regex>` is a raw
    regex on folded text (`shown` is how to name it to a person)."""
    raw = _RAW_REGEX.match(phrase)
    if raw:
        return re.compile(raw.group("regex"))
    return re.compile(phrase_pattern(phrase))


def is_raw_regex(phrase: str) -> bool:
    return _RAW_REGEX.match(phrase) is not None


def phrase_display(phrase: str) -> str:
    """How to quote a rule phrase to a person."""
    raw = _RAW_REGEX.match(phrase)
    if raw:
        return raw.group("shown") or "motif"
    return phrase.rstrip("*")
