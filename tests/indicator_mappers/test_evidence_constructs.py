"""What the evidence table can say beyond a list of phrases: alternatives (`any_of`), a phrase counting
only in some document types (`only_in`), a phrase excluded from some (`not_in`), and the mapper of an
indicator by name with typed parameters. Each is read from a small table derived from rnq-v9 by
`extends:`, as a new version or an officer's edit would be."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest

from indicator_mappers.mappers import assess_indicators, table
from indicator_mappers.mappers.table import EvidenceTableError, load_evidence_table, pattern_bank
from indicator_mappers.referential import Referential, referential_by_id
from reports.reasons import reason_fr
from tests.indicator_mappers.conftest import assessment_of, make_doc

DERIVED = "rnq-derived"


@pytest.fixture
def derived(tmp_path, monkeypatch) -> Iterator[Callable[[str], Referential]]:
    """Writes `<DERIVED>.yaml` (which `extends: rnq-v9`) and returns rnq-v9 under the derived id."""
    shutil.copy(table.EVIDENCE_DIR / "rnq-v9.yaml", tmp_path / "rnq-v9.yaml")
    monkeypatch.setattr(table, "EVIDENCE_DIR", tmp_path)

    def write(text: str) -> Referential:
        (tmp_path / f"{DERIVED}.yaml").write_text("extends: rnq-v9\n" + text, encoding="utf-8")
        load_evidence_table.cache_clear()
        pattern_bank.cache_clear()
        return referential_by_id("rnq-v9").model_copy(update={"id": DERIVED})

    yield write
    load_evidence_table.cache_clear()
    pattern_bank.cache_clear()


# Indicator 22's one element, rewritten with made-up words no other element uses.
STAFF_TRAINING = """
elements:
  staff_training:
    phrases: [carnet zéphyr, {phrase: registre ondine, not_in: [programme]},
      {phrase: plan lumen, only_in: [trainer_cv]}]
    patterns: []
    doc_types: []
    exclude_doc_types: []
    any_of:
      - label_fr: Convention signée
        phrases: [convention boréale]
        doc_types: [training_agreement]
"""


def _status_22(referential: Referential, af_scope, doc_type: str, text: str) -> str:
    document = make_doc("piece.pdf", doc_type, f"Le centre tient un {text} à jour.")
    return assessment_of(assess_indicators(referential, af_scope, [document]), 22).status


@pytest.mark.parametrize(
    "doc_type, text, status",
    [
        ("programme", "carnet zéphyr", "covered"),  # an unscoped phrase counts anywhere, as before
        ("programme", "registre ondine", "missing"),  # its own exclusion…
        ("welcome_booklet", "registre ondine", "covered"),  # …only where it says
        ("trainer_cv", "plan lumen", "covered"),
        ("welcome_booklet", "plan lumen", "missing"),  # only_in is strict:
        ("unknown", "plan lumen", "missing"),  # not even an unclassified document
        ("training_agreement", "convention boréale", "covered"),  # one alternative is enough
        ("programme", "convention boréale", "missing"),  # within the alternative's own document types
        ("unknown", "convention boréale", "covered"),  # which, like an element's, include unclassified ones
    ],
)
def test_scoped_phrases_and_alternatives(derived, af_scope, doc_type, text, status):
    assert _status_22(derived(STAFF_TRAINING), af_scope, doc_type, text) == status


def test_an_alternative_found_is_cited_as_evidence(derived, af_scope):
    referential = derived(STAFF_TRAINING)
    agreement = make_doc("convention.pdf", "training_agreement", "Annexe : convention boréale signée le 2 mars.")
    assessment = assessment_of(assess_indicators(referential, af_scope, [agreement]), 22)
    assert [e.path for e in assessment.evidence] == ["convention.pdf"]
    assert "convention boréale" in assessment.evidence[0].excerpt


@pytest.mark.parametrize(
    "text",
    [
        "elements: {staff_training: {any_of: [{phrases: [sans libellé]}]}}",  # an alternative needs its label
        "elements: {staff_training: {phrases: [{phrase: x, only_in: [brochure]}]}}",  # unknown document type
        "elements: {staff_training: {phrases: [{phrase: x, in: [programme]}]}}",  # unknown key
    ],
)
def test_a_malformed_construct_is_refused_when_the_table_loads(derived, text):
    derived(text)
    with pytest.raises(EvidenceTableError):
        load_evidence_table(DERIVED)


# ----------------------------------------------------------------------------- the officers' request


def test_indicator_26_accepts_a_disability_referent_named_in_a_trainer_cv(v9, r2026, af_scope):
    # The request « accept a référent handicap named in a trainer's CV » is the table's scoped phrases.
    cv = make_doc("cv_formatrice.pdf", "trainer_cv", "Claire Morel, formatrice en bureautique.\n"
                  "Missions : référente handicap de l'organisme depuis 2023, accueil des stagiaires.")
    for referential in (v9, r2026):
        assessment = assessment_of(assess_indicators(referential, af_scope, [cv]), 26)
        assert assessment.status == "covered", assessment
        assert [e.path for e in assessment.evidence] == ["cv_formatrice.pdf"]


def test_indicator_26_still_announces_only_a_referent_named_elsewhere(v9, af_scope):
    # Scoped to CVs: a referent named in an unclassified document or a booklet is a start, not a network.
    for doc_type in ("unknown", "welcome_booklet"):
        page = make_doc("piece.pdf", doc_type, "Notre référente handicap accueille les stagiaires.")
        assert assessment_of(assess_indicators(v9, af_scope, [page]), 26).status == "partial"


# ----------------------------------------------------------------------------- mappers by name

DURATION_PARAMS = """{duration_limited_elements: [dropout_prevention], duration_limit_hours: 14, hours_per_day: 7,
      duration_limit_categories: [AF], duration_doc_types: [programme], limit_source_fr: guide V9}"""

SHORT_PROGRAMME = make_doc("excel.pdf", "programme", "Excel. Durée : 7 heures.", fields={"duration_hours": 7.0})


def test_a_renumbered_indicator_keeps_its_mapper_because_the_table_names_it(derived, af_scope):
    # A version where engagement moves to 22 and staff development to 12: the mapper follows the table.
    referential = derived(f"""
indicators:
  12: {{elements: [staff_training], mapper: generic, params: {{}}}}
  22:
    elements: [dropout_prevention]
    mapper: duration_limited
    params: {DURATION_PARAMS}
""")
    assessments = assess_indicators(referential, af_scope, [SHORT_PROGRAMME])
    engagement = assessment_of(assessments, 22)
    # Short trainings only: the limited element is a point for the officer, named with its new number.
    assert engagement.status == "partial" and engagement.needs_review and engagement.missing_elements == []
    assert "limitait l'indicateur 22" in reason_fr(engagement.reasons) and "2 jours ou moins" in reason_fr(engagement.reasons)
    staff = assessment_of(assessments, 12)
    assert staff.status == "missing" and staff.missing_elements == ["staff_training"]


def test_a_mapper_sentence_takes_its_limit_from_the_params(derived, af_scope):
    referential = derived(f"""
indicators:
  12:
    elements: [dropout_prevention]
    mapper: duration_limited
    params: {DURATION_PARAMS.replace("duration_limit_hours: 14", "duration_limit_hours: 21").replace(
        "guide V9", "guide V10")}
""")
    reason = reason_fr(assessment_of(assess_indicators(referential, af_scope, [SHORT_PROGRAMME]), 12).reasons)
    assert "3 jours ou moins" in reason and "le guide V10 limitait l'indicateur 12" in reason
    # (the referential's own review note on the V9 limit still quotes it, from the referential)
    assert "du dossier durent 2 jours" not in reason and "guide V9 limitait" not in reason


@pytest.mark.parametrize(
    "indicator, fault",
    [
        (f"{{elements: [dropout_prevention], mapper: duration_limited, params: {DURATION_PARAMS}}}".replace(
            "duration_limit_hours: 14", "duration_limit_hours: deux"), "duration_limit_hours"),  # not a number
        (f"{{elements: [dropout_prevention], mapper: duration_limited, params: {DURATION_PARAMS}}}".replace(
            "hours_per_day", "hours_a_day"), "hours_a_day"),  # unknown parameter
        ("{elements: [dropout_prevention], mapper: duration_limited, params: {}}", "limit_source_fr"),  # missing
        ("{elements: [dropout_prevention], mapper: duration_limited, params: {duration_limited_elements: x}}",
         "duration_limited_elements"),
        ("{elements: [staff_training], mapper: offers_per_programme, params: {offer_doc_types: [brochure]}}",
         "offer_doc_types"),  # not a document type
        ("{elements: [staff_training], mapper: engagement}", "engagement"),  # no mapper of that name
        (f"{{elements: [dropout_prevention], mapper: duration_limited, params: {DURATION_PARAMS}}}".replace(
            "[dropout_prevention], duration", "[drop_out_prevention], duration"), "drop_out_prevention"),  # misspelt
    ],
)
def test_a_wrong_mapper_or_parameter_is_refused_when_the_table_loads(derived, indicator, fault):
    derived(f"indicators:\n  12: {indicator}\n")
    with pytest.raises(EvidenceTableError, match=fault):
        load_evidence_table(DERIVED)
