"""Text folding and phrase patterns shared by classification and fields."""

from __future__ import annotations

import pytest

from extractors.text_normalize import DigitRepair, compile_phrase, fold, fold_with_offsets, phrase_display, unify_spaces


@pytest.mark.parametrize(
    "source, folded",
    [
        ("Déclaration d’activité", "declaration d'activite"),
        ("DÉCLARATION D'ACTIVITÉ", "declaration d'activite"),
        ("«\u00a0Cœur\u00a0»", '" coeur "'),
        ("mise en œuvre – suivi — fin", "mise en oeuvre - suivi - fin"),
        ("a\u202f\u2009\u00a0  \tb", "a b"),
        ("ligne 1  \r\n  ligne 2", "ligne 1\nligne 2"),
        ("sans\u00adcoupure\u200b", "sanscoupure"),
        ("ﬁche N\u00ba 3", "fiche n° 3"),
    ],
)
def test_fold_unifies_case_accents_punctuation_and_spaces(source, folded):
    assert fold(source) == folded


@pytest.mark.parametrize(
    "source, folded",
    [
        ("déc1aration", "declaration"),
        ("Tota1 des produits", "total des produits"),
        ("0rganisme", "organisme"),
        ("REALISATI0N", "realisation"),
        ("clas5e", "classe"),
    ],
)
def test_fold_repairs_ocr_digits_inside_words(source, folded):
    assert fold(source) == folded


@pytest.mark.parametrize(
    "token",
    ["rncp12345", "10443*17", "8559a", "1er", "2e", "1ere", "21h", "14h30", "l2345", "windows10", "rs5545", "b2b"],
)
def test_fold_leaves_codes_ordinals_and_units_alone(token):
    assert fold(token) == token


def test_offsets_map_folded_text_back_to_the_source():
    source = "Dénomination\u00a0:  FORMATIONS RHÔNE CONSEIL"
    folded = fold_with_offsets(source)
    start = folded.text.index(":") + 1
    assert folded.source_slice(start).strip() == "FORMATIONS RHÔNE CONSEIL"
    assert len(folded.offsets) == len(folded.text) + 1


def test_unify_spaces_keeps_tabs_between_cells():
    assert unify_spaces("182\u202f340\t€\u00a0HT") == "182 340\t€ HT"


@pytest.mark.parametrize(
    "phrase, text, found",
    [
        ("feuille d'émargement", "FEUILLES D’EMARGEMENT", True),
        ("feuille d'émargement", "feuille demargement", True),
        ("feuille d'émargement", "feuille d'ernargement", True),
        ("certificat de réalisation", "CERTlFICAT DE REALlSATION", True),
        ("réclamation*", "les réclamations clients", True),
        ("action* corrective*", "actions correctives", True),
        ("{n} de déclaration", "N° de déclaration", True),
        ("{n} de déclaration", "numéro de déclaration", True),
        ("cgv", "nos CGV 2026", True),
        ("cgv", "cgvt", False),
        ("programme", "programmer", False),
        ("veille", "la vieille", False),
        ("shown = re:\\b10443\\b", "cerfa 10443*17", True),
    ],
)
def test_phrase_patterns(phrase, text, found):
    assert bool(compile_phrase(phrase).search(fold(text))) is found


def test_phrase_display_names_regex_rules_for_people():
    assert phrase_display("cerfa 10443 = re:\\b10443\\b") == "cerfa 10443"
    assert phrase_display("réclamation*") == "réclamation"


@pytest.mark.parametrize(
    "source, in_words, between_letters",
    [
        ("Dé1ai", "delai", "delai"),
        ("Tota1", "total", "tota1"),  # a word's last letter: only a line of a document repairs it
        ("a1b", "a1b", "alb"),  # too short for a word, yet a token the matcher folds on both sides
        ("RNCP12345", "rncp12345", "rncp12345"),
    ],
)
def test_fold_repairs_ocr_digits_as_its_caller_needs(source, in_words, between_letters):
    assert fold(source) == in_words
    assert fold(source, DigitRepair.BETWEEN_LETTERS) == between_letters
