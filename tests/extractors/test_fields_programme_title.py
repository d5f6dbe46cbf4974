"""Programme title from layout cues: letterhead, kicker and version lines, wrapped and underlined titles."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from schemas.extraction import PageText


def title_of(*pages: str) -> str | None:
    found = extract_fields("programme", [PageText(number=i, text=t) for i, t in enumerate(pages, start=1)])
    return found.get("title")


@pytest.mark.parametrize(
    "text, title",
    [
        # letterhead (name above its address), then the title, then the kicker below it
        (
            "Atelier Numérique du Vexin\n3 place du Marché 95300 Pontoise – 01 30 00 00 00\n"
            "Tableaux de bord avec Power BI\nDESCRIPTIF DE LA FORMATION\n"
            "Objectifs\nConstruire un rapport",
            "Tableaux de bord avec Power BI",
        ),
        # a kicker above the title and the letterhead line on top
        (
            "Atelier Numérique du Vexin\nFiche pédagogique\nSoudure TIG niveau 1\nPublic concerné : soudeurs",
            "Soudure TIG niveau 1",
        ),
        # the version and reference line under the title, a generic heading after it
        (
            "Cabinet Orion\nConduite de réunion\nÉdition de mars 2026 – Réf. CR-04\nEn résumé\nDurée : 7 heures",
            "Conduite de réunion",
        ),
        # a band naming the organisation and the kind of document, then the title and its reference
        (
            "Cap Compétences Ouest FICHE PROGRAMME\nAnglais professionnel - préparation au TOEIC Réf. AP-12 - "
            "mis à jour le\n03/02/2026\nPublic\nSalariés et demandeurs d'emploi.",
            "Anglais professionnel - préparation au TOEIC",
        ),
        (
            "Formations Lune\nTableur avancé Référence : TA-3\nObjectifs\nConstruire un tableau croisé",
            "Tableur avancé",
        ),
        # « sa » is a possessive here, not the legal form SA
        (
            "Prendre sa place dans une équipe\nPROGRAMME DE FORMATION\nPrérequis : aucun",
            "Prendre sa place dans une équipe",
        ),
    ],
)
def test_title_next_to_its_kicker_or_version_line(text, title):
    assert title_of(text) == title


@pytest.mark.parametrize(
    "text, title",
    [
        (
            "Cabinet Orion\nPiloter un projet de transformation :\nméthodes et outils\n"
            "Fiche programme\nPublic : cadres",
            "Piloter un projet de transformation : méthodes et outils",
        ),
        (
            "Cabinet Orion\nHabilitation électrique\n(B0-H0V) - personnel non électricien\n"
            "FICHE FORMATION\nObjectifs",
            "Habilitation électrique (B0-H0V) - personnel non électricien",
        ),
    ],
)
def test_title_wrapped_over_two_lines(text, title):
    assert title_of(text) == title


@pytest.mark.parametrize(
    "text, title",
    [
        (
            "CFA Angers Bâtiment\n81 impasse des Artisans, 49100 Angers\nCertificat d'aptitude professionnelle\n"
            "Électricien\nFICHE FORMATION\nMise à jour : 2026-01-05\nObjectifs pédagogiques",
            "Certificat d'aptitude professionnelle Électricien",
        ),
        (
            "Institut Horizon\nPROGRAMME DE FORMATION\nTITRE PROFESSIONNEL\nSecrétaire assistant\nPublic : tout public",
            "TITRE PROFESSIONNEL Secrétaire assistant",
        ),
        ("BTS\nManagement commercial opérationnel\nProgramme\nPrérequis : baccalauréat", "BTS Management commercial opérationnel"),
    ],
)
def test_title_whose_first_line_is_only_a_kind_of_diploma(text, title):
    assert title_of(text) == title


def test_a_diploma_kind_alone_above_a_section_is_not_joined_to_it():
    text = "Cabinet Orion\nFiche formation\nTitre professionnel\nObjectifs\nRédiger des courriers"
    assert title_of(text) == "Titre professionnel"


def test_plain_text_title_underlined_with_equals_signs():
    text = "Cabinet Orion\nAnglais des affaires\n====================\nObjectifs\n----------\nNégocier en anglais"
    assert title_of(text) == "Anglais des affaires"


def test_running_header_repeated_on_every_page_is_not_the_title():
    page_1 = "Cabinet Orion\nDroit social pour managers\nObjectifs : connaître les règles"
    page_2 = "Cabinet Orion\nModule 2 : le temps de travail"
    assert title_of(page_1, page_2) == "Droit social pour managers"


def test_duration_printed_under_an_underlined_label():
    text = "Volume horaire\n--------------\n3 jours (21 heures)"
    found = extract_fields("programme", [PageText(number=1, text=text)])
    assert found["duration_hours"] == 21.0
