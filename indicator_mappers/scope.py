"""The scope of a dossier: which categories and which conditions (certifying, alternance, subcontracting,
new entrant) the indicators are judged against.

`dossier.yaml` decides when it lists `categories` (source `manifest`); otherwise the scope is inferred
from the evidence (source `inferred`) with the rules of `data/scope_rules.yaml`. The flags are always
looked for in the evidence; a flag the manifest sets wins, and a contradiction is reported in the reasons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from extractors.text_normalize import compile_phrase, fold
from schemas.checks import Phrase, PhraseKind as P, phrase
from schemas.contract import CATEGORIES, Category, DocType, Scope
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).parent / "data" / "scope_rules.yaml"
FLAGS = ("certifying", "alternance", "subcontracting")
MAX_CITED = 3
CONTEXT_CHARS = 300
_CLAUSE_END = re.compile(r"[.;!?\n•]")
_FIGURE = re.compile(r"\d")
# A BPF line that starts another item (« b. », « 3. », « F-2 », « Total ») is not the end of a wrapped label.
_NEW_FORM_LINE = re.compile(r"\s*(?:(?:[a-h]|\d{1,2}|f-\d)\s*[.)-]\s|total\b|dont\b)")
# Figures of a form line are its last cells: what follows the label's last word (« … (RNCP) 12 340 »),
# never a number inside the label (« dont de niveau 6 à 8 »).
_UP_TO_LAST_WORD = re.compile(r"^.*[a-z)]")


class SignalRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: dict[str, str] = Field(default_factory=dict)
    bpf_lines: dict[str, str] = Field(default_factory=dict)
    bpf_lines_to_confirm: dict[str, str] = Field(default_factory=dict)
    phrases: list[str] = Field(default_factory=list)
    skip_after: list[str] = Field(default_factory=list)
    skip_doc_types: list[DocType] = Field(default_factory=list)
    training_doc_types: list[DocType] = Field(default_factory=list)
    describing_doc_types: list[DocType] = Field(default_factory=list)


class Negations(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: list[str]
    window_words: int


class ScopeRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: dict[Category, SignalRule]
    flags: dict[str, SignalRule]
    negations: Negations
    negative_answers: str
    unchecked_boxes: list[str]
    checked_boxes: list[str]
    new_entrant_max_days: int
    service_doc_types: list[DocType]
    fields_only_doc_types: list[DocType]
    option_list_doc_types: list[DocType]
    option_list_min_categories: int


class Hit(BaseModel):
    """One piece of evidence for a category or a flag: where, and what was seen."""

    model_config = ConfigDict(frozen=True)

    path: str
    seen: Phrase
    # Seen in a document describing the organisation's own services (a programme, an agreement, a
    # certificate…), the BPF or extracted fields: evidence. A phrase in CGV, internal rules, a CV or
    # a watch note only mentions the category or condition: the officer is asked to confirm.
    strong: bool = True


@cache
def load_scope_rules() -> ScopeRules:
    return ScopeRules.model_validate(read_rule_file(RULES_PATH))


# --- signals in one document -------------------------------------------------------------------


def _readable(document: DossierDocument) -> bool:
    return document.record.status == "ok"


@lru_cache(maxsize=32)
def _fold_cached(text: str) -> str:
    return fold(text)


def _folded_text(document: DossierDocument) -> str:
    # Every rule reads the same folded text: fold each document once.
    return _fold_cached("\n".join(page.text for page in document.pages))


def _positive(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value > 0
    return isinstance(value, str) and bool(value.strip())


def _figures_positive(text: str) -> bool | None:
    """True when the figures in `text` are not all zero, False when they are, None when there are none."""
    digits = _FIGURE.findall(text)
    if not digits:
        return None
    return any(d != "0" for d in digits)


def _bpf_line_positive(folded: str, label: str) -> bool:
    pattern = compile_phrase(label)
    lines = folded.split("\n")
    for index, line in enumerate(lines):
        for match in pattern.finditer(line):
            verdict = _figures_positive(_UP_TO_LAST_WORD.sub("", line[match.end() :]))
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if verdict is None and not _NEW_FORM_LINE.match(following):
                # Wrapped label: the figures follow the last word of the label on the next line.
                verdict = _figures_positive(_UP_TO_LAST_WORD.sub("", following))
            if verdict:
                return True
    return False


def _last_box_unchecked(clause: str, rules: ScopeRules) -> bool:
    unchecked = max((clause.rfind(box) for box in rules.unchecked_boxes), default=-1)
    checked = max((clause.rfind(box) for box in rules.checked_boxes), default=-1)
    return unchecked > checked


def _negated(before: str, after: str, rules: ScopeRules) -> bool:
    clause = _CLAUSE_END.split(before)[-1]
    if _last_box_unchecked(clause, rules):
        return True
    # Hyphenated words stay whole: « non-salariés » negates nothing.
    words = re.findall(r"[a-z]+(?:-[a-z]+)*'?", clause)[-rules.negations.window_words :]
    if any(word in rules.negations.words for word in words):
        return True
    return bool(compile_phrase(rules.negative_answers).match(after.split("\n", 1)[0]))


def _phrase_hits(folded: str, rule: SignalRule, rules: ScopeRules) -> list[str]:
    seen: list[str] = []
    skips = [compile_phrase(s) for s in rule.skip_after]
    for wording in rule.phrases:
        for match in compile_phrase(wording).finditer(folded):
            # A clause is short: looking a few hundred characters around keeps this linear.
            before = folded[max(0, match.start() - CONTEXT_CHARS) : match.start()]
            after = folded[match.end() : match.end() + CONTEXT_CHARS]
            if _negated(before, after, rules):
                continue
            clause = _CLAUSE_END.split(before)[-1]
            if any(skip.search(clause) for skip in skips):
                continue
            seen.append(match.group().strip())
            break
    return seen


def document_hits(document: DossierDocument, rule: SignalRule, rules: ScopeRules | None = None) -> list[Hit]:
    """What in this document shows the category or flag described by `rule`."""
    rules = rules or load_scope_rules()
    if not _readable(document):
        return []
    record = document.record
    hits = [
        Hit(path=record.path, seen=phrase(P.SEEN_FIELD, label=label, value=record.fields[name]))
        for name, label in rule.fields.items()
        if _positive(record.fields.get(name))
    ]
    folded = _folded_text(document)
    if record.doc_type == "bpf":
        hits += [
            Hit(path=record.path, seen=phrase(P.SEEN_BPF_LINE, label=label))
            for line, label in rule.bpf_lines.items()
            if _bpf_line_positive(folded, line)
        ]
        hits += [
            Hit(path=record.path, seen=phrase(P.SEEN_BPF_LINE, label=label), strong=False)
            for line, label in rule.bpf_lines_to_confirm.items()
            if _bpf_line_positive(folded, line)
        ]
    elif record.doc_type not in rule.skip_doc_types and record.doc_type not in rules.fields_only_doc_types:
        strong = record.doc_type in rules.service_doc_types
        hits += [
            Hit(path=record.path, seen=phrase(P.SEEN_PHRASE, phrase=seen), strong=strong)
            for seen in _phrase_hits(folded, rule, rules)
        ]
    return hits


def _option_list(hits: dict[Category, list[Hit]], document: DossierDocument, rules: ScopeRules) -> dict[Category, list[Hit]]:
    """The official certificate model lists every nature of action (« action de formation, bilan de
    compétences, VAE, apprentissage ») with boxes to tick, which a text layer or OCR often loses: a
    document naming most categories at once only mentions them."""
    named = [c for c, found in hits.items() if found]
    if document.record.doc_type not in rules.option_list_doc_types or len(named) < rules.option_list_min_categories:
        return hits
    return {c: [hit.model_copy(update={"strong": False}) for hit in found] for c, found in hits.items()}


def category_hits_of_document(document: DossierDocument, rules: ScopeRules) -> dict[Category, list[Hit]]:
    hits = _option_list({c: document_hits(document, rule, rules) for c, rule in rules.categories.items()}, document, rules)
    certified = document.record.fields.get("categories") if document.record.doc_type == "qualiopi_certificate" else None
    for category in certified if isinstance(certified, list) and _readable(document) else []:
        if category in hits:
            hits[category].append(Hit(path=document.record.path, seen=phrase(P.SEEN_CERTIFICATE_CATEGORY)))
    af_rule = rules.categories.get("AF")
    plain_training = (
        af_rule is not None
        and _readable(document)
        and document.record.doc_type in af_rule.training_doc_types
        and not any(hits.values())
    )
    if plain_training:
        # A programme or an agreement naming no other category shows a training action; an
        # attendance sheet or a certificate of a bilan or a VAE session often names none either.
        strong = document.record.doc_type in af_rule.describing_doc_types
        hits["AF"] = [Hit(path=document.record.path, seen=phrase(P.SEEN_TRAINING_DOCUMENT), strong=strong)]
    return hits


def categories_of_document(document: DossierDocument, rules: ScopeRules | None = None) -> list[Category]:
    """The categories a document speaks of (AF when it is a training document about no other category)."""
    hits = category_hits_of_document(document, rules or load_scope_rules())
    return [c for c in CATEGORIES if hits.get(c)]


# --- scope of the dossier ----------------------------------------------------------------------


def _cite(hits: Sequence[Hit]) -> Phrase:
    """What the first documents show (« a.pdf : x et y ; b.pdf : z »), then how many more."""
    by_path: dict[str, list[Phrase]] = {}
    for hit in hits:
        by_path.setdefault(hit.path, []).append(hit.seen)
    cited = [phrase(P.CITED_DOCUMENT, path=path, seen=seen) for path, seen in list(by_path.items())[:MAX_CITED]]
    more = len(by_path) - MAX_CITED
    return phrase(P.CITED, documents=cited, more=phrase(P.MORE_DOCUMENTS, count=more) if more > 0 else None)


def _category_hits(documents: Sequence[DossierDocument], rules: ScopeRules) -> dict[Category, list[Hit]]:
    hits: dict[Category, list[Hit]] = {c: [] for c in CATEGORIES}
    for document in documents:
        for category, found in category_hits_of_document(document, rules).items():
            hits[category] += found
    return hits


def _flag_hits(documents: Sequence[DossierDocument], rules: ScopeRules) -> dict[str, list[Hit]]:
    return {
        flag: [hit for document in documents for hit in document_hits(document, rules.flags[flag], rules)]
        for flag in FLAGS
        if flag in rules.flags
    }


class ScopeHits(NamedTuple):
    """Every category's and scope flag's evidence in a dossier, strong or only mentioned."""

    categories: dict[Category, list[Hit]]
    flags: dict[str, list[Hit]]


def scope_hits(documents: Sequence[DossierDocument], on: date) -> ScopeHits:
    """What the scope is inferred from; `on`, the day the dossier is assessed, dates a new entrant."""
    rules = load_scope_rules()
    flags = _flag_hits(documents, rules)
    flags["new_entrant"] = declaration_hits(documents, on, rules.new_entrant_max_days)
    return ScopeHits(categories=_category_hits(documents, rules), flags=flags)


def parse_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def declaration_hits(documents: Iterable[DossierDocument], on: date, max_days: int) -> list[Hit]:
    hits = []
    for document in documents:
        if document.record.doc_type != "nda_receipt" or not _readable(document):
            continue
        fields = document.record.fields
        # A receipt printing the filing day apart from its own: the declaration was made when filed.
        declared = parse_date(fields.get("declaration_date") or fields.get("declaration_filed_date"))
        if declared and 0 <= (on - declared).days < max_days:
            hits.append(Hit(path=document.record.path, seen=phrase(P.SEEN_DECLARATION, day=declared)))
    return hits


def _strong(hits: Sequence[Hit]) -> list[Hit]:
    return [hit for hit in hits if hit.strong]


def _mentioned_only(hits: Sequence[Hit]) -> list[Hit]:
    return hits if hits and not _strong(hits) else []


def _inferred_categories(hits: Mapping[Category, list[Hit]]) -> tuple[list[Category], list[Phrase]]:
    found = [c for c in CATEGORIES if _strong(hits[c])]
    mentioned = [
        phrase(P.CATEGORY_MENTIONED_ONLY, category=c, cited=_cite(hits[c]))
        for c in CATEGORIES
        if c not in found and _mentioned_only(hits[c])
    ]
    if not found:
        return ["AF"], [phrase(P.DEFAULT_AF), *mentioned]
    reasons = [phrase(P.CATEGORY_FOUND, category=c, cited=_cite(_strong(hits[c]))) for c in found]
    return found, [*reasons, *mentioned]


class ScopeDecision(BaseModel):
    """The scope, and why it is what it is (the contract's `Scope.reasons`, written by the report)."""

    model_config = ConfigDict(frozen=True)

    scope: Scope
    reasons: list[Phrase]


def infer_scope(documents: Sequence[DossierDocument], manifest: DossierManifest | None, on: date) -> ScopeDecision:
    """The dossier's scope on day `on` (the audit date or the run date), with its reasons."""
    category_hits, flag_hits = scope_hits(documents, on)

    reasons: list[Phrase] = []
    declared = manifest.categories if manifest and manifest.categories else None
    if declared:
        categories = [c for c in CATEGORIES if c in declared]
        source = "manifest"
        reasons.append(phrase(P.CATEGORIES_DECLARED, categories=categories))
        undeclared = [c for c in CATEGORIES if c not in categories and category_hits[c] and c != "AF"]
        reasons += [
            phrase(P.UNDECLARED_CATEGORY_MENTIONED, category=c, cited=_cite(category_hits[c])) for c in undeclared
        ]
    else:
        categories, category_reasons = _inferred_categories(category_hits)
        source = "inferred"
        reasons.append(phrase(P.SCOPE_INFERRED))
        reasons += category_reasons

    flags: dict[str, bool] = {}
    for flag, hits in flag_hits.items():
        stated = getattr(manifest, flag, None) if manifest else None
        if stated is not None:
            flags[flag] = stated
            if not stated and hits:
                reasons.append(phrase(P.FLAG_EXCLUDED_BUT_SEEN, flag=flag, cited=_cite(hits)))
            elif stated:
                reasons.append(phrase(P.FLAG_DECLARED, flag=flag))
        else:
            flags[flag] = bool(_strong(hits))
            if flags[flag]:
                reasons.append(phrase(P.FLAG_FOUND, flag=flag, cited=_cite(_strong(hits))))
            elif hits:
                reasons.append(phrase(P.FLAG_MENTIONED_ONLY, flag=flag, cited=_cite(hits)))

    return ScopeDecision(scope=Scope(categories=categories, source=source, **flags), reasons=reasons)
