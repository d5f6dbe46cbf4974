"""The auditors' XLSX grid."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from reports.grid import CONFORMITY_CHOICES, render_grid
from reports.verdict import verdict
from schemas import DocumentRecord, Evidence


def _workbook(data: bytes):
    return load_workbook(BytesIO(data))


def _columns(ws: Worksheet) -> dict[str, str]:
    """Header text -> column letter."""
    return {cell.value: cell.column_letter for cell in ws[1] if cell.value}


def _records(ws: Worksheet) -> list[dict[str, object]]:
    headers = [cell.value for cell in ws[1]]
    return [dict(zip(headers, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


_PAIR = re.compile(r"'(?P<sheet>[^']+)'!\$(?P<col>[A-Z]+):\$(?P=col),(?P<crit>\"[^\"]*\"|\$[A-Z]+\d+)")


def _countifs(formula: str, workbook, here: Worksheet) -> int:
    """Evaluate the COUNTIFS subset the Synthèse uses (equality, ">0", "" and same-sheet references),
    so the test checks the numbers an auditor will see, not just the formula text."""
    assert formula.startswith("=COUNTIFS(") and formula.endswith(")")
    pairs = list(_PAIR.finditer(formula))
    assert pairs and sum(len(m.group(0)) for m in pairs) + len(pairs) - 1 == len(formula) - len("=COUNTIFS()")
    sheet = workbook[pairs[0]["sheet"]]
    tests = []
    for match in pairs:
        crit = match["crit"]
        value = here[crit.replace("$", "")].value if crit.startswith("$") else crit.strip('"')
        tests.append((match["col"], value))

    def ok(cell_value, wanted) -> bool:
        if wanted == ">0":
            return isinstance(cell_value, (int, float)) and cell_value > 0
        if wanted == "":
            return cell_value in (None, "")
        return cell_value == wanted

    return sum(
        all(ok(sheet[f"{col}{row}"].value, wanted) for col, wanted in tests) for row in range(1, sheet.max_row + 1)
    )


def test_sheets_and_one_row_per_applicable_indicator(report, referential):
    wb = _workbook(render_grid(report, referential))
    assert wb.sheetnames == ["Grille", "Documents", "Synthèse"]
    grid = wb["Grille"]
    assert list(_columns(grid)) == [
        "Critère",
        "Intitulé du critère",
        "Indicateur",
        "Libellé de l'indicateur",
        "Niveau attendu",
        "Preuves trouvées (fichier, page, extrait)",
        "Statut proposé",
        "Motif",
        "Éléments manquants",
        "À vérifier",
        "Constat",
        "Conformité",
        "Commentaire",
    ]
    rows = _records(grid)
    applicable = sorted(i.number for i in report.indicators if i.status != "not_applicable")
    assert [row["Indicateur"] for row in rows] == applicable
    by_number = {row["Indicateur"]: row for row in rows}
    first = by_number[1]
    assert first["Critère"] == 1 and first["Intitulé du critère"] == "Conditions d'information du public"
    assert first["Statut proposé"] == "Partiel"
    assert first["Libellé de l'indicateur"].startswith("Le prestataire diffuse une information accessible")
    assert (
        first["Niveau attendu"].startswith("Chaque offre est décrite")
        and "Exemples : Programme" in first["Niveau attendu"]
    )
    assert (
        "offre/programme_management.docx : Délai d'accès, Accessibilité aux personnes handicapées, Tarifs"
        in first["Éléments manquants"].splitlines()
    )
    assert first["Constat"] is None and first["Conformité"] is None and first["Commentaire"] is None
    nine = by_number[9]["Preuves trouvées (fichier, page, extrait)"].splitlines()
    assert nine == [
        "qualite/livret_accueil.pdf, p. 3 : « Horaires : 9h00 - 12h30 / 13h30 - 17h00. Accès : tram T1. »",
        "qualite/livret_accueil.pdf, p. 5 : « Règlement intérieur remis à chaque stagiaire. »",
    ]
    assert by_number[2]["À vérifier"].splitlines()[0] == "Oui"
    assert {row["Statut proposé"] for row in rows} == {"Couvert", "Partiel", "Manquant"}


def test_conformity_dropdown_frozen_header_filter_and_wrapping(report, referential):
    wb = _workbook(render_grid(report, referential))
    grid = wb["Grille"]
    last = grid.max_row
    conformity = _columns(grid)["Conformité"]
    validations = grid.data_validations.dataValidation
    assert len(validations) == 1
    dropdown = validations[0]
    assert dropdown.type == "list" and dropdown.showErrorMessage
    assert dropdown.formula1.strip('"').split(",") == list(CONFORMITY_CHOICES)
    assert str(dropdown.sqref) == f"{conformity}2:{conformity}{last}"
    assert grid.freeze_panes == "D2"
    assert grid.auto_filter.ref == f"A1:M{last}"
    assert grid["F2"].alignment.wrap_text and grid["A1"].font.bold
    # Named cell styles an auditor can reuse: header, text, centred numbers, the columns to fill in.
    assert [grid[cell].style for cell in ("A1", "F2", "C2", f"{conformity}2")] == [
        "Qualiopi – en-tête", "Qualiopi – texte", "Qualiopi – numéro", "Qualiopi – saisie de l'auditeur",
    ]
    assert grid["C2"].alignment.horizontal == "center" and grid[f"{conformity}2"].fill.fgColor.rgb.endswith("FFF8DC")
    widths = {letter: grid.column_dimensions[letter].width for letter in "ABCDEFGHIJKLM"}
    assert all(8 <= width <= 66 for width in widths.values())
    assert widths["D"] > widths["C"]  # wording gets room, the number does not
    documents = wb["Documents"]
    assert documents.freeze_panes == "A2" and documents.auto_filter.ref.startswith("A1:")


def test_print_setup_on_every_sheet(report, referential):
    wb = _workbook(render_grid(report, referential))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9  # A4 in the OOXML paper-size table
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.print_title_rows == "$1:$1"


def test_synthesis_formulas_count_the_grid(report, referential):
    wb = _workbook(render_grid(report, referential))
    summary = wb["Synthèse"]
    labels = {row[0].value: row[1] for row in summary.iter_rows(min_col=1, max_col=2) if row[0].value}
    formulas = [c for row in summary.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert len(formulas) >= 3 + 5 + 7 * 7
    assert all(c.value.startswith("=COUNTIFS('Grille'!") for c in formulas)
    result = verdict(report)
    count = lambda name: _countifs(labels[name].value, wb, summary)  # noqa: E731
    assert (count("Couvert"), count("Partiel"), count("Manquant")) == (result.covered, result.partial, result.missing)
    assert count("Total applicable") == result.applicable
    assert count("Non renseigné") == result.applicable and count("Conforme") == 0
    assert labels["Verdict proposé"].value == result.summary_fr
    assert labels["Durée estimée de l'audit initial (jours)"].value == 1.5

    # The synthesis follows the auditor's edits.
    grid = wb["Grille"]
    grid[f"{_columns(grid)['Conformité']}2"] = "Non-conformité mineure"
    assert count("Non-conformité mineure") == 1 and count("Non renseigné") == result.applicable - 1

    header_row = next(r for r in summary.iter_rows() if r[0].value == "Critère")
    headers = [c.value for c in header_row]
    criterion_rows = [r for r in summary.iter_rows(min_row=header_row[0].row + 1) if isinstance(r[0].value, int)]
    assert [r[0].value for r in criterion_rows] == [1, 2, 3, 4, 5, 6, 7]
    totals = {
        h: sum(_countifs(r[i].value, wb, summary) for r in criterion_rows) for i, h in enumerate(headers) if i > 1
    }
    assert (totals["Couvert"], totals["Partiel"], totals["Manquant"]) == (
        result.covered,
        result.partial,
        result.missing,
    )
    assert totals["Applicables"] == result.applicable and totals["Non-conformité mineure"] == 1
    criterion_6 = criterion_rows[5]
    assert [_countifs(c.value, wb, summary) for c in criterion_6[2:6]] == [0, 0, 1, 1]  # 23 missing, 27 n/a


def test_documents_sheet(report, referential):
    wb = _workbook(render_grid(report, referential))
    rows = _records(wb["Documents"])
    assert [row["Fichier"] for row in rows] == [d.path for d in report.documents]
    bpf = rows[0]
    assert bpf["Type détecté"] == "Bilan pédagogique et financier (BPF)" and bpf["Pages"] == 2
    assert "Produits de la formation professionnelle : 182\u202f340\u00a0€" in bpf["Informations extraites"]
    broken = rows[-1]
    assert broken["Statut"] == "Erreur" and broken["Message d'erreur"].startswith("Document protégé")
    assert wb["Documents"][f"C{len(rows) + 1}"].font.color.rgb.endswith("B42318")


def test_dossier_text_is_never_a_formula_nor_a_crash(report, referential):
    report.documents.append(DocumentRecord(path='=HYPERLINK("http://x","clic").pdf', sha256="0" * 64))
    report.indicators[0].evidence.append(
        Evidence(path="=1+1.pdf", page=1, excerpt="=SUM(A1:A9) \x00\x07 texte OCR bruité \x1b fin")
    )
    wb = _workbook(render_grid(report, referential))
    documents = wb["Documents"]
    cell = documents[f"A{len(report.documents) + 1}"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    evidence = wb["Grille"]["F2"]
    assert evidence.data_type == "s"
    assert "=1+1.pdf, p. 1 : « =SUM(A1:A9)  texte OCR bruité  fin »" in evidence.value.splitlines()


def test_personal_data_is_masked_in_the_grid(report, referential):
    wb = _workbook(render_grid(report, referential))
    text = "\n".join(str(c.value) for row in wb["Grille"].iter_rows() for c in row if c.value)
    assert "jeanne.martin@" not in text and "06 12 34 56 78" not in text
    assert "•••@rhone-conseil.fr - •• •• •• •• 78" in text


@pytest.mark.parametrize("referential_id", ["rnq-2099"])
def test_unknown_referential_still_renders(report, referential_id):
    report.referential.id = referential_id
    wb = _workbook(render_grid(report))
    rows = _records(wb["Grille"])
    assert len(rows) == 12 and rows[0]["Libellé de l'indicateur"] is None
    assert rows[0]["Intitulé du critère"] == "Conditions d'information du public"
