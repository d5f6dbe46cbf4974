"""Why an indicator has its status, as structure: what the assessment decided, not how it reads.

The assessment (`indicator_mappers/mappers/base.py` `conclude`) returns these; `reports/reasons.py`
writes the French from `reports/labels_fr.yaml`. A reason's `text` carries French written elsewhere
(an applicability decision, a mapper's note, the table's `review_fr`), quoted as it is.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReasonKind(StrEnum):
    NOT_APPLICABLE = "not_applicable"  # text: the applicability decision
    SCOPE_NOTE = "scope_note"  # text: what the mapper examined (offers, complete ones)
    NEW_ENTRANT = "new_entrant"  # elements: implementation proofs not expected at the initial audit
    NO_EVIDENCE = "no_evidence"  # nothing found at all
    EXPECTED = "expected"  # params.expected; params.from_referential: the indicator's expected level
    EXAMPLES = "examples"  # params.examples: the referential's evidence examples quoted
    FOUND = "found"  # elements with their evidence; params.all: every expected element is present
    ANNOUNCED = "announced"  # required elements only announced: evidence of the announcement
    MISSING = "missing"  # required elements not found
    NOTE = "note"  # text: a mapper's observation
    AT_MOST_PARTIAL = "at_most_partial"  # text: why the evidence cannot prove the indicator in full
    TO_REVIEW = "to_review"  # elements (one): a review element not found; text: what the officer checks
    UNCERTAIN_REFERENTIAL = "uncertain_referential"  # text: the referential's review note
    NO_EVIDENCE_CITED = "no_evidence_cited"  # covered without any evidence: brought down to partial
    UNKNOWN_GRADING = "unknown_grading"  # text: the NC rules' note on an unpublished grading


class Located(BaseModel):
    """Where an element was found or announced."""

    model_config = ConfigDict(frozen=True)

    path: str
    page: int | None = None


class ElementReason(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    expected: str = ""
    evidence: Located | None = None


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ReasonKind
    elements: list[ElementReason] = Field(default_factory=list)
    text: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
