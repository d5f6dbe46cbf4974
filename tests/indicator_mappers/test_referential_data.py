"""The versioned referential files: completeness, applicability counts, version choice by date."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from indicator_mappers.applicability import decide_applicability
from indicator_mappers.referential import load_referentials, referential_by_id, referential_in_force
from indicator_mappers.versions import select_referential
from schemas.checks import PhraseKind
from schemas import DossierManifest, Scope
from schemas.contract import CATEGORIES, DOC_TYPES
from tests.support import shared_path

EXPECTED_COUNTS = {"rnq-v9": 32, "rnq-2026": 33}


def _reference(name: str) -> dict:
    return yaml.safe_load(shared_path("reference", name).read_text(encoding="utf-8"))


def _normalise(text: str) -> str:
    """Wording comparison per RNQ_VERSIONS.md: apostrophes, spaces around '/', '(s)' and '…'."""
    text = text.replace("’", "'").replace("\u00a0", " ")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s*\(s\)", "(s)", text)
    text = re.sub(r"\s*…", "…", text)
    return re.sub(r"\s+", " ", text).strip()


# Guide V9 transcriptions that differ from the annex text without any change in law (RNQ_VERSIONS.md).
TRANSCRIPTION_VARIANTS = {"sur les conditions": "des conditions", "co-construire": "coconstruire"}


def _comparable(text: str) -> str:
    text = _normalise(text)
    for variant, canonical in TRANSCRIPTION_VARIANTS.items():
        text = text.replace(variant, canonical)
    return text


def test_both_versions_load_in_date_order():
    assert [r.id for r in load_referentials()] == ["rnq-v9", "rnq-2026"]


@pytest.mark.parametrize("referential_id", sorted(EXPECTED_COUNTS))
def test_every_indicator_once_with_criterion_and_four_categories(referential_id):
    referential = referential_by_id(referential_id)
    numbers = [i.number for i in referential.indicators]
    assert numbers == list(range(1, EXPECTED_COUNTS[referential_id] + 1))
    assert [c.number for c in referential.criteria] == list(range(1, 8))
    for indicator in referential.indicators:
        assert 1 <= indicator.criterion <= 7
        assert set(indicator.applicability) == set(CATEGORIES), indicator.number
        for applicability in indicator.applicability.values():
            assert (applicability.status == "specific") == (applicability.condition is not None), indicator.number
        assert indicator.wording_fr and indicator.expected_level_fr and indicator.evidence_examples_fr
        assert indicator.doc_types and set(indicator.doc_types) <= set(DOC_TYPES) - {"unknown"}


def test_criteria_group_the_indicators_as_the_decree():
    sizes = {"rnq-v9": [3, 5, 8, 4, 2, 7, 3], "rnq-2026": [3, 5, 8, 4, 2, 7, 4]}
    for referential_id, expected in sizes.items():
        referential = referential_by_id(referential_id)
        assert [sum(i.criterion == c for i in referential.indicators) for c in range(1, 8)] == expected


def test_indicator_33_is_new_cfa_only_in_criterion_7():
    indicator = referential_by_id("rnq-2026").indicator(33)
    assert indicator.criterion == 7
    assert indicator.applicability["CFA"].status == "all"
    assert all(indicator.applicability[c].status == "none" for c in ("AF", "BC", "VAE"))
    assert "Nouvel indicateur" in (indicator.changed_from_previous or "")
    assert indicator.review_notes_fr


@pytest.mark.parametrize(
    ("referential_id", "reference_file"), [("rnq-v9", "rnq.yaml"), ("rnq-2026", "rnq_2026.yaml")]
)
def test_wordings_are_verbatim_and_columns_match_the_reference(referential_id, reference_file):
    reference = {i["number"]: i for i in _reference(reference_file)["indicators"]}
    referential = referential_by_id(referential_id)
    for indicator in referential.indicators:
        source = reference[indicator.number]
        assert indicator.wording_fr == source["wording_fr"], indicator.number
        assert indicator.criterion == source["criterion"]
        for category in CATEGORIES:
            status = source["applicability"][category]["status"]
            condition = source["applicability"][category].get("condition")
            ours = indicator.applicability[category]
            if condition == "training_over_2_days":
                # Scope carries no training duration: counted applicable, with a review note.
                assert ours.status == "all" and any("2 jours" in n.text_fr for n in indicator.review_notes)
                continue
            assert (ours.status, ours.condition) == (status, condition), (indicator.number, category)


def test_2026_changes_are_described_where_the_reference_says_so():
    changes = _reference("rnq_2026.yaml")["changes_vs_v9"]
    referential = referential_by_id("rnq-2026")
    for number in changes["requirement_added"]:
        indicator = referential.indicator(number)
        assert "Exigence ajoutée en 2026" in indicator.expected_level_fr
        assert indicator.changed_from_previous and not indicator.changed_from_previous.startswith("Aucun changement")
    v9 = referential_by_id("rnq-v9")
    for number in changes["unchanged"]:
        indicator = referential.indicator(number)
        assert indicator.changed_from_previous.startswith("Aucun changement")
        assert _comparable(indicator.wording_fr) == _comparable(v9.indicator(number).wording_fr), number


def test_new_entrant_lists_match_the_reference():
    expected = set(_reference("rnq.yaml")["new_entrants"]["indicators_with_adapted_audit"])
    for referential in load_referentials():
        flagged = {i.number for i in referential.indicators if i.new_entrant_formalisation_only}
        assert flagged == expected, referential.id


def test_uncertain_facts_that_matter_carry_review_notes():
    v9, v2026 = referential_by_id("rnq-v9"), referential_by_id("rnq-2026")
    for number in (3, 7, 12, 13):
        assert v9.indicator(number).review_notes, number
    for number in (1, 3, 7, 12, 13, 19, 20, 33):
        assert v2026.indicator(number).review_notes_fr or v2026.indicator(number).review_notes, number
    assert any("arrêté" in note for note in v2026.indicator(19).review_notes_fr)
    assert any("V10" in note for note in v2026.review_notes_fr)
    assert not v9.indicator(4).review_notes_fr


def _count(referential_id: str, **scope: object) -> int:
    referential = referential_by_id(referential_id)
    return sum(decide_applicability(i, Scope(**scope)).applies for i in referential.indicators)


@pytest.mark.parametrize("referential_id", ["rnq-v9", "rnq-2026"])
def test_applicable_counts_match_the_certifiers_counts(referential_id):
    # rnq.yaml counts_cross_check / rnq_2026.yaml applicability_legend.counts:
    # AF 23 when not certifying, no work-study, no work-based periods (27 counted), 22 without
    # subcontracting, 28 at most; BC 22 and VAE 24 (27 counted); CFA 32 in V9, 33 in 2026.
    assert _count(referential_id, categories=["AF"], subcontracting=True) == 23
    assert _count(referential_id, categories=["AF"]) == 22
    assert _count(referential_id, categories=["AF"], subcontracting=True, certifying=True, alternance=True) == 28
    assert _count(referential_id, categories=["BC"], subcontracting=True) == 22
    assert _count(referential_id, categories=["VAE"], subcontracting=True) == 24
    assert _count(referential_id, categories=["CFA"], subcontracting=True) == EXPECTED_COUNTS[referential_id]


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2026, 10, 31), "rnq-v9"), (date(2026, 11, 1), "rnq-2026"), (date(2024, 3, 8), "rnq-v9"), (date(2027, 6, 1), "rnq-2026")],
)
def test_version_in_force_by_date(day, expected):
    assert referential_in_force(day).id == expected


def test_select_referential_forced_by_manifest():
    referential, warnings = select_referential(DossierManifest(referential="rnq-v9"), date(2026, 11, 23))
    assert referential.id == "rnq-v9" and warnings == []


def test_select_referential_unknown_id_warns_and_falls_back_to_the_audit_date():
    manifest = DossierManifest(referential="rnq-v11", audit_date=date(2026, 10, 28))
    referential, warnings = select_referential(manifest, date(2026, 11, 23))
    assert referential.id == "rnq-v9"
    assert len(warnings) == 1 and warnings[0].kind is PhraseKind.UNKNOWN_REFERENTIAL
    assert warnings[0].params["forced"] == "rnq-v11" and "rnq-v9" in warnings[0].params["known"]


def test_select_referential_audit_date_wins_over_run_date():
    referential, _ = select_referential(DossierManifest(audit_date=date(2026, 10, 28)), date(2026, 11, 23))
    assert referential.id == "rnq-v9"
    referential, _ = select_referential(DossierManifest(audit_date=date(2026, 11, 2)), date(2026, 10, 1))
    assert referential.id == "rnq-2026"


def test_select_referential_without_manifest_uses_the_run_date():
    assert select_referential(None, date(2026, 11, 23))[0].id == "rnq-2026"
    assert select_referential(None, date(2026, 10, 31))[0].id == "rnq-v9"


def test_select_referential_warns_before_any_version():
    referential, warnings = select_referential(DossierManifest(audit_date=date(2018, 1, 10)), date(2026, 11, 23))
    assert referential.id == "rnq-v9" and [w.kind for w in warnings] == [PhraseKind.NO_REFERENTIAL_IN_FORCE]


def test_review_notes_about_part_of_a_scope_say_which():
    """A note that reads « si le périmètre comprend la VAE » is scoped to VAE, one on AF durations to AF."""
    for referential in load_referentials():
        for number, category in ((3, "VAE"), (7, "VAE"), (12, "AF")):
            notes = referential.indicator(number).review_notes
            assert notes and all(note.categories == [category] for note in notes), (referential.id, number)
        for indicator in referential.indicators:
            assert not any("VAE" in note for note in indicator.review_notes_fr), (referential.id, indicator.number)
