"""Satisfaction surveys: computed from raw answers, from distribution tables, or declared."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.rules import field_rules
from extractors.fields.survey import answer_label_score
from schemas.extraction import PageText


def survey(text: str = "", tables: list | None = None) -> dict:
    return extract_fields("satisfaction_survey", [PageText(number=1, text=text, tables=tables or [])])


# --- raw answers ------------------------------------------------------------------------------


def test_numeric_1_to_5_every_question_counts_in_its_top_2_boxes():
    # An overall-satisfaction question counts like the others: the share of satisfied answers overall.
    table = [
        ["Horodateur", "Organisation (1 à 5)", "Satisfaction globale (/5)", "Commentaire"],
        ["12/05/2026 17:02", "5", "5", "Très bien"],
        ["12/05/2026 17:05", "2", "4", ""],
        ["12/05/2026 17:09", "3", "3", "Trop rapide"],
        ["12/05/2026 17:11", "5", "5", ""],
    ]
    assert survey(tables=[table]) == {"respondents": 4, "satisfaction_rate": 0.625, "rate_method": "computed_top2"}


def test_responses_begun_and_never_submitted_are_not_respondents():
    # LimeSurvey exports every response begun; those never sent have no submission date.
    table = [
        ["id", "submitdate", "lastpage", "Q1 Contenu (1 à 5)", "Q2 Animation (1 à 5)"],
        ["1", "2026-03-02 10:14:00", "3", "5", "4"],
        ["2", "", "1", "2", ""],
        ["3", "2026-03-02 11:40:12", "3", "4", "3"],
        ["4", "", "1", "1", "1"],
        ["5", "2026-03-03 09:05:51", "3", "5", "5"],
    ]
    found = survey(tables=[table])
    assert found["respondents"] == 3
    assert found["satisfaction_rate"] == pytest.approx(5 / 6, abs=1e-4)


def test_numeric_1_to_10_threshold_is_7():
    table = [["Participant", "Note globale sur 10"]] + [[str(i), str(v)] for i, v in enumerate([7, 6, 9, 10, 3], 1)]
    found = survey(tables=[table])
    assert found["respondents"] == 5 and found["satisfaction_rate"] == 0.6


def test_without_overall_column_every_rating_cell_counts():
    table = [
        ["Contenu", "Formateur", "Organisation"],
        ["4", "4", "4"],  # 3 satisfied answers
        ["5", "3", "3"],  # 1
        ["5", "5", "2"],  # 2
        ["", "2", ""],  # 0 of 1 answer: blanks are not answers
    ]
    found = survey(tables=[table])
    assert found["respondents"] == 4 and found["satisfaction_rate"] == 0.6


def test_french_labels_top_2_boxes():
    table = [
        ["Date", "Dans l'ensemble, êtes-vous satisfait(e) ?"],
        ["03/03", "Très satisfait"],
        ["03/03", "Plutôt satisfait"],
        ["03/03", "Moyennement satisfait"],
        ["03/03", "Pas du tout satisfait"],
        ["03/03", "Satisfait"],
        ["03/03", "Peu satisfait"],
        ["03/03", "4 - Satisfait"],
        ["03/03", "TRÈS SATISFAIT !"],
    ]
    found = survey(tables=[table])
    assert found["respondents"] == 8 and found["satisfaction_rate"] == 0.625


@pytest.mark.parametrize(
    "label, satisfied",
    [
        ("Très satisfait", True),
        ("Satisfait", True),
        ("Plutôt satisfait", True),
        ("Tout à fait d'accord", True),
        ("Moyennement satisfait", False),
        ("Peu satisfait", False),
        ("Pas satisfait", False),
        ("Pas du tout satisfait", False),
        ("Insatisfait", False),
        ("Plutôt pas satisfait", False),
    ],
)
def test_which_labels_count_as_satisfied(label, satisfied):
    rules = field_rules().survey
    score = answer_label_score(label, rules)
    assert score is not None
    assert (score >= rules.label_satisfied_from) is satisfied


def test_identification_and_recommendation_columns_are_not_ratings():
    table = [
        ["N°", "Âge", "Recommanderiez-vous cette formation ? (0 à 10)", "Note globale /5"],
        ["1", "8", "10", "2"],
        ["2", "9", "9", "2"],
        ["3", "7", "10", "5"],
        ["4", "8", "8", "1"],
    ]
    assert survey(tables=[table])["satisfaction_rate"] == 0.25


def test_summary_rows_are_not_respondents():
    table = [["Stagiaire", "Note globale"], ["A", "5"], ["B", "4"], ["C", "2"], ["Moyenne", "3,67"], ["Total", "11"]]
    found = survey(tables=[table])
    assert found["respondents"] == 3 and found["satisfaction_rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_title_row_above_the_header_is_skipped():
    table = [
        ["Résultats session SST", "", ""],
        ["Stagiaire", "Accueil", "Satisfaction générale"],
        ["A", "Satisfait", "Très satisfait"],
        ["B", "Satisfait", "Peu satisfait"],
    ]
    found = survey(tables=[table])
    assert found["respondents"] == 2 and found["satisfaction_rate"] == 0.75


def test_numbered_questions_are_a_header():
    table = [["1. Accueil", "2. Contenu", "3. Satisfaction globale"], ["4", "5", "5"], ["2", "3", "2"], ["5", "4", "4"]]
    found = survey(tables=[table])
    assert found["respondents"] == 3 and found["satisfaction_rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_csv_written_as_text_is_read_as_a_table():
    text = (
        "Horodateur;Satisfaction globale (/5);Commentaires\n"
        "01/02/2026;5;\n01/02/2026;4;bien\n01/02/2026;1;nul\n01/02/2026;4;\n"
    )
    assert survey(text) == {"respondents": 4, "satisfaction_rate": 0.75, "rate_method": "computed_top2"}


def test_tab_separated_text_is_read_as_a_table():
    text = "Note globale\tRemarques\n5\tok\n5\t\n2\tbof\n"
    assert survey(text)["satisfaction_rate"] == pytest.approx(2 / 3, abs=1e-4)


def test_sheets_of_one_workbook_are_one_survey():
    at_end = [
        ["Répondant", "Écoute du consultant (0-10)", "Utilité de la démarche (0-10)"],
        ["R1", "9", "8"],
        ["R2", "6", "7"],
        ["R3", "10", ""],
    ]
    later = [
        ["Répondant", "Projet engagé (0-10)", "Appréciation d'ensemble (0-10)"],
        ["S1", "8", "5"],
        ["S2", "3", "9"],
    ]
    sheets = [PageText(number=1, text="", tables=[at_end]), PageText(number=2, text="", tables=[later])]
    found = extract_fields("satisfaction_survey", sheets)
    # 5 answer rows; the first sheet's 5 rating cells (4 >= 7) and the second's 4 (2 >= 7) pooled.
    assert found["respondents"] == 5
    assert found["satisfaction_rate"] == pytest.approx(6 / 9, abs=1e-4)


def test_a_summary_sheet_next_to_the_answers_is_not_counted_twice():
    answers = [["Stagiaire", "Accueil (1 à 5)", "Contenu (1 à 5)"], ["A", "5", "4"], ["B", "2", "4"], ["C", "5", "5"]]
    summary = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait"],
        ["Accueil", "2", "0", "1"],
        ["Contenu", "1", "2", "0"],
    ]
    found = survey(tables=[answers, summary])
    assert found["respondents"] == 3 and found["satisfaction_rate"] == pytest.approx(5 / 6, abs=1e-4)


@pytest.mark.parametrize(
    "answer, score",
    [
        ("Très satisfait(e)", 1.0),
        ("Satisfaite", 0.75),
        ("satisfait·es", 0.75),
        ("Peu satisfait.e", 0.25),
        ("Très bonne", 1.0),
        ("Moyenne", 0.5),
        ("Mauvaise", 0.25),
        ("Très mécontente", 0.0),
    ],
)
def test_answer_labels_in_the_feminine_plural_or_inclusive_writing(answer, score):
    assert answer_label_score(answer, field_rules().survey) == score


@pytest.mark.parametrize(
    "answer, score",
    [
        ("Very satisfied / Très satisfait", 1.0),
        ("Not very satisfied / Peu satisfait", 0.25),
        ("Dissatisfied / Pas satisfait", 0.25),
        ("Satisfied / Très satisfait", None),  # two answers, not one in two languages
    ],
)
def test_an_answer_label_given_in_two_languages(answer, score):
    assert answer_label_score(answer, field_rules().survey) == score


def test_raw_answers_written_in_two_languages():
    header = ["#", "Course", "Content", "Trainer"]
    rows = [
        ["1", "GB-01", "Very satisfied / Très satisfait", "Not very satisfied / Peu satisfait"],
        ["2", "GB-01", "Satisfied / Satisfait", "Very satisfied / Très satisfait"],
        ["3", "GB-01", "Dissatisfied / Pas satisfait", "Satisfied / Satisfait"],
    ]
    found = survey(tables=[[header, *rows]])
    assert found["respondents"] == 3 and found["satisfaction_rate"] == pytest.approx(4 / 6, abs=1e-3)


def test_raw_answers_written_in_inclusive_form():
    header = ["N° dossier", "Q1. Accueil", "Q6. Satisfaction globale"]
    answers = ["Très satisfait(e)", "Satisfait(e)", "Très satisfait(e)", "Peu satisfait(e)", "Satisfait(e)"]
    found = survey(tables=[[header, *[[f"BC-{n}", "Satisfait(e)", answer] for n, answer in enumerate(answers)]]])
    assert found["respondents"] == 5
    assert found["satisfaction_rate"] == pytest.approx(9 / 10)


# --- distribution tables ----------------------------------------------------------------------


def test_distribution_table_with_an_overall_row_pools_every_row():
    table = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait"],
        ["Organisation", "30", "12", "3", "0"],
        ["Formateur", "38", "6", "1", "0"],
        ["Satisfaction globale", "28", "14", "2", "1"],
    ]
    found = survey(tables=[table])
    assert found["respondents"] == 45
    assert found["satisfaction_rate"] == pytest.approx(128 / 135, abs=1e-4)
    assert found["rate_method"] == "computed_top2"


def test_a_distribution_tables_respondents_give_way_to_the_questionnaires_the_text_says_were_returned():
    table = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait"],
        ["Organisation", "600", "500", "80", "20"],
        ["Formateur", "700", "420", "60", "10"],
    ]
    found = survey("Nous avons reçu 1234 questionnaires complétés, soit un taux de retour de 81,2 %.", tables=[table])
    assert found["respondents"] == 1234
    assert found["satisfaction_rate"] == pytest.approx(2220 / 2390, abs=1e-4)


@pytest.mark.parametrize(
    "text",
    [
        "Synthèse des réponses 2026 – sessions de janvier à juin",
        # fewer questionnaires than answers to one question: not the count of the table
        "Nombre de réponses : 12 (première session)",
    ],
)
def test_a_year_or_a_smaller_count_in_the_text_does_not_replace_the_tables_respondents(text):
    table = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait"],
        ["Organisation", "12", "7", "2", "0"],
        ["Formateur", "15", "5", "1", "0"],
    ]
    assert survey(text, tables=[table])["respondents"] == 21


BY_TRAINING = [
    ["Action de formation", "Sessions", "Répondants", "Satisfaits", "Taux"],
    ["Tableur", "3", "41", "38", "93 %"],
    ["Anglais", "2", "27", "24", "89 %"],
    ["Ensemble des actions", "5", "68", "62", "91,2 %"],
]


def test_a_synthesis_per_training_gives_its_total_respondents_and_satisfied_share():
    found = survey("Bilan annuel de la satisfaction", tables=[BY_TRAINING])
    assert (found["respondents"], found["satisfaction_rate"]) == (68, pytest.approx(62 / 68, abs=1e-4))


def test_a_synthesis_giving_rates_only_weighs_them_by_respondents():
    table = [
        ["Formation", "Nb répondants", "Taux de satisfaction"],
        ["SST", "120", "0.95"],
        ["Incendie", "80", "0.90"],
        ["TOTAL", "200", "0.93"],
    ]
    found = survey(tables=[table])
    assert (found["respondents"], found["satisfaction_rate"]) == (200, pytest.approx(0.93, abs=1e-4))


def test_a_synthesis_with_counts_of_people_trained_beside_its_respondents_is_no_raw_answers():
    # Counts of enrolled, of respondents and of satisfied ones would pass for ratings on a 0-20 scale.
    table = [
        ["Action", "Période", "Inscrits", "Répondants", "Dont satisfaits ou très satisfaits", "Taux"],
        ["BTS MCO 1re année", "sept. 2024 – juin 2025", "9", "8", "7", ""],
        ["Excel avancé – inter", "12/03/2025", "12", "10", "9", ""],
        ["Power BI – intra", "03/04/2025", "14", "12", "11", ""],
        ["TOTAL", "", "35", "30", "27", "0.9"],
    ]
    found = survey("Questionnaires à chaud – synthèse par action – 2025", tables=[table])
    assert (found["respondents"], found["satisfaction_rate"]) == (30, pytest.approx(0.9))


def test_a_synthesis_whose_rows_do_not_add_up_to_its_total_gives_nothing():
    table = [row[:] for row in BY_TRAINING]
    table[-1][2] = "86"
    found = survey(tables=[table])
    assert "respondents" not in found and "satisfaction_rate" not in found


def test_a_row_with_one_number_under_a_distributions_header_is_no_question():
    # A form tool's CSV export: the count of questionnaires below the questions, in a shorter row.
    table = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait", "Total"],
        ["Accueil", "10", "3", "1", "0", "14"],
        ["Contenus", "8", "4", "2", "0", "14"],
        ["Synthèse remise", "12", "2", "0", "0", "14"],
        ["Nombre de questionnaires retournés", "14"],
    ]
    found = survey(tables=[table])
    assert (found["respondents"], found["satisfaction_rate"]) == (14, pytest.approx(39 / 42, abs=1e-4))


def test_a_header_cut_apart_is_no_scale():
    # « Peu satisfait | Pas du tout satisfait » read as « Peu satisfait Pas du | tout satisfait ».
    table = [
        ["Question", "Très satisfait", "Satisfait", "Peu satisfait Pas du", "tout satisfait", "% satisfaits"],
        ["Contenu", "20", "8", "2", "1", "90 %"],
        ["Animation", "22", "6", "2", "1", "90 %"],
    ]
    text = "Taux de satisfaction global (réponses « très satisfait » et « satisfait ») : 90 %"
    assert survey(text, tables=[table])["satisfaction_rate"] == pytest.approx(0.90)


def test_a_date_after_the_word_responses_counts_nothing():
    text = "Résumé des réponses – exporté le 12/03/2025\nAccueil : très bien"
    assert "respondents" not in survey(text)


def test_distribution_table_with_hundreds_of_answers_and_numbered_questions():
    # Counts past 99 (a year of surveys), the question after its number, a column of shares beside.
    table = [
        [
            "Question",
            "",
            "Très satisfait",
            "Satisfait",
            "Peu satisfait",
            "Pas du tout satisfait",
            "Sans réponse",
            "% satisfaits",
        ],
        ["Q1", "Informations reçues avant la formation", "201", "160", "28", "4", "3", "0.919"],
        ["Q2", "Animation et pédagogie du formateur", "1 271", "111", "10", "2", "2", "0.97"],
        ["Q3", "Globalement, êtes-vous satisfait de la formation ?", "219", "154", "18", "3", "2", "0.947"],
    ]
    found = survey(tables=[table])
    assert found["satisfaction_rate"] == pytest.approx(2116 / 2181, abs=1e-4)
    assert found["rate_method"] == "computed_top2"


def test_one_question_given_in_percent_is_no_count_of_respondents():
    table = [
        ["Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait"],
        ["58 %", "34 %", "6 %", "2 %"],
    ]
    found = survey("N = 37 répondants sur 45 questionnaires envoyés.", tables=[table])
    assert found["respondents"] == 37
    assert found["satisfaction_rate"] == pytest.approx(0.92)


def test_questionnaires_sent_are_no_respondents_even_when_the_line_wraps_before_saying_so():
    text = "Bilans réalisés entre janvier et mars – envoi en septembre – 16 questionnaires\nenvoyés, 7 retours."
    assert survey(text)["respondents"] == 7


def test_a_number_ending_a_line_counts_nothing_of_the_next_lines_words():
    # A page number over a form's title: « 1 » and « Questionnaire … » are no « 1 questionnaire ».
    assert survey("1\nQuestionnaire de satisfaction – fin de formation\n23 réponses")["respondents"] == 23


def test_counts_of_sessions_said_the_same_way_are_no_one_count_of_respondents():
    text = (
        "Session 1 : printemps 2025 – 20 questionnaires retournés. "
        "Session 2 : automne 2025 – 15 questionnaires retournés.\nTaux de satisfaction 90 %"
    )
    assert "respondents" not in survey(text)
    # Other words for another count (answers over the questions): the first count stands.
    text = "12 participants – 12 questionnaires complétés\nSatisfaction globale : 50 réponses positives sur 60."
    assert survey(text)["respondents"] == 12


def test_distribution_table_in_percentages_pools_the_questions():
    table = [
        ["", "Tout à fait d'accord", "D'accord", "Pas d'accord", "Pas du tout d'accord"],
        ["Les objectifs étaient clairs", "60", "30", "10", "0"],
        ["Le rythme était adapté", "40", "40", "15", "5"],
    ]
    found = survey(tables=[table])
    assert "respondents" not in found
    assert found["satisfaction_rate"] == pytest.approx(0.85)


# --- declared summaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rate, respondents",
    [
        ("Nombre de répondants : 47 (taux de retour : 90 %)\nTaux de satisfaction global : 94 %", 0.94, 47),
        ("47 répondants – taux de satisfaction 94,5 %", 0.945, 47),
        ("Taux de retour : 76 %\nPas satisfaits : 6 %\nTaux de satisfaction : 89 %", 0.89, None),
        ("32 stagiaires ont répondu sur 40.\nGlobalement, 87,5 % des stagiaires se déclarent satisfaits.", 0.875, 32),
        (
            "Nous avons recueilli 128 questionnaires sur 140 stagiaires.\n91 % des participants satisfaits ou très satisfaits",
            0.91,
            128,
        ),
        ("Nombre de réponses\t52\nSatisfaction globale\t96%", 0.96, 52),
        ("Taux de satisfaction : 9O %", 0.90, None),
        ("12 % d'insatisfaits ; 88 % de satisfaction", 0.88, None),
        (
            "Sur la période, 214 stagiaires ont été formés et 188 ont rempli le questionnaire de fin de formation.\n"
            "Au total, 612 réponses sur 650 sont positives, soit 94 % de satisfaction.",
            0.94,
            188,
        ),
        (
            "Le questionnaire a été adressé aux 214 apprentis ; 167 d'entre eux ont répondu.\n"
            "Satisfaction globale (satisfaits + très satisfaits) 91 %",
            0.91,
            167,
        ),
        (
            "Questionnaires envoyés\t41\nBénéficiaires ayant répondu\t33 (taux de retour 80 %)\nTaux de satisfaction global\t94 %",
            0.94,
            33,
        ),
        ("Sur 45 stagiaires ayant répondu au questionnaire :\nSatisfaits ou très satisfaits | 92 %", 0.92, 45),
        # the rate before the label in its clause, not a recommendation's after it
        (
            "Nous avons recueilli 81 réponses, soit un taux de retour de 84 %. 92,6 % des répondants se déclarent "
            "satisfaits ou très satisfaits de la formation ; 88 % recommanderaient l'organisme à un proche.",
            0.926,
            81,
        ),
        # a dashboard's tiles: labels over values, in order
        ("Réponses Taux de réponse Satisfaction globale Note moyenne\nn=42 88% 91% 4,5", 0.91, 42),
        ("Questionnaires reçus Taux de retour Stagiaires satisfaits NPS\n118 82 % 93 % +41", 0.93, 118),
    ],
)
def test_declared_rates_and_respondents(text, rate, respondents):
    found = survey(text)
    assert found["satisfaction_rate"] == pytest.approx(rate)
    assert found["rate_method"] == "declared"
    assert found.get("respondents") == respondents


@pytest.mark.parametrize(
    "text",
    [
        "Taux de retour : 90 %\nTaux de réussite : 85 %",
        "Questionnaire de satisfaction\n☐ Très satisfait ☐ Satisfait ☐ Peu satisfait",
        "Note moyenne : 4,6/5",
        "Taux d'insatisfaction : 8 %",
    ],
)
def test_no_rate_is_invented(text):
    found = survey(text)
    assert "satisfaction_rate" not in found
    assert "rate_method" not in found


@pytest.mark.parametrize(
    "text",
    [
        # a label the tiles do not know: the values cannot be paired with their labels
        "Réponses Délai moyen Satisfaction globale\n42 3 j 91%",
        "Réponses Satisfaction globale Note moyenne\n42 91%",
    ],
)
def test_tiles_whose_labels_and_values_do_not_pair_give_nothing(text):
    found = survey(text)
    assert "satisfaction_rate" not in found and "respondents" not in found


def test_questionnaires_sent_are_not_respondents():
    assert "respondents" not in survey("140 questionnaires envoyés, relance prévue")


def test_raw_answers_win_over_a_declared_summary():
    table = [["Note globale (/5)"], ["5"], ["1"]]
    found = survey("Taux de satisfaction : 99 %", tables=[table])
    assert found == {"respondents": 2, "satisfaction_rate": 0.5, "rate_method": "computed_top2"}


def test_a_distribution_printed_as_lines_gives_the_top_2_rate_not_one_boxs_share():
    # A form tool's summary: « Très satisfait 87 (67,4 %) » is the top box alone.
    found = survey(
        "Questionnaire de satisfaction - Excel intermédiaire\n129 réponses\n"
        "Êtes-vous satisfait(e) de la formation ?\n"
        "Très satisfait 87 (67,4 %)\nSatisfait 35 (27,1 %)\nPeu satisfait 5 (3,9 %)\nPas du tout satisfait 2 (1,6 %)"
    )
    assert found["respondents"] == 129
    assert found["satisfaction_rate"] == pytest.approx(122 / 129, abs=1e-4)
    assert found["rate_method"] == "computed_top2"


def test_shares_printed_as_lines_give_the_rate_not_the_respondents():
    # Percentages alone: each question weighs alike; the respondents are the questionnaires returned,
    # not the 100 the shares add up to (nor « 8 » read from « 88 % »).
    found = survey(
        "82 questionnaires complétés · taux de réponse 91 % · 90 participants\n"
        "Q1. Contenu\nTrès satisfait 60 %\nSatisfait 30 %\nMoyennement satisfait 8 %\nInsatisfait 2 %\n"
        "Q2. Rythme\nTrès satisfait 50 %\nSatisfait 30 %\nMoyennement satisfait 15 %\nInsatisfait 5 %"
    )
    assert found["respondents"] == 82
    assert found["satisfaction_rate"] == pytest.approx(170 / 200)


def test_a_share_left_empty_does_not_break_a_distribution_or_make_a_rate():
    found = survey(
        "Qualité des contenus\n41 réponses\nTrès satisfait 30 (73,17 %)\nSatisfait 11 (26,83 %)\n"
        "Peu satisfait 0 ( %)\nPas du tout satisfait 0 ( %)"
    )
    assert (found["respondents"], found["rate_method"]) == (41, "computed_top2")
    assert found["satisfaction_rate"] == pytest.approx(1.0)


def test_one_questions_shares_listed_on_one_line_give_its_top_2_rate():
    found = survey(
        "Nous avons reçu 27 réponses (31 candidats accompagnés).\n"
        "Répartition des réponses à la question globale : très satisfait 62 %, satisfait 30 %, peu satisfait 6 %,"
        " pas satisfait 2 %."
    )
    assert found["respondents"] == 27
    assert found["satisfaction_rate"] == pytest.approx(0.92)


def test_a_declared_rate_wins_over_a_distribution_printed_as_lines():
    found = survey("Synthèse\nTrès satisfait 30\nSatisfait 15\nPeu satisfait 2\nTaux de satisfaction globale : 94 %")
    assert (found["satisfaction_rate"], found["rate_method"]) == (0.94, "declared")
    assert found["respondents"] == 47


@pytest.mark.parametrize(
    "text",
    [
        "88 questionnaires retournés sur 95 stagiaires (taux de retour 92,6 %)",
        "Questionnaires retournés : 88 / 95",
        "Nombre de réponses : 88 sur 95 participants",
        "88 bénéficiaires sur 95 accompagnés ont répondu au questionnaire à 6 mois (taux de retour 93 %).",
        "88 stagiaires parmi les 95 inscrits ont répondu.",
    ],
)
def test_the_whole_after_sur_is_not_the_number_of_respondents(text):
    assert survey(text).get("respondents") == 88


# --- a questionnaire filled in by hand ----------------------------------------------------------

FILLED_UNDER_HEADER = """\
Questionnaire de satisfaction à chaud
Très satisfait Satisfait Peu satisfait Pas satisfait
Accueil et organisation ☒ ☐ ☐ ☐
Contenu de la formation ☐ ☒ ☐ ☐
Formateur ☒ ☐ ☐ ☐
Supports remis ☐ ☐ ☒ ☐
Recommanderiez-vous cette formation ? ☒ oui ☐ non
"""


@pytest.mark.parametrize(
    ("text", "respondents"),
    [
        ("Entre janvier et juin, vingt-trois bénéficiaires ayant répondu au questionnaire.", 23),
        ("Nombre de réponses : douze", 12),
        ("Neuf personnes ont répondu sur les onze interrogées.", 9),
    ],
)
def test_respondents_written_in_words_are_read(text, respondents):
    assert survey(text)["respondents"] == respondents


def test_one_or_two_in_words_is_no_count():
    # « un », « deux » are as often an article or an idiom as a count.
    assert "respondents" not in survey("Un stagiaire a répondu en retard ; deux réponses manquent.")


def test_a_filled_in_questionnaire_is_one_respondent_and_its_ticked_answers():
    found = survey(FILLED_UNDER_HEADER)
    assert found["respondents"] == 1
    assert found["satisfaction_rate"] == pytest.approx(3 / 4)


@pytest.mark.parametrize(
    "header",
    [
        "Très Satisfait Peu Pas\nsatisfait satisfait satisfait",  # only the words no label alone are ended
        "Très Plutôt Peu Pas\nsatisfait satisfait satisfait satisfait",  # every word ended
    ],
)
def test_a_header_set_on_two_lines_in_narrow_columns_is_one_scale(header):
    form = FILLED_UNDER_HEADER.replace("Très satisfait Satisfait Peu satisfait Pas satisfait", header)
    found = survey(form)
    assert found["respondents"] == 1
    assert found["satisfaction_rate"] == pytest.approx(3 / 4)


def test_answers_ticked_beside_their_labels_are_read_too():
    text = (
        "Accueil\n☐ Très satisfait ☒ Satisfait ☐ Peu satisfait ☐ Pas satisfait\n"
        "Contenu\n☒ Très satisfait ☐ Satisfait ☐ Peu satisfait ☐ Pas satisfait\n"
        "Durée\n☐ Très satisfait ☐ Satisfait ☐ Peu satisfait ☒ Pas satisfait\n"
    )
    found = survey(text)
    assert (found["respondents"], found["satisfaction_rate"]) == (1, pytest.approx(2 / 3, abs=1e-4))


def test_a_tick_read_as_a_character_among_the_boxes_is_the_ticked_box():
    # « Peu satisfait » ticked, read « Æ »: the question counts, unsatisfied (3 of 4).
    found = survey(FILLED_UNDER_HEADER.replace("Supports remis ☐ ☐ ☒ ☐", "Supports remis ☐ ☐ Æ | ☐"))
    assert (found["respondents"], found["satisfaction_rate"]) == (1, 0.75)


def test_a_tick_read_as_a_character_right_after_a_cells_border_is_the_ticked_box():
    reversed_scale = (
        "Pas satisfait Peu satisfait Satisfait Très satisfait\n"
        "| Accueil | ☐ ☐ ☐ | ☒\n| Contenu | ☐ ☐ ☒ | ☐\n| Formateur | ☐ ☐ ☐ | ☒\n| Supports | y ☐ ☐ | ☐\n"
    )
    found = survey(reversed_scale)
    assert (found["respondents"], found["satisfaction_rate"]) == (1, 0.75)


@pytest.mark.parametrize(
    ("row", "read"),
    [
        ("Contenu de la formation ☐ X.( ☐ ☐", "Contenu de la formation ☐ ☒ ☐ ☐"),
        ("Accueil et organisation X9 ☐ ☐ ☐", "Accueil et organisation ☒ ☐ ☐ ☐"),
    ],
)
def test_a_tick_read_as_two_or_three_characters_is_the_ticked_box(row, read):
    found = survey(FILLED_UNDER_HEADER.replace(read, row))
    assert (found["respondents"], found["satisfaction_rate"]) == (1, 0.75)


def test_a_speck_read_between_a_rows_boxes_is_no_answer():
    found = survey(FILLED_UNDER_HEADER.replace("Supports remis ☐ ☐ ☒ ☐", "Supports remis ☐ ☐ ☒ ; ☐"))
    assert (found["respondents"], found["satisfaction_rate"]) == (1, 0.75)


def _pages(*texts: str) -> dict:
    return extract_fields("satisfaction_survey", [PageText(number=i, text=t) for i, t in enumerate(texts, start=1)])


def test_a_stack_of_forms_scanned_together_is_one_respondent_per_page():
    other = FILLED_UNDER_HEADER.replace("Supports remis ☐ ☐ ☒ ☐", "Supports remis ☒ ☐ ☐ ☐")
    found = _pages(FILLED_UNDER_HEADER, other, FILLED_UNDER_HEADER.replace("Formateur ☒", "Formatour ☒"))
    assert (found["respondents"], found["satisfaction_rate"]) == (3, pytest.approx(10 / 12, abs=1e-4))


def test_a_header_of_answers_after_the_questions_columns_heading_gives_the_boxes_their_answers():
    form = FILLED_UNDER_HEADER.replace("\nTrès satisfait Satisfait", "\nCritère Très satisfait Satisfait")
    assert survey(form)["satisfaction_rate"] == 0.75
    three_words = FILLED_UNDER_HEADER.replace("\nTrès satisfait Satisfait", "\nLes critères évalués Très satisfait Satisfait")
    assert "satisfaction_rate" not in survey(three_words)


def test_one_questionnaire_over_two_pages_with_questions_above_their_boxes_is_one_respondent():
    scale = "☐ Très satisfait ☐ Satisfait ☐ Peu satisfait ☐ Pas satisfait"
    first = "\n".join(
        f"{number}. {question}\n{scale.replace('☐', '☒', 1)}"
        for number, question in ((1, "Accueil et organisation"), (2, "Contenu"), (3, "Animation"))
    )
    second = "\n".join(
        f"{number}. {question}\n{scale.replace('☐ Satisfait', '☒ Satisfait')}"
        for number, question in ((4, "Supports remis"), (5, "Atteinte des objectifs"), (6, "Rythme"))
    )
    found = _pages(first, second)
    assert found["respondents"] == 1 and found["satisfaction_rate"] == 1.0


def test_one_questionnaire_over_two_pages_is_one_respondent_not_a_stack():
    second = (
        "Très satisfait Satisfait Peu satisfait Pas satisfait\n"
        "Exercices pratiques ☒ ☐ ☐ ☐\nRythme ☐ ☒ ☐ ☐\nDurée ☒ ☐ ☐ ☐\nSalle ☐ ☒ ☐ ☐\n"
    )
    found = _pages(FILLED_UNDER_HEADER, second)
    assert found["respondents"] == 1 and found["satisfaction_rate"] == pytest.approx(7 / 8)


def test_pages_sharing_some_questions_but_not_most_are_not_told_apart():
    second = "Très satisfait Satisfait Peu satisfait Pas satisfait\nAccueil ☒ ☐ ☐ ☐\nRythme ☐ ☒ ☐ ☐\nSalle ☐ ☒ ☐ ☐\n"
    assert "respondents" not in _pages(FILLED_UNDER_HEADER, second)


def test_a_questions_last_character_before_boxes_one_short_is_no_tick():
    form = FILLED_UNDER_HEADER.replace("Supports remis ☐ ☐ ☒ ☐", "Question 5 ☐ ☐ ☐")
    found = survey(form)
    assert found["respondents"] == 1 and "satisfaction_rate" not in found


@pytest.mark.parametrize(
    "row",
    [
        "Durée ☐ ☐ ☐",  # a box lost: the tick may have been it
        "Durée ☒ ☒ ☐ ☐",  # two ticks
        "Durée ☐ ☐ ☐ ☐",  # no tick read
    ],
)
def test_a_question_whose_boxes_do_not_read_as_one_tick_leaves_the_rate_unread(row):
    found = survey(FILLED_UNDER_HEADER + row)
    assert found["respondents"] == 1 and "satisfaction_rate" not in found


def test_an_empty_questionnaire_has_no_respondent():
    empty = FILLED_UNDER_HEADER.replace("☒", "☐")
    assert "respondents" not in survey(empty) and "satisfaction_rate" not in survey(empty)


def test_a_review_sites_stars_are_a_distribution_and_its_verified_reviews_the_respondents():
    text = (
        "Vos avis\n★★★★☆ 4,3 / 5\nbasé sur 52 avis vérifiés\nNote Nombre d'avis\n"
        "★★★★★ 31\n★★★★☆ 12\n★★★☆☆ 5\n★★☆☆☆ 2\n★☆☆☆☆ 2\n"
        "Derniers avis\n★★★★★ Marie L. – Un bilan qui m'a aidée."
    )
    found = survey(text)
    assert found["respondents"] == 52
    assert found["satisfaction_rate"] == pytest.approx(43 / 52, abs=1e-4)


def test_answers_to_are_you_satisfied_from_tout_a_fait_to_pas_du_tout():
    text = (
        "Réponses reçues : 33\nDans l'ensemble, êtes-vous satisfait(e) de la formation ?\n"
        "Tout à fait : 20\nPlutôt oui : 10\nPlutôt non : 2\nPas du tout : 1"
    )
    assert survey(text)["satisfaction_rate"] == pytest.approx(30 / 33, abs=1e-4)


def test_answers_down_a_tables_first_column_with_their_counts_are_one_questions_distribution():
    table = [
        ["Note", "Nombre d'avis"],
        ["★★★★★", "31"],
        ["★★★★☆", "12"],
        ["★★★☆☆", "5"],
        ["★★☆☆☆", "2"],
        ["★☆☆☆☆", "2"],
    ]
    found = survey("Vos avis\nbasé sur 52 avis vérifiés", tables=[table])
    assert found["respondents"] == 52
    assert found["satisfaction_rate"] == pytest.approx(43 / 52, abs=1e-4)


def test_answers_pooled_over_several_questions_are_no_respondents():
    # 312 questionnaires of 8 questions: the table counts 2 496 answers.
    table = [
        ["Réponse", "Nombre de réponses", "%"],
        ["Très satisfait", "1248", "50,0 %"],
        ["Satisfait", "998", "40,0 %"],
        ["Peu satisfait", "200", "8,0 %"],
        ["Pas satisfait", "50", "2,0 %"],
        ["Total réponses", "2496", "100 %"],
    ]
    text = "Toutes sessions confondues – 312 questionnaires, 8 questions\nNombre de questionnaires reçus : 312"
    found = survey(text, tables=[table])
    assert (found["respondents"], found["satisfaction_rate"]) == (312, pytest.approx(0.9, abs=1e-3))


@pytest.mark.parametrize(
    ("text", "respondents"),
    [
        ("Résultats calculés sur 1 204 questionnaires complétés (taux de réponse : 64 %).", 1204),
        ("Cette année, 2 310 stagiaires ont répondu au questionnaire.", 2310),
    ],
)
def test_a_count_with_its_thousands_grouped_is_read_whole(text, respondents):
    assert survey(text)["respondents"] == respondents


COUNTS_UNDER_A_HEADER = """Bilan des évaluations à chaud - année 2025
Critère Très satisfait Satisfait Peu satisfait Pas satisfait
Accueil et organisation 13 7 3 0
Contenu de la formation 12 8 2 1
Qualité du formateur 15 6 2 0
Commentaires : « formateur très clair »."""


def test_counts_printed_as_text_under_a_header_of_answers_are_a_distribution():
    # A scanned table read as lines: (13 + 7 + 12 + 8 + 15 + 6) satisfied answers of 69, 23 per question.
    found = survey(COUNTS_UNDER_A_HEADER)
    assert found["satisfaction_rate"] == pytest.approx(61 / 69, abs=1e-4) and found["respondents"] == 23


def test_rows_whose_numbers_are_not_one_count_per_answer_are_no_distribution():
    text = COUNTS_UNDER_A_HEADER.replace("Accueil et organisation 13 7 3 0", "Accueil et organisation 2025 13")
    assert "satisfaction_rate" not in survey(text.replace("Contenu de la formation 12 8 2 1", "Contenu 4"))
