"""Whether an RNQ indicator applies to a dossier's scope, and why (in French).

An indicator applies when it applies to at least one category of the scope: status `all`, or
`specific` with its condition true for the scope. The new-entrant rule does not remove an
indicator: it lowers the bar to "formalised" (the organisation has no delivered service yet), at the
initial audit only; the later audits check the implementation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import BaseModel, ConfigDict

from indicator_mappers.referential import Applicability, Condition, Indicator
from schemas.contract import Category, Scope
from schemas.labels_fr import label


class ApplicabilityDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    applies: bool
    reason_fr: str
    formalisation_only: bool = False


def category_phrase(category: Category) -> str:
    """A category as a reason names it inside a sentence (« actions de VAE »): labels_fr.yaml."""
    return label("category_phrases", category)


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


def condition_label_fr(condition: Condition) -> str:
    return label("condition_phrases", condition)


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


def _category_list_fr(categories: list[Category]) -> str:
    return ", ".join(f"{category_phrase(c)} ({c})" for c in categories)


def decide_applicability(indicator: Indicator, scope: Scope, initial_audit: bool = True) -> ApplicabilityDecision:
    applying = [
        category
        for category in scope.categories
        if category in indicator.applicability and _applies_to_category(indicator.applicability[category], scope)
    ]
    if not applying:
        return ApplicabilityDecision(applies=False, reason_fr=_not_applicable_reason(indicator, scope))

    deferred = scope.new_entrant and indicator.new_entrant_formalisation_only
    formalisation_only = deferred and initial_audit
    conditions = sorted(
        {
            indicator.applicability[c].condition
            for c in applying
            if indicator.applicability[c].status == "specific" and indicator.applicability[c].condition
        }
    )
    reason = f"Indicateur {indicator.number} applicable aux {_category_list_fr(applying)}"
    if conditions:
        reason += ", le périmètre comprenant : " + " ; ".join(condition_label_fr(c) for c in conditions)
    reason += "."
    if formalisation_only:
        reason += (
            " Nouvel entrant : seule la formalisation des dispositions est attendue à l'audit initial,"
            " leur mise en œuvre sera vérifiée à l'audit de surveillance."
        )
    elif deferred:
        reason += (
            " Audité comme nouvel entrant : la mise en œuvre effective des dispositions, et non plus leur seule"
            " formalisation, est vérifiée à cet audit."
        )
    return ApplicabilityDecision(applies=True, reason_fr=reason, formalisation_only=formalisation_only)


def _not_applicable_reason(indicator: Indicator, scope: Scope) -> str:
    unmet = sorted(
        {
            a.condition
            for c in scope.categories
            if (a := indicator.applicability.get(c)) is not None and a.status == "specific" and a.condition
        }
    )
    categories = ", ".join(scope.categories) or "aucune catégorie"
    if unmet:
        return (
            f"Indicateur {indicator.number} non applicable : pour les catégories du périmètre ({categories}),"
            + " il ne s'applique qu'en cas de "
            + " ou ".join(condition_label_fr(c) for c in unmet)
            + ", ce que le périmètre ne comprend pas."
        )
    return f"Indicateur {indicator.number} non applicable aux catégories du périmètre : {categories}."
