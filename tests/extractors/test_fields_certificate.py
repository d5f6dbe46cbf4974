"""Fields of the organisation's Qualiopi certificate: number, certifier, validity, categories, identity
(each corpus layout's fields are in `test_classify_corpus/expected_fields.yaml`)."""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.fields import extract_fields
from extractors.fields.certificate import certificate_fields
from extractors.fields.lines import Line
from extractors.records import to_record
from schemas import Limits
from schemas.extraction import PageText
from tests.extractors.certificate_layouts import ORGANISATION_SIREN, STATEMENT
from tests.extractors.conftest import write_text_pdf


def fields(text: str) -> dict:
    return extract_fields("qualiopi_certificate", [PageText(number=1, text=text)])


def test_the_certifiers_own_siret_is_not_the_organisations():
    got = fields(STATEMENT)
    assert got["siren"] == ORGANISATION_SIREN and "siret" not in got


# --- certificate number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Certificat n° 2024-118", "2024-118"),
        ("CERTIFICAT\nNuméro : AB 5521", "AB 5521"),
        ("N° de certificat : CQ/778/2025", "CQ/778/2025"),
        # A code whose letters come first and run long, a number mark alone before the next line,
        # and the English wording.
        ("Numéro de certificat : FR-QUALIOPI-2025-0456", "FR-QUALIOPI-2025-0456"),
        ("CERTIFICAT N°\n2024-QLP-1187", "2024-QLP-1187"),
        ("Certificate No. 12345-QUA", "12345-QUA"),
        # What a phone photo makes of them: an ornament read as letters, a space read as a comma.
        ("D CERTIFICAT e\nN° RNQ 3836\nNous certifions par la présente", "RNQ 3836"),
        ("CERTIFICAT,QUA008437", "QUA008437"),
        # A scan's table border between the label and the code.
        ("Certificat N° | QT-25-0187", "QT-25-0187"),
    ],
)
def test_certificate_number(text, expected):
    assert fields(text)["certificate_number"] == expected


@pytest.mark.parametrize(
    "text", ["Certificat du 12/03/2024", "Certificat délivré le 12 mars 2024 à FORMA SUD", "CERTIFICAT\nQUALIOPI"]
)
def test_no_certificate_number_from_a_date_or_a_word(text):
    assert "certificate_number" not in fields(text)


@pytest.mark.parametrize(
    "text", ["Le présent certificat est délivré sous réserve des audits.", "Certificat du 12/03/2024"]
)
def test_no_certificate_number_without_a_code_after_the_label(text):
    assert "certificate_number" not in fields(text)


# --- certifier ----------------------------------------------------------------------------------


def test_certifier_named_once_by_its_role_only_is_not_reported():
    text = "Nous certifions que l'entreprise ci-dessous respecte le référentiel.\nLe président de Qualinord"
    assert "certifier" not in fields(text)


@pytest.mark.parametrize(
    "text",
    [
        "L'organisme certificateur atteste que l'entreprise respecte le référentiel.",
        "Nous certifions par la présente que la société X respecte le référentiel.",
    ],
)
def test_a_pronoun_or_a_kind_of_body_is_not_a_certifier(text):
    assert "certifier" not in fields(text)


FOOTER_SIGNED = """CERTIFICAT QX-4410
Certification qualité des prestataires d'actions concourant au développement des compétences
Atelier Lumière Formation — SIREN 123 456 782
Valide du 2 mars 2025 au 1er mars 2028
Accréditation Cofrac n° 5-0001 — portée disponible sur www.cofrac.fr
Vérifier ce certificat : www.{domain}.fr
{certifier} — 4 rue des Tanneurs, 67000 Strasbourg"""


@pytest.mark.parametrize(
    ("certifier", "domain"),
    [
        ("Vega Audit Qualité", "vega-audit"),
        ("Vega Audit Qualité", "vegaaudit"),
        ("Orbis Certification", "orbis"),
        ("Cert'Alpes Audit", "certalpes-audit"),
        ("Cert'Alpes Audit", "cert-alpes"),
    ],
)
def test_a_footer_body_whose_name_the_certificates_domain_spells_is_the_certifier(certifier, domain):
    assert fields(FOOTER_SIGNED.format(certifier=certifier, domain=domain))["certifier"] == certifier


def test_a_footer_body_the_domain_does_not_name_is_not_the_certifier():
    # Neither the accreditation body nor the organisation: only a name the verification domain spells.
    assert "certifier" not in fields(FOOTER_SIGNED.format(certifier="Vega Audit Qualité", domain="verif-qualite"))


@pytest.mark.parametrize(
    "line",
    [
        "Pour Certinorm Certification, la Présidente",
        "‘Pour Certinorm Certification, la responsable de la certification",
        "Certinorm Certification – accréditation COFRAC n° 5-0612 – www.cofrac.fr",
    ],
)
def test_a_body_signing_or_accredited_and_printed_twice_is_the_certifier(line):
    text = f"Certinorm Certification\nNous certifions que le prestataire\nFORMA SUD\n{line}"
    assert fields(text)["certifier"] == "Certinorm Certification"


@pytest.mark.parametrize(
    "line",
    [
        "Délivré par Certinorm Qualité Formation, organisme certificateur accrédité par le COFRAC (accréditation",
        "Organisme certificateur : Certinorm Qualité Formation (accréditation COFRAC n° 5-0612)",
        # The certifying verb on the next line, after the accreditation's parenthesis.
        "Certinorm Qualité Formation, organisme certificateur accrédité par le COFRAC sous le n° 5-0612\n"
        "(portée disponible sur www.cofrac.fr), certifie que le prestataire d'actions concourant au",
    ],
)
def test_a_body_named_as_the_certifier_in_so_many_words_needs_one_printing(line):
    text = f"Certificat n° CQ-2025-0412\n{line}\nTitulaire FORMA SUD"
    assert fields(text)["certifier"] == "Certinorm Qualité Formation"


def test_a_signature_naming_a_body_printed_once_is_not_the_certifier():
    assert "certifier" not in fields("Nous certifions que le prestataire\nPour Certinorm Certification, la Présidente")


# --- validity -----------------------------------------------------------------------------------


def test_the_first_certification_of_the_cycle_is_not_the_start():
    text = "Date de certification initiale : 05/05/2021\nFin de validité : 04/05/2027"
    got = fields(text)
    assert got.get("valid_until") == "2027-05-04" and "valid_from" not in got


@pytest.mark.parametrize(
    "start_line",
    [
        "Date de certification : 12/02/2025",
        "Date de décision de certification : 12 février 2025",
        "Date de la décision : 12/02/2025",
    ],
)
def test_the_certification_decision_dates_the_certificate(start_line):
    text = f"Date de certification initiale : 05/05/2019\n{start_line}\nDate d'expiration : 11/02/2028"
    got = fields(text)
    assert (got.get("valid_from"), got.get("valid_until")) == ("2025-02-12", "2028-02-11")


def test_an_end_before_the_start_is_a_misreading():
    got = fields("Début de validité : 01/06/2026\nFin de validité : 01/06/2025")
    assert "valid_from" not in got and "valid_until" not in got


def test_a_span_longer_than_a_certification_cycle_is_a_misreading():
    got = fields("Début de validité : 01/06/2020\nFin de validité : 31/05/2027")
    assert "valid_from" not in got and "valid_until" not in got


def test_an_issue_date_that_does_not_fit_the_end_is_dropped_and_the_end_kept():
    got = fields("Fait à Nantes le 2 janvier 2019\nDate de fin de validité : 4 novembre 2027")
    assert got.get("valid_until") == "2027-11-04" and "valid_from" not in got


def test_a_date_far_from_its_label_is_not_read():
    text = "Ce certificat demeure en vigueur jusqu'à sa fin de validité sauf décision contraire du comité\n01/01/2026"
    assert "valid_until" not in fields(text)


def test_a_row_of_labels_over_a_row_of_values_is_read_by_its_cells():
    header, values = (
        "Numéro de certificat\tDébut de validité\tFin de validité",
        "QT-FR-2025-01234\t2025-03-01\t2028-02-28",
    )
    lines = [
        Line(1, header.replace("\t", " ")),
        Line(1, values.replace("\t", " ")),
        Line(1, header, True),
        Line(1, values, True),
    ]
    got = certificate_fields(lines)
    assert (got["certificate_number"], got["valid_from"], got["valid_until"]) == (
        "QT-FR-2025-01234",
        "2025-03-01",
        "2028-02-28",
    )


def test_a_label_in_a_row_of_labels_does_not_take_the_first_date_below():
    # The text layer alone: the row below holds the start before the end, whose column is unknown.
    got = fields("Numéro de certificat Début de validité Fin de validité\nQT-FR-2025-01234 2025-03-01 2028-02-28")
    assert "valid_until" not in got


def test_the_date_of_taking_effect_starts_the_validity():
    got = fields("Date de prise d'effet : 1er mars 2025 Date de fin de validité : 28 février 2028")
    assert (got["valid_from"], got["valid_until"]) == ("2025-03-01", "2028-02-28")


# --- categories ---------------------------------------------------------------------------------


def test_unchecked_categories_are_not_certified():
    text = (
        "Catégories d'actions certifiées :\n☒ Actions de formation\n☐ Bilans de compétences\n"
        "☐ Validation des acquis de l'expérience\n☒ Actions de formation par apprentissage"
    )
    assert fields(text)["categories"] == ["AF", "CFA"]


def test_categories_ticked_in_printed_brackets_are_the_ticked_ones():
    text = (
        "du travail, pour la ou les catégories d'actions suivantes :\n[x] Actions de formation\n"
        "[x] Bilans de compétences\n[ ] Actions permettant de faire valider les acquis de l'expérience\n"
        "[ ] Actions de formation par apprentissage"
    )
    assert fields(text)["categories"] == ["AF", "BC"]


def test_categories_by_their_ordinal_in_l_6313_1():
    assert fields("Au titre de l'article L.6313-1 – 2° et 3°\nL.6313-1 – 4°")["categories"] == ["BC", "CFA"]


def test_categories_cited_in_prose_far_from_the_list_are_not_certified():
    text = (
        "Pour les activités suivantes :\n- Bilans de compétences\nA été jugé conforme aux exigences.\n"
        "Vu le décret relatif à la qualité des actions de formation professionnelle et de la VAE"
    )
    assert fields(text)["categories"] == ["BC"]


def test_categories_in_the_words_of_l_6313_1_after_a_plain_label():
    text = (
        "satisfait aux exigences du Référentiel national qualité pour les catégories :\n"
        "• Actions de formation\n• Actions permettant de faire valider les acquis de l'expérience"
    )
    assert fields(text)["categories"] == ["AF", "VAE"]


def test_an_empty_box_before_a_long_category_name_is_not_certified():
    text = (
        "Catégories d'actions certifiées :\n☒ Actions de formation\n"
        "☐ Actions permettant de faire valider les acquis de l'expérience"
    )
    assert fields(text)["categories"] == ["AF"]


def test_boxes_ocr_could_not_read_give_no_categories():
    text = (
        "Catégories d'actions certifiées :\nKl Actions de formation\n& Bilans de compétences\n"
        "& Actions permettant de faire valider les acquis de l'expérience\n[ Actions de formation par apprentissage"
    )
    assert "categories" not in fields(text)


def test_categories_after_a_label_saying_they_are_certified():
    assert fields("Catégorie(s) certifiée(s) Actions de formation")["categories"] == ["AF"]


def test_where_boxes_are_drawn_only_the_ticked_items_are_certified():
    # The boxes drawn as graphics leave no text; the tick is printed as « X ».
    text = (
        "pour la ou les catégories d'actions suivantes :\nActions de formation\nX Bilans de compétences\n"
        "Actions permettant de faire valider les acquis de l'expérience\nActions de formation par apprentissage"
    )
    assert fields(text)["categories"] == ["BC"]


def test_numbered_categories_are_a_list_not_boxes():
    text = "Catégories d'actions certifiées :\n1. Actions de formation\n2. Bilans de compétences"
    assert fields(text)["categories"] == ["AF", "BC"]


def test_no_categories_without_a_list():
    assert "categories" not in fields("Certificat n° 2024-118\nFin de validité : 04/05/2027")


# --- a PDF end to end ---------------------------------------------------------------------------


def test_a_certificate_pdf_gives_its_type_and_fields(tmp_path):
    path = write_text_pdf(tmp_path / "document.pdf", [STATEMENT.splitlines()])
    record = to_record(extract(path, path.name, Limits()))
    assert record.doc_type == "qualiopi_certificate"
    assert record.fields["certificate_number"] == "QF-2291/r1"
    assert record.fields["categories"] == ["AF", "CFA"]
    assert (record.fields["valid_from"], record.fields["valid_until"]) == ("2026-02-02", "2029-02-01")


# --- blind corpus G: letterheads, rows of labels in text, English translations ---------------


def test_dates_under_a_row_of_their_labels_printed_as_text_are_read_in_their_places():
    text = (
        "Date de début de validité Date de fin de validité\n"
        "12/03/2025 11/03/2028\n"
        "Date de décision : 10/03/2025"
    )
    found = fields(text)
    assert (found["valid_from"], found["valid_until"]) == ("2025-03-12", "2028-03-11")


@pytest.mark.parametrize(
    "letterhead, footer",
    [
        ("Nord Certification", "Certificat délivré selon le programme de certification Nord Certification NC-QUALIOPI V9"),
        ("Certif'Action", "Certif'Action – 12 rue des Lilas 69003 Lyon"),
    ],
)
def test_a_letterhead_of_the_certification_kind_printed_again_names_the_certifier(letterhead, footer):
    text = f"{letterhead}\nCertification Qualiopi – Processus certifié\nCertificat N° FR123456-1\n{footer}"
    assert fields(text)["certifier"] == letterhead


def test_a_body_named_before_the_certificates_title_and_again_in_the_footer_is_the_certifier():
    text = (
        "NORMA ÉVALUATION CERTIFICAT QUALIOPI\nCertificat n° NE/QUA/2025-0412\n"
        "Délivré à : Formations Horizon – 12 rue des Lilas 69003 Lyon\n"
        "Norma Évaluation – 9 rue des Tanneurs 67000 Strasbourg"
    )
    assert fields(text)["certifier"] == "NORMA ÉVALUATION"
    # named once, mid-page: a title's kicker, maybe
    assert "certifier" not in fields("Formations Horizon\n" + text.rsplit("\n", 1)[0])


def test_a_validity_period_whose_end_is_on_the_next_line():
    found = fields("Valable du 01/02/2025\nau 31/01/2028\nFait à Paris le 30/01/2025")
    assert (found["valid_from"], found["valid_until"]) == ("2025-02-01", "2028-01-31")


def test_a_letterhead_printed_once_or_made_of_generic_words_names_no_certifier():
    assert "certifier" not in fields("Certificat N° FR123456-1\nNord Certification")
    assert "certifier" not in fields("Certification Qualiopi\nCertificat N° FR123456-1\nCertification Qualiopi")
    assert "certifier" not in fields("RÉPUBLIQUE FRANÇAISE\nCertificat N° FR123456-1")


@pytest.mark.parametrize(
    "opening, certifier",
    [
        ("Nord Certification", "Nord Certification"),
        ("ALPES QUALITÉ", "ALPES QUALITÉ"),
        # a logo read as letters: before a bar, or the initials of the name
        ("NC | Nord Certification", "Nord Certification"),
        ("CA Cert'Alpes Qualité", "Cert'Alpes Qualité"),
        ("NORMA ÉVALUATION CERTIFICAT QUALIOPI", "NORMA ÉVALUATION"),
    ],
)
def test_the_line_that_opens_the_certificate_above_its_title_names_the_certifier(opening, certifier):
    text = (
        f"{opening}\nCertificat de conformité au référentiel national qualité\n"
        "Organisme certifié Formations Horizon\nSIREN 904 123 783"
    )
    assert fields(text)["certifier"] == certifier
    assert fields(text)["siren"] == "904123783"


def test_a_certification_letterhead_over_its_address_and_the_title_names_the_certifier():
    address = "Ouest Certification\n12 rue du Port\n44000 Nantes\n"
    title = "Certificat de conformité Qualiopi — renouvellement\nTitulaire : Formations Horizon\n"
    assert fields(address + title)["certifier"] == "Ouest Certification"
    # Over an address, a line that is no name of the certification kind may be the holder's.
    assert "certifier" not in fields(address.replace("Ouest Certification", "Formations Horizon") + title)


@pytest.mark.parametrize(
    "text, categories",
    [
        (
            "relatif à la qualité des actions de la formation professionnelle, au titre de la ou des catégories\n"
            "d'actions suivantes :\nACTIONS DE FORMATION\nDate de début de validité",
            ["AF"],
        ),
        ("Catégories visées Actions de formation, Actions de formation par apprentissage", ["AF", "CFA"]),
    ],
)
def test_categories_after_a_wrapped_label_or_in_a_row_named_categories(text, categories):
    assert fields(text)["categories"] == categories


def test_an_english_translation_of_a_certificate():
    text = (
        "CERTIFICATE\nNo. AE-2025-01234\nAlpha Europe certifies that the training provider\n"
        "Lac Léman Formation SA\nhas been assessed and found to comply with the French National Quality "
        "Framework (Qualiopi) for the\nfollowing categories:\nTraining actions\nSkills assessments\n"
        "Valid from 12 April 2025 until 11 April 2028\nDecision date: 10 April 2025"
    )
    found = fields(text)
    assert found["certifier"] == "Alpha Europe"
    assert found["categories"] == ["AF", "BC"]
    assert (found["valid_from"], found["valid_until"]) == ("2025-04-12", "2028-04-11")


@pytest.mark.parametrize(
    "sentence",
    ["This is to certify that the training provider Lac Léman SA", "We hereby certify that Lac Léman SA complies"],
)
def test_an_english_certify_that_whose_subject_is_no_body_names_no_certifier(sentence):
    assert "certifier" not in fields(f"CERTIFICATE\n{sentence}\nhas been assessed")


def test_a_letterhead_gives_way_to_a_body_named_by_its_role():
    text = (
        "Certification Pro\nCertificat N° CP-2025-0042\nLe Représentant de Qualitia Certification\n"
        "Certification Pro – 3 rue des Lilas 69003 Lyon\nQualitia Certification, SAS"
    )
    assert fields(text)["certifier"] == "Qualitia Certification"


@pytest.mark.parametrize(
    "row, categories",
    [
        ("Catégorie(s) AF", ["AF"]),
        ("Catégorie(s) Actions de formation", ["AF"]),
        ("Catégorie : AF, BC", ["AF", "BC"]),
        ("Catégories d'actions : CFA – VAE", ["VAE", "CFA"]),
    ],
)
def test_a_forms_category_row_in_words_or_codes(row, categories):
    found = fields(f"Organisme certifié Formations Horizon\n{row}\nDate de décision : 12/03/2025")
    assert sorted(found["categories"]) == sorted(categories)
