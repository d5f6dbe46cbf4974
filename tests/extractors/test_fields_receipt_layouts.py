"""NDA receipts laid out as letters, forms and scans: organisation name, registration date, wrapped numbers."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.dates import find_dates
from schemas.extraction import PageText


def receipt(text: str) -> dict:
    return extract_fields("nda_receipt", [PageText(number=1, text=text)])


LETTER = """\
PRÉFET DE LA RÉGION GRAND EST
Service régional de contrôle
ATELIERS DU GESTE ET DU SOIN
4 impasse des Tilleuls
57000 Metz
Strasbourg, le 7 octobre 2022
Objet : votre déclaration d'activité
Monsieur le préfet de région délivre récépissé à Ateliers du Geste et du Soin (SCOP), SIRET 904 123
783 00014, pour la déclaration d'activité de prestataire de formation souscrite le
12 septembre 2022.
Cette déclaration est enregistrée sous le n° 44 57 01234 57.
"""


def test_letter_receipt_names_the_organisation_after_donne_or_delivre_recepisse():
    found = receipt(LETTER)
    assert found["organization_name"] == "Ateliers du Geste et du Soin"
    assert found["siren"] == "904123783"
    assert found["nda_number"] == "44570123457"


def test_letter_receipt_dated_by_its_place_and_date_line_gives_its_day_and_the_filing_day_apart():
    found = receipt(LETTER)
    assert (found["receipt_date"], found["declaration_filed_date"]) == ("2022-10-07", "2022-09-12")


def test_kind_of_provider_is_never_taken_for_its_name():
    text = "La déclaration d'activité de prestataire de formation déposée le 3 mai 2021 est enregistrée."
    assert "organization_name" not in receipt(text)


def test_name_wrapped_over_two_lines_of_a_sentence():
    text = (
        "Le préfet donne récépissé à Institut Régional des Métiers de la\n"
        "Mer Atlantique (association loi 1901), SIREN 904 123 783, de sa déclaration."
    )
    assert receipt(text)["organization_name"] == "Institut Régional des Métiers de la Mer Atlantique"


def test_legal_form_in_brackets_is_not_part_of_the_name():
    text = (
        "La déclaration d'activité de : CENTRE ALPIN DE SÉCURITÉ (Association loi 1901)\n"
        "SIRET : 904 123 783 00014"
    )
    assert receipt(text)["organization_name"] == "CENTRE ALPIN DE SÉCURITÉ"


@pytest.mark.parametrize(
    "text",
    [
        "Raison sociale\nHorizon Compétences Bretagne\nForme juridique SAS",
        "Dénomination Horizon Compétences Bretagne\nForme juridique SAS",  # a scan: the cell border is gone
    ],
)
def test_form_label_with_its_value_beside_or_below_without_separator(text):
    assert receipt(text)["organization_name"] == "Horizon Compétences Bretagne"


def test_siren_wrapped_at_the_end_of_a_line():
    text = "Récépissé délivré à Forma Sud (SAS), SIREN 904\n123 783, pour sa déclaration."
    assert receipt(text)["siren"] == "904123783"


def test_complete_siren_is_not_glued_to_the_next_line():
    text = "SIREN : 904 123 783\n12 rue des Lilas"
    found = receipt(text)
    assert found["siren"] == "904123783" and "siret" not in found


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Date d'enregistrement : 2023-11-30", "2023-11-30"),
        ("Reçue le 2023-10-02 ; enregistrée le 2023-11-30", "2023-11-30"),
        ("Nancy, le 2023-11-30", "2023-11-30"),
    ],
)
def test_iso_dates_of_online_receipts(text, iso):
    assert receipt(text)["declaration_date"] == iso


def test_impossible_iso_date_is_dropped():
    assert find_dates("Date : 2023-02-30") == []


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "la déclaration d'activité de prestataire de formation déposée par Atelier\n"
            "Sud – Accompagnement VAE (SIREN 904 123 783) est enregistrée sous le numéro 93 13 12345 13",
            "Atelier Sud – Accompagnement VAE",
        ),
        (
            "J'accuse réception de votre déclaration d'activité de prestataire de formation, déposée en application\n"
            "de l'article L. 6351-1 du code du travail, au nom de Parcours & Compétences Alsace, SIREN 904\n123 783.",
            "Parcours & Compétences Alsace",
        ),
        (
            "J'ai l'honneur de vous informer que la déclaration d'activité de prestataire de formation\n"
            "déposée par Atelier Lune & Compétences, SAS immatriculée sous le SIREN 123456782,\n"
            "a été enregistrée le 12 janvier 2026 sous le numéro 53 35 12345 35",
            "Atelier Lune & Compétences",
        ),
    ],
)
def test_letter_receipt_names_the_declarant_after_deposee_par_or_au_nom_de(text, name):
    assert receipt(text)["organization_name"] == name


def test_the_addressee_named_as_votre_organisme_is_no_name():
    text = "la déclaration d'activité de prestataire de formation déposée par votre organisme (SIREN 904 123 783)"
    assert "organization_name" not in receipt(text)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Fait à Dijon, le vingt-huit mars deux mille dix-neuf", "2019-03-28"),
        ("Marseille, le premier avril deux mille vingt-deux", "2022-04-01"),
        ("le trente et un décembre mille neuf cent quatre-vingt-dix-neuf", "1999-12-31"),
    ],
)
def test_dates_written_in_words(text, iso):
    assert [day.isoformat() for day in find_dates(text)] == [iso]


def test_a_year_in_words_makes_no_date_of_other_numbers():
    assert find_dates("deux mille stagiaires formés, trois sessions") == []


def test_registered_on_a_day_whose_year_ends_on_the_next_line():
    found = receipt(
        "Le préfet de la région Provence-Alpes-Côte d'Azur certifie avoir enregistré, le 9 mars\n"
        "2019, la déclaration d'activité de prestataire de formation souscrite par Horizon Langues\n"
        "Formation, SAS, SIRET 904 123 783 00014.\n"
        "Numéro de déclaration d'activité : 93.13.12345.13\n"
        "Fait à Marseille, le 2 avril 2019"
    )
    assert found["declaration_date"] == "2019-03-09"
