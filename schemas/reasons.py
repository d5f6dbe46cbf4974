"""Why an indicator has its status, as structure: what the assessment decided, not how it reads.

The assessment (`indicator_mappers/mappers/base.py` `conclude`, and the mappers' own observations)
returns these; `reports/reasons.py` writes the French from `reports/labels_fr.yaml`. A reason's `text`
carries French written elsewhere (the table's `review_fr`, the NC rules),
quoted as it is; everything else is ids, counts, document types and where.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ReasonKind(StrEnum):
    NOT_APPLICABLE = "not_applicable"  # params: indicator, categories (the scope's), conditions (it would need)
    NEW_ENTRANT = "new_entrant"  # elements: implementation proofs not expected at the initial audit
    NO_EVIDENCE = "no_evidence"  # nothing found at all
    EXPECTED = "expected"  # params.expected; params.from_referential: the indicator's expected level
    EXAMPLES = "examples"  # params.examples: the referential's evidence examples quoted
    FOUND = "found"  # elements with their evidence; params.all: every expected element is present
    ANNOUNCED = "announced"  # required elements only announced: evidence of the announcement
    MISSING = "missing"  # required elements not found
    AT_MOST_PARTIAL_WITHOUT_OFFERS = "at_most_partial_without_offers"  # params.doc_type: what an offer is
    TO_REVIEW = "to_review"  # elements (one): a review element not found; text: what the officer checks
    UNCERTAIN_REFERENTIAL = "uncertain_referential"  # text: the referential's review note
    NO_EVIDENCE_CITED = "no_evidence_cited"  # covered without any evidence: brought down to partial
    UNKNOWN_GRADING = "unknown_grading"  # text: the NC rules' note on an unpublished grading
    # A mapper's observations, with the parameters their sentence names:
    OFFERS_EXAMINED = "offers_examined"  # params: count, complete, doc_type, incomplete [[path, missing count]]
    ABSENT_FROM_OFFERS = "absent_from_offers"  # elements (one); params: lacking (paths), offers (count), doc_type
    NO_FALLBACK_DOCUMENT = "no_fallback_document"  # params.doc_types: where the information was sought
    FOUND_OUTSIDE_PUBLISHING = "found_outside_publishing"  # elements (one, with where)
    RESULTS_NOT_PUBLISHED = "results_not_published"  # params: summary (a SUMMARY `Cited`) and path of the internal results
    DURATION_UNKNOWN = "duration_unknown"  # params: limit_days, source
    LONGER_THAN_LIMIT = "longer_than_limit"  # params: limit_days, hours, path
    # A limited element left to the officer (in place of TO_REVIEW): elements (one); params: limit_days,
    # hours, path, source, indicator, categories
    SHORTER_THAN_LIMIT = "shorter_than_limit"
    THRESHOLD_COUNT = "threshold_count"  # params: count, doc_type
    SURVEYS = "surveys"  # params: count, doc_types, respondents (or null), rate (percent, or null)
    NO_PLAN = "no_plan"  # params.doc_type
    ONLY_IN_EXCLUDED = "only_in_excluded"  # elements (one, with where); params: doc_type, indicator
    UNRELATED_WITHOUT_CORE = "unrelated_without_core"  # elements (with where); params.core: the core's label
    # A previous audit's NC not lifted: params: grade, new_grade (ProposedNc), path, page (or null)
    PREVIOUS_NC_REQUALIFIED = "previous_nc_requalified"


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
