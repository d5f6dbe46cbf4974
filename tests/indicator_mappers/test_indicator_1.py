"""Indicator 1: every element checked in every programme, listed per programme when missing."""

from __future__ import annotations

from indicator_mappers.mappers import assess_indicators
from reports.reasons import reason_fr
from schemas.contract import Scope
from tests.indicator_mappers.conftest import assessment_of, make_doc

COMPLETE = (
    "Gestion de projet agile. Prérequis : aucun. Objectifs : planifier un sprint, animer une rétrospective.\n"
    "Durée : 21 heures. Inscription via le formulaire en ligne. Délai d'accès : 2 semaines.\n"
    "Tarif : 1 350 € HT. Contact : Mme Petit, 01 23 45 67 89. Méthodes : ateliers, jeux de rôle.\n"
    "Évaluation : étude de cas notée. Accessibilité : locaux accessibles, adaptation sur demande (situation de handicap)."
)
# Same offer, another organisation's wording and layout: capitals, no accents (OCR), other labels.
COMPLETE_OCR = (
    "PUBLIC ET PRE-REQUIS : AUCUN\nA L'ISSUE DE LA FORMATION VOUS SEREZ CAPABLE DE GERER UN BUDGET\n"
    "DUREE 2 JOURS (14 H)\nMODALITES D'INSCRIPTION : BULLETIN\nDELAIS D ACCES : 10 JOURS\nPRIX : 900 EUROS NET DE TAXE\n"
    "CONTACT : 04 11 22 33 44\nMETHODES PEDAGOGIQUES : EXPOSES, CAS PRATIQUES\nMODALITES D'EVALUATION : QCM\n"
    "ACCESSIBILITE PSH : NOUS CONSULTER"
)
SHORT = "Excel perfectionnement. Objectifs : tableaux croisés dynamiques. Durée : 7 heures. Tarif : 350 € HT."


def _one(v9, scope, documents):
    return assessment_of(assess_indicators(v9, scope, documents), 1)


def test_complete_programmes_in_any_layout_are_covered(v9, af_scope):
    assessment = _one(
        v9, af_scope, [make_doc("a.pdf", "programme", COMPLETE), make_doc("b.pdf", "programme", COMPLETE_OCR)]
    )
    assert assessment.status == "covered", reason_fr(assessment.reasons)
    assert assessment.missing_by_document == {} and assessment.missing_elements == []
    # One excerpt per element, identical excerpts (short pages) cited once.
    assert 1 <= len(assessment.evidence) <= 10
    assert len({e.excerpt for e in assessment.evidence}) == len(assessment.evidence)


def test_missing_elements_are_listed_per_programme(v9, af_scope):
    assessment = _one(
        v9,
        af_scope,
        [make_doc("complet.pdf", "programme", COMPLETE), make_doc("court.pdf", "programme", SHORT)],
    )
    assert assessment.status == "partial"
    assert set(assessment.missing_by_document) == {"court.pdf"}
    assert assessment.missing_by_document["court.pdf"] == [
        "prerequisites", "access_modalities", "access_delay", "contacts", "methods", "assessment", "accessibility",
    ]
    assert assessment.missing_elements == assessment.missing_by_document["court.pdf"]
    assert "court.pdf" in reason_fr(assessment.reasons) and "absent de 1 programme(s) sur 2" in reason_fr(assessment.reasons)
    # Elements the short programme lacks are still evidenced from the complete one.
    assert any(e.path == "complet.pdf" and "Prérequis" in e.excerpt for e in assessment.evidence)


def test_missing_elements_are_the_union_over_programmes(v9, af_scope):
    no_price = COMPLETE.replace("Tarif : 1 350 € HT.", "")
    no_delay = COMPLETE.replace("Délai d'accès : 2 semaines.", "")
    assessment = _one(
        v9, af_scope, [make_doc("p1.pdf", "programme", no_price), make_doc("p2.pdf", "programme", no_delay)]
    )
    assert assessment.missing_by_document == {"p1.pdf": ["price"], "p2.pdf": ["access_delay"]}
    assert assessment.missing_elements == ["access_delay", "price"]


def test_prices_and_contacts_stated_once_in_the_terms_of_sale_count_for_every_offer(v9, af_scope):
    without = COMPLETE.replace("Tarif : 1 350 € HT.", "").replace("Contact : Mme Petit, 01 23 45 67 89.", "")
    cgv = make_doc("cgv.pdf", "terms_of_sale", "Nos tarifs sont indiqués HT. Pour toute question : contact@exemple.fr")
    assert _one(v9, af_scope, [make_doc("p.pdf", "programme", without), cgv]).status == "covered"
    assert _one(v9, af_scope, [make_doc("p.pdf", "programme", without)]).missing_elements == ["price", "contacts"]


def test_prerequisites_are_not_required_of_a_bilan_de_competences(v9):
    bilan = COMPLETE.replace("Gestion de projet agile. Prérequis : aucun.", "Bilan de compétences.")
    mixed = Scope(categories=["AF", "BC"])
    assert _one(v9, mixed, [make_doc("bilan.pdf", "programme", bilan)]).status == "covered"
    training = COMPLETE.replace("Prérequis : aucun.", "")
    assert _one(v9, mixed, [make_doc("p.pdf", "programme", training)]).missing_elements == ["prerequisites"]
    assert _one(v9, Scope(categories=["BC"]), [make_doc("p.pdf", "programme", training)]).status == "covered"


def test_certifying_offers_must_name_the_certification_code(v9):
    certifying = Scope(categories=["AF"], certifying=True)
    assessment = _one(v9, certifying, [make_doc("p.pdf", "programme", COMPLETE)])
    assert assessment.missing_elements == ["certification_details"]
    with_code = COMPLETE + " Certification RS 5080 délivrée par le certificateur X, enregistrée le 01/02/2024."
    assert _one(v9, certifying, [make_doc("p.pdf", "programme", with_code)]).status == "covered"


def test_without_any_programme_the_indicator_is_never_covered(v9, af_scope):
    booklet = make_doc("livret.pdf", "welcome_booklet", COMPLETE)
    assessment = _one(v9, af_scope, [booklet])
    assert assessment.status == "partial" and assessment.needs_review
    assert "Aucun programme" in reason_fr(assessment.reasons)


def test_an_unclassified_catalogue_page_is_read_as_an_offer(v9, af_scope):
    assessment = _one(v9, af_scope, [make_doc("catalogue.pdf", "unknown", COMPLETE)])
    assert assessment.status == "covered"
    invoice = make_doc("facture.pdf", "unknown", "Facture : fournitures, 45,20 € TTC.")
    assert _one(v9, af_scope, [invoice]).status == "missing"


def test_rnq_2026_asks_each_offer_for_recognition_funding_and_modalities(r2026, af_scope):
    assessment = _one(r2026, af_scope, [make_doc("p.pdf", "programme", COMPLETE)])
    assert assessment.missing_elements == ["recognition_type", "pedagogical_modalities", "funding"]
    enriched = COMPLETE + (
        " Formation en présentiel, non certifiante : une attestation de fin de formation est remise."
        " Financement : OPCO ou plan de développement des compétences, non éligible au CPF."
    )
    covered = _one(r2026, af_scope, [make_doc("p.pdf", "programme", enriched)])
    assert covered.status == "covered" and covered.needs_review  # guide V10 unpublished: the referential says so


def test_rnq_2026_access_modalities_are_a_point_to_check_not_a_gap(r2026, af_scope):
    enriched = COMPLETE.replace("Inscription via le formulaire en ligne.", "") + (
        " Formation en présentiel ; attestation de fin de formation ; financement OPCO."
    )
    assessment = _one(r2026, af_scope, [make_doc("p.pdf", "programme", enriched)])
    # A point to check is neither a gap nor a pass: partial, with the question in the reason.
    assert assessment.status == "partial" and assessment.needs_review
    assert assessment.missing_elements == [] and "modalités d'accès" in reason_fr(assessment.reasons).lower()
