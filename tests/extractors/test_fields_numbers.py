"""French number reading shared by the field extractors."""

from __future__ import annotations

import pytest

from extractors.fields.numbers import amounts, first_amount, greedy_numbers, percentages, pick_numbers, repair_digits

NBSP, THIN, NNBSP = "\u00a0", "\u2009", "\u202f"


@pytest.mark.parametrize(
    "text, value",
    [
        ("182 340 €", 182340.0),
        (f"182{NBSP}340,00{NBSP}€", 182340.0),
        (f"182{THIN}340 €", 182340.0),
        (f"182{NNBSP}340,5 €", 182340.5),
        ("182.340,00 €", 182340.0),
        ("....... 182 340 €", 182340.0),
        ("1 290 € HT", 1290.0),
        ("990,00 euros", 990.0),
        ("3.5", 3.5),
        ("182 34O,OO €", 182340.0),
        ("EUR 1 500", 1500.0),
    ],
)
def test_amounts(text, value):
    assert first_amount(text) == value


def test_amount_with_currency_wins_over_a_bare_number():
    assert first_amount("Session 12 – tarif 1 290 € HT") == 1290.0
    assert [a.has_currency for a in amounts("12 places, 1 290 €")] == [False, True]


def test_tabs_and_wide_gaps_separate_numbers():
    assert greedy_numbers("214\t312") == [214.0, 312.0]
    assert greedy_numbers("214   312") == [214.0, 312.0]
    assert greedy_numbers("214 312") == [214312.0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("214 3 120", [214.0, 3120.0]),
        ("1 130 22 950", [1130.0, 22950.0]),
        ("96 1 344", [96.0, 1344.0]),
        ("58 412", [58.0, 412.0]),
        ("2 045 31 870,5", [2045.0, 31870.5]),
    ],
)
def test_pick_two_numbers_prefers_a_plausible_reading(text, expected):
    assert pick_numbers(text, 2, lambda v: v[0] <= v[1] <= 3000 * v[0]) == expected


def test_pick_numbers_without_enough_numbers():
    assert pick_numbers("aucun", 2) is None
    assert pick_numbers("12", 2) is None


@pytest.mark.parametrize(
    "text, repaired",
    [
        ("84 69 l2345 69", "84 69 12345 69"),
        ("9O4 I23 783", "904 123 783"),
        ("6S", "65"),
        ("2O/O5/2O21", "20/05/2021"),
        ("Solde : 1 OOO €", "Solde : 1 000 €"),
        ("Lyon SIRET Bilan", "Lyon SIRET Bilan"),
        ("Lot 3 Bis", "Lot 3 Bis"),
        ("dans 2 ISO", "dans 2 ISO"),
    ],
)
def test_repair_digits_only_touches_number_like_tokens(text, repaired):
    assert repair_digits(text) == repaired


def test_percentages():
    assert percentages("taux : 94 % et 87,5% puis 120 %") == [(0.94, 7), (0.875, 15)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Fee €1,650 excl. VAT per participant", 1650.0),
        ("Price: EUR 1,200.50 per person", 1200.5),
        ("€ 12,400", 12400.0),
        ("€1,250,000.00", 1250000.0),
        # French keeps its convention, the sign after or before a decimal comma.
        ("1 650,00 € HT", 1650.0),
        ("Tarif : 1,65 € le km", 1.65),
        ("€ 12,50", 12.5),
    ],
)
def test_a_currency_sign_before_the_amount_reads_commas_as_thousands(text, value):
    assert first_amount(text) == value


def test_english_thousands_keep_the_amounts_place_in_the_text():
    text = "Fee €1,650 excl. VAT"
    (found,) = amounts(text)
    assert text[found.start : found.end] == "1,650" and found.has_currency


def test_a_dates_month_before_an_amount_is_no_thousands_group_of_it():
    found = amounts("Inter-entreprises 12/03 – 14/05 190 € HT par stagiaire")
    assert [amount.value for amount in found if amount.has_currency] == [190.0]
