"""The BPF's arithmetic: frame totals found, checked and chosen between OCR readings by the sums the
form implies (frame C total = lines 1 to 11; F-1 total = lines a to e = F-3 total = F-4 total)."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from schemas.extraction import PageText


def bpf(*texts: str, tables: list | None = None) -> dict:
    pages = [PageText(number=i, text=t) for i, t in enumerate(texts, start=1)]
    if tables:
        pages.append(PageText(number=len(pages) + 1, text="", tables=tables))
    return extract_fields("bpf", pages)


def frame_c(total_line: str, line_1: str = "52 760 €") -> str:
    """Frame C whose lines add up to 131 900 €, line 2 with its sub-lines and its own total."""
    return (
        "C. Bilan financier hors taxes : origine des produits de l'organisme\n"
        "Produits provenant :\n"
        f"1. des entreprises pour la formation de leurs salariés ........ {line_1}\n"
        "2. des organismes gestionnaires des fonds de la formation professionnelle pour des actions dispensées :\n"
        "   e. du compte personnel de formation ........ 39 355 €\n"
        "   h. du plan de développement des compétences ou d'autres dispositifs ........ 20 000 €\n"
        "   Total des produits provenant des organismes gestionnaires des fonds de la formation ........ 59 355 €\n"
        "9. de contrats conclus avec des personnes à titre individuel et à leurs frais ........ 19 785 €\n"
        f"{total_line}\n"
        "Part du chiffre d'affaires global réalisée dans le domaine de la formation professionnelle (en %) : 100\n"
        "D. Bilan financier hors taxes : charges de l'organisme\n"
        "Total des charges de l'organisme liées à l'activité de formation : 88 000 €\n"
    )


F1_LINES = (
    "F-1. Type de stagiaires de l'organisme\n"
    "Nombre de stagiaires   Nombre total d'heures de formation suivies\n"
    "a. Salariés d'employeurs privés hors apprentis   190   1 760\n"
    "b. Apprentis   12   840\n"
    "c. Personnes en recherche d'emploi formées par votre organisme de formation   12   520\n"
    "d. Particuliers à leurs propres frais formés par votre organisme de formation   0   0\n"
    "e. Autres stagiaires   0   0\n"
)


def frame_f(f1_total_line: str, f3_total: str = "214   3 120", f4_total: str = "214   3 120") -> str:
    """Frames F-1 (lines adding up to 214 trainees, 3 120 heures-stagiaires), F-2, F-3 and F-4."""
    return (
        F1_LINES
        + f"{f1_total_line}\n"
        + "dont stagiaires ayant suivi une action en tout ou partie à distance : 42\n"
        "F-2. Dont activité sous-traitée de l'organisme\n"
        "Formations confiées par votre organisme à un autre organisme de formation   0   0\n"
        "Total (2)   0   0\n"
        "F-3. Objectif général des prestations dispensées\n"
        "a. Formations visant un diplôme ou un titre enregistré au RNCP   12   840\n"
        "dont de niveau 4   12   840\n"
        "d. Autres formations professionnelles   202   2 280\n"
        f"Total (3)   {f3_total}\n"
        "F-4. Spécialités de formation\n"
        "315 - Ressources humaines, gestion du personnel, gestion de l'emploi   108   1 640\n"
        "326 - Informatique, traitement de l'information, réseaux de transmission   106   1 480\n"
        f"Total (4)   {f4_total}\n"
        "G. Bilan pédagogique : stagiaires dont la formation a été confiée à votre organisme\n"
        "Total (5)   0   0\n"
    )


ALL_HELD = {
    "arithmetic_trainee_lines": "held",
    "arithmetic_objectives_total": "held",
    "arithmetic_specialities_total": "held",
}


def trainees(found: dict) -> tuple:
    return found.get("trainees_total"), found.get("training_hours_total")


# --- F-1 total whatever its label -----------------------------------------------------------------


@pytest.mark.parametrize(
    "total_line",
    [
        "Total (1)   214   3 120",
        "Total (a+b+c+d+e)   214   3 120",
        "TOTAL   214   3 120",
        "Total F-1   214   3 120",
        "Total F-1 214 3 120",
        "Total des stagiaires   214   3 120",
        "                214       3 120",
        "214 3 120",
    ],
)
def test_f1_total_is_found_whatever_its_label(total_line):
    found = bpf(frame_f(total_line))
    assert trainees(found) == (214, 3120.0)
    assert {k: found[k] for k in ALL_HELD} == ALL_HELD


def test_f1_total_without_any_row_is_the_sum_of_its_lines_when_f3_agrees():
    found = bpf(frame_f(""))
    assert trainees(found) == (214, 3120.0)
    assert found["arithmetic_trainee_lines"] == "not_made"
    assert found["arithmetic_objectives_total"] == "held"


def test_trainees_at_distance_are_a_part_not_a_line():
    at_distance = "Stagiaires ayant suivi une action en tout ou partie à distance   42   1 260\n"
    found = bpf(frame_f("Total (1)   214   3 120").replace("e. Autres stagiaires   0   0\n", at_distance))
    assert trainees(found) == (214, 3120.0)
    assert found["arithmetic_trainee_lines"] == "held"


def test_column_header_saying_total_is_not_the_total_row():
    # « Nombre total d'heures » heads a column; the total row is the unlabelled one below the lines.
    found = bpf(frame_f("   214   3 120"))
    assert trainees(found) == (214, 3120.0)
    assert found["arithmetic_trainee_lines"] == "held"


def test_unlabelled_f1_total_in_table_cells():
    head = ["", "Nombre de stagiaires", "Nombre total d'heures de formation suivies"]
    table = [
        ["F-1. Type de stagiaires de l'organisme", "", ""],
        head,
        ["a. Salariés d'employeurs privés hors apprentis", "190", "1 760"],
        ["b. Apprentis", "12", "840"],
        ["c. Personnes en recherche d'emploi", "12", "520"],
        ["", "214", "3 120"],
        ["F-2. Dont activité sous-traitée de l'organisme", "", ""],
    ]
    found = bpf("", tables=[table])
    assert trainees(found) == (214, 3120.0)
    assert found["arithmetic_trainee_lines"] == "held"


def test_speciality_code_in_a_cell_of_its_own_is_not_a_value():
    head = ["", "", "Nombre de stagiaires", "Nombre total d'heures de formation suivies"]
    table = [
        ["F-4. Spécialités de formation", "", "", ""],
        head,
        ["315", "", "108", "1 640"],
        ["326", "", "106", "1 480"],
        ["", "", "214", "3 120"],  # unlabelled: found only if the rows above are read right
    ]
    found = bpf(frame_f("Total (1)   214   3 120", f4_total="").split("F-4.")[0], tables=[table])
    assert found["arithmetic_specialities_total"] == "held"


def test_f1_total_is_the_reading_its_lines_add_up_to():
    # « 1 214 3 120 » reads 1 214 | 3 120 or 1 | 214 3 120...: only 1 214 trainees and 3 120 hours add up.
    lines = F1_LINES.replace("190   1 760", "1 190   1 760")
    found = bpf(lines + "Total (1) 1 214 3 120\nF-2. Dont activité sous-traitée de l'organisme\n")
    assert trainees(found) == (1214, 3120.0)
    assert found["arithmetic_trainee_lines"] == "held"


# --- frame C ----------------------------------------------------------------------------------------

TOTAL_C = "Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11)"


@pytest.mark.parametrize(
    "total_line",
    [
        f"{TOTAL_C} ........ 131 900 €",
        f"{TOTAL_C}\n131 900 €",
        "TOTAL ........ 131 900 €",
        "Total (lignes 1 à 11) ........ 131 900 €",
        "                      131 900 €",
    ],
)
def test_frame_c_total_is_found_and_checked(total_line):
    found = bpf(frame_c(total_line))
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


@pytest.mark.parametrize("total", ["0 €", "5 €", "19 000 €"])
def test_a_total_smaller_than_one_of_its_rows_is_no_total(total):
    # « 131 900 » lost its digits on a scan: a total below a line of its frame cannot be theirs.
    found = bpf(frame_c(f"{TOTAL_C} ........ {total}"))
    assert "total_revenue_eur" not in found
    assert found["arithmetic_revenue_lines"] == "failed"
    assert found["revenue_lines_sum_eur"] == 131900.0


def test_an_f1_total_below_one_of_its_lines_is_no_total():
    # F-3 and F-4 confirm what F-1's lines add up to: that is the total.
    assert trainees(bpf(frame_f("Total (1)   14   176"))) == (214, 3120.0)
    # Nothing confirms them: no total.
    alone = bpf(frame_f("Total (1)   14   176", f3_total="", f4_total=""))
    assert trainees(alone) == (None, None)


@pytest.mark.parametrize(
    ("heading", "total_label"),
    [
        ("Cadre C - Produits de la formation", "TOTAL"),
        ("C - Produits (HT)", "Total C"),
        ("PRODUITS (HT)\nLigne | Produits provenant de | Montant HT (€)", "Total général"),
        ("Origine des produits", "TOTAL (lignes 1 à 11)"),
    ],
)
def test_frame_c_retyped_in_a_spreadsheet_is_found_by_its_heading(heading, total_label):
    # Organisations retype the form in a spreadsheet: a frame heading of their own, a first column
    # numbering the lines, a total row labelled in a few words.
    rows = [("1", "des entreprises pour la formation de leurs salariés", "52760"),
            ("2.e", "du compte personnel de formation", "39355"),
            ("2.h", "du plan de développement des compétences", "20000"),
            ("9", "de contrats conclus avec des personnes à titre individuel", "19785"),
            ("", total_label, "131900")]
    text = "\n".join([heading, *(" | ".join(row) for row in rows), "D. Charges de l'organisme", "Total des charges | 88000"])
    found = bpf(text)
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


@pytest.mark.parametrize(
    "line_2",
    [
        "2. des organismes gestionnaires des fonds de la formation ........ 59 355 €",  # numbered, above its sub-lines
        "Total des produits provenant des organismes gestionnaires des fonds\n59 355 €",  # value under a wrapped label
    ],
)
def test_a_line_totalling_its_sub_lines_is_not_added_twice(line_2):
    # Line 2 printed with the total of 2.e and 2.h and a total row labelled in the organisation's words.
    text = (
        "C. Bilan financier hors taxes : origine des produits de l'organisme\n"
        "1. des entreprises pour la formation de leurs salariés ........ 52 760 €\n"
        f"{line_2}\n"
        "2.e du compte personnel de formation ........ 39 355 €\n"
        "2.h du plan de développement des compétences ........ 20 000 €\n"
        "9. de contrats conclus avec des personnes à titre individuel ........ 19 785 €\n"
        "Total général de l'exercice ........ 131 900 €\n"
        "D. Bilan financier hors taxes : charges de l'organisme\n"
    )
    found = bpf(text)
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_frame_c_in_cells_with_line_numbers_and_remarks():
    # A retyped form: label | line number | amount | remark. Neither the line's number nor the remark
    # is the amount.
    rows = [
        ("des entreprises pour la formation de leurs salariés", "1", "52760", "OK"),
        ("e. du compte personnel de formation", "2e", "39355", ""),
        ("h. du plan de développement des compétences", "2h", "20000", "voir annexe"),
        ("de contrats conclus avec des personnes à titre individuel", "9", "19785", "OK"),
        ("Total général (lignes 1 à 11)", "", "131900", "HT"),
    ]
    text = "\n".join(["Origine des produits", *("\t".join(row) for row in rows), "Total des charges\t88000"])
    found = bpf(text)
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_no_total_when_frame_c_has_none_line_2_subtotal_is_not_it():
    found = bpf(frame_c(""))
    assert "total_revenue_eur" not in found
    assert found["arithmetic_revenue_lines"] == "not_made"


# --- scans: digit groups split by OCR ----------------------------------------------------------------


def test_split_digit_groups_of_the_total_are_joined_when_the_lines_add_up_to_it():
    # OCR opened a cell gap inside « 131 900 »: read alone, the last group (900 €) would be the total.
    found = bpf(frame_c(f"{TOTAL_C}  131    900 €"))
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_split_digit_groups_of_a_line_are_joined_when_the_total_needs_them():
    found = bpf(frame_c(f"{TOTAL_C} ........ 131 900 €", line_1="52     760 €"))
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_scan_like_form_with_ocr_letters_and_split_groups():
    text = frame_c("Tota1 des produits réa1isés au titre de la formation professionne1le 131   9OO €").replace(
        "19 785 €", "l9 785 €"
    ) + frame_f("Tota1 (l)   2l4   3 l20")
    found = bpf(text)
    assert (found["total_revenue_eur"], *trainees(found)) == (131900.0, 214, 3120.0)
    assert found["arithmetic_revenue_lines"] == found["arithmetic_trainee_lines"] == "held"


def test_a_dash_read_as_a_lone_digit_does_not_contradict_the_total():
    text = frame_c(f"{TOTAL_C} ........ 131 900 €").replace(
        "9. de contrats", "7. France travail (ex Pôle emploi) 5\n8. Autres ressources publiques -\n9. de contrats"
    )
    found = bpf(text)
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_a_mark_read_as_a_leading_digit_of_the_total_gives_way_to_the_lines():
    # A cell border before the amount read as « 1 »: 1 131 900 where the lines add up to 131 900.
    found = bpf(frame_c(f"{TOTAL_C} 1 131 900 €"))
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "held"


def test_a_leading_digit_is_not_dropped_when_the_lines_do_not_confirm_it():
    found = bpf(frame_c(f"{TOTAL_C} 1 231 900 €"))
    assert found["total_revenue_eur"] == 1231900.0
    assert found["arithmetic_revenue_lines"] == "failed"


def test_rows_of_a_scanned_ruled_table_keep_their_numbers():
    # OCR reads a ruled table's vertical borders as « | »; the total row's numbers were lost, and the
    # lines' sum stands in because frame F-3 prints the same total.
    ruled = (
        "F-1. Type de stagiaires de l'organisme\n"
        "| Nombre de stagiaires | Nombre total d'heures de formation suivies |\n"
        "| a. Salariés d'employeurs privés hors apprentis | 190 | 1 760 |\n"
        "| b. Apprentis | 12 | 840 |\n"
        "| c. Personnes en recherche d'emploi formées par votre organisme de formation | 12 | 520 |\n"
        "| d. Particuliers à leurs propres frais formés par votre organisme de formation | 0 | 0 |\n"
        "| e. Autres stagiaires | 0 | 0 |\n"
    )
    found = bpf(frame_f("Total (1) ] (]").replace(F1_LINES, ruled))
    assert trainees(found) == (214, 3120.0)
    assert found["arithmetic_objectives_total"] == "held"


def test_a_total_label_without_numbers_takes_none_from_the_lines_below():
    # No frame heading was read, and OCR lost the total's numbers: the numbers on the next lines
    # belong to another row, unchecked by any sum.
    found = bpf("Total (1)\nTotal (2) 1 7\nTotal (3) 2 0\n")
    assert "trainees_total" not in found


# --- disagreements are recorded, not hidden ----------------------------------------------------------


def test_frame_c_total_contradicted_by_its_lines_is_flagged():
    found = bpf(frame_c(f"{TOTAL_C} ........ 141 900 €"))
    assert found["total_revenue_eur"] == 141900.0
    assert found["arithmetic_revenue_lines"] == "failed"
    assert found["revenue_lines_sum_eur"] == 131900.0


def test_f1_total_contradicted_by_its_lines_and_by_f3_is_flagged():
    found = bpf(frame_f("Total (1)   224   3 120", f4_total="224   3 120"))
    assert trainees(found) == (224, 3120.0)
    assert found["arithmetic_trainee_lines"] == "failed"
    assert found["arithmetic_objectives_total"] == "failed"
    assert found["arithmetic_specialities_total"] == "held"


def test_checks_not_made_without_frames():
    found = bpf("Total des produits réalisés au titre de la formation professionnelle : 27 650 €\nTotal (1) 58 412")
    assert (found["total_revenue_eur"], *trainees(found)) == (27650.0, 58, 412.0)
    assert {v for k, v in found.items() if k.startswith("arithmetic_")} == {"not_made"}


def test_a_total_read_as_one_of_its_rows_gives_way_to_their_sum():
    # OCR's reading order gave the total row the value of line 9 (19 785 €): no total of several
    # non-zero lines can equal one of them.
    found = bpf(frame_c(f"{TOTAL_C}\n19 785 €"))
    assert found["total_revenue_eur"] == 131900.0
    assert found["arithmetic_revenue_lines"] == "failed"


def test_f1_total_takes_the_reading_frames_f3_and_f4_confirm():
    # Line a's « 132 » misread « 152 »: of « 132 1 848 » only 1 | 848 is what line a adds up to, but
    # F-3 and F-4, each confirmed by its own lines, total 132 trainees and 1 848 hours.
    text = (
        "F-1. Type de stagiaires de l'organisme\n"
        "a. Salariés d'employeurs privés hors apprentis 152 1 848\n"
        "Total (1) 132 1 848\n"
        "F-3. Objectif général des prestations dispensées\n"
        "d. Autres formations professionnelles 132 1 848\n"
        "Total (3) 132 1 848\n"
        "F-4. Spécialités de formation\n"
        "413 - Développement des capacités comportementales et relationnelles 132 1 848\n"
        "Total (4) 132 1 848\n"
    )
    found = bpf(text)
    assert trainees(found) == (132, 1848.0)
    assert found["arithmetic_trainee_lines"] == "failed"
    assert found["arithmetic_objectives_total"] == found["arithmetic_specialities_total"] == "held"


# --- frames printed with more columns of values than the form's -----------------------------------

PERIOD = "Exercice comptable du 01/01/2025 au 31/12/2025\n"


def frame_c_two_columns(heading: str, current_first: bool = True) -> str:
    """Frame C with the fiscal year's amounts (total 131 900,00) beside other ones (total 120 000,00)."""
    rows = [
        ("1. des entreprises pour la formation de leurs salariés", "52 760,00 €", "50 000,00 €"),
        ("2.e. du compte personnel de formation", "39 355,00 €", "40 000,00 €"),
        ("2.h. du plan de développement des compétences", "20 000,00 €", "10 000,00 €"),
        ("9. de contrats conclus avec des personnes à titre individuel", "19 785,00 €", "20 000,00 €"),
        (TOTAL_C, "131 900,00 €", "120 000,00 €"),
    ]
    lines = [
        f"{label} {current if current_first else other} {other if current_first else current}"
        for label, current, other in rows
    ]
    return (
        PERIOD
        + f"C. Bilan financier hors taxes : origine des produits de l'organisme {heading}\n"
        + "\n".join(lines)
        + "\nPart du chiffre d'affaires global réalisée dans le domaine de la formation professionnelle (en %) : 100\n"
    )


@pytest.mark.parametrize(
    ("heading", "current_first"),
    [
        ("Exercice 2025 Exercice 2024", True),
        ("Exercice 2024 Exercice 2025", False),
        ("Montant déclaré Montant rectifié", False),
    ],
)
def test_frame_c_with_another_years_or_a_corrected_column_is_read_in_the_years_or_the_corrected_one(
    heading, current_first
):
    found = bpf(frame_c_two_columns(heading, current_first))
    assert (found["total_revenue_eur"], found["arithmetic_revenue_lines"]) == (131900.0, "held")


def test_frame_c_with_two_columns_nothing_tells_apart_gives_no_revenue():
    found = bpf(frame_c_two_columns("Montant Montant"))
    assert "total_revenue_eur" not in found and found["arithmetic_revenue_lines"] == "not_made"


def test_f1_under_headings_naming_the_previous_year_gives_no_trainees():
    headings = "Nombre de stagiaires   Nombre total d'heures de formation suivies\n"
    previous = F1_LINES.replace(headings, headings + "Stagiaires N   Heures N   Stagiaires N-1   Heures N-1\n")
    found = bpf(PERIOD + previous + "Total (1)   214   3 120   198   2 960\n")
    assert trainees(found) == (None, None)


def test_frame_headings_naming_the_fiscal_year_leave_the_frame_read():
    frame = frame_c(TOTAL_C + " ........ 131 900 €")
    found = bpf(PERIOD + frame.replace("origine des produits de l'organisme", "produits de l'exercice 2025"))
    assert found["total_revenue_eur"] == 131900.0


# A return retyped by a tool, each frame named in brackets after its heading, hours to the cent.
FRAMES_NAMED_IN_BRACKETS = """Bilan pédagogique et financier – exercice 2025
Origine des produits (cadre C)
Ligne Nature Montant HT
1 des entreprises pour la formation de leurs salariés 42 300,00 €
3 de contrats conclus avec d’autres organismes de formation 8 000,00 €
TOTAL 50 300,00 €
Stagiaires (cadre F-1)
Type Stagiaires Heures-stagiaires
a. Salariés d’employeurs privés hors apprentis 212 1 484,00
b. Apprentis 0 0,00
c. Personnes en recherche d’emploi formées par votre organisme 18 252,00
d. Particuliers à leurs propres frais formés par votre organisme 11 77,00
e. Autres stagiaires 4 28,00
TOTAL 245 1 841,00
Objectif général (cadre F-3)
Objectif Stagiaires Heures
Formations visant une certification RS 120 900,00
Autres formations professionnelles 125 941,00
TOTAL 245 1 841,00
"""


def test_frames_named_in_brackets_after_their_headings_are_read_and_checked():
    found = bpf(FRAMES_NAMED_IN_BRACKETS)
    assert (found["total_revenue_eur"], found["trainees_total"], found["training_hours_total"]) == (50300.0, 245, 1841.0)
    assert found["arithmetic_trainee_lines"] == found["arithmetic_objectives_total"] == "held"
