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


class ApplicabilityDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    applies: bool
    reason_fr: str
    formalisation_only: bool = False


CATEGORY_LABELS_FR: Mapping[Category, str] = {
    "AF": "actions de formation",
    "BC": "bilans de compétences",
    "VAE": "actions de VAE",
    "CFA": "actions de formation par apprentissage",
}

# Each condition the referential can attach to a `specific` applicability, as a test on the
# scope and the French phrase an officer reads when it holds or not.
_CONDITIONS: Mapping[Condition, tuple[Callable[[Scope], bool], str]] = {
    "certifying": (lambda s: s.certifying, "formations certifiantes (RNCP/RS)"),
    "alternance": (lambda s: s.alternance, "formations en alternance"),
    "apprenticeship": (lambda s: "CFA" in s.categories, "actions de formation par apprentissage"),
    "work_based_periods": (
        lambda s: s.alternance or "CFA" in s.categories,
        "périodes de formation en entreprise (alternance ou apprentissage)",
    ),
    "subcontracting_or_portage": (
        lambda s: s.subcontracting,
        "sous-traitance ou portage salarial",
    ),
}


def condition_holds(condition: Condition, scope: Scope) -> bool:
    return _CONDITIONS[condition][0](scope)


def condition_label_fr(condition: Condition) -> str:
    return _CONDITIONS[condition][1]


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
    return ", ".join(f"{CATEGORY_LABELS_FR[c]} ({c})" for c in categories)


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
