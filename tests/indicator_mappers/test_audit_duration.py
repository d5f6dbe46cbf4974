"""Audit duration: revenue bands, sourced days, declared vs BPF revenue, notes where the table is uncertain."""

from __future__ import annotations

import pytest

from indicator_mappers.audit_duration import estimate_audit, load_audit_table, revenue_band
from schemas import DossierManifest, Scope
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import kinds, the


def bpf(revenue, year=2025):
    return doc(f"bpf_{year}.pdf", "bpf", "Bilan pédagogique et financier", fiscal_year=year, total_revenue_eur=revenue)


@pytest.mark.parametrize(
    ("amount", "band", "days"),
    [
        (0, "<150k", 1.0),
        (149_999.99, "<150k", 1.0),
        (150_000, "150k-750k", 1.5),
        (182_340, "150k-750k", 1.5),
        (749_999, "150k-750k", 1.5),
        (750_000, ">750k", 2.0),
        (3_200_000, ">750k", 2.0),
    ],
)
def test_bands_and_single_category_days(amount, band, days):
    assert revenue_band(amount).id == band
    duration = estimate_audit([bpf(amount)], None, Scope(categories=["AF"]))
    estimate = duration.estimate
    assert (estimate.revenue_band, estimate.initial_audit_days, estimate.revenue_source) == (band, days, "bpf")
    assert duration.revenue_check is None


def test_table_matches_the_reference_figures():
    table = load_audit_table()
    assert table.initial_audit.single_category_days == {"<150k": 1.0, "150k-750k": 1.5, ">750k": 2.0}
    for band, days in table.initial_audit.single_category_days.items():
        # The inferred split must give back the sourced single-category totals.
        assert table.initial_audit.inferred_base_days[band] + table.initial_audit.inferred_add_on_per_category_days == days


def test_exact_boundary_is_flagged_as_ambiguous():
    duration = estimate_audit([bpf(150_000)], None, Scope())
    assert the(duration.note, P.AMBIGUOUS_BOUNDARY) == {"amount": 150_000}


def test_latest_bpf_revenue_is_used():
    duration = estimate_audit([bpf(90_000, 2023), bpf(420_000, 2025)], None, Scope())
    assert duration.estimate.revenue_band == "150k-750k"
    assert the(duration.note, P.REVENUE_FROM_BPF)["path"] == "bpf_2025.pdf"


def test_bpf_revenue_contradicted_by_its_lines_is_said_to_be_checked():
    contradicted = doc(
        "bpf.pdf",
        "bpf",
        "Bilan",
        fiscal_year=2025,
        total_revenue_eur=141_900.0,
        arithmetic_revenue_lines="failed",
        revenue_lines_sum_eur=131_900.0,
    )
    duration = estimate_audit([contradicted], None, Scope())
    assert P.BPF_TOTAL_CONTRADICTED in kinds(duration.note)
    assert the(duration.note, P.LINES_SUM) == {"amount": 131_900.0}
    consistent = estimate_audit([bpf(141_900)], None, Scope())
    assert P.BPF_TOTAL_CONTRADICTED not in kinds(consistent.note)


def test_declared_revenue_when_there_is_no_bpf():
    duration = estimate_audit([], DossierManifest(declared_revenue_eur=60_000), Scope())
    estimate = duration.estimate
    assert (estimate.revenue_band, estimate.initial_audit_days, estimate.revenue_source) == ("<150k", 1.0, "declared")
    assert duration.revenue_check is None


def test_bpf_without_total_falls_back_to_declared():
    no_total = doc("bpf.pdf", "bpf", "Bilan", fiscal_year=2025)
    estimate = estimate_audit([no_total], DossierManifest(declared_revenue_eur=800_000), Scope()).estimate
    assert estimate.revenue_source == "declared" and estimate.revenue_band == ">750k"


def test_no_revenue_at_all():
    duration = estimate_audit([doc("prog.pdf", "programme", "x")], None, Scope())
    estimate = duration.estimate
    assert estimate.revenue_source == "none" and estimate.revenue_band is None and estimate.initial_audit_days is None
    assert kinds(duration.note) == [P.NO_REVENUE] and duration.revenue_check is None


def test_declared_band_differs_from_bpf_band_gives_a_warning():
    duration = estimate_audit([bpf(182_340)], DossierManifest(declared_revenue_eur=120_000), Scope())
    estimate, warning = duration.estimate, duration.revenue_check
    assert estimate.revenue_source == "bpf" and estimate.revenue_band == "150k-750k"
    assert warning is not None and warning.id == "revenue_consistent" and warning.status == "warning"
    assert the(warning, P.REVENUE_BANDS_DIFFER) == {
        "declared": 120_000,
        "declared_band": "CA < 150 000 €",
        "path": "bpf_2025.pdf",
        "amount": 182_340,
        "band": "150 000 € ≤ CA < 750 000 €",
    }


def test_same_band_declared_and_bpf_gives_no_warning():
    duration = estimate_audit([bpf(182_340)], DossierManifest(declared_revenue_eur=180_000), Scope())
    assert duration.revenue_check is None


def test_several_categories_keep_the_sourced_number_and_explain():
    duration = estimate_audit([bpf(300_000)], None, Scope(categories=["AF", "BC"]))
    assert duration.estimate.initial_audit_days == 1.5
    unsourced = the(duration.note, P.SEVERAL_CATEGORIES_UNSOURCED)
    assert (unsourced["days"], unsourced["categories"], unsourced["inferred"]) == (1.5, 2, 2.0)


def test_new_entrant_surveillance_note():
    duration = estimate_audit([], DossierManifest(declared_revenue_eur=20_000), Scope(new_entrant=True))
    assert the(duration.note, P.NEW_ENTRANT_SURVEILLANCE_LONGER) == {"days": 0.5}
