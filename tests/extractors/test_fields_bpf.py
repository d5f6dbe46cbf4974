"""BPF fields on text layers, table rows and OCR'd text."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from schemas.extraction import PageText

NBSP, THIN, NNBSP = "\u00a0", "\u2009", "\u202f"


def bpf(*texts: str, tables: list | None = None) -> dict:
    pages = [PageText(number=i, text=t) for i, t in enumerate(texts, start=1)]
    if tables:
        pages.append(PageText(number=len(pages) + 1, text="", tables=tables))
    return extract_fields("bpf", pages)


# --- fiscal year ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, year",
    [
        ("Exercice comptable du 01/01/2025 au 31/12/2025", 2025),
        ("Exercice comptable du 01/07/2024 au 30/06/2025", 2025),
        ("Cadre B : Exercice comptable du 1er octobre 2024 au 30 septembre 2025", 2025),
        ("Exercice comptable\tdu 01/04/2025\tau 31/03/2026", 2026),
        ("Période de l'exercice : du 1er janvier 2024 au 31 décembre 2024", 2024),
        ("Exercice comptab1e du 0l/0l/2025 au 3l/l2/2025", 2025),
        ("Exercice comptable :\ndu 01/01/2023 au 31/12/2023", 2023),
        ("Exercice clos le 31/12/2024", 2024),
        ("Exercice 2025", 2025),
        # the online service's header: the year named, then the day the form was sent
        ("Exercice 2025 — Déclaration transmise le 12/03/2026\nN° de déclaration d'activité 84691234569", 2025),
        ("Exercice 2024/2025 du 01/07/2024 au 30/06/2025", 2025),
    ],
)
def test_fiscal_year_is_the_year_of_the_end_date(line, year):
    assert bpf(line)["fiscal_year"] == year


def test_no_fiscal_year_without_a_period():
    assert "fiscal_year" not in bpf("Bilan pédagogique et financier\nArrêté du 6 juin 2019")


# --- total revenue ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, amount",
    [
        (
            "Total des produits réalisés au titre de la formation professionnelle\n"
            "(total des lignes 1 à 11) ...................................... 182 340 €",
            182340.0,
        ),
        (
            f"Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11) 182{NNBSP}340,00{NBSP}€",
            182340.0,
        ),
        (f"Total des produits réalisés au titre de la formation professionnelle : 182{THIN}340 €", 182340.0),
        ("Total des produits réalisés au titre de la formation professionnelle\t27 650", 27650.0),
        (
            "Tota1 des produits réa1isés au titre de la formation professionne1le (tota1 des lignes 1 à 11) 1 204 8OO,OO €",
            1204800.0,
        ),
        (
            "Total des produits realises au titre de la formation\nprofessionnelle (total des lignes 1 a 11) ......... 2 310 455 €",
            2310455.0,
        ),
        (
            "TOTAL DES PRODUITS RÉALISÉS AU TITRE DE LA FORMATION PROFESSIONNELLE (TOTAL DES LIGNES 1 À 11) 182.340",
            182340.0,
        ),
        ("Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11) : 0 €", 0.0),
        (
            "Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11)\n96 120,50",
            96120.5,
        ),
    ],
)
def test_total_revenue_in_text_layers_and_ocr(text, amount):
    assert bpf(text)["total_revenue_eur"] == amount


def test_total_revenue_by_its_rows_reference_when_ocr_garbled_the_word_total():
    text = (
        "Cadre C — Origine des produits (hors taxes)\nProduits provenant\n"
        "6b du compte personnel de formation 12 000\n"
        "[Tofal des produits provenant des organismes gestionnaires des fonds de la formation 8 400|\n"
        "_[Tofai des produits (lignes 1 à 11) 38 900\n"
        "Total des charges liées à l'activité de formation 21 000"
    )
    assert bpf(text)["total_revenue_eur"] == 38900.0


def test_total_revenue_is_not_the_line_2_subtotal_nor_the_share_of_turnover():
    text = (
        "Total des produits provenant des organismes gestionnaires des fonds de la formation ... 79 720 €\n"
        "Total des produits réalisés au titre de la formation professionnelle\n"
        "(total des lignes 1 à 11)\n"
        "Part du chiffre d'affaires global réalisée dans le domaine de la formation professionnelle (en %) : 100"
    )
    assert "total_revenue_eur" not in bpf(text)


def test_total_revenue_from_table_rows():
    table = [
        ["Ligne", "Libellé", "Montant"],
        ["2", "Total des produits provenant des organismes gestionnaires des fonds", "79 720"],
        [
            "",
            "Total des produits réalisés au titre de la formation professionnelle (total des lignes 1 à 11)",
            "182 340",
        ],
    ]
    assert bpf("", tables=[table])["total_revenue_eur"] == 182340.0


# --- frame F-1 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, trainees, hours",
    [
        ("Total (1) 214 3 120", 214, 3120.0),
        ("Total (1)   214   3 120", 214, 3120.0),
        ("Total (1)\t214\t3120", 214, 3120.0),
        ("Total (1) 1 130 22 950", 1130, 22950.0),
        ("Tota1 (1) 1 130 22 95O", 1130, 22950.0),
        ("Total (l) ..... 2 045 ...... 31 870,5", 2045, 31870.5),
        (f"TOTAL (1) 58{NBSP}412", 58, 412.0),
        ("Total (1) (a+b+c+d+e) 96 1 344", 96, 1344.0),
        ("Total (1) :\n214 3 120", 214, 3120.0),
        ("Total (1) : 0 stagiaire, 0 heure", 0, 0.0),
    ],
)
def test_trainees_and_hours_from_total_1(line, trainees, hours):
    found = bpf(line)
    assert (found["trainees_total"], found["training_hours_total"]) == (trainees, hours)


def test_total_1_from_table_row():
    table = [["Type de stagiaires", "Nombre de stagiaires", "Nombre d'heures"], ["Total (1)", "214", "3 120"]]
    found = bpf("", tables=[table])
    assert (found["trainees_total"], found["training_hours_total"]) == (214, 3120.0)


def test_other_totals_are_not_total_1():
    found = bpf("Total (2) 12 96\nTotal (3) 214 3 120\nTotal des lignes 1 à 11 : 5")
    assert "trainees_total" not in found


# --- extras and a whole form ------------------------------------------------------------------

PAGE_1 = """BILAN PÉDAGOGIQUE ET FINANCIER                     N° 10443*17
A. Identification de l'organisme
Numéro de déclaration : 84 69 12345 69          Forme juridique : SAS
N° SIRET : 904 123 783 00014        Code NAF : 8559A
Dénomination : FORMATIONS RHÔNE CONSEIL
B. Informations générales
Exercice comptable du 01/01/2025 au 31/12/2025
C. Bilan financier hors taxes : origine des produits de l'organisme
1. des entreprises pour la formation de leurs salariés ........ 96 120 €
   a. des contrats d'apprentissage ........................ 12 000 €
   h. du plan de développement des compétences ou d'autres dispositifs  36 320 €
   Total des produits provenant des organismes gestionnaires ... 48 320 €
9. de contrats conclus avec des personnes à titre individuel et à leurs frais  37 900 €
Total des produits réalisés au titre de la formation professionnelle
(total des lignes 1 à 11) ...................................... 182 340 €
"""
PAGE_2 = """F-1. Type de stagiaires de l'organisme
a. Salariés d'employeurs privés hors apprentis   190   1 760
b. Apprentis   12   840
c. Personnes en recherche d'emploi formées par votre organisme de formation   12   520
Total (1)   214   3 120
"""


def test_whole_form_over_two_pages():
    assert bpf(PAGE_1, PAGE_2) == {
        "fiscal_year": 2025,
        "total_revenue_eur": 182340.0,
        "trainees_total": 214,
        "training_hours_total": 3120.0,
        "nda_number": "84691234569",
        "siren": "904123783",
        "siren_valid": True,
        "siret": "90412378300014",
        "siret_valid": True,
        "organization_name": "FORMATIONS RHÔNE CONSEIL",
        "apprentices": 12,
        "apprenticeship_revenue_eur": 12000.0,
        "arithmetic_revenue_lines": "held",
        "arithmetic_trainee_lines": "held",
        "arithmetic_objectives_total": "not_made",
        "arithmetic_specialities_total": "not_made",
    }


def test_no_trainee_beside_training_revenue_is_a_misreading_left_out():
    page_2 = PAGE_2.replace("214   3 120", "0   0").replace("190   1 760", "0   0").replace("12   840", "0   0")
    found = bpf(PAGE_1, page_2.replace("12   520", "0   0"))
    assert found["total_revenue_eur"] == 182340.0
    assert "trainees_total" not in found and "training_hours_total" not in found


def test_the_online_services_frame_named_cadre_f1_with_hours_to_the_cent():
    text = (
        "Cadre F-1 — Stagiaires par type\nType Stagiaires Heures-stagiaires\n"
        "a. Salariés d'employeurs privés 12 300,00\ne. Autres stagiaires 8 162,00\nTotal F-1 20 462,00\n"
        "Cadre F-3 — Objectif général\nTotal F-3 20 462,00"
    )
    found = bpf(text)
    assert (found["trainees_total"], found["training_hours_total"]) == (20, 462.0)
    assert found["arithmetic_trainee_lines"] == "held"


def test_fields_are_left_out_when_absent():
    found = bpf("Bilan pédagogique et financier\nDocument incomplet, à compléter.")
    for key in ("fiscal_year", "total_revenue_eur", "trainees_total", "training_hours_total", "apprentices"):
        assert key not in found
