"""Builders for the evidence-mapping tests: short documents written for the tests, never templates."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest

from indicator_mappers.referential import Referential, referential_by_id
from schemas.contract import DocumentRecord, FieldValue, Scope
from schemas.extraction import DossierDocument, PageText


def make_doc(
    path: str,
    doc_type: str,
    *pages: str,
    fields: dict[str, FieldValue] | None = None,
    tables: Sequence[Sequence[Sequence[str]]] = (),
) -> DossierDocument:
    """A readable document of `doc_type` whose pages hold `pages` (one string per page)."""
    texts = list(pages) or [""]
    sha = hashlib.sha256(("\f".join(texts) + path).encode()).hexdigest()
    page_models = [PageText(number=i + 1, text=text) for i, text in enumerate(texts)]
    if tables:
        page_models[0] = page_models[0].model_copy(update={"tables": [list(map(list, t)) for t in tables]})
    return DossierDocument(
        record=DocumentRecord(path=path, doc_type=doc_type, sha256=sha, pages=len(texts), fields=fields or {}),
        pages=page_models,
    )


def attendance_sheet() -> DossierDocument:
    """Two pages naming trainees and a phone number, two dates, a table of two signing rows."""
    return make_doc(
        "emargement.pdf",
        "attendance_sheet",
        "Feuille d'émargement du 03/03/2026. Jeanne Martin, Paul Durand. Tél. 06 11 22 33 44",
        "Suite le 04/03/2026. Jeanne Martin.",
        tables=[[["Stagiaire", "Matin", "Après-midi"], ["Jeanne Martin", "x", "x"], ["Paul Durand", "x", ""]]],
    )


def assessment_of(assessments, number: int):
    return next(a for a in assessments if a.number == number)


@pytest.fixture(scope="session")
def v9() -> Referential:
    return referential_by_id("rnq-v9")


@pytest.fixture(scope="session")
def r2026() -> Referential:
    return referential_by_id("rnq-2026")


@pytest.fixture
def af_scope() -> Scope:
    return Scope(categories=["AF"], source="manifest")


# A CFA + AF dossier, certifying, with work-study and subcontracting, written to meet every rnq-v9
# indicator and nothing rnq-2026 added (no calculation method, no violence procedure, no risk
# analysis, no learner evaluation of teaching, no quality clause in the subcontracting contract…).
V9_SCOPE = Scope(categories=["AF", "CFA"], certifying=True, alternance=True, subcontracting=True, source="manifest")


def v9_era_documents() -> list[DossierDocument]:
    return [
        make_doc(
            "offre/soudeur.pdf",
            "programme",
            "SOUDEUR ASSEMBLEUR INDUSTRIEL — Titre professionnel de niveau 3, RNCP37682, certificateur : ministère"
            " chargé de l'emploi, enregistré le 12/03/2023.\n"
            "Public et pré-requis : savoir lire et compter, aucun diplôme exigé.\n"
            "À l'issue du parcours, l'apprenant sera capable de préparer, assembler et souder des pièces en acier.\n"
            "Volume horaire : 420 heures en centre, 1 semaine sur 3.\n"
            "Inscription : dossier de candidature puis entretien de motivation.\n"
            "Entrée en formation possible sous 3 semaines après validation du dossier.\n"
            "Coût : 6 300 € net de taxe.\n"
            "Votre contact : service admissions, 04 78 00 11 22, admissions@forge-avenir.fr\n"
            "Méthodes : apports en salle, travaux pratiques sur plateau technique, mises en situation.\n"
            "Évaluation : épreuves pratiques notées, QCM sécurité, dossier professionnel.\n"
            "Accueil des personnes en situation de handicap : locaux de plain-pied, aménagements étudiés avec"
            " notre référente.",
            "Contenus : module 1 lecture de plans ; module 2 procédés MAG et TIG ; module 3 contrôle qualité.\n"
            "Le déroulé suit le référentiel de compétences du titre (tableau de correspondance en annexe).\n"
            "Résultats session 2025 : 87 % de réussite au titre. Validation possible par blocs de compétences."
            " Équivalences : aucune. Débouchés : soudeur en chaudronnerie, métallerie, maintenance.\n"
            "Test de positionnement à l'entrée : épreuve pratique et entretien.\n"
            "Inscription aux épreuves auprès du certificateur, session d'examen devant un jury de professionnels.\n"
            "Parcours individualisé selon le résultat du positionnement ; groupes de niveau en atelier.",
            fields={"title": "Soudeur assembleur industriel", "duration_hours": 420.0, "price_eur": 6300.0},
        ),
        make_doc(
            "offre/tableur.pdf",
            "programme",
            "Tableur : les bases. Prérequis : aucun. Objectifs : construire un tableau, écrire des formules simples.\n"
            "Durée : 14 h (2 jours). Modalités d'inscription : bulletin à retourner. Délai d'accès : 10 jours ouvrés.\n"
            "Tarif : 590 € HT. Contact : formation@forge-avenir.fr. Méthodes : exercices pratiques sur poste.\n"
            "Évaluation des acquis : quiz final. Accessibilité : salle accessible aux personnes à mobilité réduite.",
            fields={"title": "Tableur : les bases", "duration_hours": 14.0, "price_eur": 590.0},
        ),
        make_doc(
            "cgv.pdf",
            "terms_of_sale",
            "Conditions générales de vente. Les tarifs sont indiqués nets de taxe. Délai de rétractation de 10 jours"
            " pour les particuliers. Toute annulation doit être notifiée par écrit.",
        ),
        make_doc(
            "livret_accueil.pdf",
            "welcome_booklet",
            "Livret d'accueil. Horaires : 8 h 30 – 16 h 30. Plan d'accès et parking au dos. Restauration sur place.\n"
            "Vos interlocuteurs : référent pédagogique M. Perrin ; référente administrative Mme Lopez ; référente"
            " handicap Mme Diallo (handicap@forge-avenir.fr).\n"
            "Nos locaux : 3 salles de formation équipées de vidéoprojecteurs, un plateau technique de soudage.\n"
            "Équipe pédagogique : formateurs soudeurs confirmés, organigramme en page 4.\n"
            "Supports de cours remis à chaque apprenti ; plateforme e-learning pour les modules de sécurité, avec"
            " tutoriel de prise en main et assistance technique.\n"
            "Nos résultats 2025 : taux de satisfaction 94 %, taux d'abandon 6 %.",
            "Handicap : nous travaillons avec l'Agefiph, Cap emploi et la MDPH.\n"
            "Mobilité internationale : notre référent mobilité accompagne les départs Erasmus+.\n"
            "Conseil de perfectionnement réuni deux fois par an.\n"
            "Accompagnement social : aide au permis de conduire, aide au logement, activités sportives et"
            " culturelles, éducation à la citoyenneté.\n"
            "Insertion professionnelle : ateliers CV, job dating avec les entreprises partenaires.\n"
            "Droits et devoirs de l'apprenti : statut de salarié, rémunération, congés payés.\n"
            "Santé et sécurité : port des équipements de protection individuelle obligatoire en atelier.",
        ),
        make_doc(
            "reglement_interieur.pdf",
            "internal_rules",
            "Règlement intérieur. Hygiène et sécurité : consignes de sécurité affichées dans chaque atelier.\n"
            "Assiduité : en cas d'absence non justifiée, le référent pédagogique contacte l'apprenti et son employeur"
            " le jour même ; un entretien de remobilisation est proposé après deux absences.",
        ),
        make_doc(
            "contrat_apprentissage_annexe.pdf",
            "training_agreement",
            "Annexe pédagogique au contrat. Missions confiées à l'apprenti : premier trimestre pointage et préparation,"
            " deuxième trimestre soudage sous contrôle, fin de première année soudage en autonomie.\n"
            "Livret d'apprentissage tenu par le maître d'apprentissage ; visites en entreprise par le formateur"
            " deux fois par an ; entretien tripartite en fin de semestre.\n"
            "Analyse du besoin réalisée avec l'employeur lors de l'entretien préalable.\n"
            "Après le positionnement : durée du contrat réduite à 18 mois, contenus adaptés au niveau de l'apprenti.",
        ),
        make_doc(
            "sous_traitance_soudure_tig.pdf",
            "training_agreement",
            "Contrat de sous-traitance avec Atelier Martin. Le sous-traitant a été retenu à l'issue de notre grille de"
            " sélection des sous-traitants et signe la charte qualité des intervenants.",
        ),
        make_doc(
            "attestation_fin_formation.pdf",
            "completion_certificate",
            "Attestation de fin de formation. Objectifs atteints. Résultats de l'évaluation : compétences acquises.",
        ),
        make_doc(
            "emargement_mars.pdf",
            "attendance_sheet",
            "Feuille d'émargement du 03/03/2026 au 07/03/2026. Stagiaire : Jeanne Martin, matin, après-midi.",
        ),
        make_doc(
            "cv_formateur_perrin.pdf",
            "trainer_cv",
            "Curriculum vitae. Expérience professionnelle : 15 ans soudeur en chaudronnerie. Diplômes : BTS."
            " Formations suivies : 2025 formation de formateurs, habilitation électrique.",
        ),
        make_doc(
            "recrutement_formateurs.pdf",
            "unknown",
            "Profil requis des formateurs et critères de recrutement ; évaluation des formateurs chaque année.\n"
            "Coordination : réunion pédagogique mensuelle, planning des intervenants partagé.",
        ),
        make_doc(
            "veille.xlsx",
            "watch_log",
            "Tableau de veille. 02/2026, Centre Inffo, veille réglementaire sur le CPF : CGV mises à jour.\n"
            "03/2026, observatoire de branche, évolution des métiers de la soudure : module robotique ajouté au"
            " programme.\n04/2026, salon Learning Technologies, veille pédagogique sur la réalité virtuelle :"
            " simulateur de soudage testé, diffusé à l'équipe.",
        ),
        make_doc(
            "procedure_reclamations.pdf",
            "complaints_procedure",
            "Procédure de traitement des réclamations : réception écrite, accusé de réception sous 48 h, analyse,"
            " réponse.\nAléas : en cas d'absence du formateur, un formateur remplaçant est désigné.",
        ),
        make_doc(
            "plan_amelioration.xlsx",
            "improvement_plan",
            "Plan d'amélioration continue. Action : ajouter une pause en atelier. Origine : analyse des questionnaires"
            " de satisfaction. Responsable : direction. État : réalisé.\n"
            "Recueil annuel de l'avis des financeurs (OPCO) par questionnaire ; bilan formateur après chaque session ;"
            " enquête de satisfaction auprès des entreprises d'accueil.\n"
            "Réseau d'entreprises partenaires et comité de pilotage annuel avec la branche professionnelle.",
        ),
        make_doc(
            "test_positionnement.pdf",
            "positioning_test",
            "Test de positionnement : QCM d'entrée et entretien de positionnement.",
        ),
        make_doc(
            "enquete_satisfaction_2025.pdf",
            "satisfaction_survey",
            "Questionnaire de satisfaction à chaud. Paul Durand : très satisfait. Marie Curie : satisfaite.",
            fields={"respondents": 42, "satisfaction_rate": 0.91},
        ),
    ]


# What rnq-2026 adds that the dossier above does not hold: the only gaps it may show in 2026.
V9_DOSSIER_NEW_GAPS_2026 = {
    1: {"recognition_type", "pedagogical_modalities", "funding"},
    2: {"calculation_method"},
    3: {"further_studies"},
    7: {"certification_capacity"},
    12: {"violence_prevention"},
    14: {"breakdown_procedure"},
    15: {"violence_reporting_info", "apprenticeship_mediator", "labour_inspectorate"},
    19: {"remote_follow_up"},
    20: {"governance_participation"},
    27: {"subcontracting_clauses"},
    32: {"risk_analysis"},
    # The V9 improvement plan is general quality work: without the learners' evaluation of teaching, nothing of 33.
    33: {"learner_evaluation", "results_shared", "improvement_approach", "effectiveness_measurement"},
}
