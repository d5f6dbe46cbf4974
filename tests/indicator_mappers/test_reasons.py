"""An indicator's reasons as structure (what the assessment decided), and a few of their French
renderings (`reports/reasons.py`), checked word for word."""

from __future__ import annotations

from indicator_mappers.mappers import assess_indicators
from indicator_mappers.nonconformity import with_proposed_nc
from reports.gap_report import written_indicators
from reports.reasons import reason_fr
from schemas.contract import Scope
from schemas.reasons import ElementReason, Located, Reason, ReasonKind
from tests.indicator_mappers.conftest import assessment_of, make_doc

PROCEDURE = make_doc(
    "reclamations.pdf",
    "complaints_procedure",
    "Sommaire",
    "Procédure : chaque réclamation reçoit un accusé de réception.",
)


def test_a_partial_indicator_says_which_element_was_found_where_and_which_is_missing(v9, af_scope):
    assessment = assessment_of(assess_indicators(v9, af_scope, [PROCEDURE]), 31)
    assert assessment.status == "partial"
    kinds = [r.kind for r in assessment.reasons]
    assert kinds[:2] == [ReasonKind.FOUND, ReasonKind.MISSING]
    found, missing = assessment.reasons[:2]
    assert found.params == {"all": False}
    assert [(e.id, e.evidence) for e in found.elements] == [
        ("complaints_handling", Located(path="reclamations.pdf", page=2))
    ]
    assert [e.id for e in missing.elements] == ["hazards_handling"]
    assert missing.elements[0].expected  # what the officer looks for, from the table
    assert written_indicators([assessment])[0].reason == reason_fr(assessment.reasons)


def test_a_missing_indicator_quotes_what_is_expected_as_parameters(v9, af_scope):
    assessment = assessment_of(assess_indicators(v9, af_scope, []), 31)
    indicator = v9.indicator(31)
    kinds = [r.kind for r in assessment.reasons]
    assert kinds[0] == ReasonKind.NO_EVIDENCE and not any(r.elements for r in assessment.reasons)
    expected = next(r for r in assessment.reasons if r.kind is ReasonKind.EXPECTED)
    assert expected.params["from_referential"] == bool(indicator.expected_level_fr)
    if indicator.evidence_examples_fr:
        examples = next(r for r in assessment.reasons if r.kind is ReasonKind.EXAMPLES)
        assert examples.params == {"examples": indicator.evidence_examples_fr[:3]}


def test_not_applicable_and_unknown_grading_are_reasons_too(r2026):
    assessments = assess_indicators(r2026, Scope(categories=["BC"]), [])
    fourteen = assessment_of(assessments, 14)
    assert [r.kind for r in fourteen.reasons] == [ReasonKind.NOT_APPLICABLE]
    assert fourteen.reasons[0].params == {"indicator": 14, "categories": ["BC"], "conditions": []}
    assert reason_fr(fourteen.reasons) == "Indicateur 14 non applicable aux catégories du périmètre : BC."
    # rnq-2026's indicator 33 (CFA) has no published grading: the officer is told, in structure and in French.
    graded = with_proposed_nc(assess_indicators(r2026, Scope(categories=["CFA"]), []), r2026)
    thirty_three = assessment_of(graded, 33)
    assert thirty_three.reasons[-1].kind is ReasonKind.UNKNOWN_GRADING
    assert reason_fr(thirty_three.reasons).endswith(thirty_three.reasons[-1].text)


# ----------------------------------------------------------------------------- golden French


def test_every_kind_of_reason_has_its_french():
    from reports.reasons import _OBSERVATIONS, _QUOTED, TEXT

    assert all(kind in _QUOTED or kind in _OBSERVATIONS or kind.value in TEXT for kind in ReasonKind)

ACCESS = ElementReason(id="access_delay", label="Délai d'accès", expected="délai estimé avant le début.")
PRICE = ElementReason(id="price", label="Tarifs", evidence=Located(path="prog.pdf", page=2))
CONTACTS = ElementReason(id="contacts", label="Contacts", evidence=Located(path="cgv.docx"))


def test_golden_found_and_missing():
    reasons = [
        Reason(kind=ReasonKind.FOUND, elements=[PRICE, CONTACTS], params={"all": False}),
        Reason(kind=ReasonKind.MISSING, elements=[ACCESS, ElementReason(id="x", label="Prérequis")]),
    ]
    assert reason_fr(reasons) == (
        "Éléments présents : Tarifs (prog.pdf, p. 2) ; Contacts (cgv.docx)."
        " Éléments manquants : Délai d'accès (délai estimé avant le début) ; Prérequis."
    )


def test_golden_covered_for_a_new_entrant():
    waived = ElementReason(id="result_values", label="Valeurs des résultats publiés")
    reasons = [
        Reason(kind=ReasonKind.NEW_ENTRANT, elements=[waived]),
        Reason(kind=ReasonKind.FOUND, elements=[PRICE], params={"all": True}),
    ]
    assert reason_fr(reasons) == (
        "Nouvel entrant : une procédure ou un processus documenté suffit à l'audit initial, la mise en œuvre sera"
        " vérifiée à l'audit de surveillance (non exigé à ce stade : Valeurs des résultats publiés)."
        " Tous les éléments attendus sont présents : Tarifs (prog.pdf, p. 2)."
    )


def test_golden_announced_review_and_shown_apart():
    announced = ACCESS.model_copy(update={"evidence": Located(path="prog.pdf", page=1)})
    reasons = [
        Reason(kind=ReasonKind.ANNOUNCED, elements=[announced]),
        Reason(kind=ReasonKind.TO_REVIEW, elements=[PRICE], text="vérifier la grille tarifaire."),
        Reason(kind=ReasonKind.EXAMPLES, params={"examples": ["catalogue", "site internet"]}),
        Reason(kind=ReasonKind.NO_EVIDENCE_CITED),
    ]
    assert reason_fr(reasons) == (
        "Éléments seulement annoncés, sans pièce qui les établisse : Délai d'accès (prog.pdf, p. 1 ; attendu :"
        " délai estimé avant le début). À vérifier par l'officier (Tarifs) : vérifier la grille tarifaire."
        " Exemples de preuves : catalogue ; site internet. Aucune pièce citée : statut ramené à « partiel »."
    )
    assert "Exemples" not in reason_fr(reasons, shown_apart={ReasonKind.EXAMPLES})


def test_golden_observations_name_limits_counts_and_document_types_from_their_parameters():
    many = [f"p{i:02}.pdf" for i in range(12)]
    reasons = [
        Reason(
            kind=ReasonKind.OFFERS_EXAMINED,
            params={"count": 13, "complete": 1, "doc_type": "programme", "incomplete": [[p, 2] for p in many]},
        ),
        Reason(
            kind=ReasonKind.ABSENT_FROM_OFFERS,
            elements=[ElementReason(id="price", label="Tarifs")],
            params={"lacking": many, "offers": 13, "doc_type": "programme"},
        ),
        Reason(kind=ReasonKind.LONGER_THAN_LIMIT, params={"limit_days": 3.0, "hours": 35.0, "path": "p.pdf"}),
        Reason(kind=ReasonKind.THRESHOLD_COUNT, params={"count": 1, "doc_type": "trainer_cv"}),
        Reason(
            kind=ReasonKind.SURVEYS,
            params={"count": 2, "doc_types": ["satisfaction_survey"], "respondents": 31, "rate": 94},
        ),
        Reason(kind=ReasonKind.NO_PLAN, params={"doc_type": "improvement_plan"}),
    ]
    listed = " ; ".join(f"{p} (2 élément(s) manquant(s))" for p in many[:10])
    assert reason_fr(reasons) == (
        f"13 programme(s) examiné(s), 1 complet(s). Incomplets : {listed} ; et 2 autre(s)."
        f" Tarifs : absent de 12 programme(s) sur 13 ({', '.join(many[:10])} …)."
        " Au moins une formation dure plus de 3 jours (35 h, p.pdf) : les mesures d'engagement et de prévention"
        " des ruptures sont exigées."
        " Le dossier contient 1 CV d'intervenant(s) ; le seuil réglementaire n'étant pas publié, aucun écart n'est"
        " retenu sur ce point."
        " 2 enquête(s) de satisfaction au dossier, 31 répondant(s) au total, satisfaction moyenne 94 %."
        " Aucun plan d'amélioration (tableau de suivi des actions) n'a été identifié parmi les pièces."
    )


def test_the_learner_evaluation_observations_carry_where_and_which_document_type(r2026):
    survey = make_doc(
        "enquete.pdf", "satisfaction_survey", "Questionnaire : évaluation des enseignements par les apprentis."
    )
    plan = make_doc("plan.pdf", "improvement_plan", "Plan d'amélioration continue : revue annuelle de l'efficacité.")
    assessment = assessment_of(assess_indicators(r2026, Scope(categories=["CFA"]), [survey, plan]), 33)
    excluded = next(r for r in assessment.reasons if r.kind is ReasonKind.ONLY_IN_EXCLUDED)
    assert excluded.params == {"doc_type": "satisfaction_survey", "indicator": 33}
    assert [(e.id, e.evidence) for e in excluded.elements] == [
        ("learner_evaluation", Located(path="enquete.pdf", page=1))
    ]
    unrelated = next(r for r in assessment.reasons if r.kind is ReasonKind.UNRELATED_WITHOUT_CORE)
    assert {e.evidence.path for e in unrelated.elements if e.evidence} == {"plan.pdf"}
    assert "la seule pièce qui en parle est une enquête de satisfaction (enquete.pdf, p. 1)" in reason_fr(assessment.reasons)


def test_golden_not_applicable_for_want_of_a_condition():
    reason = Reason(
        kind=ReasonKind.NOT_APPLICABLE,
        params={"indicator": 13, "categories": ["AF", "BC"], "conditions": ["alternance", "apprenticeship"]},
    )
    assert reason_fr([reason]) == (
        "Indicateur 13 non applicable : pour les catégories du périmètre (AF, BC), il ne s'applique qu'en cas de"
        " formations en alternance ou actions de formation par apprentissage, ce que le périmètre ne comprend pas."
    )
