"""Foreign registrations read beside a French identity: check keys verified, labels required where
there is no key, a foreign address only with its country's postcode shape."""

from __future__ import annotations

import pytest

from extractors.fields import extract_fields
from extractors.fields.foreign import foreign_registrations
from extractors.fields.lines import Line
from schemas import PageText


def _read(*lines: str) -> list[str]:
    return foreign_registrations([Line(1, text) for text in lines])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("VAT number: GB 980 7806 84", "vat:GB980780684"),
        ("USt-IdNr.: DE136695976", "vat:DE136695976"),
        ("N° TVA : BE 0403.170.701", "vat:BE0403170701"),
        ("IDE / UID : CHE-100.155.212", "ch_uid:CHE-100.155.212"),
        ("Numéro d'entreprise (BCE) : 0403.170.701", "be_enterprise:0403.170.701"),
        ("Registered in England and Wales, company number 04567890", "gb_company:04567890"),
        ("Company No. SC123456", "gb_company:SC123456"),
        ("Amtsgericht München, HRB 12345", "de_register:HRB 12345"),
        ("221 Baker Street, London NW1 6XE, United Kingdom", "address:GB:221 Baker Street, London NW1 6XE, United Kingdom"),
        ("Rue Neuve 12, B-1000 Bruxelles, Belgique", "address:BE:Rue Neuve 12, B-1000 Bruxelles, Belgique"),
    ],
)
def test_each_kind_of_foreign_registration_is_read(line, expected):
    assert _read(line) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "VAT number: GB 980 7806 85",  # wrong check digits
        "IDE : CHE-100.155.213",
        "Numéro d'entreprise (BCE) : 0403.170.702",
        "N° TVA intracommunautaire : FR 40 904123783",  # the French identity's own VAT number
        "Référence commande 04567890",  # eight digits without a company-number label
        "12 rue de Belgique, 69002 Lyon",  # a street named after a country, a French postcode
        "Jardin du Luxembourg, 75006 Paris",
        "14 rue Voltaire, 94270 Le Kremlin-Bicêtre - Métro : Porte d'Italie",  # a country named after the town
        "SIREN 904 123 783 - NDA 84 69 12345 69",
    ],
)
def test_french_identities_and_invalid_numbers_are_not_foreign(line):
    assert _read(line) == []


def test_every_document_carries_its_foreign_registrations_beside_its_french_identity():
    page = PageText(
        number=1,
        text="Terms and conditions\nAcme Training Ltd - Company number 04567890\n"
        "Représentée en France par Conseil Formation Rhône, SIREN 904 123 783",
    )
    fields = extract_fields("terms_of_sale", [page])
    assert fields["siren"] == "904123783"
    assert fields["foreign_registrations"] == ["gb_company:04567890"]
