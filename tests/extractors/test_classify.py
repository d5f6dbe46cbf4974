"""The scorer itself: title weight, overlaps between types, file-name tie-break, unknown, reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.classify import (
    RULES_PATH,
    Classification,
    ClassificationRulesError,
    classify,
    default_rules,
    load_rules,
)
from schemas.contract import DOC_TYPES
from schemas.extraction import PageText


def pages(*texts: str) -> list[PageText]:
    return [PageText(number=index, text=text) for index, text in enumerate(texts, start=1)]


def test_rules_cover_every_doc_type_but_unknown():
    assert set(default_rules().types) == set(DOC_TYPES) - {"unknown"}


def test_programme_that_cites_satisfaction_certificate_and_attendance_stays_a_programme():
    text = (
        "Programme de formation\nPrise en main de Word\n"
        "Public visé : tout public\nPrérequis : aucun\n"
        "Objectifs pédagogiques : mettre en forme un document\n"
        "Suivi : feuille d'émargement signée par demi-journée\n"
        "Évaluation : test de positionnement, questionnaire de satisfaction à chaud\n"
        "Sanction : attestation de fin de formation, certificat de réalisation\n"
        "Indicateurs : taux de satisfaction 97 %"
    )
    assert classify(pages(text), "x.pdf").doc_type == "programme"


def test_welcome_booklet_that_embeds_internal_rules_and_complaints_stays_a_booklet():
    text = (
        "Livret d'accueil\nBienvenue !\nVotre référent handicap : M. Roy\n"
        "Annexe 1 – Règlement intérieur. Article 1 : hygiène et sécurité. Article 2 : discipline. "
        "Article 3 : sanctions, avertissement, exclusion. Procédure disciplinaire.\n"
        "Annexe 2 – Réclamations : adressez votre réclamation par écrit, accusé de réception sous 48 h."
    )
    assert classify(pages(text), "x.pdf").doc_type == "welcome_booklet"


def test_internal_rules_speaking_of_sanctions_is_not_anything_else():
    text = "Règlement intérieur\nArticle 4 – Sanctions : avertissement, exclusion définitive."
    assert classify(pages(text), "x.pdf").doc_type == "internal_rules"


def test_a_work_study_contract_is_a_training_agreement():
    # Its apprentice's last diploma and the mentor's qualifications must not make it a CV.
    text = (
        "cerfa N° 10103*12 — CONTRAT D'APPRENTISSAGE — Code du travail, art. L. 6221-1 et suivants\n"
        "L'EMPLOYEUR : Garage Delmas SARL\nL'APPRENTI(E) : Enzo Delmas, né le 03/02/2008\n"
        "Dernier diplôme préparé : CAP Maintenance des véhicules\n"
        "LE MAÎTRE D'APPRENTISSAGE : M. Paul Delmas, 12 ans d'expérience, titulaire du BP\n"
        "LA FORMATION : CFA Les Rouages, titre professionnel Technicien après-vente automobile"
    )
    assert classify(pages(text), "Contrat apprentissage DELMAS Enzo.pdf").doc_type == "training_agreement"


@pytest.mark.parametrize(
    "text",
    [
        # an invoice and a quote state their own payment terms: a sale, not the terms of sale
        "FACTURE N° 2026-014\nConditions de règlement : 30 jours fin de mois. Pénalités de retard : 3 fois le"
        " taux d'intérêt légal. Indemnité forfaitaire de recouvrement : 40 €.\nNet à payer : 1 200,00 €",
        "Devis n° D-2026-07\nConditions générales : acompte de 30 % à la commande, solde à réception de"
        " facture. Annulation moins de 10 jours avant : 50 % dû.\nBon pour accord, date et signature",
        # a document naming the BPF once in its body is not the BPF
        "Mandat de représentation\n"
        + "Entre Northbridge Learning Ltd et Conseil Formation Rhône.\n" * 8
        + "Le représentant dépose chaque année le bilan pédagogique et financier de l'organisme.",
        # attestations about the organisation itself: its accountant's, its social security's
        "Attestation du montant des produits de formation\nJe soussigné, Paul Roux, expert-comptable inscrit au"
        " tableau de l'Ordre, atteste que les produits réalisés au titre de la formation professionnelle"
        " s'établissent comme suit :\nEntreprises 48.200,00 €\nTotal 61.950,00 €\nFait à Nîmes, le 12/11/2026",
        "Attestation de vigilance\nDélivrée le 02/11/2026\nL'Urssaf atteste que l'entreprise FORMA SUD est à jour"
        " de ses obligations sociales et de paiement au 31/10/2026.\nEffectif déclaré 12 salariés",
        # the minutes of a conseil de perfectionnement cite the surveys; they are minutes
        "Compte rendu du conseil de perfectionnement\nSéance du 12 juin 2026\nOrdre du jour\n"
        "• Résultats des enquêtes de satisfaction apprentis et entreprises\n"
        "Satisfaction des apprentis : 91 % ; des entreprises : 88 %.\nProchaine séance : décembre 2026.",
        # minutes whose list of attendees wraps onto a line opening with « formateurs »
        "Procès-verbal de la réunion du comité pédagogique\nSéance du 14 novembre 2026\n"
        "Présents : la directrice, représentants des employeurs (3), représentants des apprentis (2),\n"
        "formateurs (4).\nOrdre du jour : bilan de l'année 2025-2026 ; résultats aux examens ; enquête de satisfaction.",
        # a course workbook named « livret stagiaire »: numbered exercises to complete during the course
        "Livret stagiaire – SST\nDocument remis à chaque participant – à compléter pendant la formation\n"
        "Nom : ............ Prénom : ............\nSÉQUENCE 1 – PROTÉGER\nExercice 1 : repérez les dangers"
        " de la situation décrite page 3.\n............\nSÉQUENCE 2 – EXAMINER\nExercice 2 : dans quel ordre ?",
    ],
)
def test_look_alikes_stay_unknown(text):
    assert classify(pages(text), "document.pdf").doc_type == "unknown"


def test_nda_footer_does_not_turn_a_document_into_a_receipt():
    footer = (
        "Déclaration d'activité enregistrée sous le numéro 84 69 12345 69 auprès du préfet de région "
        "Auvergne-Rhône-Alpes. Cet enregistrement ne vaut pas agrément de l'État."
    )
    text = "Conditions générales de vente\nArticle 1 – Objet\nArticle 2 – Annulation\n" + footer
    assert classify(pages(text), "x.pdf").doc_type == "terms_of_sale"


def test_title_on_first_lines_outweighs_body_markers_of_another_type():
    body = "Objectifs pédagogiques, prérequis, public visé, durée, délai d'accès. " * 3
    text = "ATTESTATION DE FIN DE FORMATION\nNous attestons que M. X a suivi la formation.\n" + body
    assert classify(pages(text), "x.pdf").doc_type == "completion_certificate"


@pytest.mark.parametrize(
    "title, expected",
    [
        ("CERTlFlCAT DE REALlSATlON", "completion_certificate"),
        ("FEUlLLE D'EMARGEMENT", "attendance_sheet"),
        ("Reg1ement interieur", "internal_rules"),
        ("C0NDITI0NS GENERALES DE VENTE", "terms_of_sale"),
        ("Questionnaire de satisfactlon à chaud", "satisfaction_survey"),
        ("Livret d\u2019accueil", "welcome_booklet"),
        ("PROCEDURE DE TRAlTEMENT DES RECLAMATlONS", "complaints_procedure"),
    ],
)
def test_ocr_noise_in_titles_is_tolerated(title, expected):
    assert classify(pages(title + "\nDocument."), "x.pdf").doc_type == expected


def test_file_name_breaks_a_near_tie_only():
    # Equal evidence for two types: the file name decides.
    text = "Bilan de satisfaction et plan d'amélioration\nsynthèse"
    tie = classify(pages(text), "plan_amelioration_2026.pdf")
    other = classify(pages(text), "enquete_satisfaction_2026.pdf")
    assert {tie.doc_type, other.doc_type} == {"improvement_plan", "satisfaction_survey"}
    assert tie.doc_type != other.doc_type


def test_file_name_alone_never_classifies():
    result = classify(pages("Bonjour, veuillez trouver ci-joint le document demandé."), "bpf_2025.pdf")
    assert result.doc_type == "unknown"


def test_file_name_does_not_override_clear_content():
    text = "FEUILLE D'ÉMARGEMENT\nNom et prénom | Matin | Après-midi\nSignature du formateur"
    assert classify(pages(text), "programme_excel.pdf").doc_type == "attendance_sheet"


def test_weak_evidence_is_unknown_with_a_french_reason():
    result = classify(pages("Facture n° 12\nMontant HT : 100 €\nSignature"), "scan.pdf")
    assert result.doc_type == "unknown"
    assert "non reconnu" in result.reason and "seuil" in result.reason


def test_empty_or_blank_document_is_unknown():
    for document in ([], pages(""), pages("   \n\n ")):
        result = classify(document, "vide.pdf")
        assert result.doc_type == "unknown"
        assert result.score == 0.0
        assert "Aucun texte" in result.reason


def test_reason_names_the_type_and_the_markers_in_french():
    result = classify(
        pages("Récépissé de déclaration d'activité\nCet enregistrement ne vaut pas agrément de l'État."), "a.pdf"
    )
    assert isinstance(result, Classification)
    assert result.doc_type == "nda_receipt"
    assert result.reason.startswith("Classé « récépissé de déclaration d'activité »")
    assert "« récépissé »" in result.reason
    assert "re:" not in result.reason


def test_spreadsheet_without_text_is_classified_from_its_table():
    table = [["Horodateur", "Note globale (/5)", "Commentaire"], ["01/02/2026", "5", "bien"], ["01/02/2026", "4", ""]]
    result = classify([PageText(number=1, text="", tables=[table])], "export.xlsx")
    assert result.doc_type == "satisfaction_survey"


def test_table_of_contents_mention_counts_less_than_a_title():
    text = (
        "Guide de l'apprenant\n"
        "Sommaire : présentation, vos contacts, accessibilité, restauration, règlement intérieur, réclamations\n"
        "Bienvenue ! Votre référent handicap vous accompagne."
    )
    assert classify(pages(text), "x.pdf").doc_type == "welcome_booklet"


def test_short_heading_is_not_fuzzily_taken_for_a_longer_title():
    text = "Formation\nDévelopper son activité\nPour qui ? Dirigeants\nNiveau requis : aucun\nJour 1 – profil\nInter : 900 € HT"
    assert classify(pages(text), "x.pdf").doc_type == "programme"


def test_malformed_rules_raise_a_typed_error(tmp_path: Path):
    broken = tmp_path / "rules.yaml"
    broken.write_text("settings: {min_score: 4}\ntypes: {}\n", encoding="utf-8")
    with pytest.raises(ClassificationRulesError):
        load_rules(broken)
    bad_regex = tmp_path / "regex.yaml"
    good = RULES_PATH.read_text(encoding="utf-8")
    bad_regex.write_text(good.replace("cgv: 10", "broken = re:(unclosed: 10", 1), encoding="utf-8")
    with pytest.raises(ClassificationRulesError, match="Expression invalide"):
        load_rules(bad_regex)


def test_unknown_doc_type_in_rules_is_refused(tmp_path: Path):
    rules = tmp_path / "rules.yaml"
    good = RULES_PATH.read_text(encoding="utf-8")
    rules.write_text(good.replace("  bpf:\n", "  invoice:\n", 1), encoding="utf-8")
    with pytest.raises(ClassificationRulesError):
        load_rules(rules)


def test_a_title_phrase_is_not_found_fuzzily_inside_longer_words():
    # « evaluation form » (a survey's English title) would otherwise match « évaluations formatives ».
    text = (
        "Bilan de compétences\nVotre bilan se déroule en trois phases.\n"
        "Évaluations formatives, restitution finale\n"
        "Objectifs pédagogiques : identifier ses compétences\nPublic : toute personne\nDurée : 24 heures"
    )
    assert classify(pages(text), "x.pdf").doc_type == "programme"


@pytest.mark.parametrize(
    "text",
    [
        "Vos avis 2025\nFormations Sauveteur Secouriste du Travail\n"
        "Sur 45 stagiaires ayant répondu au questionnaire de fin de formation en 2025 :\n"
        "Critère | Résultat\nSatisfaits ou très satisfaits | 92 %\nNote moyenne du formateur | 17/20",
        "Suivi à 6 mois des bilans de compétences - questionnaire à\nfroid\n"
        "Entre janvier et juin, 9 personnes ont répondu.\nNote moyenne de l'accompagnement : 8,6/10.",
    ],
)
def test_a_summary_that_counts_who_answered_is_a_satisfaction_survey(text):
    assert classify(pages(text), "x.png").doc_type == "satisfaction_survey"


def test_a_review_sites_page_is_a_satisfaction_survey():
    text = (
        "Vos avis sur Cap Conseil\n★★★★☆ 4,3 / 5\nbasé sur 52 avis vérifiés\nNote Nombre d'avis\n"
        "★★★★★ 31\n★★★★☆ 12\n★★★☆☆ 5\n★★☆☆☆ 2\n★☆☆☆☆ 2"
    )
    assert classify(pages(text), "avis.pdf").doc_type == "satisfaction_survey"


def test_an_english_translation_of_a_qualiopi_certificate_is_one():
    text = (
        "Free translation – the French original prevails\nCERTIFICATE\nNo. AE-2025-01234\n"
        "Alpha Europe certifies that the training provider\nLac Léman Formation SA\n"
        "has been assessed and found to comply with the French National Quality Framework (Qualiopi) for the\n"
        "following categories:\nTraining actions\nValid from 12 April 2025 until 11 April 2028"
    )
    assert classify(pages(text), "certificate.pdf").doc_type == "qualiopi_certificate"


def test_a_mandate_naming_the_certification_it_serves_is_no_certificate():
    text = (
        "Genève, 9 janvier 2026\nMandat de représentation / Representation agreement\n"
        "Lac Léman Formation SA, UID CHE-123.456.789, désigne Rhône Formation Partenaires, SIREN 732829320,\n"
        "comme son représentant domicilié en France pour l'accomplissement de ses obligations de prestataire\n"
        "de formation (déclaration d'activité, bilan pédagogique et financier, certification Qualiopi).\n"
        "Le mandant Le mandataire"
    )
    assert classify(pages(text), "mandat.pdf").doc_type != "qualiopi_certificate"


def test_a_bilingual_designation_of_a_representative_citing_the_quality_framework_is_no_certificate():
    text = (
        "Lettre de désignation d'un représentant domicilié en France\nKestrel Skills Ltd, ci-après « le Mandant »,\n"
        "The Principal appoints the Representative as its representative domiciled in France.\n"
        "Le Représentant répond aux demandes du certificateur qualité (référentiel national qualité).\n"
        "The Representative answers the certifier under the French National Quality Framework."
    )
    assert classify(pages(text), "mandat.pdf").doc_type != "qualiopi_certificate"


def test_a_tally_of_questionnaires_whose_questions_name_the_content_is_no_programme():
    tally = (
        "Relevé des évaluations\nSession janvier-juin 2025 — groupe B\nAccueil et organisation\n"
        "Contenu de la formation (4) (3)\nAtteinte de vos objectifs\nRythme et durée\n"
        "9 questionnaires rendus sur 11 stagiaires\nTS + S = 40 / 45 réponses"
    )
    assert classify(pages(tally), "releve.jpg").doc_type != "programme"
    titled = classify(pages("Bilan de satisfaction\n" + tally), "releve.jpg")
    assert titled.doc_type == "satisfaction_survey"
