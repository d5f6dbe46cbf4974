"""decide_applicability: status all/specific/none per category, conditions, new-entrant rule, reasons."""

from __future__ import annotations

import pytest

from indicator_mappers.applicability import decide_applicability, review_notes_for
from indicator_mappers.referential import Applicability, Indicator, ReviewNote, referential_by_id
from schemas import Scope


def _indicator(number: int = 99, new_entrant: bool = False, **columns: Applicability) -> Indicator:
    applicability = {c: columns.get(c, Applicability(status="none")) for c in ("AF", "BC", "VAE", "CFA")}
    return Indicator(
        number=number,
        criterion=1,
        wording_fr="Le prestataire fait quelque chose.",
        applicability=applicability,
        new_entrant_formalisation_only=new_entrant,
    )


ALL = Applicability(status="all")


def specific(condition: str) -> Applicability:
    return Applicability(status="specific", condition=condition)


def test_all_applies_and_names_the_category():
    decision = decide_applicability(_indicator(AF=ALL), Scope(categories=["AF"]))
    assert decision.applies and not decision.formalisation_only
    assert (decision.categories, decision.conditions) == (["AF"], [])


def test_none_for_every_scope_category_is_not_applicable():
    decision = decide_applicability(_indicator(CFA=ALL), Scope(categories=["AF", "BC"]))
    assert not decision.applies
    assert decision.reason(99).params == {"indicator": 99, "categories": ["AF", "BC"], "conditions": []}


def test_applies_when_at_least_one_category_applies():
    decision = decide_applicability(_indicator(BC=ALL), Scope(categories=["AF", "BC"]))
    assert decision.applies and decision.categories == ["BC"]


@pytest.mark.parametrize(
    ("condition", "holding_scope", "failing_scope"),
    [
        ("certifying", Scope(categories=["AF"], certifying=True), Scope(categories=["AF"])),
        ("alternance", Scope(categories=["AF"], alternance=True), Scope(categories=["AF"], certifying=True)),
        ("apprenticeship", Scope(categories=["AF", "CFA"]), Scope(categories=["AF"], alternance=True)),
        ("work_based_periods", Scope(categories=["AF"], alternance=True), Scope(categories=["AF"], subcontracting=True)),
        ("work_based_periods", Scope(categories=["AF", "CFA"]), Scope(categories=["AF"])),
        ("subcontracting_or_portage", Scope(categories=["AF"], subcontracting=True), Scope(categories=["AF"])),
    ],
)
def test_specific_conditions(condition, holding_scope, failing_scope):
    indicator = _indicator(AF=specific(condition))
    assert decide_applicability(indicator, holding_scope).applies
    refused = decide_applicability(indicator, failing_scope)
    assert not refused.applies
    assert refused.conditions == [condition]


def test_condition_is_named_in_the_reason():
    decision = decide_applicability(_indicator(AF=specific("subcontracting_or_portage")), Scope(subcontracting=True))
    assert decision.conditions == ["subcontracting_or_portage"]


def test_new_entrant_only_lowers_the_bar_for_listed_indicators():
    scope = Scope(categories=["AF"], new_entrant=True)
    listed = decide_applicability(_indicator(new_entrant=True, AF=ALL), scope)
    assert listed.applies and listed.formalisation_only
    other = decide_applicability(_indicator(AF=ALL), scope)
    assert other.applies and not other.formalisation_only
    established = decide_applicability(_indicator(new_entrant=True, AF=ALL), Scope(categories=["AF"]))
    assert not established.formalisation_only


def test_formalisation_only_never_set_on_a_non_applicable_indicator():
    decision = decide_applicability(_indicator(new_entrant=True, CFA=ALL), Scope(categories=["BC"], new_entrant=True))
    assert not decision.applies and not decision.formalisation_only


@pytest.mark.parametrize("referential_id", ["rnq-v9", "rnq-2026"])
def test_real_referential_rules(referential_id):
    referential = referential_by_id(referential_id)
    af = Scope(categories=["AF"])
    assert not decide_applicability(referential.indicator(3), af).applies  # certifying only
    assert decide_applicability(referential.indicator(3), Scope(categories=["AF"], certifying=True)).applies
    assert decide_applicability(referential.indicator(3), Scope(categories=["VAE"])).applies
    assert not decide_applicability(referential.indicator(8), Scope(categories=["BC"])).applies
    assert decide_applicability(referential.indicator(13), Scope(categories=["CFA"])).applies
    assert not decide_applicability(referential.indicator(14), Scope(categories=["AF", "BC", "VAE"])).applies
    assert decide_applicability(referential.indicator(28), Scope(categories=["AF"], alternance=True)).applies
    assert decide_applicability(referential.indicator(2), Scope(categories=["AF"], new_entrant=True)).formalisation_only


def test_review_notes_follow_the_scope():
    v9 = referential_by_id("rnq-v9")
    vae_note = v9.indicator(7).review_notes[0].text_fr
    assert review_notes_for(v9.indicator(7), Scope(categories=["AF"], certifying=True)) == []
    assert review_notes_for(v9.indicator(7), Scope(categories=["AF", "VAE"], certifying=True)) == [vae_note]
    r2026 = referential_by_id("rnq-2026")
    # unscoped notes hold for every scope, scoped ones are added when they concern it
    assert len(review_notes_for(r2026.indicator(12), Scope(categories=["BC"]))) == 1
    assert len(review_notes_for(r2026.indicator(12), Scope(categories=["AF"]))) == 2


def test_a_condition_scopes_a_note_too():
    indicator = referential_by_id("rnq-v9").indicator(5).model_copy(
        update={"review_notes": [ReviewNote(text_fr="Sous-traitance : à vérifier.", condition="subcontracting_or_portage")]}
    )
    assert review_notes_for(indicator, Scope(categories=["AF"])) == []
    assert review_notes_for(indicator, Scope(categories=["AF"], subcontracting=True)) == ["Sous-traitance : à vérifier."]
