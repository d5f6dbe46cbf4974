"""Every supported format read from generated files: text, tables, order, encodings, sniffing by content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from extractors import extract
from extractors.records import to_record
from extractors.encoding import decode_text, detect_encoding
from extractors.spreadsheet import detect_separator, format_cell
from schemas import Limits
from tests.extractors.conftest import SCAN_LINES, render_scan, write_text_pdf

LIMITS = Limits()


def test_text_pdf_pages_in_order_without_ocr(tmp_path: Path) -> None:
    path = write_text_pdf(
        tmp_path / "programme.pdf",
        [["Programme de formation : Excel avancé", "Durée : 14 heures"], ["Prérequis : aucun", "Tarif : 980 € HT"]],
    )
    result = extract(path, "programme.pdf", LIMITS)
    assert result.ok and result.media_type == "application/pdf"
    assert [page.number for page in result.pages] == [1, 2]
    assert "Programme de formation : Excel avancé\nDurée : 14 heures" == result.pages[0].text
    assert "Tarif : 980 € HT" in result.pages[1].text
    assert not result.ocr
    assert len(result.sha256) == 64


def test_two_column_page_comes_out_column_by_column(tmp_path: Path) -> None:
    """Both columns drawn line by line (as some DTP tools do): pdfium alone interleaves them."""
    left = [f"Objectif {i} : savoir animer une réunion d'équipe efficace" for i in range(1, 11)]
    right = [f"Évaluation {i} : quiz et mise en situation observée" for i in range(1, 11)]
    path = tmp_path / "two_columns.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(60, A4[1] - 60, "Programme « Management d'équipe » : présentation générale du parcours")
    pdf.setFont("Helvetica", 9)
    y = A4[1] - 100
    for left_line, right_line in zip(left, right):
        pdf.drawString(50, y, left_line)
        pdf.drawString(310, y, right_line)
        y -= 13
    pdf.drawCentredString(A4[0] / 2, 40, "Page 1 / 1")
    pdf.showPage()
    pdf.save()

    text = extract(path, "two_columns.pdf", LIMITS).pages[0].text
    lines = text.splitlines()
    assert lines[0].startswith("Programme « Management d'équipe »")
    assert lines[1:11] == left
    assert lines[11:21] == right
    assert lines[-1] == "Page 1 / 1"


def test_label_value_form_keeps_labels_next_to_values(tmp_path: Path) -> None:
    rows = [
        ("Dénomination de l'organisme :", "Formations Rhône Conseil"),
        ("Numéro de déclaration d'activité :", "84 69 12345 69"),
        ("SIREN :", "842917338"),
        ("Adresse :", "12 rue de la République, 69002 Lyon"),
        ("Date de la déclaration :", "14/03/2025"),
        ("Représentant légal :", "Mme Claire Durand"),
    ]
    path = tmp_path / "form.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 80
    for label, value in rows:
        pdf.drawString(60, y, label)
        pdf.drawString(300, y, value)
        y -= 18
    pdf.showPage()
    pdf.save()
    lines = extract(path, "form.pdf", LIMITS).pages[0].text.splitlines()
    assert lines == [f"{label} {value}" for label, value in rows]


def test_ruled_table_is_returned_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "enquete.pdf"
    table = Table([["Indicateur", "Valeur"], ["Taux de satisfaction", "92 %"], ["Répondants", "48"]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("Résultats de l'enquête de satisfaction 2025", getSampleStyleSheet()["Title"]), table]
    )
    page = extract(path, "enquete.pdf", LIMITS).pages[0]
    assert page.tables == [[["Indicateur", "Valeur"], ["Taux de satisfaction", "92 %"], ["Répondants", "48"]]]
    assert "Taux de satisfaction 92 %" in page.text


def test_ruled_two_column_table_stays_row_by_row(tmp_path: Path) -> None:
    rows = [
        [f"Critère {n} : information du public sur les prestations", f"Preuve {n} : programme publié sur le site internet"]
        for n in range(1, 8)
    ]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    path = tmp_path / "grille.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    page = extract(path, "grille.pdf", LIMITS).pages[0]
    assert page.text.splitlines() == [" ".join(row) for row in rows]
    assert page.tables == [rows]


def test_filled_pdf_form_fields_are_read(tmp_path: Path) -> None:
    """cerfa forms carry their values in form fields, outside the page's text layer."""
    path = tmp_path / "cerfa.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawString(60, 760, "Bilan pédagogique et financier - cadre C")
    pdf.drawString(60, 730, "Total des produits :")
    pdf.acroForm.textfield(name="total", value="182 340", x=220, y=722, width=120, height=20, borderWidth=0)
    pdf.showPage()
    pdf.save()
    text = extract(path, "cerfa.pdf", LIMITS).pages[0].text
    assert "Total des produits" in text and "182 340" in text


def test_docx_body_tables_headers_footers_text_boxes_and_page_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Formations Rhône Conseil - NDA 84691234569"
    document.sections[0].footer.paragraphs[0].text = "SIRET 842 917 338 00012"
    document.add_heading("Livret d'accueil du stagiaire", 1)
    document.add_paragraph("Bienvenue dans notre organisme.")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in enumerate([("Horaires", "9h - 17h"), ("Référent handicap", "Mme Durand")]):
        table.cell(row, 0).text = label
        table.cell(row, 1).text = value
    document.add_paragraph("Après le tableau.")
    document.add_page_break()
    document.add_paragraph("Accessibilité : locaux de plain-pied.")
    path = tmp_path / "livret.docx"
    document.save(path)

    result = extract(path, "livret.docx", LIMITS)
    assert result.ok and len(result.pages) == 2
    assert result.pages[0].text.splitlines() == [
        "Formations Rhône Conseil - NDA 84691234569",
        "Livret d'accueil du stagiaire",
        "Bienvenue dans notre organisme.",
        "Horaires\t9h - 17h",
        "Référent handicap\tMme Durand",
        "Après le tableau.",
    ]
    assert result.pages[0].tables == [[["Horaires", "9h - 17h"], ["Référent handicap", "Mme Durand"]]]
    assert result.pages[1].text == "Accessibilité : locaux de plain-pied.\nSIRET 842 917 338 00012"


def test_docx_text_box_read_once(tmp_path: Path) -> None:
    """A text box appears twice in the XML (DrawingML and its VML fallback): it must be read once."""
    document = docx.Document()
    document.add_paragraph("Avant")
    path = tmp_path / "textbox.docx"
    document.save(path)
    box = (
        '<w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>Organisme certifié</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>"
        "<w:t>Organisme certifié</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    _rewrite_docx_part(path, "word/document.xml", lambda xml: xml.replace("<w:t>Avant</w:t></w:r>", f"<w:t>Avant</w:t></w:r>{box}", 1))
    text = extract(path, "textbox.docx", LIMITS).pages[0].text
    assert text.count("Organisme certifié") == 1
    assert text.startswith("Avant")


def _rewrite_docx_part(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_xlsx_one_page_per_sheet_with_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Satisfaction"
    sheet.append(["Stagiaire", "Note", "Date"])
    sheet.append(["Dupont", 4.5, dt.datetime(2025, 3, 14)])
    sheet.append(["Martin", 5, None])
    second = workbook.create_sheet("BPF")
    second.append(["Ligne", "Montant"])
    second.append(["C - Total des produits", 182340.0])
    path = tmp_path / "suivi.xlsx"
    workbook.save(path)

    result = extract(path, "suivi.xlsx", LIMITS)
    assert [page.number for page in result.pages] == [1, 2]
    assert result.pages[0].tables == [[["Stagiaire", "Note", "Date"], ["Dupont", "4.5", "14/03/2025"], ["Martin", "5"]]]
    assert result.pages[0].text == "Satisfaction\nStagiaire\tNote\tDate\nDupont\t4.5\t14/03/2025\nMartin\t5"
    assert "C - Total des produits\t182340" in result.pages[1].text


def test_xlsx_print_header_and_footer_follow_the_rows(tmp_path: Path) -> None:
    # Organisations print their SIRET and NDA in a sheet's footer, not in its cells.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan d'actions"
    sheet.append(["Action", "Échéance"])
    sheet.append(["Refaire le livret d'accueil", dt.datetime(2026, 3, 1)])
    sheet.oddHeader.left.text = "Plan d'amélioration continue"
    sheet.oddFooter.center.text = "Formations Rhône – NDA 84 69 12345 69 – SIRET 904 123 783 00014"
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    result = extract(path, "plan.xlsx", LIMITS)
    assert result.pages[0].text.splitlines()[-2:] == [
        "Plan d'amélioration continue", "Formations Rhône – NDA 84 69 12345 69 – SIRET 904 123 783 00014",
    ]
    assert result.pages[0].tables == [[["Action", "Échéance"], ["Refaire le livret d'accueil", "01/03/2026"]]]
    assert to_record(result).fields["nda_number"] == "84691234569"


def test_csv_cp1252_semicolon_with_title_line(tmp_path: Path) -> None:
    content = (
        "Enquête de satisfaction à chaud\r\n"
        "Nom;Note;Commentaire\r\n"
        "Dupont;4;Très bien, merci\r\n"
        'Lefèvre;5;"Parfait; rien à redire"\r\n'
    )
    path = tmp_path / "export.csv"
    path.write_bytes(content.encode("cp1252"))
    result = extract(path, "export.csv", LIMITS)
    assert result.media_type == "text/csv"
    rows = result.pages[0].tables[0]
    assert rows[1:] == [["Nom", "Note", "Commentaire"], ["Dupont", "4", "Très bien, merci"], ["Lefèvre", "5", "Parfait; rien à redire"]]
    assert "Lefèvre\t5\tParfait; rien à redire" in result.pages[0].text


@pytest.mark.parametrize(("encoding", "separator"), [("utf-8-sig", ","), ("utf-8", "\t"), ("latin-1", ";")])
def test_csv_encodings_and_separators(tmp_path: Path, encoding: str, separator: str) -> None:
    rows = [["Action", "Durée (h)", "Réussite"], ["Sécurité incendie", "7", "100 %"], ["Gestes et postures", "14", "92 %"]]
    path = tmp_path / "data.txt"
    path.write_bytes("\n".join(separator.join(row) for row in rows).encode(encoding))
    result = extract(path, "data.txt", LIMITS)
    assert result.pages[0].tables == [rows]


def test_plain_text_latin1(tmp_path: Path) -> None:
    path = tmp_path / "veille.txt"
    text = "Note de veille réglementaire\nDécret n° 2026-728 du 1er août 2026 : nouveau référentiel."
    path.write_bytes(text.encode("latin-1"))
    result = extract(path, "veille.txt", LIMITS)
    assert result.media_type == "text/plain"
    assert result.pages[0].text == text


def test_utf16_text_export(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes("Liste des réclamations reçues\nAucune réclamation en 2025.".encode("utf-16"))
    assert extract(path, "export.txt", LIMITS).pages[0].text == "Liste des réclamations reçues\nAucune réclamation en 2025."


def test_pdf_named_file_that_is_a_jpeg_is_read_as_an_image(tmp_path: Path) -> None:
    path = tmp_path / "attestation.pdf"
    render_scan(SCAN_LINES[:3]).save(path, format="JPEG", quality=90, dpi=(300, 300))
    result = extract(path, "attestation.pdf", LIMITS)
    assert result.ok and result.media_type == "image/jpeg"
    assert "RÈGLEMENT INTÉRIEUR" in result.pages[0].text and result.pages[0].ocr


def test_docx_named_txt_is_read_as_docx(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Procédure de traitement des réclamations")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "reclamations.txt"
    path.write_bytes(buffer.getvalue())
    result = extract(path, "reclamations.txt", LIMITS)
    assert result.media_type.endswith("wordprocessingml.document")
    assert result.pages[0].text == "Procédure de traitement des réclamations"


def test_png_with_transparency_is_ocr_d_on_white(tmp_path: Path) -> None:
    scan = render_scan(SCAN_LINES[:2])
    rgba = Image.new("RGBA", scan.size, (0, 0, 0, 0))
    rgba.putalpha(scan.point(lambda value: 255 - value))
    path = tmp_path / "logo_text.png"
    rgba.save(path)
    assert "Article 1" in extract(path, "logo_text.png", LIMITS).pages[0].text


def test_encoding_detection() -> None:
    assert detect_encoding("Réussite".encode()) == "utf-8"
    assert detect_encoding("\ufeffRéussite".encode()) == "utf-8-sig"
    assert detect_encoding("Réussite – 100 %".encode("cp1252")) == "cp1252"
    assert detect_encoding(b"R\xe9ussite \x81") == "latin-1"
    assert decode_text("Ligne 1\r\nLigne 2".encode("utf-16"))[0] == "Ligne 1\nLigne 2"


def test_separator_detection_ignores_commas_inside_quotes() -> None:
    assert detect_separator('"Dupont, Jean";4\n"Martin, Paul";5\n"Durand, Luc";3') == ";"
    assert detect_separator("Une phrase, avec une virgule.\nUne autre phrase sans.\nEt, encore, une.", strict=True) is None


def test_cell_formatting() -> None:
    assert format_cell(dt.datetime(2025, 3, 14)) == "14/03/2025"
    assert format_cell(dt.datetime(2025, 3, 14, 9, 30)) == "14/03/2025 09:30"
    assert format_cell(182340.0) == "182340"
    assert format_cell(0.1 + 0.2) == "0.3"
    assert format_cell(True) == "VRAI"
    assert format_cell("  deux   mots ") == "deux mots"
