"""Excerpts: short, centred on the match, personal data masked, people-listing documents summarised."""

from __future__ import annotations

import pytest

from indicator_mappers.excerpts import EXCERPT_CHARS, excerpt_around, field_excerpt, mask_personal_data, summary_excerpt
from tests.indicator_mappers.conftest import make_doc


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("jeanne.martin@exemple.fr", "j•••@exemple.fr"),
        ("Écrire à J.Dupont+formation@organisme-formation.co.uk.", "Écrire à J•••@organisme-formation.co.uk."),
        ("06 12 34 56 78", "•• •• •• •• 78"),
        ("06.12.34.56.78", "••.••.••.••.78"),
        ("0612345678", "••••••••78"),
        ("+33 6 12 34 56 78", "+•• • •• •• •• 78"),
        ("+33 (0)4 72 10 20 30", "+•• (•)• •• •• •• 30"),
    ],
)
def test_emails_keep_their_domain_and_phones_their_last_two_digits(raw, masked):
    assert mask_personal_data(raw) == masked


def test_masking_leaves_other_numbers_alone():
    text = "RNCP37682, 420 heures, 6 300 €, SIRET 904 123 783 00014, le 12/03/2023"
    assert mask_personal_data(text) == text


def test_excerpt_is_centred_short_and_masked():
    text = ("Lorem ipsum dolor sit amet. " * 30) + "Délai d'accès : 15 jours, contact a.b@exemple.fr" + (" suite" * 80)
    start = text.index("Délai")
    excerpt = excerpt_around(text, start, start + len("Délai d'accès"))
    assert "Délai d'accès : 15 jours" in excerpt
    assert "a•••@exemple.fr" in excerpt and "a.b@" not in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= EXCERPT_CHARS + 2


def test_excerpt_of_a_short_text_is_the_text():
    assert excerpt_around("Prérequis : aucun", 0, 9) == "Prérequis : aucun"


def test_excerpt_never_cuts_inside_a_word():
    text = " ".join(f"mot{i}" for i in range(200))
    start = text.index("mot100")
    excerpt = excerpt_around(text, start, start + 6).strip("…")
    assert all(word.startswith("mot") and word[3:].isdigit() for word in excerpt.split())


def test_attendance_sheet_is_summarised_never_quoted():
    sheet = make_doc(
        "emargement.pdf",
        "attendance_sheet",
        "Feuille d'émargement du 03/03/2026. Jeanne Martin, Paul Durand. Tél. 06 11 22 33 44",
        "Suite le 04/03/2026. Jeanne Martin.",
        tables=[[["Stagiaire", "Matin", "Après-midi"], ["Jeanne Martin", "x", "x"], ["Paul Durand", "x", ""]]],
    )
    summary = summary_excerpt(sheet)
    assert "Jeanne" not in summary and "Durand" not in summary and "06" not in summary
    assert "2 pages" in summary and "03/03/2026" in summary and "04/03/2026" in summary
    assert "2 lignes d'émargement" in summary
    assert len(summary) <= EXCERPT_CHARS


def test_survey_is_summarised_with_its_counts_and_rate():
    survey = make_doc(
        "enquete.pdf",
        "satisfaction_survey",
        "Réponse de Marie Curie : très satisfaite, marie.curie@exemple.fr",
        fields={"respondents": 25, "satisfaction_rate": 0.884},
    )
    summary = summary_excerpt(survey)
    assert "25 répondants" in summary and "taux de satisfaction 88,4 %" in summary
    assert "Marie" not in summary and "curie" not in summary.lower()


def test_summary_dates_from_fields_read_the_french_way():
    sheet = make_doc("e.pdf", "attendance_sheet", "Signatures", fields={"start_date": "2026-03-03", "end_date": "2026-03-07"})
    assert "du 03/03/2026 ; au 07/03/2026" in summary_excerpt(sheet)


def test_extracted_fields_are_cited_in_french():
    assert field_excerpt("duration_hours", 7.0) == "Valeur extraite du document : durée 7 h"
    assert field_excerpt("respondents", 12) == "Valeur extraite du document : 12 répondants"


def test_completion_certificate_is_summarised_without_the_trainee():
    certificate = make_doc(
        "attestation.pdf",
        "completion_certificate",
        "Attestation de formation délivrée à M. Kevin Lambert (société Transports Rival).\n"
        "Nature de l'action : action de formation. Durée totale : 2 jours, soit 14 h, le 2 et le 3 février 2026.\n"
        "Évaluation : objectifs partiellement atteints. Fait le 04/02/2026.",
    )
    summary = summary_excerpt(certificate)
    assert "Lambert" not in summary and "Kevin" not in summary and "Rival" not in summary
    assert summary.startswith("Attestation de fin de formation ; action de formation ; durée 14 h")
    assert "objectifs partiellement atteints" in summary and "04/02/2026" in summary


def test_certificate_cerfa_keeps_only_the_ticked_nature_and_worded_dates():
    cerfa = make_doc(
        "certificat.pdf",
        "completion_certificate",
        "CERTIFICAT DE RÉALISATION\natteste que Lucie Martin a suivi l'action : Titre pro\n"
        "☐ action de formation ☒ bilan de compétences □ action de VAE □ action de formation par apprentissage\n"
        "du 1er mars 2026 au mardi 14 avril 2026 pour une durée de 24 heures.",
    )
    summary = summary_excerpt(cerfa)
    assert "Certificat de réalisation ; bilan de compétences ; durée 24 h" in summary
    assert "2 dates du 01/03/2026 au 14/04/2026" in summary and "Martin" not in summary


def test_certificate_summary_reads_outcomes_through_the_one_folding():
    # No-break and doubled spaces, as PDFs print them, no longer hide the nature and the outcome.
    certificate = make_doc(
        "attestation.pdf",
        "completion_certificate",
        "Nature de l'action\u00a0: action  de\u00a0formation\nÉvaluation : objectifs\u00a0atteints.",
    )
    summary = summary_excerpt(certificate)
    assert "action de formation" in summary and "objectifs atteints" in summary
