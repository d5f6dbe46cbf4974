"""English documents count as evidence through the English wordings of the same evidence table."""

from __future__ import annotations

from indicator_mappers.mappers import assess_indicators
from tests.indicator_mappers.conftest import assessment_of, make_doc

ENGLISH_PROGRAMME = (
    "Advanced Negotiation Skills. Prerequisites: none. Learning objectives: by the end of the course, you will be able"
    " to prepare a negotiation.\nDuration: 14 hours. How to register: application form online. Access time: 2 weeks.\n"
    "Price: 1 200 € excl. VAT. Contact us: training@northbridge.example, +44 20 7946 0000. Teaching methods: case"
    " studies, role play.\nAssessment: final test. Accessibility: premises accessible to people with disabilities."
)


def test_an_english_programme_covers_indicator_1(v9, af_scope):
    assessment = assessment_of(assess_indicators(v9, af_scope, [make_doc("course.pdf", "programme", ENGLISH_PROGRAMME)]), 1)
    assert assessment.status == "covered", (assessment.reason, assessment.missing_by_document)
    assert {e.path for e in assessment.evidence} == {"course.pdf"}
