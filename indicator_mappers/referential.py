"""The RNQ referential as versioned data: models and loader.

One YAML file per version in `indicator_mappers/data/` (`rnq-v9.yaml`, `rnq-2026.yaml`).
Adding a version is adding a file: nothing here names a version.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.contract import Category, DocType
from schemas.rule_files import read_rule_file

DATA_DIR = Path(__file__).parent / "data"

Condition = Literal[
    "certifying",
    "alternance",
    "apprenticeship",
    "work_based_periods",
    "subcontracting_or_portage",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Applicability(_Frozen):
    """Whether an indicator applies to a category: always, never, or only under a condition."""

    status: Literal["all", "specific", "none"]
    condition: Condition | None = None
    note_fr: str | None = None


class ReviewNote(_Frozen):
    """An uncertain fact that matters only for part of a scope (« si le périmètre comprend la VAE… »)."""

    text_fr: str
    categories: list[Category] = Field(
        default_factory=list, description="Relevant when the scope holds one of these categories; empty: any."
    )
    condition: Condition | None = Field(default=None, description="Relevant only when this scope condition holds.")


class Indicator(_Frozen):
    number: int
    criterion: int
    wording_fr: str
    applicability: dict[Category, Applicability]
    new_entrant_formalisation_only: bool = False
    nc_grading: Literal["minor_or_major", "major_only"] | None = Field(
        default=None, description="Whether a gap can be a minor non-conformity or only a major one; None when unknown."
    )
    expected_level_fr: str = ""
    evidence_examples_fr: list[str] = Field(default_factory=list)
    doc_types: list[DocType] = Field(default_factory=list)
    changed_from_previous: str | None = None
    review_notes_fr: list[str] = Field(
        default_factory=list,
        description="Facts the reference marks uncertain: what the officer must check by hand, whatever the scope.",
    )
    review_notes: list[ReviewNote] = Field(
        default_factory=list,
        description="Uncertain facts relevant to part of a scope only; `applicability.review_notes_for` picks them.",
    )


class Criterion(_Frozen):
    number: int
    title_fr: str


class Referential(_Frozen):
    id: str
    name_fr: str
    legal_basis_fr: str = ""
    effective_from: date
    effective_until: date | None = None
    review_notes_fr: list[str] = Field(
        default_factory=list, description="Version-wide facts the officer must keep in mind (French)."
    )
    criteria: list[Criterion]
    indicators: list[Indicator]

    def indicator(self, number: int) -> Indicator:
        for indicator in self.indicators:
            if indicator.number == number:
                return indicator
        raise KeyError(f"{self.id} has no indicator {number}")

    def criterion(self, number: int) -> Criterion:
        for criterion in self.criteria:
            if criterion.number == number:
                return criterion
        raise KeyError(f"{self.id} has no criterion {number}")


@cache
def load_referentials() -> tuple[Referential, ...]:
    """Every version on disk, oldest first."""
    versions = [
        Referential.model_validate(read_rule_file(path))
        for path in sorted(DATA_DIR.glob("rnq-*.yaml"))
    ]
    return tuple(sorted(versions, key=lambda r: r.effective_from))


def referential_by_id(referential_id: str) -> Referential:
    for referential in load_referentials():
        if referential.id == referential_id:
            return referential
    known = ", ".join(r.id for r in load_referentials())
    raise KeyError(f"unknown referential {referential_id!r} (known: {known})")


def referential_in_force(on: date) -> Referential:
    """The version in force on a calendar day (Europe/Paris): the latest one that started on or before it."""
    in_force = [r for r in load_referentials() if r.effective_from <= on]
    if not in_force:
        return load_referentials()[0]
    return in_force[-1]
