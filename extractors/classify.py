"""Document type from content: a generic weighted-marker scorer over `classification_rules.yaml`.

The rules table says, per doc_type, which phrases count in the title zone, in the body, and against
the type; this module only scores and explains. The file name is a tie-breaker, never a reason on
its own. See the YAML header for the scoring formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from extractors.fields.survey import has_raw_answers_table
from extractors.text_normalize import compile_phrase, fold, is_raw_regex, phrase_display
from schemas.contract import DocType
from schemas.extraction import PageText
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).with_name("classification_rules.yaml")


class ClassificationRulesError(ValueError):
    """The rules table is malformed: a packaging or editing error, not a property of a document."""


class ScoringSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_score: float
    title_zone_lines: int
    title_line_chars: int
    title_rank_decay: float
    title_min_factor: float
    title_full_coverage: float
    title_min_coverage_factor: float
    title_inline_factor: float
    body_cap: float
    filename_bonus: float
    fuzzy_title_min_length: int
    fuzzy_title_threshold: float


class TypeRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    label: str
    title: dict[str, float] = Field(default_factory=dict)
    markers: dict[str, float] = Field(default_factory=dict)
    negative: dict[str, float] = Field(default_factory=dict)
    # Layout facts found by a detector of `STRUCTURES` rather than by a phrase (weight added to the body score).
    structure: dict[str, float] = Field(default_factory=dict)
    filename: list[str] = Field(default_factory=list)


class ClassificationRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    settings: ScoringSettings
    types: dict[DocType, TypeRules]


class Classification(BaseModel):
    """The chosen type, its score, and why (French, for the officer)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_type: DocType
    score: float
    reason: str
    runner_up: DocType | None = None
    runner_up_score: float | None = None


# Layout detectors a rules table may name under `structure`, with what to say in a reason.
STRUCTURES: dict[str, tuple[Callable[[Sequence[PageText]], bool], str]] = {
    "raw_answers_table": (has_raw_answers_table, "tableau de réponses individuelles notées"),
}


@dataclass(frozen=True)
class _TypeScore:
    doc_type: DocType
    content: float
    filename: float
    title_hits: list[str]
    body_hits: list[str]
    negative_hits: list[str]

    @property
    def ranking(self) -> float:
        return self.content + self.filename


def load_rules(path: Path = RULES_PATH) -> ClassificationRules:
    try:
        raw = read_rule_file(path)
        rules = ClassificationRules.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ClassificationRulesError(f"Règles de classification illisibles ({path.name}) : {error}") from error
    unknown_structures = {name for t in rules.types.values() for name in t.structure} - set(STRUCTURES)
    if unknown_structures:
        raise ClassificationRulesError(
            f"Structure inconnue dans {path.name} : {', '.join(sorted(unknown_structures))}."
        )
    if "unknown" in rules.types:
        raise ClassificationRulesError(
            f"« unknown » ne peut pas avoir de règles ({path.name}) : c'est l'absence de type."
        )
    for type_rules in rules.types.values():
        for phrase in (*type_rules.title, *type_rules.markers, *type_rules.negative):
            try:
                compile_phrase(phrase)
            except re.error as error:
                raise ClassificationRulesError(
                    f"Expression invalide « {phrase} » dans {path.name} : {error}"
                ) from error
    return rules


@cache
def default_rules() -> ClassificationRules:
    return load_rules()


# « 7. Gestion des réclamations ........ 23 »: an entry of a table of contents names a part of a larger
# document, not what the document is.
_CONTENTS_ENTRY = re.compile(r"^.*(?:\.\s?){4,}\s*\d{1,4}\s*$|^.*…{2,}\s*\d{1,4}\s*$", re.MULTILINE)


def _without_contents_entries(page: PageText) -> PageText:
    return page.model_copy(update={"text": _CONTENTS_ENTRY.sub("", page.text)})


def title_zone(pages: Sequence[PageText], settings: ScoringSettings) -> list[str]:
    """First non-empty folded lines of the first page that has text."""
    for page in pages:
        lines = [line.strip() for line in fold(page.text).splitlines() if line.strip()]
        # A spreadsheet's header row is its title; its data rows are not.
        lines += [fold(" ".join(cell for cell in row if cell)) for table in page.tables[:1] for row in table[:1]]
        lines = [line[: settings.title_line_chars] for line in lines if line]
        if lines:
            return lines[: settings.title_zone_lines]
    return []


@lru_cache(maxsize=4096)
def _fuzzy_form(phrase: str) -> str | None:
    """The phrase as fuzzy title matching compares it (folded once, not on every line of every
    document); None for a raw regular expression, which is never matched fuzzily."""
    return None if is_raw_regex(phrase) else fold(phrase)


def _title_match_span(phrase: str, line: str, settings: ScoringSettings) -> tuple[int, int] | None:
    """Where the phrase sits in a title-zone line, None when it is absent."""
    match = compile_phrase(phrase).search(line)
    if match:
        return match.span()
    # Fuzzy only for a line at least as long as the phrase: partial_ratio would otherwise find a
    # short line (« Formation ») inside the phrase (« convention de formation »).
    folded = _fuzzy_form(phrase)
    if folded is None or len(phrase) < settings.fuzzy_title_min_length or len(line) < len(phrase):
        return None
    alignment = fuzz.partial_ratio_alignment(folded, line, score_cutoff=settings.fuzzy_title_threshold)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    # OCR garbles letters, not word starts: « liste d'émargement » must not match « …ille d'émargement »;
    # nor does it glue letters to a word's end: « evaluation form » is not « évaluations formatives ».
    if line[start : start + 1] != folded[:1] or (start > 0 and line[start - 1].isalnum()):
        return None
    if end < len(line) and line[end].isalnum() and folded[-1:].isalnum():
        return None
    return start, end


_SENTENCE_BREAK = re.compile(r"[.;!?](?:\s|$)")


def _inside_sentence(before: str) -> bool:
    """The phrase continues a value or a sentence: « Description : facture sans feuille
    d'émargement », « Bonjour. Voici la feuille d'émargement » (a heading has neither)."""
    label_value = ":" in before and not before.rstrip().endswith(":")
    return label_value or bool(_SENTENCE_BREAK.search(before))


# A list item (« • Résultats des enquêtes de satisfaction ») is a line of an agenda or a summary,
# not a heading.
_LIST_ITEM = re.compile(r"^[•·▪►✓✔*\-–—]\s")


def _title_factor(rank: int, span: tuple[int, int], line: str, settings: ScoringSettings) -> float:
    """How much a title phrase found in the title zone counts: less on later lines, less when it
    fills little of its line (a table of contents), less inside a sentence or a field value."""
    start, end = span
    by_rank = max(settings.title_min_factor, 1.0 - settings.title_rank_decay * rank)
    coverage = (end - start) / max(1, len(line))
    by_coverage = max(settings.title_min_coverage_factor, min(1.0, coverage / settings.title_full_coverage))
    inline = _inside_sentence(line[:start]) or bool(_LIST_ITEM.match(line))
    return by_rank * by_coverage * (settings.title_inline_factor if inline else 1.0)


def _title_score(rules: TypeRules, zone: Sequence[str], settings: ScoringSettings) -> tuple[float, list[str]]:
    score, hits = 0.0, []
    for phrase, weight in rules.title.items():
        factors = [
            _title_factor(rank, span, line, settings)
            for rank, line in enumerate(zone)
            if (span := _title_match_span(phrase, line, settings)) is not None
        ]
        if factors:
            score += weight * max(factors)
            hits.append(phrase)
    return score, hits


def _present(phrases: dict[str, float], text: str) -> tuple[float, list[str]]:
    hits = [phrase for phrase in phrases if compile_phrase(phrase).search(text)]
    return sum(phrases[phrase] for phrase in hits), hits


def _filename_words(filename: str) -> str:
    stem = PurePosixPath(filename.replace("\\", "/")).name.rsplit(".", 1)[0]
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", stem)
    return " " + re.sub(r"[^a-z0-9]+", " ", fold(spaced)).strip() + " "


def _structure_score(rules: TypeRules, structures: Callable[[str], bool]) -> tuple[float, list[str]]:
    found = [name for name in rules.structure if structures(name)]
    return sum(rules.structure[name] for name in found), [STRUCTURES[name][1] for name in found]


def _score_type(
    doc_type: DocType,
    rules: TypeRules,
    zone: Sequence[str],
    body: str,
    name: str,
    settings: ScoringSettings,
    structures: Callable[[str], bool],
) -> _TypeScore:
    title, title_hits = _title_score(rules, zone, settings)
    markers, body_hits = _present(rules.markers, body)
    shape, shape_hits = _structure_score(rules, structures)
    markers += shape
    body_hits += shape_hits
    negative, negative_hits = _present(rules.negative, body)
    named = any(f" {word} " in name for word in rules.filename)
    return _TypeScore(
        doc_type=doc_type,
        content=round(title + min(markers, settings.body_cap) - negative, 2),
        filename=settings.filename_bonus if named else 0.0,
        title_hits=title_hits,
        body_hits=body_hits,
        negative_hits=negative_hits,
    )


def _quote(phrases: Sequence[str], limit: int = 4) -> str:
    shown = [f"« {phrase_display(p)} »" for p in phrases[:limit]]
    return ", ".join(shown) + (" …" if len(phrases) > limit else "")


def _number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _reason(best: _TypeScore, second: _TypeScore | None, rules: ClassificationRules) -> str:
    label = rules.types[best.doc_type].label
    parts = []
    if best.title_hits:
        parts.append(f"titre {_quote(best.title_hits)}")
    if best.body_hits:
        parts.append(f"marqueurs {_quote(best.body_hits)}")
    text = f"Classé « {label} » (score {_number(best.content)}) d'après " + " ; ".join(parts)
    if best.negative_hits:
        text += f" ; malgré {_quote(best.negative_hits)}"
    if best.filename:
        text += " ; nom de fichier concordant"
    if second is not None and second.content > 0:
        text += f". Type suivant : « {rules.types[second.doc_type].label} » ({_number(second.content)})"
    return text + "."


def classify(pages: Sequence[PageText], filename: str, rules: ClassificationRules | None = None) -> Classification:
    """Pick the doc_type whose markers the content carries best; `unknown` below the minimum score."""
    rules = rules or default_rules()
    settings = rules.settings
    pages = [_without_contents_entries(page) for page in pages]
    body = fold("\n".join([page.text for page in pages] + _table_lines(pages)))
    if not body.strip():
        return Classification(
            doc_type="unknown", score=0.0, reason="Aucun texte exploitable : type de document inconnu."
        )
    zone = title_zone(pages, settings)
    name = _filename_words(filename)
    structures = _structure_probe(pages)
    scores = [
        _score_type(doc_type, type_rules, zone, body, name, settings, structures)
        for doc_type, type_rules in rules.types.items()
    ]
    by_content = sorted(scores, key=lambda s: s.content, reverse=True)
    # The file name only reorders types whose content already qualifies.
    qualified = sorted(
        (s for s in scores if s.content >= settings.min_score), key=lambda s: (s.ranking, s.content), reverse=True
    )
    if not qualified:
        best = by_content[0]
        hint = f" (« {rules.types[best.doc_type].label} »)" if best.content > 0 else ""
        return Classification(
            doc_type="unknown",
            score=best.content,
            reason=(
                f"Type de document non reconnu : meilleur score {_number(best.content)}{hint}, "
                f"sous le seuil {_number(settings.min_score)}."
            ),
            runner_up=best.doc_type if best.content > 0 else None,
            runner_up_score=best.content if best.content > 0 else None,
        )
    best = qualified[0]
    second = next((s for s in by_content if s.doc_type != best.doc_type), None)
    return Classification(
        doc_type=best.doc_type,
        score=best.content,
        reason=_reason(best, second, rules),
        runner_up=second.doc_type if second else None,
        runner_up_score=second.content if second else None,
    )


def _structure_probe(pages: Sequence[PageText]) -> Callable[[str], bool]:
    """Runs each layout detector at most once per document, and only if some type asks for it."""
    results: dict[str, bool] = {}

    def probe(name: str) -> bool:
        if name not in results:
            results[name] = STRUCTURES[name][0](pages)
        return results[name]

    return probe


def _table_lines(pages: Sequence[PageText]) -> list[str]:
    """Table cells as text, for documents whose text layer does not repeat them (spreadsheets, DOCX)."""
    return [" ".join(cell for cell in row if cell) for page in pages for table in page.tables for row in table]
