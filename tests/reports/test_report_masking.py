"""The final masking filter: trainees' e-mails and phone numbers never reach a human-facing report."""

from functools import partial

import pytest

from indicator_mappers.masking import MASK
from indicator_mappers.masking import mask_personal_data as mask_with_initial

# What reports apply to every excerpt, reason and field value they show.
mask_personal_data = partial(mask_with_initial, email_initial=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jeanne.martin@exemple.fr", "•••@exemple.fr"),
        ("Écrire à j-p.o'neil+formation@mail.co.uk.", "Écrire à •••@mail.co.uk."),
        ("OCR : jdupont @ gmail.com", "OCR : ••• @ gmail.com"),
        ("06 12 34 56 78", "•• •• •• •• 78"),
        ("0612345678", "••••••••78"),
        ("Tél. 04.78.12.34.56", "Tél. ••.••.••.••.56"),
        ("tel: 04-78-12-34-56", "tel: ••-••-••-••-56"),
        ("+33 6 12 34 56 78", "+•• • •• •• •• 78"),
        ("+33 (0)6 12 34 56 78", "+•• (•)• •• •• •• 78"),
        ("0033612345678", "•••••••••••78"),
        ("+44 20 7946 0958", "+•• •• •••• ••58"),
    ],
)
def test_masks_emails_and_phones(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "SIREN 904 123 783, SIRET 904 123 783 00014, NDA 84691234569",
        "Session du 01/02/2025 à 10:30, 14 heures, 182 340 €",
        "Taux de satisfaction : 92,5 % sur 182 répondants",
        "Code RNCP37890, formation de 35 h",
        "",
    ],
)
def test_leaves_identifiers_amounts_and_dates_alone(text):
    assert mask_personal_data(text) == text


def test_masking_twice_changes_nothing_more():
    once = mask_personal_data("Contact : a.b@c.fr ou 06 12 34 56 78")
    assert mask_personal_data(once) == once
    assert once.count(MASK) == 3 + 8


def test_an_excerpt_masked_by_a_mapper_keeps_its_initial_and_its_phone_mask_in_the_report():
    excerpt = mask_with_initial("Contact : jeanne.martin@exemple.fr, 06/12/34/56/78")
    assert excerpt == "Contact : j•••@exemple.fr, ••/••/••/••/78"
    assert mask_personal_data(excerpt) == excerpt


def test_a_field_value_gets_the_same_phone_pattern_as_an_excerpt():
    # One pattern for both: a number written with slashes is masked wherever it is shown.
    assert mask_personal_data("06/12/34/56/78") == "••/••/••/••/78"
