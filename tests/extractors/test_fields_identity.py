"""NDA number, SIREN/SIRET, organisation name and registration date."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.identity import is_valid_siren, is_valid_siret
from schemas.extraction import PageText

NBSP, THIN, NNBSP = "\u00a0", "\u2009", "\u202f"


def fields(doc_type: str, text: str, tables: list | None = None) -> dict:
    return extract_fields(doc_type, [PageText(number=1, text=text, tables=tables or [])])


# --- NDA --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Déclaration d'activité enregistrée sous le numéro 84 69 12345 69 auprès du préfet de région",
        "N° de déclaration : 84691234569",
        f"Numéro de déclaration d'activité : 84{NBSP}69{NBSP}12345{NBSP}69",
        f"NDA : 84{THIN}69{THIN}12345{THIN}69",
        "numéro d'enregistrement : 84.69.12345.69",
        "N° de déc1aration : 84 69 l2345 69",
        "Organisme enregistré sous le n° 84 69 I2345 69",
        "N° de déclaration : B4 69 12345 69",
        "N° DA\t84 69 12345 69",
        "est enregistrée sous le numéro :\n84 69 12345 69",
        "n° de déclaration : 84  69  12345  69",
        "donne récépissé de cette déclaration, enregistrée\nsous le numéro :\n\n84 69 12345 69\n",
        # two lines under its label (a line of its own between them)
        "Numéro de déclaration d'activité\n(à rappeler dans toute correspondance)\n84 69 12345 69",
        # a table's border read next to the number on a scan
        "Numéro de déclaration |84691234569 SIRET | 904 123 783 00014",
        # a box's side left between two groups of a number printed one digit per box
        "Numéro de déclaration d'activité : 84691 | 2 3 4569",
        # no label, but the NDA's own grouping (2-2-5-2)
        "Formations Rhône Conseil – N° 84 69 12345 69 – Siret 904 123 783 00014",
        "OF 84.69.12345.69 – Lyon",
        "N° déclaration activité\t84691234569",
        # a scan's speck added a comma to a dot
        "N° de déclaration d'activité : 84.69.,12345.69 — SIRET : 904 123 783 00014",
        # a foreign organisation's terms naming its representative's declaration, wrapped
        "(SIREN 904 123 783), which holds declaration of activity no. 84 69\n12345 69.",
    ],
)
def test_nda_is_read_in_its_many_printings(text):
    assert fields("unknown", text)["nda_number"] == "84691234569"


@pytest.mark.parametrize(
    "text",
    [
        "N° de déclaration : en cours d'enregistrement",
        "Téléphone : +33 4 78 12 34 56 – déclaration d'activité en cours",
        "SIRET : 904 123 783 00014",
        "Déclaration d'activité : voir au dos.\nContact : 04 78 12 34 56",
        "immatriculée au RCS de Lyon sous le numéro 904 123 783",
        # without a label, only the NDA's grouping counts: not a phone, a date, a reference
        "Tél. 04 78 12 34 56 – le 12.05.2026 – réf. 84691234569",
        "+33 4 78 12 34 56 78",
    ],
)
def test_nda_is_absent_rather_than_guessed(text):
    assert "nda_number" not in fields("unknown", text)


# --- SIREN / SIRET ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, valid",
    [("732829320", True), ("552081317", True), ("356000000", True), ("123456789", False), ("12345678", False)],
)
def test_siren_validation(value, valid):
    assert is_valid_siren(value) is valid


@pytest.mark.parametrize(
    "value, valid",
    [
        ("73282932000074", True),
        ("55208131766522", True),
        ("35600000000048", True),  # La Poste head office: ordinary Luhn
        ("35600000049837", True),  # La Poste establishment: digit sum multiple of 5, Luhn fails
        ("35600000049838", False),
        ("12345678912345", False),
        ("7328293200007", False),
    ],
)
def test_siret_validation_honours_the_la_poste_exception(value, valid):
    assert is_valid_siret(value) is valid


@pytest.mark.parametrize(
    "text, siren",
    [
        ("SIREN : 732 829 320", "732829320"),
        ("N° SIRET : 732 829 320 00074", "732829320"),
        (f"Siret{NBSP}: 73282932000074", "732829320"),
        ("RCS Lyon B 904 123 783", "904123783"),
        ("R.C.S. Lyon 904 123 783", "904123783"),
        ("SAS au capital de 10 000 € – 904 123 783 R.C.S. Lyon", "904123783"),
        ("N° SlRET : 9O4 l23 783 OOO14", "904123783"),
        ("SIRET\t356 000 000 49837", "356000000"),
    ],
)
def test_siren_is_read_from_siren_siret_or_rcs(text, siren):
    assert fields("unknown", text)["siren"] == siren


def test_siret_is_kept_with_its_validity():
    found = fields("unknown", "SIRET : 356 000 000 49837")
    assert found["siret"] == "35600000049837" and found["siret_valid"] is True
    bad_nic = fields("unknown", "SIRET : 904 123 783 00099")
    assert bad_nic["siren"] == "904123783" and bad_nic["siren_valid"] is True and bad_nic["siret_valid"] is False


def test_invalid_printed_siren_is_reported_as_invalid_not_dropped():
    found = fields("unknown", "SIREN : 123 456 789")
    assert found["siren"] == "123456789"
    assert found["siren_valid"] is False


def test_valid_candidate_wins_over_an_invalid_one():
    found = fields("unknown", "SIREN : 123 456 789\nSIRET : 732 829 320 00074")
    assert found["siren"] == "732829320" and found["siren_valid"] is True


@pytest.mark.parametrize(
    "text",
    [
        "Téléphone : 04 78 12 34 56",
        "Capital social : 100 000 €",
        "Référence dossier 2026 123 456",
        "Code postal 69002, 123 rue des Lilas",
    ],
)
def test_no_siren_is_invented(text):
    assert "siren" not in fields("unknown", text)


# --- NDA receipt: name and date ----------------------------------------------------------------


RECEIPT = """PRÉFET DE LA RÉGION AUVERGNE-RHÔNE-ALPES
RÉCÉPISSÉ DE DÉCLARATION D'ACTIVITÉ D'UN PRESTATAIRE DE FORMATION
Vu le code du travail, notamment ses articles L. 6351-1 à L. 6351-8,
La déclaration d'activité de : FORMATIONS RHÔNE CONSEIL (SAS)
SIRET : 904 123 783 00014
reçue le 02/03/2024, est enregistrée sous le numéro : 84 69 12345 69
Cet enregistrement ne vaut pas agrément de l'État.
Fait à Lyon, le 28/03/2024
"""


def test_receipt_fields():
    assert fields("nda_receipt", RECEIPT) == {
        "nda_number": "84691234569",
        "siren": "904123783",
        "siren_valid": True,
        "siret": "90412378300014",
        "siret_valid": True,
        "organization_name": "FORMATIONS RHÔNE CONSEIL",
        "declaration_filed_date": "2024-03-02",
        "receipt_date": "2024-03-28",
    }


@pytest.mark.parametrize(
    "text, name",
    [
        ("Dénomination : ATELIER CONSEIL & COMPÉTENCES", "ATELIER CONSEIL & COMPÉTENCES"),
        ("Raison sociale : Les Ateliers du Geste, association loi 1901", "Les Ateliers du Geste"),
        ("Dénomination ou raison sociale : LOIRE FORMATION EXPERTISE", "LOIRE FORMATION EXPERTISE"),
        ("Nom de l'organisme :\nCAP SAVOIRS SARL", "CAP SAVOIRS"),
        ("Organisme\tESPACE COMPÉTENCES PARIS", "ESPACE COMPÉTENCES PARIS"),
        ("la déclaration d'activité déposée le 14/02/2023 par : Forma Sud, 3 rue Haute", "Forma Sud"),
        ("Dénomination : ACTIF CONSEIL   SIRET : 904 123 783 00014", "ACTIF CONSEIL"),
        # a scan's table border, a dash or a speck at either end; the legal form after a dash
        ("Dénomination : | FORMA SUD —", "FORMA SUD"),
        ("Dénomination : FORMA SUD .", "FORMA SUD"),
        ("Dénomination : FORMA SUD ‐ SAS", "FORMA SUD"),
        ("Dénomination : Cap Bilans & Avenir - SARL |", "Cap Bilans & Avenir"),
    ],
)
def test_organization_name_variants(text, name):
    assert fields("nda_receipt", text)["organization_name"] == name


@pytest.mark.parametrize(
    "text",
    [
        "Récépissé de déclaration d'activité d'un prestataire de formation",
        "L'organisme s'engage à informer le préfet de toute modification.",
        "Nom : ",
    ],
)
def test_organization_name_is_not_taken_from_sentences(text):
    assert "organization_name" not in fields("nda_receipt", text)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Fait à Lyon, le 28 mars 2024", "2024-03-28"),
        ("Fait à Lyon, le 28/03/2024", "2024-03-28"),
        ("Date d'enregistrement : le 1er avril 2024", "2024-04-01"),
        ("reçue le 02/03/2024, enregistrée le 28.03.2024", "2024-03-28"),
        ("Déposée le 12/01/2022\nFait à Grenoble, le 12 janvier 2022", "2022-01-12"),
        ("Déclaration déposée le 02/03/2024", "2024-03-02"),
        ("Marseille, le 9 septembre 2025", "2025-09-09"),
        ("Fait à Lyon le 28 MARS 2024", "2024-03-28"),
        ("Date d'enregistrement : 3 févr. 2023", "2023-02-03"),
        ("fait à Paris, le 2O/O5/2O21", "2021-05-20"),
    ],
)
def test_declaration_date_formats_and_priorities(text, iso):
    assert fields("nda_receipt", text)["declaration_date"] == iso


def test_declaration_date_prefers_registration_over_filing():
    text = "Déclaration reçue le 02/03/2024.\nEnregistrée le 28/03/2024 sous le numéro 84 69 12345 69."
    assert fields("nda_receipt", text)["declaration_date"] == "2024-03-28"


@pytest.mark.parametrize(
    "text",
    [
        "Déclaration reçue le 02/03/2024.\nFait à Lyon, le 28/03/2024",
        "Lyon, le 28 mars 2024\nVotre déclaration souscrite le 2 mars 2024 est enregistrée sous le n° 84 69 12345 69.",
    ],
)
def test_filing_day_and_receipt_day_apart_leave_the_declaration_date_to_the_officer(text):
    found = fields("nda_receipt", text)
    assert "declaration_date" not in found
    assert (found["declaration_filed_date"], found["receipt_date"]) == ("2024-03-02", "2024-03-28")


def test_a_declaration_received_complete_is_its_filing_day():
    text = "La déclaration, reçue complète le 07/09/2015, a été enregistrée.\nBordeaux, le 29/09/2015"
    found = fields("nda_receipt", text)
    assert (found["declaration_filed_date"], found["receipt_date"]) == ("2015-09-07", "2015-09-29")


def test_the_activity_before_the_declarants_name_is_not_part_of_it():
    text = (
        "la déclaration d'activité de prestataire de formation de Université Val de Garonne – Formation "
        "continue (SIRET 19331234500017), reçue le 07/09/2015"
    )
    assert fields("nda_receipt", text)["organization_name"] == "Université Val de Garonne – Formation continue"


def test_a_legal_form_in_nested_parentheses_is_cut_whole():
    text = "Vu la déclaration d'activité déposée le 18/11/2019 par :\nCFA DES MÉTIERS (Association loi 1901 (droit local))"
    assert fields("nda_receipt", text)["organization_name"] == "CFA DES MÉTIERS"


def test_impossible_date_is_ignored():
    assert "declaration_date" not in fields("nda_receipt", "Fait à Lyon, le 31/02/2024")


def test_identity_fields_for_every_doc_type():
    footer = "Déclaration d'activité enregistrée sous le numéro 84 69 12345 69 – SIRET 904 123 783 00014"
    for doc_type in ("programme", "terms_of_sale", "training_agreement", "welcome_booklet", "unknown"):
        found = fields(doc_type, "Texte.\n" + footer)
        assert found["nda_number"] == "84691234569", doc_type
        assert found["siren"] == "904123783", doc_type


def test_identity_in_table_cells():
    table = [["N° de déclaration", "84 69 12345 69"], ["SIRET", "904 123 783 00014"]]
    found = fields("bpf", "", tables=[table])
    assert found["nda_number"] == "84691234569" and found["siren"] == "904123783"


@pytest.mark.parametrize(
    ("text", "nda"),
    [
        ("Organisme de formation enregistré sous le numéro 1175123456 auprès du préfet", "1175123456"),
        ("NDA : 763409494434", "763409494434"),
        ("N° de déclaration : 84 69 1234 69", "8469123469"),  # 10 digits: nda_valid fails on it
        ("N° organisme de formation 846 921 865 69", "84692186569"),
        ("N° d'existence 93 13 04567 13", "93130456713"),
    ],
)
def test_an_nda_is_read_as_printed_even_malformed(text, nda):
    assert extract_fields("programme", [PageText(number=1, text=text)]).get("nda_number") == nda


def test_the_numbers_of_a_provider_performing_in_subcontracting_are_not_the_documents_own():
    text = (
        "Feuille d'émargement – SST\n"
        "Session réalisée en sous-traitance par Prévention Provence – NDA 93 13 04567 13 – SIRET 732 829 320 00074\n"
        "Réseau Sécurité Formation – NDA 84 69 12345 69 – SIRET 904 123 783 00014"
    )
    found = extract_fields("attendance_sheet", [PageText(number=1, text=text)])
    assert (found["nda_number"], found["siren"]) == ("84691234569", "904123783")


def test_a_subcontractors_numbers_are_read_when_the_document_prints_no_other():
    text = "Session réalisée en sous-traitance par Prévention Provence – NDA 93 13 04567 13"
    assert extract_fields("attendance_sheet", [PageText(number=1, text=text)])["nda_number"] == "93130456713"


@pytest.mark.parametrize(
    "third_party",
    [
        "atteste que : Mme Julie Petit, salarié(e) de l'entreprise Boulangerie Dupont (SIRET 732 829 320 00074),",
        "Employeur : Boulangerie Dupont – SIRET 732 829 320 00074",
        "Client : Boulangerie Dupont, SIREN 732 829 320",
    ],
)
def test_the_trainees_employer_or_the_client_is_never_the_documents_own(third_party):
    opening = "CERTIFICAT DE RÉALISATION\nJe soussigné Paul Martin, représentant légal du dispensateur Forma Sud"
    alone = extract_fields("completion_certificate", [PageText(number=1, text=f"{opening},\n{third_party}")])
    assert "siren" not in alone
    own = f"{opening} (SIRET 904 123 783 00014),\n{third_party}"
    assert extract_fields("completion_certificate", [PageText(number=1, text=own)])["siren"] == "904123783"


def test_a_vat_number_after_a_registration_label_is_no_nda():
    legal = (
        "Forma Sud, SASU au capital de 1 000 €, immatriculée au RCS de Lyon sous le numéro 904 123 783, "
        "TVA intracommunautaire FR40904123783."
    )
    assert "nda_number" not in extract_fields("terms_of_sale", [PageText(number=1, text=legal)])
    with_nda = f"{legal}\nNDA 76.34.12345.34 (Occitanie)"
    assert extract_fields("terms_of_sale", [PageText(number=1, text=with_nda)])["nda_number"] == "76341234534"


def test_a_siret_behind_a_cell_border_ocr_read_is_read():
    found = extract_fields("bpf", [PageText(number=1, text="N° SIRET |90412378300014 | | Code NAF 8559A")])
    assert (found["siren"], found["siret"]) == ("904123783", "90412378300014")


def test_a_siret_whose_label_ocr_lost_is_read_only_when_its_check_digits_hold():
    text = "Numéro de déclaration 84691234569\n{}\nForme juridique SARL"
    assert extract_fields("bpf", [PageText(number=1, text=text.format("90412378300014"))])["siren"] == "904123783"
    # Fourteen digits that are no SIRET (an order or a file number) are not one.
    assert "siren" not in extract_fields("bpf", [PageText(number=1, text=text.format("90412378300015"))])


def test_a_phone_number_near_an_nda_label_is_not_an_nda():
    text = "NDA : en cours d'attribution. Tél : 0437479084"
    assert "nda_number" not in extract_fields("programme", [PageText(number=1, text=text)])


@pytest.mark.parametrize("form", ["SELARL", "Cabinet d'avocats", "Entreprise individuelle"])
def test_a_legal_form_admissibility_ignores_is_also_cut_from_the_name(form):
    # One list of legal forms serves both: what names_match ignores never stays in an extracted name.
    text = f"La déclaration d'activité de : CONSEIL MARTIN ({form})"
    assert fields("nda_receipt", text)["organization_name"] == "CONSEIL MARTIN"


def test_an_identity_footer_set_with_wide_tracking_is_read(tmp_path):
    # Some writers place every character on its own (tracking): the text layer then puts a space
    # between every character, « S I R E N 7 3 2 … ».
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    from extractors import extract
    from extractors.fields import extract_fields
    from schemas import Limits

    path = tmp_path / "reglement.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 11)
    page.drawString(60, 780, "Règlement intérieur applicable aux stagiaires de la formation continue.")
    page.setFont("Helvetica", 7)
    x = 40.0
    for char in "SIREN 732 829 320 RCS LYON":
        if char != " ":
            page.drawString(x, 40, char)
        x += stringWidth(char, "Helvetica", 7) + 2.5
    page.save()
    extracted = extract(path, path.name, Limits())
    assert extract_fields("internal_rules", extracted.pages).get("siren") == "732829320"


def test_identifiers_printed_in_a_forms_digit_boxes_are_read(tmp_path):
    # Cerfa forms print identifiers one digit per box: the text layer then holds single digits
    # (« 8 4 6 9 1 2 3 4 5 6 9 »), which are not a phone number written in pairs.
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from extractors import extract
    from schemas import Limits

    def comb(page: canvas.Canvas, x: float, y: float, digits: str) -> None:
        for digit in digits:
            page.rect(x, y - 4, 14, 15)
            page.drawString(x + 4, y, digit)
            x += 14

    path = tmp_path / "bpf.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 9)
    page.drawString(45, 760, "Numéro de déclaration d'activité")
    comb(page, 45, 740, "84691234569")
    page.drawString(45, 700, "N° SIRET")
    comb(page, 100, 700, "90412378300014")
    page.drawString(45, 660, "Téléphone : 04 78 12 34 56")
    page.save()
    extracted = extract(path, path.name, Limits())
    fields = extract_fields("bpf", extracted.pages)
    assert (fields.get("nda_number"), fields.get("siren")) == ("84691234569", "904123783")


@pytest.mark.parametrize(
    ("spaced", "read"),
    [
        ("S I R E N 9 4 9 9 1 7 3 1 4 R C S P O N T O I S E", "SIREN 949917314 RCSPONTOISE"),
        ("N u m é r o D ’ a c t i v i t é 1 1 9 5 0 9 1 1 6 9 5", "Numéro D’activité 11950911695"),
        ("Échelle : 0 1 2 3 4 5 6 7 8 9 10", "Échelle : 0 1 2 3 4 5 6 7 8 9 10"),
        ("Cochez : a b c", "Cochez : a b c"),
    ],
)
def test_letter_spaced_runs_are_joined_into_words(spaced, read):
    from extractors.pdf import unspace_letter_spaced

    assert unspace_letter_spaced(spaced) == read
