"""Programme fields: title, duration (hours or days x 7), price, RNCP / RS codes."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.programme import parse_duration
from schemas.extraction import PageText


def programme(text: str, tables: list | None = None) -> dict:
    return extract_fields("programme", [PageText(number=1, text=text, tables=tables or [])])


# --- duration ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, hours, basis",
    [
        ("21 heures (3 jours)", 21.0, "hours"),
        ("21h", 21.0, "hours"),
        ("3 jours soit 21 heures", 21.0, "hours"),
        ("2 jours (14 h)", 14.0, "hours"),
        ("7h30", 7.5, "hours"),
        ("3h30 de contenus + quiz", 3.5, "hours"),
        ("35 heures réparties sur 5 jours", 35.0, "hours"),
        ("7 h par jour sur 3 jours", 21.0, "hours"),
        ("4 demi-journées (14 h)", 14.0, "hours"),
        ("3 jours", 21.0, "days_x7"),
        ("deux journées", 14.0, "days_x7"),
        ("1 journée", 7.0, "days_x7"),
        ("une demi-journée", 3.5, "days_x7"),
        ("2,5 jours", 17.5, "days_x7"),
        ("10,5 heures", 10.5, "hours"),
        ("21 HEURES", 21.0, "hours"),
        # sessions times their length
        ("5 x 7 h", 35.0, "hours"),
        ("5x7h", 35.0, "hours"),
        ("2 jours x 7h", 14.0, "hours"),
        ("4 séances × 3h30", 14.0, "hours"),
        # minutes after a spaced « h »; half-days counted
        ("1 h 30", 1.5, "hours"),
        ("7 h 30 par jour sur 2 jours", 15.0, "hours"),
        ("5 demi-journées", 17.5, "days_x7"),
        # sessions of a length: the sessions counted, not the days they make
        ("3 demi-journées de 3,5 h", 10.5, "hours"),
        ("3 half-days of 3.5 h (10.5 hours)", 10.5, "hours"),
        ("2 jours de 7 heures", 14.0, "hours"),
        ("2 jours de 7 h 30", 15.0, "hours"),
        ("4 modules d'une durée de 3 h", 12.0, "hours"),
        # an addition after the length is not the length; nor is a second statement
        ("2 jours + 3 h de suivi à distance", 14.0, "days_x7"),
        ("parcours standard : 3 jours ; parcours renforcé : 3 jours + 4 h de suivi", 21.0, "days_x7"),
    ],
)
def test_parse_duration(text, hours, basis):
    assert parse_duration(text) == (hours, basis)


@pytest.mark.parametrize(
    "text",
    [
        "selon devis",
        "à définir",
        "nous consulter",
        "",
        "0 heure",
        # a length that varies is not the training's
        "Selon positionnement (en général 3 à 5 demi-journées)",
        "14-21 h selon le niveau",
        "entre 12 et 24 heures selon le positionnement",
    ],
)
def test_parse_duration_without_a_duration(text):
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text, hours, basis",
    [
        ("Durée : 21 heures (3 jours)", 21.0, "hours"),
        ("Durée totale : 3 jours soit 21 heures de regroupement + 350 h en entreprise", 21.0, "hours"),
        # a unit's worth is no length: it turns the days into hours, or is left out
        ("Durée : 3 jours (1 jour = 7 heures)", 21.0, "hours"),
        ("Durée : 2 jours (1 j = 6 h)", 12.0, "hours"),
        ("Durée : 21 heures (1 journée = 7 h)", 21.0, "hours"),
        # a work-study programme's hours, grouped by thousands
        ("Durée de la formation : 1 400 heures sur 24 mois", 1400.0, "hours"),
        ("Durée : 1 547 h en centre de formation", 1547.0, "hours"),
        # the unit in the label, the number alone; a screenshot's menu item glued before the label
        ("Durée (heures) 14", 14.0, "hours"),
        ("Durée (en jours) : 3", 21.0, "days_x7"),
        ("Stagiaires Durée (heures) 21h00", 21.0, "hours"),
        ("Durée\n2 jours", 14.0, "days_x7"),
        ("DURÉE : 14H", 14.0, "hours"),
        ("Durée de la formation\t35 h", 35.0, "hours"),
        ("Format : 2 jours en présentiel", 14.0, "days_x7"),
        ("Une formation de 14 heures en présentiel, réparties sur deux journées.", 14.0, "hours"),
        ("Rythme : 3 jours de formation non consécutifs", 21.0, "days_x7"),
        ("Délai d'accès : 15 jours\nDurée : 7 heures", 7.0, "hours"),
        ("Dur\u00e9e : 2 jours (14 h)\nHoraires : 9h00-12h30 / 13h30-17h00", 14.0, "hours"),
        ("Déroulement du bilan\n24 h au total, réparties sur 8 à 12 semaines : 16 h d'entretiens", 24.0, "hours"),
        ("Trois modules de 7 h, soit 21 h de formation", 21.0, "hours"),
        # Two statements a scan glued on one line: the delay after the length is not the length's.
        ("Durée : 1 journée (7 heures) Accès garanti sous 15 jours après validation\nDurée : 1h30", 7.0, "hours"),
        # A length in days gives way to the same length stated in hours, not to a module's length.
        ("Durée : 2 jours\nLa formation dure 12 heures au total.", 12.0, "hours"),
        ("Durée : 2 jours\nModule 1 - Durée : 3 h 30", 14.0, "days_x7"),
        # A labelled length whose parts come before their total, or whose unit or total wraps.
        ("Durée 12 h de classes virtuelles + 18 h de modules e-learning, soit\n30 heures\nTarif 1 290 €", 30.0, "hours"),
        ("Durée totale : 1 200\nheures (800 h en centre, 400 h en entreprise)", 1200.0, "hours"),
        # A line that is only the length, in days and hours, set apart without its label.
        ("Gestion de la paie\nProgramme de formation\n2 jours (14 h)\nDéroulé", 14.0, "hours"),
        ("Gestion de la paie\n14 h / 2 jours", 14.0, "hours"),
    ],
)
def test_duration_in_programmes(text, hours, basis):
    found = programme(text)
    assert (found["duration_hours"], found["duration_basis"]) == (hours, basis)


@pytest.mark.parametrize(
    "text",
    [
        "Horaires : 9h00-12h30 / 13h30-17h00",
        "Délai d'accès : 15 jours avant le début de la session",
        "Durée de validité du devis : 30 jours",
        "Durée : sous 15 jours à compter de l'inscription",
        "Inscription au plus tard 10 jours avant.",
        "Accueil de 9 h à 12 h 30, soit une matinée",
        "Entretien de suivi à 6 mois (1 h, offert)",
        "Nombre d'heures : 1 h = 60 min",
        "Jour 1 (7 h)\nJour 2 (7 h)",
    ],
)
def test_no_duration_from_schedules_or_delays(text):
    assert "duration_hours" not in programme(text)


# --- price ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, price",
    [
        ("Tarif : 1 290 € HT / personne – Intra : sur devis", 1290.0),
        ("Tarifs 160,00 EUR exonéré de TVA par participant. Intra-entreprise : sur devis", 160.0),
        ("8. Conditions financières : 1 800 € TTC le bilan complet (éligible CPF)", 1800.0),
        ("Tarif : 160,00 EUR par participant. Intra : sur devis", 160.0),
        ("Tarif : 990,00 euros net de taxe", 990.0),
        ("Prix : 1\u202f050,00\u00a0€ TTC par stagiaire", 1050.0),
        ("Coût de la formation : 4 850 € (éligible CPF)", 4850.0),
        ("Tarif inter : 280 € net par participant", 280.0),
        ("Inter : 1 100 € HT", 1100.0),
        ("Investissement : 750 € HT par personne", 750.0),
        ("Tarif\n1 290 € HT", 1290.0),
        ("Tarif\t890 €", 890.0),
        ("Prix : 149 € HT la licence", 149.0),
        ("Tarif : 1.290 EUR HT", 1290.0),
        ("Tarif : le coût du parcours complet est fixé à 8\n750 € net de taxe par apprenti", 8750.0),
        ("Tarif : 2 jours, soit\n1 180 € HT", 1180.0),
        ("Tarifs et financement\nApprentissage : prise en charge fixée à 8\n750 € pour ce titre.", 8750.0),
    ],
)
def test_price_variants(text, price):
    assert programme(text)["price_eur"] == price


@pytest.mark.parametrize(
    "text",
    [
        "Tarif : sur devis",
        "Tarif : nous consulter",
        "SAS au capital de 10 000 €",
        "Taux de satisfaction : 96 %",
        "Indemnité forfaitaire de 40 € pour frais de recouvrement",
    ],
)
def test_no_price_is_invented(text):
    assert "price_eur" not in programme(text)


# --- title ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, title",
    [
        ("Programme de formation\nExcel perfectionnement\nPublic visé : tous", "Excel perfectionnement"),
        (
            "FORMATIONS RHÔNE CONSEIL\nProgramme de formation\nExcel perfectionnement\nPrérequis : aucun",
            "Excel perfectionnement",
        ),
        ("Programme de formation : Word initiation\nObjectifs : …", "Word initiation"),
        ("Intitulé : Manager une équipe à distance\nPublic : managers", "Manager une équipe à distance"),
        ("Intitulé de la formation\tGestion du stress", "Gestion du stress"),
        (
            "Communication bienveillante au travail\nUne formation de 14 heures",
            "Communication bienveillante au travail",
        ),
        ("PR0GRAMME\nSauveteur Secouriste du Travail (SST)\nDurée : 2 jours", "Sauveteur Secouriste du Travail (SST)"),
        ("Mis à jour le 12/09/2026 – version 3\nAnglais professionnel B1\nObjectifs", "Anglais professionnel B1"),
        ("Catalogue 2026 – page 14\nGESTION DE PROJET AGILE\nObjectifs", "GESTION DE PROJET AGILE"),
        ("12 rue de la République 69002 LYON – 04 78 00 00 00\nPaie et DSN\nPublic", "Paie et DSN"),
    ],
)
def test_title(text, title):
    assert programme(text)["title"] == title


def test_no_title_when_the_page_starts_with_sections():
    assert "title" not in programme("Public visé : tous\nPrérequis : aucun\nDurée : 7 h")


# --- certification codes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, key, code",
    [
        ("Titre professionnel Secrétaire assistant (RNCP 37123)", "rncp_code", "RNCP37123"),
        ("Certification RNCP37123 enregistrée le 15/12/2022", "rncp_code", "RNCP37123"),
        ("Fiche RNCP n° 35635", "rncp_code", "RNCP35635"),
        ("Certificat SST (RS 5545)", "rs_code", "RS5545"),
        ("Répertoire spécifique : RS-1234", "rs_code", "RS1234"),
    ],
)
def test_certification_codes(text, key, code):
    assert programme(text)[key] == code


def test_no_certification_code_without_a_number():
    found = programme("Formation non certifiante, ne relève pas du RNCP ni du RS.")
    assert "rncp_code" not in found and "rs_code" not in found


def test_programme_also_reports_identity_fields():
    text = (
        "Programme de formation\nExcel\nDurée : 7 h\n"
        "Déclaration d'activité enregistrée sous le numéro 84 69 12345 69. SIRET 904 123 783 00014"
    )
    found = programme(text)
    assert found["nda_number"] == "84691234569" and found["siren"] == "904123783"


@pytest.mark.parametrize(
    "text",
    [
        "10. Tarif\nTarif : Tarif sur demande\nTVA non applicable, article 261-4-4° du CGI.",
        "Tarif : [à compléter]\n12 rue des Lilas 69003 Lyon",
        "Objectifs\n✓ Structurer son offre et fixer ses tarifs\n✓ Jour 1 : prospection",
        "Financement\nLe montant de l'aide varie : jusqu'à 5 000 € HT pris en charge par l'OPCO.",
        "Capital social : 10 000 €\nFormation éligible au CPF",
        "Catalogue 2026 — 3 € de frais de port par brochure envoyée",
    ],
)
def test_no_price_is_invented_outside_a_price_context(text):
    assert "price_eur" not in programme(text)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("Tarif : sur devis", "sur devis"),
        ("Prix : nous consulter", "nous consulter"),
        ("Tarif : [à compléter]", "à compléter"),
    ],
)
def test_a_price_not_stated_is_said(text, said):
    assert programme(text)["price_not_stated"] == said


def test_a_label_heading_its_own_lines_reads_the_amount_below():
    assert programme("TARIFS &\nFINANCEMENTS\nÀ partir de 450€ HT\npar stagiaire")["price_eur"] == 450.0


def test_several_formulas_give_the_first_and_cite_them_all():
    found = programme("Tarif inter : 1 200 € HT par participant\nTarif intra : 3 500 € HT par groupe")
    assert found["price_eur"] == 1200.0
    assert found["price_formulas"] == [
        "Tarif inter : 1 200 € HT par participant",
        "Tarif intra : 3 500 € HT par groupe",
    ]


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Tarifs\nIntra : 4 200 € HT la session (jusqu'à 12 participants)\nInter : 1 290 € HT par personne", 1290.0),
        ("Tarif intra : 3 500 € HT par groupe\nTarif inter : 1 200 € HT / stagiaire", 1200.0),
        # A table cell holding both formulas prices neither: its first amount is the group's.
        ("Tarif intra : 3 500 € HT la session\nTarifs\tIntra : 3 500 € HT la session. Inter : 1 200 € HT par personne"
         "\nInter-entreprises : 1 200 € HT par personne", 1200.0),
        # A column of formulas under its heading, the group's first.
        ("Formule Dates 2025 Prix\nIntra-entreprise (groupe de 10 max) 990 € HT la journée\n"
         "Inter-entreprises 12/03 – 14/05 190 € HT par stagiaire", 190.0),
        # A first formula for a group, no later one for a participant: the first.
        ("Tarif intra : 3 500 € HT par groupe\nTarif e-learning : 290 € HT", 3500.0),
    ],
)
def test_a_price_for_a_group_first_gives_way_to_a_later_price_per_participant(text, price):
    found = programme(text)
    assert found["price_eur"] == price and len(found["price_formulas"]) >= 2


@pytest.mark.parametrize(
    ("line", "price"),
    [
        ("Intra-entreprise : 1 450 € HT par groupe (4 à 10 stagiaires). Inter-entreprises : 190 € HT par personne.", 190.0),
        ("Intra : 1 450 € HT par groupe | Inter : 190 € HT par personne", 190.0),
        # one sentence saying both: its first amount
        ("Intra : 1 450 € HT par groupe, soit 145 € HT par personne.", 1450.0),
    ],
)
def test_sentences_of_one_line_pricing_a_group_then_a_participant_are_two_formulas(line, price):
    assert programme(f"Tarif\n{line}\nContenu")["price_eur"] == price


def test_a_price_column_of_a_table_gives_every_row_a_formula():
    table = [
        ["Formule", "Dates 2025", "Prix"],
        ["Intra-entreprise (groupe de 10 max)", "à votre convenance", "990 € HT la journée"],
        ["Inter-entreprises Annecy", "12/03 – 14/05", "190 € HT par stagiaire"],
    ]
    found = programme("Habilitation électrique", [table])
    assert found["price_eur"] == 190.0 and len(found["price_formulas"]) == 2


def test_a_price_label_alone_on_its_line_cites_the_line_of_its_amount():
    found = programme("Tarifs\nIntra : 4 200 € HT par groupe\nTarif inter : 1 290 € HT par personne")
    assert sorted(found["price_formulas"]) == ["Intra : 4 200 € HT par groupe", "Tarif inter : 1 290 € HT par personne"]


def test_a_duration_column_header_does_not_give_one_module_length():
    table = [["N° séquence", "Objectif", "Durée"], ["1", "Droit commercial", "9 h 00"], ["2", "Gestion", "3 h 00"]]
    found = programme("Durée\nIntitulés des modules\nLa formation dure 105 heures, réparties sur 3 semaines.", [table])
    assert found["duration_hours"] == 105.0


def test_a_duration_word_inside_a_sentence_is_no_label():
    text = "Des entretiens peuvent s'ajouter à la durée totale du bilan de 2 heures chacun.\nDurée : 24 heures"
    assert programme(text)["duration_hours"] == 24.0


def test_an_english_price_on_request_is_not_stated():
    assert programme("Course outline\nFee: on request\nOffice: 221 Baker Street")["price_not_stated"] == "on request"


def test_a_price_label_heading_a_sentence_of_a_paragraph_is_read():
    text = (
        "Durée, lieu et tarif\n24 heures d'accompagnement sur 8 à 12 semaines. En cabinet (Paris 11e) ou à "
        "distance en visioconférence. Tarif : 1 800 € TTC, finançable par le CPF."
    )
    assert programme(text)["price_eur"] == 1800.0


@pytest.mark.parametrize("text", ["Session en cabinet (Paris 11e), tarif HT sur demande", "Prix HT de la 2e session"])
def test_an_ordinal_is_no_amount_in_euros(text):
    assert "price_eur" not in programme(text)


CATALOGUE = [
    ["Code", "Intitulé", "Public", "Durée (h)", "Jours", "Tarif inter HT / pers.", "Modalités"],
    ["MG-01", "Manager une équipe de proximité", "Managers", "21", "3", "1290", "Présentiel"],
    ["MG-02", "Conduire le changement", "Managers", "14", "2", "990", "Présentiel"],
]


def test_a_catalogue_kept_as_a_table_gives_its_first_trainings_title_duration_and_price():
    heading = "Catalogue 2026\nAlpha Compétences – catalogue des formations inter-entreprises"
    found = extract_fields("programme", [PageText(number=1, text=heading, tables=[CATALOGUE])])
    assert (found["title"], found["duration_hours"], found["price_eur"]) == ("Manager une équipe de proximité", 21.0, 1290.0)


def test_a_table_of_modules_names_no_training_and_gives_no_modules_length():
    modules = [["Module", "Contenu", "Durée"], ["Module 1", "Les bases", "7 h"], ["Module 2", "Approfondir", "7 h"]]
    found = extract_fields("programme", [PageText(number=1, text="Excel avancé\nObjectifs", tables=[modules])])
    assert found["title"] == "Excel avancé" and "duration_hours" not in found
