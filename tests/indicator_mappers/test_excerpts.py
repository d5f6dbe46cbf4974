"""Excerpts: short, centred on the match, personal data masked, people-listing documents summarised as structure
(their French: tests/reports/test_report_evidence.py)."""

from __future__ import annotations

import pytest

from indicator_mappers.excerpts import EXCERPT_CHARS, excerpt_around, field_cited, mask_personal_data, summary_cited
from schemas.evidence import Cited, CitedKind, cited
from tests.indicator_mappers.conftest import attendance_sheet, make_doc


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


def _facts(summary: Cited) -> dict[CitedKind, dict]:
    assert summary.kind is CitedKind.SUMMARY
    return {fact.kind: fact.params for fact in summary.params["facts"]}


def test_attendance_sheet_is_summarised_never_quoted():
    summary = summary_cited(attendance_sheet())
    assert [f.kind for f in summary.params["facts"]] == [
        CitedKind.DOC_TYPE, CitedKind.PAGES, CitedKind.DATES, CitedKind.ATTENDANCE_ROWS
    ]
    facts = _facts(summary)
    assert facts[CitedKind.DOC_TYPE] == {"doc_type": "attendance_sheet"}
    assert facts[CitedKind.PAGES] == {"count": 2}
    assert facts[CitedKind.DATES] == {"count": 2, "first": "2026-03-03", "last": "2026-03-04"}
    assert facts[CitedKind.ATTENDANCE_ROWS] == {"count": 2}
    dumped = summary.model_dump_json()
    assert "Jeanne" not in dumped and "Durand" not in dumped and "06" not in dumped


def test_survey_is_summarised_with_its_counts_and_rate():
    survey = make_doc(
        "enquete.pdf",
        "satisfaction_survey",
        "Réponse de Marie Curie : très satisfaite, marie.curie@exemple.fr",
        fields={"respondents": 25, "satisfaction_rate": 0.884},
    )
    summary = summary_cited(survey)
    facts = _facts(summary)
    assert facts[CitedKind.RESPONDENTS] == {"count": 25} and facts[CitedKind.SATISFACTION_RATE] == {"rate": 0.884}
    assert "Marie" not in summary.model_dump_json() and "curie" not in summary.model_dump_json().lower()


def test_summary_dates_from_fields_are_kept_as_read():
    sheet = make_doc("e.pdf", "attendance_sheet", "Signatures", fields={"start_date": "2026-03-03", "end_date": "2026-03-07"})
    facts = _facts(summary_cited(sheet))
    assert facts[CitedKind.START_DATE] == {"day": "2026-03-03"} and facts[CitedKind.END_DATE] == {"day": "2026-03-07"}
    assert CitedKind.DATES not in facts and CitedKind.DOCUMENT_DATE not in facts


def test_other_documents_are_summarised_as_a_document():
    programme = make_doc("p.pdf", "programme", "Programme", fields={"title": "Excel, contact jean.dupont@exemple.fr"})
    summary = summary_cited(programme)
    assert summary.params["facts"][0].kind is CitedKind.DOCUMENT
    assert _facts(summary)[CitedKind.TITLE] == {"text": "Excel, contact j•••@exemple.fr"}


def test_extracted_fields_are_cited_by_their_value():
    assert field_cited("duration_hours", 7.0) == cited(CitedKind.FIELD_VALUE, fact=cited(CitedKind.DURATION, hours=7.0))
    assert field_cited("respondents", 12) == cited(CitedKind.FIELD_VALUE, fact=cited(CitedKind.RESPONDENTS, count=12))
    assert field_cited("document_date", "le 06 12 34 56 78") == cited(
        CitedKind.FIELD_VALUE, fact=cited(CitedKind.DOCUMENT_DATE, day="le •• •• •• •• 78")
    )
    assert field_cited("contact", "jeanne.martin@exemple.fr") == cited(
        CitedKind.FIELD_VALUE, fact=cited(CitedKind.FIELD, name="contact", value="j•••@exemple.fr")
    )


def test_completion_certificate_is_summarised_without_the_trainee():
    certificate = make_doc(
        "attestation.pdf",
        "completion_certificate",
        "Attestation de formation délivrée à M. Kevin Lambert (société Transports Rival).\n"
        "Nature de l'action : action de formation. Durée totale : 2 jours, soit 14 h, le 2 et le 3 février 2026.\n"
        "Évaluation : objectifs partiellement atteints. Fait le 04/02/2026.",
    )
    summary = summary_cited(certificate)
    dumped = summary.model_dump_json()
    assert "Lambert" not in dumped and "Kevin" not in dumped and "Rival" not in dumped
    assert summary.params["facts"][:4] == [
        cited(CitedKind.COMPLETION_ATTESTATION),
        cited(CitedKind.NATURE, nature="training"),
        cited(CitedKind.CERTIFICATE_HOURS, hours="14"),
        cited(CitedKind.OUTCOME, outcome="objectives_partly_met"),
    ]
    assert _facts(summary)[CitedKind.DATES] == {"count": 2, "first": "2026-02-03", "last": "2026-02-04"}


def test_certificate_cerfa_keeps_only_the_ticked_nature_and_worded_dates():
    cerfa = make_doc(
        "certificat.pdf",
        "completion_certificate",
        "CERTIFICAT DE RÉALISATION\natteste que Lucie Martin a suivi l'action : Titre pro\n"
        "☐ action de formation ☒ bilan de compétences □ action de VAE □ action de formation par apprentissage\n"
        "du 1er mars 2026 au mardi 14 avril 2026 pour une durée de 24 heures.",
    )
    summary = summary_cited(cerfa)
    assert summary.params["facts"][:3] == [
        cited(CitedKind.DOC_TYPE, doc_type="completion_certificate"),
        cited(CitedKind.NATURE, nature="skills_assessment"),
        cited(CitedKind.CERTIFICATE_HOURS, hours="24"),
    ]
    assert _facts(summary)[CitedKind.DATES] == {"count": 2, "first": "2026-03-01", "last": "2026-04-14"}
    assert "Martin" not in summary.model_dump_json()


def test_certificate_summary_reads_outcomes_through_the_one_folding():
    # No-break and doubled spaces, as PDFs print them, no longer hide the nature and the outcome.
    certificate = make_doc(
        "attestation.pdf",
        "completion_certificate",
        "Nature de l'action\u00a0: action  de\u00a0formation\nÉvaluation : objectifs\u00a0atteints.",
    )
    facts = _facts(summary_cited(certificate))
    assert facts[CitedKind.NATURE] == {"nature": "training"} and facts[CitedKind.OUTCOME] == {"outcome": "objectives_met"}
