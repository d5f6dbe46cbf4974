"""Whether an RNQ indicator applies to a dossier's scope, and why: the categories and conditions that
decide it (`reports/reasons.py` writes the not-applicable sentence).

An indicator applies when it applies to at least one category of the scope: status `all`, or
`specific` with its condition true for the scope. The new-entrant rule does not remove an
indicator: it lowers the bar to "formalised" (the organisation has no delivered service yet), at the
initial audit only; the later audits check the implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict, Field

from indicator_mappers.referential import Applicability, Condition, Indicator
from schemas.contract import Category, Scope
from schemas.reasons import Reason, ReasonKind


class ApplicabilityDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    applies: bool
    # Applying: the categories it applies to and the conditions that hold for them. Not applying: the
    # scope's categories and the conditions it would need.
    categories: list[Category]
    conditions: list[Condition] = Field(default_factory=list)
    formalisation_only: bool = False

    def reason(self, number: int) -> Reason:
        """Why the indicator numbered `number` is not applicable."""
        return Reason(
            kind=ReasonKind.NOT_APPLICABLE,
            params={"indicator": number, "categories": self.categories, "conditions": self.conditions},
        )


# Each condition the referential can attach to a `specific` applicability, as a test on the scope;
# the French phrase an officer reads when it holds or not is labels_fr.yaml's condition_phrases.
_CONDITIONS: Mapping[Condition, Callable[[Scope], bool]] = {
    "certifying": lambda s: s.certifying,
    "alternance": lambda s: s.alternance,
    "apprenticeship": lambda s: "CFA" in s.categories,
    "work_based_periods": lambda s: s.alternance or "CFA" in s.categories,
    "subcontracting_or_portage": lambda s: s.subcontracting,
}


def condition_holds(condition: Condition, scope: Scope) -> bool:
    return _CONDITIONS[condition](scope)


def review_notes_for(indicator: Indicator, scope: Scope) -> list[str]:
    """The indicator's review notes that concern this scope: a note on VAE never flags an AF-only dossier."""
    return list(indicator.review_notes_fr) + [
        note.text_fr
        for note in indicator.review_notes
        if (not note.categories or set(note.categories) & set(scope.categories))
        and (note.condition is None or condition_holds(note.condition, scope))
    ]


def _applies_to_category(applicability: Applicability, scope: Scope) -> bool:
    if applicability.status == "all":
        return True
    if applicability.status == "none" or applicability.condition is None:
        return False
    return condition_holds(applicability.condition, scope)


def decide_applicability(indicator: Indicator, scope: Scope, initial_audit: bool = True) -> ApplicabilityDecision:
    applying = [
        category
        for category in scope.categories
        if category in indicator.applicability and _applies_to_category(indicator.applicability[category], scope)
    ]
    if not applying:
        return ApplicabilityDecision(
            applies=False, categories=scope.categories, conditions=_conditions(indicator, scope.categories)
        )
    return ApplicabilityDecision(
        applies=True,
        categories=applying,
        conditions=_conditions(indicator, applying),
        formalisation_only=scope.new_entrant and indicator.new_entrant_formalisation_only and initial_audit,
    )


def _conditions(indicator: Indicator, categories: list[Category]) -> list[Condition]:
    """The conditions the indicator's `specific` applicability sets for these categories."""
    return sorted(
        {
            a.condition
            for c in categories
            if (a := indicator.applicability.get(c)) is not None and a.status == "specific" and a.condition
        }
    )
