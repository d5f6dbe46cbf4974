"""English documents count as evidence through the English wordings of the same evidence table."""

from __future__ import annotations

from indicator_mappers.mappers import assess_indicators
from reports.reasons import reason_fr
from tests.indicator_mappers.conftest import assessment_of, make_doc

ENGLISH_PROGRAMME = (
    "Advanced Negotiation Skills. Prerequisites: none. Learning objectives: by the end of the course, you will be able"
    " to prepare a negotiation.\nDuration: 14 hours. How to register: application form online. Access time: 2 weeks.\n"
    "Price: 1 200 € excl. VAT. Contact us: training@northbridge.example, +44 20 7946 0000. Teaching methods: case"
    " studies, role play.\nAssessment: final test. Accessibility: premises accessible to people with disabilities."
)


def test_an_english_programme_covers_indicator_1(v9, af_scope):
    assessment = assessment_of(assess_indicators(v9, af_scope, [make_doc("course.pdf", "programme", ENGLISH_PROGRAMME)]), 1)
    assert assessment.status == "covered", (reason_fr(assessment.reasons), assessment.missing_by_document)
    assert {e.path for e in assessment.evidence} == {"course.pdf"}


ENGLISH_OUTLINE_2026 = (
    "Agile basics. Course information sheet. Prerequisites: none. Learning outcomes: by the end of the course, you will be"
    " able to plan a project in iterations.\nDuration: 14 hours. Dates and venue: inter-company sessions in Lyon.\n"
    "Certificate: certificate of completion; this course does not lead to a qualification.\n"
    "How to register: booking form. Access time: 2 weeks. Fee: 1 200 € excl. VAT. Funding: company training plan or"
    " self-funded. Contact us: training@northbridge.example, +44 20 7946 0000.\nTeaching methods: case studies, role"
    " play.\nAssessment: final test. Accessibility: premises accessible to people with disabilities."
)


def test_an_english_outline_states_its_delivery_mode_for_rnq_2026(r2026, af_scope):
    # rnq-2026 asks each offer for its pedagogical modalities (face-to-face, remote, inter-company…).
    assessment = assessment_of(
        assess_indicators(r2026, af_scope, [make_doc("outline.pdf", "programme", ENGLISH_OUTLINE_2026)]), 1
    )
    assert "pedagogical_modalities" not in assessment.missing_elements, reason_fr(assessment.reasons)
