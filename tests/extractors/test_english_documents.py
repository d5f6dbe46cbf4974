"""English documents (foreign organisations, issue 18) classified and read through the English wordings
of the same rule tables as French ones."""

from __future__ import annotations

import pytest

from extractors.classify import classify
from extractors.fields import extract_fields
from schemas import PageText

DOCUMENTS = {
    "programme": "Training programme\nAdvanced Negotiation Skills\nTarget audience: sales managers\nPrerequisites: none\n"
    "Learning objectives: by the end of the course, participants will be able to prepare a negotiation.\n"
    "Duration: 14 hours (2 days)\nPrice: 1 200 € excl. VAT per person\nTeaching methods: case studies\n"
    "Assessment methods: quiz\nAccess time: 15 days\nAccessibility: contact our disability officer",
    "terms_of_sale": "General terms and conditions of sale\nThe client accepts these terms. Cancellation: any cancellation"
    " less than 10 days before the session is invoiced. Payment terms: 30 days. Late payment penalties apply."
    " Governing law: French law; jurisdiction of the courts of Lyon.",
    "complaints_procedure": "Complaints procedure\nAny complaint can be sent by email. We acknowledge receipt within 48"
    " hours and reply within 15 days. Each complaint is analysed (root cause) and a corrective action decided.",
    "internal_rules": "Internal rules\nThese rules apply to all trainees. Health and safety: fire safety instructions are"
    " displayed. No smoking. Disciplinary procedure: a warning, then exclusion. Trainee representatives are elected.",
    "welcome_booklet": "Welcome booklet\nWelcome to Northbridge Learning! Who we are. Your contacts: your disability"
    " officer. How to get here: public transport. Opening hours 9am-5pm. Catering nearby.",
    "trainer_cv": "Curriculum vitae\nJane Smith, trainer\nProfessional experience\n2015-2024 Sales director\nEducation\n"
    "MBA\nLanguages: English, French\nHobbies: sailing",
    "satisfaction_survey": "Satisfaction survey\nHow satisfied are you with the training?\n"
    "Very satisfied / Satisfied / Dissatisfied / Very dissatisfied\n42 respondents\nSatisfaction rate: 93%",
}


@pytest.mark.parametrize("doc_type", list(DOCUMENTS))
def test_english_documents_are_classified(doc_type):
    assert classify([PageText(number=1, text=DOCUMENTS[doc_type])], "document.pdf").doc_type == doc_type


def test_an_english_programme_gives_its_title_duration_and_price():
    fields = extract_fields("programme", [PageText(number=1, text=DOCUMENTS["programme"])])
    assert (fields["title"], fields["duration_hours"], fields["price_eur"]) == ("Advanced Negotiation Skills", 14.0, 1200.0)


def test_an_english_survey_summary_gives_respondents_and_rate():
    fields = extract_fields("satisfaction_survey", [PageText(number=1, text=DOCUMENTS["satisfaction_survey"])])
    assert (fields["respondents"], fields["satisfaction_rate"]) == (42, 0.93)


def test_english_answer_labels_rate_raw_answers():
    rows = [["Respondent", "Overall satisfaction"], *[[str(i), "Very satisfied"] for i in range(1, 4)],
            ["4", "Dissatisfied"]]
    fields = extract_fields("satisfaction_survey", [PageText(number=1, text="", tables=[rows])])
    assert (fields["respondents"], fields["satisfaction_rate"]) == (4, 0.75)


@pytest.mark.parametrize(
    "text",
    [
        "Mandat de représentation\nNorthbridge Learning Ltd désigne Conseil Formation Rhône comme représentant.",
        "CONVENTION DE REPRÉSENTATION\nEntre les soussignés : Northbridge Learning Ltd et Conseil Formation Rhône,"
        " représentant domicilié en France. Fait en deux exemplaires.",
        "Letter of appointment\nNorthbridge Learning Ltd appoints Conseil Formation Rhône as its representative.",
    ],
)
def test_a_mandate_to_a_french_representative_is_no_training_agreement(text):
    # It binds no trainee; no type of the contract fits it, and the representation check reads it anyway.
    assert classify([PageText(number=1, text=text)], "document.pdf").doc_type == "unknown"


def test_feedback_is_not_a_fee():
    text = "Gestion de conflits\nObjectifs : gérer un conflit\nÉvaluation : feedback collectif, 3 exercices"
    assert "price_eur" not in extract_fields("programme", [PageText(number=1, text=text)])
