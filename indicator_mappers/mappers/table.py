"""The evidence table: what proves each indicator's required elements, one YAML file per referential version.

`indicator_mappers/data/evidence/<referential id>.yaml` holds an element library (phrases, token
patterns, where the element counts, conditions) and, per indicator, the elements it requires. A
version may `extends:` another: its elements and indicators are merged over the parent's, key by
key, so a new version states only what changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from indicator_mappers.mappers.registry import GENERIC, MapperParams, NoParams, mapper_named
from indicator_mappers.matching import PatternBank, PatternSpec
from indicator_mappers.referential import Condition
from schemas.contract import Category, DocType
from schemas.rule_files import read_rule_file

EVIDENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "evidence"
UNCLASSIFIED = "unknown"


class EvidenceTableError(ValueError):
    """The evidence table of a referential version is absent or inconsistent (message in French)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldRequirement(_Frozen):
    """An extracted document field that proves the element (e.g. a survey's number of respondents)."""

    field: str
    doc_types: list[DocType] = Field(default_factory=list)
    min: float | None = Field(default=None, description="Numbers must reach it; None: any non-empty value.")


class PhraseScope(_Frozen):
    """Where one phrase or pattern counts, when its element's document types do not say it right."""

    only_in: list[DocType] = Field(
        default_factory=list,
        description="Counts only in these document types (unclassified documents included only when listed);"
        " replaces the element's doc_types and exclude_doc_types for this phrase.",
    )
    not_in: list[DocType] = Field(
        default_factory=list, description="Never counts in these document types, added to the element's exclusions."
    )


class ScopedPhrase(PhraseScope):
    phrase: str


class ScopedPattern(PhraseScope):
    pattern: list[dict[str, Any]]


Phrase = str | ScopedPhrase
TokenPattern = list[dict[str, Any]] | ScopedPattern


def phrase_text(phrase: Phrase) -> str:
    return phrase if isinstance(phrase, str) else phrase.phrase


def pattern_tokens(pattern: TokenPattern) -> list[dict[str, Any]]:
    return pattern.pattern if isinstance(pattern, ScopedPattern) else pattern


@dataclass(frozen=True)
class Clause:
    """One key of the pattern bank and where its matches count: an element's own phrases, its phrases
    sharing one scope, or one of its alternatives."""

    key: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    fields: tuple[FieldRequirement, ...] = ()
    doc_types: tuple[str, ...] = ()
    exclude_doc_types: tuple[str, ...] = ()
    # Only the listed doc_types count (a scoped phrase's `only_in`); otherwise unclassified documents
    # are searched too, as for an element.
    strict: bool = False

    def counts_in(self, doc_type: str) -> bool:
        if doc_type in self.exclude_doc_types:
            return False
        if self.strict:
            return doc_type in self.doc_types
        return not self.doc_types or doc_type in self.doc_types or doc_type == UNCLASSIFIED


class _Evidence(_Frozen):
    """What identifies an element or one of its alternatives, and where it counts."""

    phrases: list[Phrase] = Field(
        default_factory=list, description="A phrase, or {phrase, only_in, not_in} to scope it to document types."
    )
    patterns: list[TokenPattern] = Field(
        default_factory=list, description="spaCy Matcher token patterns, or {pattern, only_in, not_in}."
    )
    doc_types: list[DocType] = Field(
        default_factory=list,
        description="Where the element counts, preferred first; unclassified documents are always searched too."
        " Empty: anywhere.",
    )
    exclude_doc_types: list[DocType] = Field(default_factory=list)
    fields: list[FieldRequirement] = Field(default_factory=list)

    def clauses(self, key: str) -> list[Clause]:
        """The element's own phrases under `key`, then one clause per distinct phrase scope."""
        clauses = [
            Clause(
                key=key,
                phrases=tuple(p for p in self.phrases if isinstance(p, str)),
                patterns=tuple(tuple(p) for p in self.patterns if not isinstance(p, ScopedPattern)),
                fields=tuple(self.fields),
                doc_types=tuple(self.doc_types),
                exclude_doc_types=tuple(self.exclude_doc_types),
            )
        ]
        scopes: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[list[str], list[tuple[dict[str, Any], ...]]]] = {}
        for item in [*self.phrases, *self.patterns]:
            if isinstance(item, (ScopedPhrase, ScopedPattern)):
                phrases, patterns = scopes.setdefault((tuple(item.only_in), tuple(item.not_in)), ([], []))
                if isinstance(item, ScopedPhrase):
                    phrases.append(item.phrase)
                else:
                    patterns.append(tuple(item.pattern))
        for n, ((only_in, not_in), (phrases, patterns)) in enumerate(scopes.items(), start=1):
            clauses.append(
                Clause(
                    key=f"{key}~{n}",
                    phrases=tuple(phrases),
                    patterns=tuple(patterns),
                    doc_types=only_in or tuple(self.doc_types),
                    exclude_doc_types=not_in if only_in else (*self.exclude_doc_types, *not_in),
                    strict=bool(only_in),
                )
            )
        return clauses


class Alternative(_Evidence):
    """Another way to prove an element (`any_of`): the element is met when one alternative is."""

    label_fr: str


class ElementSpec(_Evidence):
    label_fr: str
    expected_fr: str = Field(default="", description="What evidence shows the element, for an officer (French).")
    any_of: list[Alternative] = Field(
        default_factory=list,
        description="Alternatives to the element's own phrases, each with its own phrases and document types:"
        " the element is met when its phrases or one alternative are found.",
    )
    prefer_doc_types: list[DocType] = Field(
        default_factory=list, description="Cited first when found there; unlike doc_types, restricts nothing."
    )
    mention_doc_types: list[DocType] = Field(
        default_factory=list,
        description="Where the element is only announced, not proven (a programme saying a test exists, a contract"
        " clause promising follow-up): found only there, it is cited and the indicator is at most partial.",
    )
    mentioned_by: list[str] = Field(
        default_factory=list,
        description="Ids of elements whose presence announces this one without proving it (a disability referent"
        " for a network of disability partners): same effect as `mention_doc_types`.",
    )
    implementation: bool = Field(
        default=False, description="Proof of practice (results, records): not expected of a new entrant."
    )
    review_fr: str | None = Field(
        default=None,
        description="Uncertain requirement: when absent, what the officer checks. Never a gap on its own.",
    )
    when: list[Condition] = Field(default_factory=list, description="Required only when the scope meets all of these.")
    required_if: str | None = Field(
        default=None, description="Id of a marker element: required only when some document mentions it."
    )
    exempt_categories: list[Category] = Field(
        default_factory=list, description="Not required when every category of the scope is one of these."
    )

    def all_clauses(self, element_id: str) -> tuple[Clause, ...]:
        """The element's clauses, then each alternative's, in the table's order (the order hits are cited).
        Built anew on each call: the mapping path reads them from `EvidenceTable.clauses`."""
        alternatives = [a.clauses(f"{element_id}|{n}") for n, a in enumerate(self.any_of, start=1)]
        return (*self.clauses(element_id), *(clause for clauses in alternatives for clause in clauses))


class IndicatorSpec(_Frozen):
    elements: list[str] = Field(min_length=1)
    mapper: str = Field(default=GENERIC, description="Name of the mapper that reads the elements (registry.py).")
    params: MapperParams = Field(
        default_factory=NoParams, description="The mapper's parameters, checked against its model when the table loads."
    )

    @model_validator(mode="before")
    @classmethod
    def _typed_params(cls, data: Any) -> Any:
        if isinstance(data, dict) and not isinstance(data.get("params"), MapperParams):
            registered = mapper_named(data.get("mapper", GENERIC))
            data = {**data, "params": registered.params.model_validate(data.get("params") or {})}
        return data


class EvidenceTable(_Frozen):
    id: str
    ignored_doc_types: list[DocType] = Field(
        default_factory=list,
        description="Administrative forms whose printed labels prove nothing about the organisation's practice"
        " (the BPF asks every organisation about distance learning and subcontracting): never searched.",
    )
    elements: dict[str, ElementSpec]
    indicators: dict[int, IndicatorSpec]

    # Built once per loaded table: the mapping path asks for every element's clauses for every indicator
    # of every dossier. A cached property, not a private attribute: pydantic's lookup of those costs
    # more than the dictionary's.
    @cached_property
    def element_clauses(self) -> dict[str, tuple[Clause, ...]]:
        return {element_id: spec.all_clauses(element_id) for element_id, spec in self.elements.items()}

    def clauses(self, element_id: str) -> tuple[Clause, ...]:
        """The element's clauses, then each alternative's, in the order hits are cited."""
        return self.element_clauses[element_id]

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> EvidenceTable:
        # A copy with other elements (an edited table) builds its own clauses.
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("element_clauses", None)
        return copied

    @model_validator(mode="after")
    def _references_resolve(self) -> EvidenceTable:
        unknown = sorted(
            {e for spec in self.indicators.values() for e in spec.elements if e not in self.elements}
            | {s.required_if for s in self.elements.values() if s.required_if and s.required_if not in self.elements}
            | {m for s in self.elements.values() for m in s.mentioned_by if m not in self.elements}
            | {e for spec in self.indicators.values() for e in spec.params.element_ids() if e not in self.elements}
        )
        if unknown:
            raise ValueError(f"éléments inconnus référencés : {', '.join(unknown)}")
        unconditional = {
            number
            for number, spec in self.indicators.items()
            if any(_unconditional(self.elements[e]) for e in spec.elements)
        }
        if lacking := sorted(set(self.indicators) - unconditional):
            raise ValueError(
                "indicateurs sans aucun élément exigé sans condition (jamais « couvert » sans preuve) : "
                + ", ".join(map(str, lacking))
            )
        return self

    def pattern_specs(self) -> dict[str, PatternSpec]:
        return {
            clause.key: PatternSpec(phrases=clause.phrases, patterns=clause.patterns)
            for clauses in self.element_clauses.values()
            for clause in clauses
            if clause.phrases or clause.patterns
        }


def _unconditional(spec: ElementSpec) -> bool:
    return not (spec.when or spec.required_if or spec.implementation or spec.exempt_categories or spec.review_fr)


def _read(referential_id: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    if referential_id in seen:
        raise EvidenceTableError(f"Table de preuves {referential_id} : héritage circulaire ({' → '.join(seen)}).")
    path = EVIDENCE_DIR / f"{referential_id}.yaml"
    if not path.is_file():
        raise EvidenceTableError(
            f"Aucune table de preuves pour le référentiel {referential_id} (fichier {path.name} absent)."
        )
    try:
        raw = read_rule_file(path) or {}
    except yaml.YAMLError as error:
        raise EvidenceTableError(f"Table de preuves {path.name} illisible : {error}") from error
    raw.pop("anchors", None)  # YAML anchors reused by the file's patterns; no meaning of their own
    parent_id = raw.pop("extends", None)
    if parent_id is None:
        return raw
    parent = _read(parent_id, (*seen, referential_id))
    merged = {**parent, **{k: v for k, v in raw.items() if k not in ("elements", "indicators")}}
    for section in ("elements", "indicators"):
        base = dict(parent.get(section) or {})
        for key, override in (raw.get(section) or {}).items():
            base[key] = {**base.get(key, {}), **override} if isinstance(override, dict) else override
        merged[section] = base
    return merged


@cache
def load_evidence_table(referential_id: str) -> EvidenceTable:
    raw = _read(referential_id)
    raw["id"] = referential_id
    try:
        return EvidenceTable.model_validate(raw)
    except ValidationError as error:
        raise EvidenceTableError(f"Table de preuves {referential_id} invalide : {error}") from error


@cache
def pattern_bank(referential_id: str) -> PatternBank:
    """The table's phrases and patterns compiled once per process (a few hundred milliseconds)."""
    return PatternBank(load_evidence_table(referential_id).pattern_specs())
