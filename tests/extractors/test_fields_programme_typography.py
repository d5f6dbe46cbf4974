"""Programme title from typography: the largest block of page 1 above its first section, read from
real PDF character sizes, before any wording cue."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from extractors import extract
from extractors.fields import extract_fields
from extractors.fields.programme import typographic_title
from extractors.fields.rules import field_rules
from schemas import Limits, StyledLine

BODY = "Cette formation permet aux participants de progresser rapidement dans leur pratique quotidienne."


def _pdf(path: Path, lines: list[tuple[str, float]], scale_text_matrix: bool = False) -> Path:
    """One page: each (text, size) line under the previous one. `scale_text_matrix` prints every
    character at size 1 scaled by the text matrix, as some writers do."""
    page = canvas.Canvas(str(path), pagesize=A4)
    y = A4[1] - 60
    for text, size in lines:
        y -= size * 1.4
        if scale_text_matrix:
            page.saveState()
            page.translate(50, y)
            page.scale(size, size)
            page.setFont("Helvetica", 1)
            page.drawString(0, 0, text)
            page.restoreState()
        else:
            page.setFont("Helvetica", size)
            page.drawString(50, y, text)
    page.save()
    return path


def _title(path: Path) -> str | None:
    extracted = extract(path, path.name, Limits())
    assert extracted.ok and extracted.pages[0].styled_lines
    return extract_fields("programme", extracted.pages).get("title")


# A title over two lines under a small letterhead (also read scanned, in test_ocr_typography).
TWO_LINE_TITLE = [
    ("Formations Horizon - 12 rue des Lilas 69003 Lyon", 9),
    ("Management d'équipe :", 24),
    ("les fondamentaux du manager", 24),
    ("Objectifs pédagogiques", 14),
    (BODY, 10), (BODY, 10), (BODY, 10),
    ("Durée : 14 heures", 10),
]


def test_the_largest_block_is_the_title_even_printed_after_a_small_letterhead(tmp_path):
    assert _title(_pdf(tmp_path / "p.pdf", TWO_LINE_TITLE)) == "Management d'équipe : les fondamentaux du manager"


def test_a_kicker_a_duration_and_a_web_address_are_never_the_title(tmp_path):
    path = _pdf(tmp_path / "p.pdf", [
        ("www.formations-horizon.fr", 22),
        ("Programme de formation - 2 jours", 20),
        ("Prise de parole en public", 16),
        (BODY, 10), (BODY, 10), (BODY, 10), (BODY, 10),
        ("Public : tout salarié", 10),
    ])
    assert _title(path) == "Prise de parole en public"


def test_sizes_set_by_the_text_matrix_count(tmp_path):
    path = _pdf(tmp_path / "p.pdf", [
        ("Premiers secours au travail", 24),
        (BODY, 10), (BODY, 10), (BODY, 10),
        ("Objectifs", 12),
    ], scale_text_matrix=True)
    assert _title(path) == "Premiers secours au travail"


def test_a_cover_page_whose_large_lines_carry_most_of_the_text(tmp_path):
    path = _pdf(tmp_path / "p.pdf", [
        ("CERTIFICATION", 18),
        ("Conception de supports pédagogiques", 17),
        ("accessibles et inclusifs pour tous", 17),
        ("PROGRAMME DE FORMATION", 25),
        ("Mis à jour le 3 mars 2026", 12),
    ])
    assert _title(path) == "Conception de supports pédagogiques accessibles et inclusifs pour tous"


def test_a_block_of_catalogue_meta_is_skipped_as_a_whole():
    rules = field_rules().programme
    styled = [
        StyledLine(text="CATALOGUE", size=30, top=50),
        StyledLine(text="DE FORMATIONS 2026", size=30, top=85),
        StyledLine(text="Négociation commerciale", size=20, top=160),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
        StyledLine(text=BODY, size=10, top=228),
    ]
    assert typographic_title(styled, rules) == "Négociation commerciale"


@pytest.mark.parametrize("debris", [". | ", "| ", "• ", "— "])
def test_a_kicker_behind_ocr_debris_or_a_bullet_is_still_a_kicker(debris):
    rules = field_rules().programme
    styled = [
        StyledLine(text="Cabinet Orion", size=9, top=20),
        StyledLine(text=f"{debris}PROGRAMME DE FORMATION", size=26, top=60),
        StyledLine(text="Gestion du stress au travail", size=22, top=100),
        StyledLine(text="Objectifs pédagogiques", size=12, top=140),
        StyledLine(text=BODY, size=10, top=160), StyledLine(text=BODY, size=10, top=174),
    ]
    assert typographic_title(styled, rules) == "Gestion du stress au travail"


@pytest.mark.parametrize(
    "address", ["12 quai de la Loire, 44000 Nantes – contact@cap-bilans.fr", "Tél. 02 40 00 00 00"]
)
def test_a_larger_name_right_above_its_address_is_the_organisation_not_the_title(address):
    rules = field_rules().programme
    styled = [
        StyledLine(text="Cap Bilans & Avenir", size=20, bold=True, top=40, left=50, right=260),
        StyledLine(text=address, size=9, top=64, left=50, right=400),
        StyledLine(text="Bilan de compétences – point d'étape", size=16, bold=True, top=100, left=50, right=380),
        StyledLine(text="Fiche programme – 03/02/2026", size=10, top=124, left=50, right=250),
        StyledLine(text="Objectifs", size=12, bold=True, top=150, left=50, right=120),
        StyledLine(text=BODY, size=10, top=170, left=50, right=500),
    ]
    assert typographic_title(styled, rules) == "Bilan de compétences – point d'étape"


def test_a_title_above_its_pages_web_address_is_still_the_title():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Prise de parole en public", size=20, bold=True, top=60),
        StyledLine(text="www.orion-formation.fr/formations/prise-de-parole — mis à jour le 03/02/2026", size=8, top=84),
        StyledLine(text="Objectifs", size=12, bold=True, top=120),
        StyledLine(text=BODY, size=10, top=140), StyledLine(text=BODY, size=10, top=154),
    ]
    assert typographic_title(styled, rules) == "Prise de parole en public"


def test_section_headings_after_emoji_or_numbers_end_the_title_zone():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Formation bureautique", size=10, top=50),
        StyledLine(text="🎯 Objectifs pédagogiques", size=18, top=80),
        StyledLine(text="2. Contenu détaillé", size=18, top=120),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
    ]
    assert typographic_title(styled, rules) is None


def test_a_title_wrapped_beside_another_column_is_read_whole():
    # Two columns: the title's two lines (15.2 pt, 19 pt apart) have a body line of the left column
    # between them in reading order.
    rules = field_rules().programme
    styled = [
        StyledLine(text="Exposés courts, démonstrations et travaux pratiques sur", size=9.5, top=82),
        StyledLine(text="Prévention des troubles", size=15.2, bold=True, top=83),
        StyledLine(text="des cas issus de votre activité ; documentation remise sous", size=9.5, top=94),
        StyledLine(text="musculo-squelettiques", size=15.2, bold=True, top=102),
        StyledLine(text="format numérique.", size=9.5, top=106),
        StyledLine(text=BODY, size=9.5, top=160), StyledLine(text=BODY, size=9.5, top=172),
    ]
    assert typographic_title(styled, rules) == "Prévention des troubles musculo-squelettiques"


def test_a_sidebars_labelled_line_beside_the_title_does_not_end_the_title_zone():
    # « Contact : … » (a section's label with its value, plain) stands in a side column level with the title.
    rules = field_rules().programme
    styled = [
        StyledLine(text="Institut des Métiers de Bouche", size=8, top=45),
        StyledLine(text="Contact : service formation.", size=8.8, top=99),
        StyledLine(text="CAP Cuisine", size=14, bold=True, top=109),
        StyledLine(text="en apprentissage", size=14, bold=True, top=128),
        StyledLine(text="Objectifs", size=10.8, bold=True, top=140),
        StyledLine(text=BODY, size=8.8, top=160), StyledLine(text=BODY, size=8.8, top=172),
    ]
    assert typographic_title(styled, rules) == "CAP Cuisine en apprentissage"


def test_on_a_scan_which_tells_no_weight_a_labelled_line_still_ends_the_title_zone():
    # A scanned programme's « Durée : 14 h » comes before its large « À QUI S'ADRESSE CETTE FORMATION ? ».
    rules = field_rules().programme
    styled = [
        StyledLine(text="Durée : 14 heures", size=9, top=120),
        StyledLine(text="Public : aides-soignants", size=9, top=132),
        StyledLine(text="À QUI S'ADRESSE CETTE FORMATION ?", size=16, top=150),
        StyledLine(text=BODY, size=9, top=170), StyledLine(text=BODY, size=9, top=182),
    ]
    assert typographic_title(styled, rules) is None


def test_a_line_of_the_same_size_below_a_smaller_one_in_one_column_is_another_block():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Management d'équipe", size=16, top=60),
        StyledLine(text="Session de printemps, places limitées", size=10, top=80),
        StyledLine(text="Catalogue 2026", size=16, top=92),
        StyledLine(text=BODY, size=10, top=160), StyledLine(text=BODY, size=10, top=174),
    ]
    assert typographic_title(styled, rules) == "Management d'équipe"


@pytest.mark.parametrize("words", ["Préparer l'audit Qualiopi de son organisme de formation"])
def test_a_title_set_apart_by_typography_may_name_qualiopi(words):
    rules = field_rules().programme
    styled = [
        StyledLine(text=words, size=22, top=60),
        StyledLine(text=BODY, size=10, top=120), StyledLine(text=BODY, size=10, top=134),
    ]
    assert typographic_title(styled, rules) == words


def _docx(path: Path, paragraphs: list[tuple[str, float | None, str | None]]) -> Path:
    """(text, run size or None, paragraph style or None) per paragraph."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    for text, size, style in paragraphs:
        paragraph = document.add_paragraph(style=style)
        run = paragraph.add_run(text)
        if size is not None:
            run.font.size = Pt(size)
    document.save(str(path))
    return path


def test_a_word_heading_paragraph_is_the_title_and_paragraphs_are_not_merged(tmp_path):
    path = _docx(tmp_path / "p.docx", [
        ("Programme Gestion du stress", 18, None),
        ("Les bases", 18, None),
        (BODY, 11, None), (BODY, 11, None), (BODY, 11, None),
        ("Durée : 7 heures", 11, None),
    ])
    assert _title(path) == "Gestion du stress"


def test_a_word_title_style_counts_without_run_sizes(tmp_path):
    path = _docx(tmp_path / "p.docx", [
        ("Cabinet Orion - 4 rue Haute 35000 Rennes", None, None),
        ("Animer une réunion efficace", None, "Title"),
        (BODY, None, None), (BODY, None, None), (BODY, None, None),
        ("Objectifs", None, "Heading 1"),
    ])
    assert _title(path) == "Animer une réunion efficace"


def test_a_banner_naming_only_the_kind_of_diploma_is_not_the_title():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Titre professionnel", size=49, top=300),
        StyledLine(text="FORMATEUR", size=32, top=368),
        StyledLine(text="PROFESSIONNEL D'ADULTES", size=32, top=398),
        StyledLine(text=BODY, size=9.6, top=500), StyledLine(text=BODY, size=9.6, top=513),
        StyledLine(text=BODY, size=9.6, top=526),
    ]
    assert typographic_title(styled, rules) == "FORMATEUR PROFESSIONNEL D'ADULTES"


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("TTiittrree pprrooffeessssiioonnnneell", "Titre professionnel"),
        ("QQuuaalliittééss rreeqquuiisseess :: ééccoouuttee", "Qualités requises : écoute"),
        ("Tarif : 2200 € et aabb", "Tarif : 2200 € et aabb"),
        ("Le bilan de compétences", "Le bilan de compétences"),
    ],
)
def test_text_overprinted_for_fake_bold_is_read_once(printed, read):
    from extractors.pdf import undouble_overprinted

    assert undouble_overprinted(printed) == read


@pytest.mark.parametrize("footer", [
    "Contact : formations@brightlearn.fr | www.brightlearn.fr",
    "BRIGHTLEARN — Organisme de formation certifié",
])
def test_the_organisation_name_set_largest_is_not_the_title(footer):
    # On a scan a logo reads as the largest text of the page: the letterhead says whose name it is.
    rules = field_rules().programme
    styled = [
        StyledLine(text="BrightLearn", size=40, top=40),
        StyledLine(text="Gestion de projet agile", size=22, top=120),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
        StyledLine(text=footer, size=9, top=800),
    ]
    assert typographic_title(styled, rules) == "Gestion de projet agile"


def test_a_title_that_shares_words_with_the_letterhead_wordings_stays_the_title():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Formation Qualiopi", size=24, top=60),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
        StyledLine(text="Organisme de formation certifié Qualiopi — SIRET 123 456 789 00012", size=9, top=800),
    ]
    assert typographic_title(styled, rules) == "Formation Qualiopi"


@pytest.mark.parametrize("footer", [
    "https://brightlearn.com/fr/parcours/developpeur-web",
    "*Développeur web - Diplôme niveau 5 (Bac+2) - enregistré au RNCP par arrêté du 17/03/2016",
])
def test_a_title_named_in_a_web_address_path_or_a_registration_line_stays_the_title(footer):
    rules = field_rules().programme
    styled = [
        StyledLine(text="Développeur Web", size=26, top=60),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
        StyledLine(text=footer, size=8, top=800),
    ]
    assert typographic_title(styled, rules) == "Développeur Web"


def test_quotes_around_the_title_are_not_part_of_it():
    rules = field_rules().programme
    styled = [
        StyledLine(text="« Gestes et postures au travail »", size=20, top=60),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
    ]
    assert typographic_title(styled, rules) == "Gestes et postures au travail"


def test_a_parenthesis_under_the_title_ends_it_and_is_never_the_title_alone():
    # On a scan, OCR measures « (SST) » taller than the title's letters: it still ends the title.
    rules = field_rules().programme
    styled = [
        StyledLine(text="Sauveteur Secouriste du Travail", size=15, top=60),
        StyledLine(text="(SST)", size=17.3, top=80),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
    ]
    assert typographic_title(styled, rules) == "Sauveteur Secouriste du Travail (SST)"
    alone = [StyledLine(text="(SST)", size=18, top=60), StyledLine(text=BODY, size=10, top=200)]
    assert typographic_title(alone, rules) is None


def test_the_organisation_named_on_its_legal_line_is_not_the_title():
    rules = field_rules().programme
    styled = [
        StyledLine(text="Alpha&Co Conseil", size=19, top=40),
        StyledLine(text="Management d'équipe : les fondamentaux", size=15, top=90),
        StyledLine(text=BODY, size=10, top=200), StyledLine(text=BODY, size=10, top=214),
        StyledLine(text="Alpha&Co Conseil – 12 rue des Lilas 69003 Lyon – SIRET 904 123 783 00014", size=8, top=800),
    ]
    assert typographic_title(styled, rules) == "Management d'équipe : les fondamentaux"



SIDE_COLUMN = [
    # Training-management software: a band with the organisation's name, then a column of key facts
    # whose bold headings stand level with a title printed over two lines in the main column.
    StyledLine(text="Atelier Numérique Loire", size=13, bold=True, top=15, left=40, right=190),
    StyledLine(text="EN BREF", size=9.8, bold=True, top=77, left=40, right=90),
    StyledLine(text="Habilitation électrique B0-H0-H0V", size=16.3, bold=True, top=78, left=200, right=480),
    StyledLine(text="DURÉE", size=7.8, bold=True, top=90, left=40, right=70),
    StyledLine(text="1 jour (7 heures)", size=7.8, top=103, left=40, right=110),
    StyledLine(text="– personnel non électricien", size=16.3, bold=True, top=104, left=200, right=430),
    StyledLine(text="TARIF", size=7.8, bold=True, top=122, left=40, right=70),
    StyledLine(text="Objectifs pédagogiques", size=11.8, bold=True, top=138, left=200, right=340),
    StyledLine(text=BODY, size=9.3, top=153, left=200, right=540),
    StyledLine(text=BODY, size=9.3, top=165, left=200, right=540),
]


def test_a_column_of_key_facts_beside_the_title_does_not_end_its_zone():
    rules = field_rules().programme
    assert typographic_title(SIDE_COLUMN, rules) == "Habilitation électrique B0-H0-H0V – personnel non électricien"


def test_without_the_lines_extents_a_heading_level_with_the_title_still_ends_its_zone():
    rules = field_rules().programme
    unplaced = [line.model_copy(update={"left": None, "right": None}) for line in SIDE_COLUMN]
    assert typographic_title(unplaced, rules) == "Atelier Numérique Loire"


def test_a_pdf_lines_extent_is_read_from_its_ink(tmp_path):
    path = tmp_path / "colonnes.pdf"
    page = canvas.Canvas(str(path), pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(40, 700, "EN BREF")
    page.drawString(300, 500, "Objectifs pédagogiques")
    page.save()
    lines = extract(path, path.name, Limits()).pages[0].styled_lines
    extents = {line.text: (line.left, line.right) for line in lines}
    assert extents["EN BREF"][0] == pytest.approx(40, abs=2) and extents["EN BREF"][1] < 100
    assert extents["Objectifs pédagogiques"][0] == pytest.approx(300, abs=2)


def test_a_header_set_right_of_the_title_on_its_line_is_no_part_of_it(tmp_path):
    page = canvas.Canvas(str(tmp_path / "programme.pdf"), pagesize=A4)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(50, A4[1] - 80, "English for Business – parcours mixte")
    page.setFont("Helvetica", 9)
    page.drawRightString(A4[0] - 40, A4[1] - 80, "Conseil Formation Hauts-de-France")
    page.setFont("Helvetica", 10)
    for row, text in enumerate(["Durée : 30 heures", "Public : salariés", BODY]):
        page.drawString(50, A4[1] - 130 - 16 * row, text)
    page.save()
    assert _title(tmp_path / "programme.pdf") == "English for Business – parcours mixte"


def test_a_kicker_set_like_the_title_announces_the_lines_after_it(tmp_path):
    lines = [
        ("Atelier Lune & Compétences", 10),
        ("FICHE PROGRAMME", 10),
        ("Bilan de compétences – parcours complet", 10),
        ("Réf. BC-01 – mis à jour le", 10),
        ("12/01/2026", 10),
        ("Contenu", 8),
        (BODY, 8), (BODY, 8), (BODY, 8),
    ]  # fmt: skip
    assert _title(_pdf(tmp_path / "p.pdf", lines)) == "Bilan de compétences – parcours complet"
