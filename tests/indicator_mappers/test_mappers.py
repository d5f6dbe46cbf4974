"""The mapping entry point and the evidence tables: shape of the result, invariants, table integrity."""

from __future__ import annotations

import itertools
import re

import pytest

from indicator_mappers.mappers import EvidenceTableError, assess_indicators
from indicator_mappers.mappers.registry import registered
from indicator_mappers.mappers.table import load_evidence_table
from indicator_mappers.referential import load_referentials, referential_by_id
from reports.reasons import reason_fr
from schemas.contract import Scope
from tests.indicator_mappers.conftest import V9_SCOPE, assessment_of, make_doc, v9_era_documents

SCOPES = [
    Scope(categories=list(categories), certifying=certifying, alternance=alternance, new_entrant=new_entrant,
          subcontracting=subcontracting)
    for categories, certifying, alternance, new_entrant, subcontracting in itertools.product(
        [("AF",), ("BC",), ("VAE",), ("CFA",), ("AF", "BC", "VAE", "CFA")], [False, True], [False, True], [False, True],
        [False, True],
    )
]

UNRELATED = [
    make_doc("note.pdf", "unknown", "Compte rendu du déjeuner du 12 mars : menu, météo, covoiturage."),
    make_doc("facture.pdf", "unknown", "Facture n° 2026-14 : fournitures de bureau, 45,20 €, réglée par virement."),
]


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
def test_one_assessment_per_indicator_in_order(referential):
    assessments = assess_indicators(referential, V9_SCOPE, v9_era_documents())
    assert [a.number for a in assessments] == [i.number for i in referential.indicators]
    assert [a.criterion for a in assessments] == [i.criterion for i in referential.indicators]


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
@pytest.mark.parametrize("documents", [[], UNRELATED], ids=["no documents", "unrelated documents"])
def test_never_covered_without_evidence(referential, documents):
    for scope in SCOPES:
        for assessment in assess_indicators(referential, scope, documents):
            assert assessment.status != "covered", (scope, assessment)
            assert assessment.status in ("missing", "not_applicable"), (scope, assessment)
            assert reason_fr(assessment.reasons)


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
def test_covered_and_partial_always_cite_short_masked_evidence(referential):
    for assessment in assess_indicators(referential, V9_SCOPE, v9_era_documents()):
        if assessment.status in ("covered", "partial"):
            assert assessment.evidence, assessment
        for evidence in assessment.evidence:
            assert len(evidence.excerpt) <= 320
            assert not re.search(r"\b\w+\.?\w*@", evidence.excerpt.replace("•••@", "")), evidence.excerpt
            assert not re.search(r"0\d( \d\d){4}", evidence.excerpt), evidence.excerpt
            assert "Jeanne" not in evidence.excerpt and "Paul Durand" not in evidence.excerpt


def test_not_applicable_carries_the_applicability_reason(v9):
    assessments = assess_indicators(v9, Scope(categories=["BC"]), v9_era_documents())
    fourteen = next(a for a in assessments if a.number == 14)
    assert fourteen.status == "not_applicable"
    assert "non applicable" in reason_fr(fourteen.reasons) and not fourteen.evidence


def test_missing_reason_says_what_evidence_is_expected(v9):
    assessments = assess_indicators(v9, Scope(categories=["AF"]), UNRELATED)
    twenty_three = next(a for a in assessments if a.number == 23)
    assert twenty_three.status == "missing"
    assert "Aucune preuve" in reason_fr(twenty_three.reasons) and "Attendu" in reason_fr(twenty_three.reasons)
    assert twenty_three.missing_elements == ["legal_watch", "watch_exploitation"]


def test_unreadable_documents_are_ignored(v9):
    watch = make_doc("veille.pdf", "watch_log", "Veille réglementaire Centre Inffo : CGV mises à jour.")
    broken = watch.model_copy(update={"record": watch.record.model_copy(update={"status": "error"})})
    assessments = assess_indicators(v9, Scope(categories=["AF"]), [broken])
    assert next(a for a in assessments if a.number == 23).status == "missing"


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
def test_every_mapper_a_table_names_is_registered_with_its_params(referential):
    for number, spec in load_evidence_table(referential.id).indicators.items():
        assert isinstance(spec.params, registered()[spec.mapper].params), number


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
def test_every_indicator_has_an_evidence_entry(referential):
    table = load_evidence_table(referential.id)
    assert set(table.indicators) == {i.number for i in referential.indicators}
    for spec in table.indicators.values():
        for element_id in spec.elements:
            element = table.elements[element_id]
            assert element.label_fr and element.expected_fr, element_id
            assert element.phrases or element.patterns or element.fields, element_id


def test_a_version_extends_its_parent_key_by_key():
    v9_table, table_2026 = load_evidence_table("rnq-v9"), load_evidence_table("rnq-2026")
    assert table_2026.elements["access_modalities"].phrases == v9_table.elements["access_modalities"].phrases
    assert table_2026.elements["access_modalities"].review_fr and not v9_table.elements["access_modalities"].review_fr
    assert "violence_prevention" in table_2026.indicators[12].elements
    assert "violence_prevention" not in v9_table.indicators[12].elements
    assert table_2026.indicators[4] == v9_table.indicators[4]


@pytest.mark.parametrize("referential", load_referentials(), ids=lambda r: r.id)
def test_an_elements_clauses_are_built_once_per_table(referential):
    table = load_evidence_table(referential.id)
    for element_id, spec in table.elements.items():
        assert table.clauses(element_id) is table.clauses(element_id), element_id
        assert table.clauses(element_id) == spec.all_clauses(element_id), element_id


def test_unknown_version_or_undescribed_indicator_is_a_typed_error(v9):
    with pytest.raises(EvidenceTableError, match="Aucune table de preuves"):
        load_evidence_table("rnq-1999")
    extra = v9.indicators[0].model_copy(update={"number": 99})
    with pytest.raises(EvidenceTableError, match="99"):
        assess_indicators(v9.model_copy(update={"indicators": [*v9.indicators, extra]}), Scope(), [])


def test_vae_notes_do_not_flag_a_dossier_without_vae():
    programme = make_doc("prog.pdf", "programme", "Le déroulé suit le référentiel de compétences du titre RNCP 35912"
                         " (tableau de correspondance en annexe).")
    v9 = referential_by_id("rnq-v9")
    without_vae = assessment_of(assess_indicators(v9, Scope(categories=["AF"], certifying=True), [programme]), 7)
    assert without_vae.status == "covered" and not without_vae.needs_review and "VAE" not in reason_fr(without_vae.reasons)
    with_vae = assessment_of(assess_indicators(v9, Scope(categories=["AF", "VAE"], certifying=True), [programme]), 7)
    assert with_vae.needs_review and "VAE" in reason_fr(with_vae.reasons)
