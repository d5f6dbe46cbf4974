"""The evidence table: what proves each indicator's required elements, one YAML file per referential version.

`indicator_mappers/data/evidence/<referential id>.yaml` holds an element library (phrases, token
patterns, where the element counts, conditions) and, per indicator, the elements it requires. A
version may `extends:` another: its elements and indicators are merged over the parent's, key by
key, so a new version states only what changed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from indicator_mappers.matching import PatternBank, PatternSpec
from indicator_mappers.referential import Condition
from schemas.contract import Category, DocType
from schemas.rule_files import read_rule_file

EVIDENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "evidence"


class EvidenceTableError(ValueError):
    """The evidence table of a referential version is absent or inconsistent (message in French)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldRequirement(_Frozen):
    """An extracted document field that proves the element (e.g. a survey's number of respondents)."""

    field: str
    doc_types: list[DocType] = Field(default_factory=list)
    min: float | None = Field(default=None, description="Numbers must reach it; None: any non-empty value.")


class ElementSpec(_Frozen):
    label_fr: str
    expected_fr: str = Field(default="", description="What evidence shows the element, for an officer (French).")
    phrases: list[str] = Field(default_factory=list)
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list, description="spaCy Matcher token patterns.")
    doc_types: list[DocType] = Field(
        default_factory=list,
        description="Where the element counts, preferred first; unclassified documents are always searched too."
        " Empty: anywhere.",
    )
    prefer_doc_types: list[DocType] = Field(
        default_factory=list, description="Cited first when found there; unlike doc_types, restricts nothing."
    )
    exclude_doc_types: list[DocType] = Field(default_factory=list)
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
    fields: list[FieldRequirement] = Field(default_factory=list)
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


class IndicatorSpec(_Frozen):
    elements: list[str] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict, description="Options of the indicator's special mapper.")


class EvidenceTable(_Frozen):
    id: str
    ignored_doc_types: list[DocType] = Field(
        default_factory=list,
        description="Administrative forms whose printed labels prove nothing about the organisation's practice"
        " (the BPF asks every organisation about distance learning and subcontracting): never searched.",
    )
    elements: dict[str, ElementSpec]
    indicators: dict[int, IndicatorSpec]

    @model_validator(mode="after")
    def _references_resolve(self) -> EvidenceTable:
        unknown = sorted(
            {e for spec in self.indicators.values() for e in spec.elements if e not in self.elements}
            | {s.required_if for s in self.elements.values() if s.required_if and s.required_if not in self.elements}
            | {m for s in self.elements.values() for m in s.mentioned_by if m not in self.elements}
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
            key: PatternSpec(
                phrases=tuple(spec.phrases), patterns=tuple(tuple(token for token in p) for p in spec.patterns)
            )
            for key, spec in self.elements.items()
            if spec.phrases or spec.patterns
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
