"""The officers' HTML gap report."""

from __future__ import annotations

import re

import lxml.html
import pytest

from reports.html import headline_markdown, render_html
from reports.view import build_view
from schemas import DocumentRecord, Evidence


def _tree(data: bytes):
    return lxml.html.fromstring(data.decode("utf-8"))


def _text(node) -> str:
    """Collapsed layout whitespace; the no-break spaces of French typography are kept."""
    return re.sub(r"[ \t\r\n]+", " ", node.text_content()).strip()


def test_verdict_line_and_counts_come_first(report, referential):
    tree = _tree(render_html(report, referential))
    verdict = tree.xpath("//section[contains(@class, 'verdict')]")[0]
    assert "verdict--admissible_with_reservations" in verdict.get("class")
    assert _text(verdict).startswith("Admissible avec réserves — 4 indicateurs manquants, 3 indicateurs partiels")
    assert "Manquants : 4" in _text(verdict) and "Partiels : 3" in _text(verdict)
    header = _text(tree.xpath("//body")[0])[:1200]
    for fact in (
        "Formations Rhône Conseil",
        "904123783",
        "84691234569",
        "rnq-test",
        "Actions de formation (AF)",
        "déduit des pièces du dossier",
        "Catégorie AF déduite du BPF",
        "1,5\u00a0jour",
    ):
        assert fact in header


def test_every_gap_is_listed_with_what_is_expected(report, referential):
    tree = _tree(render_html(report, referential))
    gaps = {int(card.get("id").removeprefix("gap-")): card for card in tree.xpath("//section[@id='ecarts']//article")}
    expected_gaps = {i.number for i in report.indicators if i.status in ("missing", "partial")}
    assert set(gaps) == expected_gaps
    # Missing first, then partial; each grouped under its criterion heading.
    order = list(gaps)
    assert order == [2, 12, 23, 32, 1, 19, 31]
    card_1 = _text(gaps[1])
    assert "Délai d'accès" in card_1 and "Accessibilité aux personnes handicapées" in card_1
    assert "offre/programme_management.docx : Délai d'accès, Accessibilité aux personnes handicapées, Tarifs" in card_1
    assert "Preuve attendue : Chaque offre est décrite publiquement" in card_1
    card_2 = _text(gaps[2])
    assert "À vérifier par l'officier" in card_2
    assert "Le guide de lecture V10 n'est pas publié" in card_2
    assert "Méthode de calcul des résultats publiée" in card_2
    assert "Critère 3 — Adaptation aux publics" in _text(tree.xpath("//section[@id='ecarts']")[0])


def test_checks_indicators_and_inventory(report, referential):
    tree = _tree(render_html(report, referential))
    checks = _text(tree.xpath("//section[@id='recevabilite']")[0])
    assert "Identité cohérente entre les pièces — La dénomination du BPF" in checks
    assert "Contrôles satisfaits (5)" in checks
    rows = tree.xpath("//section[@id='indicateurs']//tr[starts-with(@id, 'indicateur-')]")
    assert sorted(int(r.get("id").split("-")[1]) for r in rows) == sorted(i.number for i in report.indicators)
    folded = tree.xpath("//section[@id='indicateurs']//details")[0]
    assert "Indicateurs non applicables au périmètre (2)" in _text(folded)
    assert "L'organisme ne déclare ni sous-traitance ni portage salarial." in _text(folded)
    inventory = tree.xpath("//section[@id='documents']//tbody/tr")
    assert len(inventory) == len(report.documents)
    error_row = [r for r in inventory if r.get("class") == "error"]
    assert len(error_row) == 1 and "Document protégé par un mot de passe" in _text(error_row[0])
    bpf_row = _text(inventory[0])
    assert "Bilan pédagogique et financier (BPF)" in bpf_row
    assert "Produits de la formation professionnelle : 182\u202f340\u00a0€" in bpf_row
    survey_row = _text(inventory[4])
    assert "Oui (87\u00a0%)" in survey_row and "92,5\u00a0%" in survey_row


def test_self_contained_and_printable(report, referential):
    html = render_html(report, referential).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html
    assert "@media print" in html and "size: A4" in html


def test_file_names_and_excerpts_are_escaped(report, referential):
    hostile = '<script>alert("x")</script>.pdf'
    report.documents.append(
        DocumentRecord(path=hostile, doc_type="unknown", sha256="9" * 64, status="error", error="<b>illisible</b>")
    )
    report.indicators[0].evidence.append(
        Evidence(path=hostile, page=2, excerpt="Prérequis <script>document.cookie</script> & <img src=x onerror=1>")
    )
    report.organization.name = "<i>Rhône</i> & Cie"
    html = render_html(report, referential).decode("utf-8")
    assert "<script" not in html and "<img" not in html and "<b>illisible" not in html and "<i>Rhône" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&lt;script&gt;document.cookie&lt;/script&gt; &amp; &lt;img src=x onerror=1&gt;" in html
    tree = _tree(html.encode())
    assert hostile in _text(tree.xpath("//section[@id='documents']")[0])
    assert "<i>Rhône</i> & Cie" in _text(tree.xpath("//h1")[0])


def test_personal_data_is_masked_in_excerpts(report, referential):
    html = render_html(report, referential).decode("utf-8")
    assert "jeanne.martin@" not in html and "06 12 34 56 78" not in html
    assert "•••@rhone-conseil.fr - •• •• •• •• 78" in html


def test_unknown_referential_shows_numbers_without_wording(report):
    report.referential.id = "rnq-2099"
    tree = _tree(render_html(report))
    assert "version inconnue de cette installation" in _text(tree.xpath("//body")[0])
    gaps = tree.xpath("//section[@id='ecarts']//article")
    assert len(gaps) == 7
    assert "Indicateur 12" in _text(gaps[1]) and not gaps[1].xpath(".//p[@class='wording']")
    assert "Prévention et traitement des violences" in _text(gaps[1])


def test_dossier_without_documents_or_organisation(report, referential):
    report.documents = []
    report.organization.name = None
    report.indicators = [i for i in report.indicators if i.status == "covered"]
    report.admissibility.checks = []
    tree = _tree(render_html(report, referential))
    body = _text(tree.xpath("//body")[0])
    assert "Organisme non identifié" in body
    assert "Aucun document reçu." in body
    assert "Aucun indicateur manquant ni partiel." in body
    assert "Aucun contrôle bloquant ni alerte." in body


def test_headline_markdown(report, referential):
    markdown = headline_markdown(build_view(report, referential))
    assert markdown.startswith("# Dossier D-2026-0042 — Formations Rhône Conseil\n")
    assert "**Admissible avec réserves — 4 indicateurs manquants, 3 indicateurs partiels, 2 alertes**" in markdown
    assert "| 5 | 3 | 4 | 2 | 2 | 8 | 1 |" in markdown
    gap_lines = [line for line in markdown.splitlines() if line.startswith("- **") and line[4].isdigit()]
    assert [int(line[4:].split("**")[0]) for line in gap_lines] == [2, 12, 23, 32, 1, 19, 31]
    assert "_(à vérifier)_" in markdown


@pytest.mark.parametrize(
    ("name", "shown"),
    [("A | B", r"A \| B"), ("[lien](http://x)", r"\[lien\]\(http://x\)"), ("<b>gras</b>", r"\<b\>gras\</b\>")],
)
def test_headline_markdown_shows_names_literally(report, referential, name, shown):
    report.organization.name = name
    assert headline_markdown(build_view(report, referential)).splitlines()[0] == f"# Dossier D-2026-0042 — {shown}"
