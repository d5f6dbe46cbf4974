"""French phrase and token-pattern matching over a dossier's pages, with spaCy `fr_core_news_sm`.

Two complementary keys are matched on every token:

* the **lemma**, lowercased (« délais d'accès » and « délai d'accès » meet on « délai de accès »; a
  verb's conjugations meet on its infinitive);
* a **folded norm**: lowercase, accents, apostrophes and inner hyphens stripped, digits OCR puts in
  place of letters repaired inside words (« dé1ai » → « delai »), a final plural s/x dropped. It
  carries what the lemmatiser gets wrong: capitals (« DÉLAIS » is tagged PROPN and keeps its form),
  unaccented OCR output (« acces » is lemmatised « acce »), mis-tagged nouns (« harcèlement » →
  « harcèlemer »).

Phrases are matched on both keys with two `PhraseMatcher`s; token patterns (spaCy `Matcher` syntax)
express what a phrase cannot, such as « accessible sous 15 jours » (a word, a number, a time unit).
The model is loaded once per process; analysed pages are cached per document within a run.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import LEMMA, NORM
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from extractors.text_normalize import DigitRepair, fold, unify_apostrophes
from schemas.extraction import DossierDocument, PageText

logger = logging.getLogger(__name__)

MODEL = "fr_core_news_sm"
_NLP_BATCH = 32
_CACHE_DOCUMENTS = 256
# Longest page text analysed: a spreadsheet flattened into one "page" can exceed spaCy's limit, and
# evidence sits in a document's headings and first rows far more than in row 50 000.
MAX_PAGE_CHARS = 200_000
_NLP_LOCK = threading.RLock()


class PatternError(ValueError):
    """A token pattern of the evidence table is not valid spaCy `Matcher` syntax."""


# --------------------------------------------------------------------------- text normalisation

_SPACES = re.compile(r"\s+")
_SPLIT_WORD = re.compile(r"(?<=[^\W\d_])-\s*\n\s*(?=[^\W\d_])")


@lru_cache(maxsize=65536)
def norm_key(token_text: str) -> str:
    """The folded form a token is matched on.

    « Délais », « DÉLAI », « Dé1ai » → « delai »; « d'ACCÈS » → « dacce »."""
    folded = fold(token_text, DigitRepair.BETWEEN_LETTERS).replace("'", "").replace("-", "")
    # A final s/x is most often a plural; dropping it on both sides makes « délais » meet « délai ».
    if len(folded) > 3 and folded[-1] in "sx" and folded[-2].isalpha():
        folded = folded[:-1]
    return folded


def clean_page_text(text: str) -> str:
    """One line of text per page: words split at line ends re-joined, every run of spaces one space.

    Offsets of matches and excerpts refer to this cleaned text, so an excerpt never carries a table's
    tabs or a PDF's hard line breaks."""
    joined = _SPLIT_WORD.sub("", unify_apostrophes(text))
    return _SPACES.sub(" ", joined).strip()


def page_text(page: PageText) -> str:
    """The page's text, or its tables' cells when only tables were extracted (spreadsheets); at most
    `MAX_PAGE_CHARS` characters."""
    if page.text.strip() or not page.tables:
        text = clean_page_text(page.text)
    else:
        rows = (" | ".join(cell for cell in row if cell) for table in page.tables for row in table)
        text = clean_page_text(" ; ".join(row for row in rows if row))
    if len(text) > MAX_PAGE_CHARS:
        logger.info("page %s truncated to %d characters for matching", page.number, MAX_PAGE_CHARS)
    return text[:MAX_PAGE_CHARS]


# --------------------------------------------------------------------------- the model


_NO_TENSOR = numpy.zeros((0,), dtype="float32")


@Language.component("qualiopi_keys")
def _set_match_keys(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = norm_key(token.text)
        token.lemma_ = (token.lemma_ or token.text).lower()
    # The tok2vec output (96 floats a token) is spent once lemmas are set; cached pages keep only keys.
    doc.tensor = _NO_TENSOR
    return doc


@cache
def load_nlp() -> Language:
    """`fr_core_news_sm` without parser and NER (unused, and most of the cost), plus the match keys.

    Its matrix products go to numpy's BLAS rather than thinc's default, blis: the same tags and
    lemmas in 60 % of the time (bench/README). That BLAS is held to one thread for the whole process:
    the extraction workers have the other cores, and idle BLAS threads spin."""
    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL, disable=["parser", "ner"])
    _index_known_lemmas(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index"))
    nlp.add_pipe("qualiopi_keys", last=True)
    return nlp


def _index_known_lemmas(index: Any) -> None:
    # The model keeps each part of speech's known lemmas as a list (66 000 nouns), which the French
    # rules search once per new word and once per candidate form: a word met for the first time cost
    # ~0.3 ms, half the tagging of a cold batch. Its lemmatizer only asks whether a form is known, so
    # sets give the same lemmas (spaCy remembers each word's result afterwards either way).
    for part_of_speech, lemmas in list(index.items()):
        index[part_of_speech] = frozenset(lemmas)


# --------------------------------------------------------------------------- compiled patterns


@dataclass(frozen=True)
class PatternSpec:
    """What identifies one key (an element of the evidence table): phrases and token patterns."""

    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[Mapping[str, Any], ...], ...] = ()


def _phrase_variants(phrase: str) -> set[str]:
    # « pré-requis », « pré requis » and « prérequis » are one token, two tokens, one token.
    # Capitals change the tokenizer's mind: « PRÉ-REQUIS » is three tokens, hence the spaced variant.
    base = clean_page_text(phrase)
    return {base, base.replace("-", " "), base.replace("-", ""), base.replace("-", " - ")} - {""}


def _normalise_value(attr: str, value: Any) -> Any:
    if isinstance(value, str):
        return norm_key(value) if attr == "NORM" else value.lower() if attr == "LEMMA" else value
    if isinstance(value, Mapping):
        return {
            op: [_normalise_value(attr, v) for v in values] if op in ("IN", "NOT_IN") else values
            for op, values in value.items()
        }
    return value


def normalise_token_pattern(pattern: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Write NORM values as `norm_key` and LEMMA values lowercased, so authors use plain words."""
    return [{attr: _normalise_value(attr, value) for attr, value in token.items()} for token in pattern]


_ANCHOR_ATTRS = {"NORM": NORM, "LEMMA": LEMMA}
_OPTIONAL_OPS = {"?", "*", "!"}
_MIN_REPEATS = re.compile(r"^\{(\d*),?\d*\}$")


def _mandatory(token: Mapping[str, Any]) -> bool:
    op = token.get("OP")
    if op is None or op in ("+", "1"):
        return True
    if op in _OPTIONAL_OPS:
        return False
    repeats = _MIN_REPEATS.match(str(op))
    return bool(repeats and repeats.group(1) and int(repeats.group(1)) > 0)


def required_values(pattern: Sequence[Mapping[str, Any]]) -> frozenset[tuple[str, frozenset[str]]]:
    """What every match of `pattern` must contain: for each of its mandatory tokens given as a word or
    an `IN` list, the attribute and its values. Empty when no token qualifies (a lone `REGEX` or
    `LIKE_NUM`): such a pattern is run on every page."""
    required = set()
    for token in pattern:
        if not _mandatory(token):
            continue
        for attr, value in token.items():
            if attr not in _ANCHOR_ATTRS:
                continue
            if isinstance(value, str):
                required.add((attr, frozenset([value])))
            elif isinstance(value, Mapping) and "IN" in value:
                required.add((attr, frozenset(value["IN"])))
    return frozenset(required)


@dataclass(frozen=True)
class _GatedMatcher:
    """Token patterns that can only match a page holding, for each (attribute, values) pair of
    `required`, a token with one of those values."""

    required: tuple[tuple[int, frozenset[int]], ...]
    matcher: Matcher

    def may_match(self, present: Mapping[int, set[int]]) -> bool:
        return all(not values.isdisjoint(present[attr]) for attr, values in self.required)


class PatternBank:
    """Every key's phrases and token patterns, compiled once; `find` runs them over a spaCy Doc.

    A `Matcher` evaluates each pattern's first token on every token of a page, in Python for `IN`
    and `REGEX` tests: most of the matching time. Token patterns are therefore grouped by the words
    their matches must contain (one of each mandatory `IN` list), and a group runs only on the pages
    that hold them."""

    def __init__(self, specs: Mapping[str, PatternSpec]) -> None:
        nlp = load_nlp()
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._norm = PhraseMatcher(nlp.vocab, attr="NORM")
        ungated = Matcher(nlp.vocab, validate=True)
        gated: dict[frozenset[tuple[str, frozenset[str]]], Matcher] = {}
        with _NLP_LOCK:
            for key, spec in specs.items():
                self._add(nlp, key, spec, ungated, gated)
            strings = nlp.vocab.strings
            self._gates = tuple(
                _GatedMatcher(
                    tuple((_ANCHOR_ATTRS[attr], frozenset(map(strings.add, values))) for attr, values in required),
                    matcher,
                )
                for required, matcher in gated.items()
            )
        # An empty matcher warns at every call.
        self._everywhere = tuple(matcher for matcher in (self._lemma, self._norm, ungated) if len(matcher))

    def _add(
        self,
        nlp: Language,
        key: str,
        spec: PatternSpec,
        ungated: Matcher,
        gated: dict[frozenset[tuple[str, frozenset[str]]], Matcher],
    ) -> None:
        phrases = sorted({v for p in spec.phrases for v in _phrase_variants(p)})
        if phrases:
            # Phrases go through the same pipeline as pages, so both sides carry the same keys.
            docs = list(nlp.pipe(phrases, batch_size=_NLP_BATCH))
            self._lemma.add(key, docs)
            self._norm.add(key, docs)
        for pattern in spec.patterns:
            normalised = normalise_token_pattern(pattern)
            required = required_values(normalised)
            if not required:
                matcher = ungated
            else:
                matcher = gated.setdefault(required, Matcher(nlp.vocab, validate=True))
            try:
                matcher.add(key, [normalised])
            except (ValueError, KeyError) as error:
                raise PatternError(f"invalid token pattern for {key!r}: {error}") from error

    def _matchers(self, doc: Doc) -> list[Matcher | PhraseMatcher]:
        present = {attr: set(doc.to_array(attr).tolist()) for attr in _ANCHOR_ATTRS.values()}
        gated = [gate.matcher for gate in self._gates if gate.may_match(present)]
        return [*self._everywhere, *gated]

    def find(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """Character spans of every key found in `doc`, sorted and without duplicates."""
        strings = doc.vocab.strings
        spans: dict[str, set[tuple[int, int]]] = {}
        with _NLP_LOCK:  # matchers share the vocabulary's string store with the pipeline
            matches = [m for matcher in self._matchers(doc) for m in matcher(doc)]
        for match_id, start, end in matches:
            span = doc[start:end]
            spans.setdefault(strings[match_id], set()).add((span.start_char, span.end_char))
        return {key: sorted(key_spans) for key, key_spans in spans.items()}


# --------------------------------------------------------------------------- dossier analysis


@dataclass(frozen=True)
class PageMatches:
    number: int
    text: str
    hits: Mapping[str, Sequence[tuple[int, int]]]


@dataclass(frozen=True)
class DocumentMatches:
    document: DossierDocument
    pages: tuple[PageMatches, ...]

    @property
    def path(self) -> str:
        return self.document.record.path

    @property
    def doc_type(self) -> str:
        return self.document.record.doc_type

    def hits(self, key: str) -> list[tuple[PageMatches, int, int]]:
        return [(page, start, end) for page in self.pages for start, end in page.hits.get(key, ())]


@dataclass
class _DocCache:
    """Lemmatised pages per document, least recently used evicted: a run re-assesses the same files."""

    capacity: int = _CACHE_DOCUMENTS
    entries: OrderedDict[str, tuple[tuple[str, Doc], ...]] = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str) -> tuple[tuple[str, Doc], ...] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: str, pages: tuple[tuple[str, Doc], ...]) -> None:
        with self.lock:
            self.entries[key] = pages
            self.entries.move_to_end(key)
            while len(self.entries) > self.capacity:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_CACHE = _DocCache()


def clear_cache() -> None:
    _CACHE.clear()


def _cache_key(document: DossierDocument, texts: Sequence[str]) -> str:
    # The file's sha256 names the document; the texts' digest guards against two extractions of one
    # file that differ (e.g. OCR re-run), which must not share lemmas.
    digest = hashlib.blake2b("\x00".join(texts).encode("utf-8"), digest_size=16).hexdigest()
    return f"{document.record.sha256}:{digest}"


def lemmatise(documents: Sequence[DossierDocument]) -> list[tuple[tuple[str, Doc], ...]]:
    """Each document's pages as (cleaned text, spaCy Doc), through the cache; uncached pages in one batch."""
    texts = [[page_text(page) for page in document.pages] for document in documents]
    keys = [_cache_key(document, page_texts) for document, page_texts in zip(documents, texts)]
    results: list[tuple[tuple[str, Doc], ...] | None] = [_CACHE.get(key) for key in keys]
    todo = [i for i, found in enumerate(results) if found is None]
    if todo:
        flat = [text for i in todo for text in texts[i]]
        with _NLP_LOCK:
            docs = iter(list(load_nlp().pipe(flat, batch_size=_NLP_BATCH)))
        for i in todo:
            pages = tuple((text, next(docs)) for text in texts[i])
            _CACHE.put(keys[i], pages)
            results[i] = pages
    return [found for found in results if found is not None]


def analyse(
    documents: Iterable[DossierDocument], bank: PatternBank, unsearched_doc_types: Collection[str] = ()
) -> list[DocumentMatches]:
    """Every readable document with, per page, the spans of every key of `bank`. A document without
    text is kept: its extracted fields (a survey's answers) may still be evidence. Documents of
    `unsearched_doc_types` are kept with their text but neither lemmatised nor matched, since nothing
    is looked for in them."""
    readable = [d for d in documents if d.record.status == "ok"]
    lemmatised = iter(lemmatise([d for d in readable if d.record.doc_type not in unsearched_doc_types]))
    analysed = []
    for document in readable:
        if document.record.doc_type in unsearched_doc_types:
            page_matches = tuple(PageMatches(page.number, page_text(page), {}) for page in document.pages)
        else:
            page_matches = tuple(
                PageMatches(page.number, text, bank.find(doc))
                for page, (text, doc) in zip(document.pages, next(lemmatised))
            )
        analysed.append(DocumentMatches(document=document, pages=page_matches))
    return analysed
