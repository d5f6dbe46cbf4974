"""A small referential and a realistic gap report (admissible with reservations) for the report tests.

The referential is built here, not loaded from `indicator_mappers/data`, so these tests pin the
renderers' behaviour whatever the data files hold; `test_report_referentials.py` covers the real ones.
"""

from __future__ import annotations

from datetime import date

from indicator_mappers.referential import Applicability, Criterion, Indicator, Referential
from schemas import (
    Admissibility,
    AdmissibilityCheck,
    AuditEstimate,
    DocumentRecord,
    Evidence,
    GapReport,
    IndicatorAssessment,
    Organization,
    ReferentialRef,
    Scope,
)

ALL = Applicability(status="all")
CFA_ONLY = {
    "AF": Applicability(status="none"),
    "BC": Applicability(status="none"),
    "VAE": Applicability(status="none"),
    "CFA": ALL,
}
EVERY_CATEGORY = {"AF": ALL, "BC": ALL, "VAE": ALL, "CFA": ALL}

CRITERIA = {
    1: "Les conditions d'information du public sur les prestations proposées, les délais pour y accéder et les "
    "résultats obtenus",
    2: "L'identification précise des objectifs des prestations proposées et l'adaptation de ces prestations aux "
    "publics bénéficiaires, lors de la conception des prestations",
    3: "L'adaptation aux publics bénéficiaires des prestations et des modalités d'accueil, d'accompagnement, de "
    "suivi et d'évaluation mises en œuvre",
    4: "L'adéquation des moyens pédagogiques, techniques et d'encadrement aux prestations mises en œuvre",
    5: "La qualification et le développement des connaissances et compétences des personnels chargés de mettre en "
    "œuvre les prestations",
    6: "L'inscription et l'investissement du prestataire dans son environnement professionnel",
    7: "Le recueil et la prise en compte des appréciations et des réclamations formulées par les parties prenantes "
    "aux prestations délivrées",
}

# number -> (criterion, wording, expected level, evidence examples, review notes)
INDICATORS: dict[int, tuple[int, str, str, list[str], list[str]]] = {
    1: (
        1,
        "Le prestataire diffuse une information accessible au public, détaillée et vérifiable sur les prestations "
        "proposées : prérequis, objectifs, durée, modalités et délais d'accès, tarifs, contacts, méthodes mobilisées "
        "et modalités d'évaluation, accessibilité aux personnes handicapées.",
        "Chaque offre est décrite publiquement, de façon exacte et complète, avant la signature du contrat.",
        ["Programme ou catalogue détaillé", "Page du site internet", "Conditions générales de vente"],
        [],
    ),
    2: (
        1,
        "Le prestataire diffuse des indicateurs de résultats adaptés à la nature des prestations mises en œuvre "
        "et des publics accueillis, ainsi que leur méthode de calcul.",
        "Des indicateurs de résultats publiés, datés, avec leur méthode de calcul.",
        ["Taux de satisfaction publié sur le site", "Note de méthode de calcul"],
        ["Le guide de lecture V10 n'est pas publié : niveau attendu repris de la V9."],
    ),
    4: (
        2,
        "Le prestataire analyse le besoin du bénéficiaire en lien avec l'entreprise et/ou le financeur concerné(s).",
        "Le besoin de chaque bénéficiaire est analysé et tracé.",
        ["Questionnaire d'analyse du besoin", "Compte rendu d'entretien"],
        [],
    ),
    9: (
        3,
        "Le prestataire informe les publics bénéficiaires des conditions de déroulement de la prestation.",
        "Les bénéficiaires reçoivent les informations utiles au déroulement de la prestation.",
        ["Livret d'accueil", "Règlement intérieur", "Convocation"],
        [],
    ),
    12: (
        3,
        "Le prestataire décrit et met en œuvre les mesures pour favoriser l'engagement des bénéficiaires et "
        "prévenir les ruptures de parcours, ainsi que les violences, le harcèlement et les discriminations.",
        "Des mesures formalisées et mises en œuvre, dont une procédure contre les violences.",
        ["Procédure de prévention des abandons", "Procédure de signalement des violences"],
        [],
    ),
    17: (
        4,
        "Le prestataire met à disposition ou s'assure de la mise à disposition des moyens humains et techniques "
        "adaptés et d'un environnement approprié.",
        "Locaux, équipements et intervenants adaptés aux prestations.",
        ["Liste des moyens", "Plan des locaux", "CV des intervenants"],
        [],
    ),
    19: (
        4,
        "Le prestataire met à disposition du bénéficiaire des ressources pédagogiques et permet à celui-ci de "
        "se les approprier.",
        "Des ressources pédagogiques accessibles et leur appropriation tracée.",
        ["Plateforme de ressources", "Traces de connexion aux modules à distance"],
        ["Seuil du référent pédagogique fixé par un arrêté non publié : ne pas conclure à un écart."],
    ),
    21: (
        5,
        "Le prestataire détermine, mobilise et évalue les compétences des différents intervenants internes "
        "et/ou externes, adaptées aux prestations.",
        "Les compétences de chaque intervenant sont identifiées et évaluées.",
        ["CV à jour", "Grille d'évaluation des intervenants"],
        [],
    ),
    23: (
        6,
        "Le prestataire réalise une veille légale et réglementaire sur le champ de la formation professionnelle "
        "et en exploite les enseignements.",
        "Une veille organisée et exploitée.",
        ["Registre de veille", "Abonnements", "Comptes rendus"],
        [],
    ),
    27: (
        6,
        "Lorsque le prestataire fait appel à la sous-traitance ou au portage salarial, il s'assure du respect "
        "de la conformité au présent référentiel.",
        "Les sous-traitants respectent le référentiel.",
        ["Contrat de sous-traitance", "Charte qualité"],
        [],
    ),
    30: (
        7,
        "Le prestataire recueille les appréciations des parties prenantes : bénéficiaires, financeurs, "
        "équipes pédagogiques et entreprises concernées.",
        "Les appréciations de toutes les parties prenantes sont recueillies.",
        ["Questionnaires de satisfaction à chaud et à froid", "Synthèse des résultats"],
        [],
    ),
    31: (
        7,
        "Le prestataire met en œuvre des modalités de traitement des difficultés rencontrées par les parties "
        "prenantes, des réclamations exprimées par ces dernières, des aléas survenus en cours de prestation.",
        "Une procédure de réclamations connue et appliquée.",
        ["Procédure de réclamations", "Registre des réclamations"],
        [],
    ),
    32: (
        7,
        "Le prestataire met en œuvre des mesures d'amélioration à partir de l'analyse des appréciations et des "
        "réclamations, et d'une analyse des risques sur la qualité des formations.",
        "Des actions d'amélioration tracées.",
        ["Plan d'amélioration continue", "Analyse des risques"],
        [],
    ),
    33: (
        7,
        "Le prestataire recueille l'évaluation par les apprentis des contenus et de la pédagogie.",
        "Une évaluation distincte de l'enquête de satisfaction.",
        ["Questionnaire d'évaluation des enseignements"],
        [],
    ),
}


def build_referential(referential_id: str = "rnq-test") -> Referential:
    return Referential(
        id=referential_id,
        name_fr="Référentiel national qualité (jeu d'essai)",
        effective_from=date(2026, 11, 1),
        criteria=[Criterion(number=n, title_fr=t) for n, t in CRITERIA.items()],
        indicators=[
            Indicator(
                number=number,
                criterion=criterion,
                wording_fr=wording,
                applicability=CFA_ONLY if number == 33 else EVERY_CATEGORY,
                expected_level_fr=expected,
                evidence_examples_fr=examples,
                review_notes_fr=notes,
            )
            for number, (criterion, wording, expected, examples, notes) in INDICATORS.items()
        ],
    )


def _ind(number: int, status: str, reason: str, **extra) -> IndicatorAssessment:
    return IndicatorAssessment(number=number, criterion=INDICATORS[number][0], status=status, reason=reason, **extra)


def build_report(referential_id: str = "rnq-test") -> GapReport:
    documents = [
        DocumentRecord(
            path="administratif/bpf_2025.pdf",
            doc_type="bpf",
            pages=2,
            sha256="a" * 64,
            fields={
                "fiscal_year": 2025,
                "total_revenue_eur": 182340.0,
                "trainees_total": 214,
                "training_hours_total": 3120.0,
            },
        ),
        DocumentRecord(
            path="administratif/recepisse_nda.pdf",
            doc_type="nda_receipt",
            pages=1,
            sha256="b" * 64,
            fields={
                "nda_number": "84691234569",
                "siren": "904123783",
                "organization_name": "FORMATIONS RHÔNE CONSEIL",
                "declaration_date": "2019-03-14",
            },
        ),
        DocumentRecord(
            path="offre/programme_excel.pdf",
            doc_type="programme",
            pages=3,
            sha256="c" * 64,
            fields={"title": "Excel perfectionnement", "duration_hours": 14.0, "price_eur": 890.0},
        ),
        DocumentRecord(
            path="offre/programme_management.docx",
            doc_type="programme",
            pages=2,
            sha256="d" * 64,
            fields={"title": "Manager une équipe", "duration_hours": 21.0},
        ),
        DocumentRecord(
            path="qualite/enquete_satisfaction_2025.pdf",
            doc_type="satisfaction_survey",
            pages=4,
            ocr=True,
            ocr_confidence=87.4,
            sha256="e" * 64,
            fields={"respondents": 182, "satisfaction_rate": 0.925},
        ),
        DocumentRecord(path="qualite/livret_accueil.pdf", doc_type="welcome_booklet", pages=12, sha256="f" * 64),
        DocumentRecord(path="rh/cv_formateur_dupont.pdf", doc_type="trainer_cv", pages=2, sha256="1" * 64),
        DocumentRecord(
            path="scans/emargement_mars.pdf",
            doc_type="unknown",
            status="error",
            pages=0,
            sha256="2" * 64,
            error="Document protégé par un mot de passe : impossible de le lire.",
        ),
    ]
    checks = [
        AdmissibilityCheck(
            id="nda_receipt_present",
            status="pass",
            message="Récépissé de déclaration d'activité trouvé (administratif/recepisse_nda.pdf).",
        ),
        AdmissibilityCheck(id="nda_valid", status="pass", message="NDA 84691234569 : format valide (11 chiffres)."),
        AdmissibilityCheck(id="siren_valid", status="pass", message="SIREN 904123783 : clé de contrôle valide."),
        AdmissibilityCheck(
            id="identity_consistent",
            status="warning",
            message="La dénomination du BPF (« FORMATIONS RHONE CONSEIL SAS ») diffère de celle du "
            "récépissé : vérifier qu'il s'agit du même organisme.",
        ),
        AdmissibilityCheck(id="bpf_present", status="pass", message="BPF de l'exercice 2025 fourni."),
        AdmissibilityCheck(
            id="completed_service", status="pass", message="214 stagiaires formés en 2025 d'après le BPF."
        ),
        AdmissibilityCheck(
            id="documents_readable", status="warning", message="1 document illisible sur 8 : scans/emargement_mars.pdf."
        ),
    ]
    indicators = [
        _ind(
            1,
            "partial",
            "Un programme sur deux ne précise pas tous les éléments d'information attendus.",
            evidence=[
                Evidence(
                    path="offre/programme_excel.pdf",
                    page=1,
                    excerpt="Prérequis : maîtriser les fonctions de base d'Excel. Durée : 14 heures. "
                    "Contact : jeanne.martin@rhone-conseil.fr - 06 12 34 56 78",
                )
            ],
            missing_elements=["access_delay", "accessibility"],
            missing_by_document={
                "offre/programme_management.docx": ["access_delay", "accessibility", "price"],
                "offre/programme_excel.pdf": ["accessibility"],
            },
        ),
        _ind(
            2,
            "missing",
            "Aucun indicateur de résultats ni méthode de calcul trouvés.",
            missing_elements=["result_indicators", "calculation_method"],
            needs_review=True,
        ),
        _ind(
            4,
            "covered",
            "Analyse du besoin prévue dans le programme.",
            evidence=[
                Evidence(
                    path="offre/programme_excel.pdf",
                    page=2,
                    excerpt="Un entretien préalable permet d'analyser le besoin du stagiaire.",
                )
            ],
        ),
        _ind(
            9,
            "covered",
            "Le livret d'accueil décrit le déroulement de la formation.",
            evidence=[
                Evidence(
                    path="qualite/livret_accueil.pdf",
                    page=3,
                    excerpt="Horaires : 9h00 - 12h30 / 13h30 - 17h00. Accès : tram T1.",
                ),
                Evidence(
                    path="qualite/livret_accueil.pdf", page=5, excerpt="Règlement intérieur remis à chaque stagiaire."
                ),
            ],
        ),
        _ind(
            12,
            "missing",
            "Aucune procédure de prévention des violences ni des abandons.",
            missing_elements=["violence_prevention", "dropout_prevention"],
        ),
        _ind(
            17,
            "covered",
            "Moyens décrits dans le livret d'accueil.",
            evidence=[
                Evidence(
                    path="qualite/livret_accueil.pdf",
                    page=7,
                    excerpt="Salle de 12 places équipée d'un vidéoprojecteur et de postes informatiques.",
                )
            ],
        ),
        _ind(
            19,
            "partial",
            "Ressources décrites, mais aucune trace de suivi des modules à distance.",
            evidence=[Evidence(path="offre/programme_excel.pdf", page=2, excerpt="Support de cours remis.")],
            missing_elements=["remote_follow_up"],
            needs_review=True,
        ),
        _ind(
            21,
            "covered",
            "CV d'intervenant fourni.",
            evidence=[
                Evidence(
                    path="rh/cv_formateur_dupont.pdf",
                    page=1,
                    excerpt="Formateur bureautique depuis 2012, certifié TOSA.",
                )
            ],
        ),
        _ind(23, "missing", "Aucun registre de veille légale.", missing_elements=["legal_watch"]),
        _ind(27, "not_applicable", "L'organisme ne déclare ni sous-traitance ni portage salarial."),
        _ind(
            30,
            "covered",
            "Enquête de satisfaction 2025 : 182 répondants.",
            evidence=[
                Evidence(
                    path="qualite/enquete_satisfaction_2025.pdf",
                    page=1,
                    excerpt="Taux de satisfaction global : 92,5 % (182 répondants).",
                )
            ],
        ),
        _ind(
            31,
            "partial",
            "Les réclamations sont évoquées sans procédure décrite.",
            evidence=[
                Evidence(
                    path="qualite/livret_accueil.pdf",
                    page=11,
                    excerpt="Pour toute réclamation, écrire à qualite@rhone-conseil.fr.",
                )
            ],
            missing_elements=["complaints_procedure"],
        ),
        _ind(
            32,
            "missing",
            "Aucun plan d'amélioration ni analyse des risques.",
            missing_elements=["improvement_actions", "risk_analysis"],
        ),
        _ind(33, "not_applicable", "Indicateur propre aux CFA : hors du périmètre (AF)."),
    ]
    return GapReport(
        dossier_id="D-2026-0042",
        organization=Organization(name="Formations Rhône Conseil", siren="904123783", nda="84691234569"),
        referential=ReferentialRef(
            id=referential_id, effective_from=date(2026, 11, 1), indicator_count=len(INDICATORS)
        ),
        scope=Scope(
            categories=["AF"],
            source="inferred",
            reasons=[
                "Catégorie AF déduite du BPF (ligne F-3 d : autres formations professionnelles).",
                "Aucune certification RNCP/RS ni contrat d'apprentissage trouvés dans les pièces.",
            ],
        ),
        documents=documents,
        admissibility=Admissibility(admissible=True, checks=checks),
        indicators=indicators,
        audit=AuditEstimate(revenue_band="150k-750k", initial_audit_days=1.5, revenue_source="bpf"),
        pipeline_version="0.1.0",
        generated_at="2026-11-23T09:41:07+00:00",
        processing_seconds=12.345,
    )
