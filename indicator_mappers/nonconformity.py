"""The non-conformity an auditor would propose for each applicable indicator, and their count.

From the indicator's status and its grading rule (`nc_grading` of the referential: some indicators can
only carry a major NC), through the table of `data/nonconformity_rules.yaml`. Deadlines and the uncertain
« five minors count as a major » rule stay data the reports read; nothing here decides certification.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from indicator_mappers.referential import Referential
from schemas.contract import AuditType, IndicatorAssessment, IndicatorStatus, NcProjection, PreviousNcGrade, ProposedNc
from schemas.reasons import Reason, ReasonKind
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).parent / "data" / "nonconformity_rules.yaml"
GradingKey = str  # "minor_or_major", "major_only" or "unknown"


class PairingCosts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_gap: int
    line_break_cost: int
    comma_cost: int


class PreviousAuditRules(BaseModel):
    """How the previous audit's NCs are read from a document and what becomes of those not lifted."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    follows_an_audit: list[AuditType]
    requalified_when_not_lifted: dict[PreviousNcGrade, ProposedNc]
    nc_words: list[str]
    grade_words: dict[PreviousNcGrade, list[str]]
    indicator_words: list[str]
    grade_columns: list[str]
    pairing: PairingCosts


class NonconformityRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    proposal: dict[IndicatorStatus, dict[GradingKey, ProposedNc]]
    unknown_grading_fr: str
    major_lift_months: int
    minor_action_plan_months: int
    max_open_minor_uncertain: int
    previous_audit: PreviousAuditRules


@cache
def load_nonconformity_rules() -> NonconformityRules:
    return NonconformityRules.model_validate(read_rule_file(RULES_PATH))


def with_proposed_nc(
    assessments: Sequence[IndicatorAssessment], referential: Referential
) -> list[IndicatorAssessment]:
    """Each applicable indicator with its proposed NC; an unknown grading is flagged for the officer."""
    rules = load_nonconformity_rules()
    proposed = []
    for assessment in assessments:
        if assessment.status == "not_applicable":
            proposed.append(assessment)
            continue
        grading = referential.indicator(assessment.number).nc_grading or "unknown"
        update: dict[str, object] = {"proposed_nc": rules.proposal[assessment.status][grading]}
        if grading == "unknown" and assessment.status != "covered":
            note = Reason(kind=ReasonKind.UNKNOWN_GRADING, text=rules.unknown_grading_fr)
            update |= {"needs_review": True, "reasons": [*assessment.reasons, note]}
        proposed.append(assessment.model_copy(update=update))
    return proposed


def nc_projection(assessments: Sequence[IndicatorAssessment]) -> NcProjection:
    return NcProjection(
        major=sum(1 for a in assessments if a.proposed_nc == "major"),
        minor=sum(1 for a in assessments if a.proposed_nc == "minor"),
    )
