"""Per indicator: a short dossier that proves it (in its own words) and one that only looks related."""

from __future__ import annotations

import pytest

from indicator_mappers.mappers import assess_indicators
from indicator_mappers.referential import referential_by_id
from reports.reasons import reason_fr
from tests.indicator_mappers.conftest import V9_SCOPE, assessment_of, make_doc

D = make_doc

# number, version, documents that prove the indicator, documents that do not
CASES = [
    (2, "rnq-v9",
     [D("site.pdf", "unknown", "NOS CHIFFRES CLÉS 2025 — 96 % des participants se déclarent satisfaits ; taux d'interruption : 3 %.")],
     [D("prog.pdf", "programme", "Management : objectifs, programme, tarifs sur demande.")]),
    (3, "rnq-v9",
     [D("titre.pdf", "programme", "Taux d'obtention du titre en 2025 : 78 % des candidats présentés. Le titre se prépare bloc"
        " par bloc (blocs de compétences capitalisables). Passerelles vers le BTS. Débouchés : technicien de maintenance.")],
     [D("titre.pdf", "programme", "Formation qualifiante, attestation remise en fin de stage.")]),
    (4, "rnq-v9",
     [D("diag.pdf", "positioning_test", "Avant toute inscription, nous analysons vos besoins avec votre employeur lors"
        " d'un échange téléphonique.")],
     [D("quest.pdf", "satisfaction_survey", "La formation a-t-elle répondu à vos attentes ?")]),
    (5, "rnq-v9",
     [D("prog.pdf", "programme", "Au terme de la session, chaque participant sera capable de rédiger un compte rendu.")],
     [D("livret.pdf", "welcome_booklet", "Bienvenue ! Le parking est gratuit.")]),
    (6, "rnq-v9",
     [D("prog.pdf", "programme", "Contenu détaillé. Séquence 1 : les bases ; séquence 2 : cas concrets. Formation"
        " dispensée en présentiel, planning remis à l'inscription.")],
     [D("cgv.pdf", "terms_of_sale", "Conditions générales de vente : toute commande vaut acceptation.")]),
    (7, "rnq-v9",
     [D("prog.pdf", "programme", "Les modules couvrent l'intégralité du référentiel de certification du titre RNCP 35912.")],
     [D("prog.pdf", "programme", "Formation courte non certifiante.")]),
    (8, "rnq-v9",
     [D("entree.pdf", "positioning_test", "Un quiz d'entrée permet de situer votre niveau de départ.")],
     [D("prog.pdf", "programme", "Évaluation finale par quiz.")]),
    (9, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Les sessions ont lieu de 9h à 17h ; les HORAIRES et le PLAN D'ACCÈS figurent"
        " sur la convocation. Votre référente pédagogique : Mme Roux.")],
     [D("cv.pdf", "trainer_cv", "Horaires souples, plan d'accès, référente pédagogique pendant 5 ans.")]),
    # Indicator 10 asks for adaptation and follow-up carried out: a programme promising them only announces them.
    (10, "rnq-v9",
     [D("convention.pdf", "training_agreement", "Au vu du test d'entrée, nous avons ajusté le rythme et les exercices"
        " au niveau de chaque participant."),
      D("presence.pdf", "attendance_sheet", "Relevé de présence signé par demi-journée.")],
     [D("prog.pdf", "programme", "Formation en groupe de 12 personnes.")]),
    (11, "rnq-v9",
     [D("prog.pdf", "programme", "Évaluation des acquis par mise en situation notée en fin de module."),
      D("attestation.pdf", "completion_certificate", "Attestation de fin de formation : objectifs atteints.")],
     [D("quest.pdf", "satisfaction_survey", "Questionnaire à chaud : êtes-vous satisfait de l'évaluation finale ?")]),
    (12, "rnq-v9",
     [D("ri.pdf", "internal_rules", "Toute absence donne lieu à un appel le jour même ; en cas de décrochage, un"
        " entretien de remobilisation est organisé.")],
     [D("ri.pdf", "internal_rules", "Les stagiaires respectent les horaires.")]),
    (12, "rnq-2026",
     [D("ri.pdf", "internal_rules", "Toute absence donne lieu à un appel le jour même ; en cas de décrochage, un"
        " entretien de remobilisation est organisé. Procédure de signalement : toute situation de harcèlement ou de"
        " discrimination est traitée par la référente égalité.")],
     [D("ri.pdf", "internal_rules", "Toute absence donne lieu à un appel le jour même ; en cas de décrochage, un"
        " entretien de remobilisation est organisé. Les agissements de harcèlement sont passibles de sanctions"
        " disciplinaires.")]),
    (13, "rnq-v9",
     [D("contrat.pdf", "training_agreement", "Le tuteur en entreprise et le formateur planifient ensemble les missions"
        " confiées à l'alternant ; un livret de liaison circule entre le centre et l'entreprise.")],
     [D("convention.pdf", "training_agreement", "Convention de formation inter-entreprises, 2 jours.")]),
    (14, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Notre assistante sociale reçoit les apprentis ; aides financières pour le"
        " logement et le permis de conduire.")],
     [D("livret.pdf", "welcome_booklet", "Le CFA dispose d'une cafétéria.")]),
    (15, "rnq-v9",
     [D("ri.pdf", "internal_rules", "L'apprenti est un salarié : il a les mêmes droits et obligations que les autres"
        " salariés. Règles d'hygiène et de sécurité en atelier.")],
     [D("ri.pdf", "internal_rules", "Les téléphones sont interdits en cours.")]),
    (16, "rnq-v9",
     [D("prog.pdf", "programme", "Nous inscrivons les candidats à la session d'examen organisée par le certificateur ;"
        " le jury délivre le titre.")],
     [D("prog.pdf", "programme", "Attestation de présence remise.")]),
    (17, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Nos salles sont équipées d'ordinateurs et d'un vidéoprojecteur. Les formateurs"
        " sont des professionnels du secteur.")],
     [D("veille.pdf", "watch_log", "Veille réglementaire : nouveau décret sur le CPF.")]),
    (18, "rnq-v9",
     [D("orga.pdf", "unknown", "Organigramme : direction, pôle pédagogique, pôle administratif. Une réunion d'équipe"
        " hebdomadaire coordonne les intervenants.")],
     [D("prog.pdf", "programme", "Les intervenants sont des experts.")]),
    (19, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Chaque stagiaire reçoit un support pédagogique ; une assistance technique est"
        " joignable pour accéder à l'extranet.")],
     [D("prog.pdf", "programme", "Formation en salle.")]),
    (20, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Référente handicap : Mme Blanc. Notre chargée de mobilité accompagne les projets"
        " Erasmus+. Le conseil de perfectionnement se réunit chaque année.")],
     [D("livret.pdf", "welcome_booklet", "Le CFA accueille 200 apprentis.")]),
    (21, "rnq-v9",
     [D("cv.pdf", "trainer_cv", "CV — 10 ans d'expérience professionnelle en comptabilité, diplôme d'expertise comptable."),
      D("recrutement.pdf", "unknown", "Critères de sélection des formateurs : 5 ans d'expérience au minimum.")],
     [D("livret.pdf", "welcome_booklet", "Nos formateurs sont passionnés.")]),
    (22, "rnq-v9",
     [D("cv.pdf", "trainer_cv", "Formations suivies : 2025 — analyse de pratiques ; 2024 — formation de formateurs.")],
     [D("cv.pdf", "trainer_cv", "Expérience : 10 ans.")]),
    (23, "rnq-v9",
     [D("veille.pdf", "watch_log", "Veille juridique (Légifrance, 03/2026) : nouveau décret CPF ; impact : conditions"
        " générales mises à jour.")],
     [D("livret.pdf", "welcome_booklet", "Conformément au décret du 6 juin 2019, nous sommes certifiés.")]),
    (24, "rnq-v9",
     [D("veille.pdf", "watch_log", "Veille sectorielle : observatoire de la branche transport, évolution des métiers de"
        " la logistique ; nous avons modifié le programme cariste.")],
     [D("veille.pdf", "watch_log", "Veille réglementaire : décret du 1er août 2026.")]),
    (25, "rnq-v9",
     [D("veille.pdf", "watch_log", "Veille technologique : test d'un outil de réalité virtuelle ; diffusion à l'équipe"
        " le 12/04.")],
     [D("veille.pdf", "watch_log", "Veille juridique sur la TVA.")]),
    (26, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Nous orientons si besoin vers Cap Emploi ou la MDPH de la Loire.")],
     [D("livret.pdf", "welcome_booklet", "Locaux de plain-pied.")]),
    (27, "rnq-v9",
     [D("st.pdf", "training_agreement", "Contrat de sous-traitance : le sous-traitant respecte les exigences du"
        " référentiel qualité.")],
     [D("location.pdf", "training_agreement", "Contrat de location de salle.")]),
    (27, "rnq-2026",
     [D("st.pdf", "training_agreement", "Contrat de sous-traitance, article 6 : le sous-traitant s'engage à respecter"
        " le référentiel national qualité et accepte nos contrôles.")],
     [D("st.pdf", "training_agreement", "Contrat de sous-traitance : le sous-traitant respecte les exigences de qualité"
        " de notre charte.")]),
    (28, "rnq-v9",
     [D("reseau.pdf", "unknown", "Partenariat avec 40 entreprises du territoire pour l'accueil des stagiaires en période"
        " d'application.")],
     [D("prog.pdf", "programme", "Stage en entreprise de 2 semaines.")]),
    (29, "rnq-v9",
     [D("livret.pdf", "welcome_booklet", "Atelier CV et préparation aux entretiens d'embauche ; diffusion des offres"
        " d'emploi des entreprises partenaires.")],
     [D("prog.pdf", "programme", "Cours de soudure.")]),
    (30, "rnq-v9",
     [D("enquete.pdf", "satisfaction_survey", "Enquête de satisfaction à froid, 3 mois après la session.",
        fields={"respondents": 25, "satisfaction_rate": 0.88}),
      D("retours.pdf", "improvement_plan", "Bilan du formateur recueilli après chaque session ; questionnaire annuel"
        " adressé aux financeurs (OPCO) ; avis des entreprises clientes recueilli par questionnaire.")],
     [D("attestation.pdf", "completion_certificate", "Évaluation des acquis : objectifs atteints.")]),
    (31, "rnq-v9",
     [D("proc.pdf", "complaints_procedure", "Toute plainte écrite reçoit une réponse sous 10 jours. Incidents (salle"
        " indisponible, formateur malade) : solution de repli.")],
     [D("cgv.pdf", "terms_of_sale", "Conditions d'annulation : 30 % dus si moins de 10 jours.")]),
    (32, "rnq-v9",
     [D("plan.xlsx", "improvement_plan", "Action corrective n°4 — origine : réclamation d'un stagiaire — salle changée"
        " — soldée.")],
     [D("plan.xlsx", "improvement_plan", "Plan de formation des salariés 2026.")]),
    (32, "rnq-2026",
     [D("plan.xlsx", "improvement_plan", "Action corrective n°4 — origine : réclamation d'un stagiaire — salle changée."
        " Cartographie des risques qualité : probabilité, impact, mesures préventives, revue semestrielle.")],
     [D("plan.xlsx", "improvement_plan", "Action corrective n°4 — origine : réclamation d'un stagiaire — salle changée.")]),
    (33, "rnq-2026",
     [D("eval.pdf", "unknown", "Chaque semestre, les apprentis évaluent chaque module et son enseignant via un"
        " questionnaire dédié ; les résultats sont présentés en réunion à l'équipe pédagogique ; un plan d'amélioration"
        " en découle et son efficacité est mesurée chaque année.")],
     [D("quest.pdf", "satisfaction_survey", "Questionnaire de satisfaction : évaluation des modules par les apprentis ;"
        " résultats présentés à l'équipe pédagogique ; plan d'amélioration ; efficacité mesurée chaque année.")]),
]


def _assess(version: str, number: int, documents):
    return assessment_of(assess_indicators(referential_by_id(version), V9_SCOPE, documents), number)


@pytest.mark.parametrize(("number", "version", "positive", "negative"), CASES, ids=[f"{c[1]}-{c[0]}" for c in CASES])
def test_indicator_positive_and_negative(number, version, positive, negative):
    proved = _assess(version, number, positive)
    assert proved.status == "covered", reason_fr(proved.reasons)
    assert proved.evidence and not proved.missing_elements

    unproved = _assess(version, number, negative)
    assert unproved.status != "covered", reason_fr(unproved.reasons)
    assert unproved.missing_elements
    if unproved.status == "missing":
        assert not unproved.evidence


def test_learner_evaluation_inside_a_satisfaction_survey_is_named_as_such(r2026):
    (_, _, _, survey) = next(c for c in CASES if c[0] == 33)
    assessment = assessment_of(assess_indicators(r2026, V9_SCOPE, survey), 33)
    assert "learner_evaluation" in assessment.missing_elements
    assert "distinct du recueil général de satisfaction" in reason_fr(assessment.reasons)


def test_adaptation_and_follow_up_only_promised_by_a_programme_are_cited_but_partial(v9):
    promise = D("prog.pdf", "programme", "Le rythme et les exercices sont ajustés au niveau de chacun ; un point d'étape"
                " individuel a lieu à mi-parcours.")
    assessment = assessment_of(assess_indicators(v9, V9_SCOPE, [promise]), 10)
    assert assessment.status == "partial"
    assert set(assessment.missing_elements) == {"individual_adaptation", "follow_up"}
    assert "seulement annoncés" in reason_fr(assessment.reasons) and assessment.evidence[0].path == "prog.pdf"
