"""Proposed non-conformities: from each indicator's status and its grading rule, and their count."""

from __future__ import annotations

import pytest

from indicator_mappers.nonconformity import nc_projection, with_proposed_nc
from indicator_mappers.referential import referential_by_id
from reports.reasons import reason_fr
from schemas import IndicatorAssessment

V9 = referential_by_id("rnq-v9")
R2026 = referential_by_id("rnq-2026")
MINOR_OR_MAJOR = next(i for i in V9.indicators if i.nc_grading == "minor_or_major")
MAJOR_ONLY = next(i for i in V9.indicators if i.nc_grading == "major_only")


def assessment(indicator, status):
    return IndicatorAssessment(number=indicator.number, criterion=indicator.criterion, status=status, reason="Constat.")


@pytest.mark.parametrize(
    ("indicator", "status", "expected"),
    [
        (MINOR_OR_MAJOR, "covered", "none"),
        (MINOR_OR_MAJOR, "partial", "minor"),
        (MINOR_OR_MAJOR, "missing", "major"),
        (MAJOR_ONLY, "covered", "none"),
        (MAJOR_ONLY, "partial", "major"),
        (MAJOR_ONLY, "missing", "major"),
        (MAJOR_ONLY, "not_applicable", None),
    ],
)
def test_the_proposal_follows_status_and_grading(indicator, status, expected):
    [proposed] = with_proposed_nc([assessment(indicator, status)], V9)
    assert proposed.proposed_nc == expected


def test_an_unknown_grading_is_proposed_by_the_definition_and_flagged():
    unknown = next(i for i in R2026.indicators if i.nc_grading is None)
    [proposed] = with_proposed_nc([assessment(unknown, "partial")], R2026)
    assert proposed.proposed_nc == "minor" and proposed.needs_review
    assert "à confirmer" in reason_fr(proposed.reasons)


def test_the_projection_counts_majors_and_minors():
    proposed = with_proposed_nc(
        [
            assessment(MINOR_OR_MAJOR, "partial"),
            assessment(MAJOR_ONLY, "partial"),
            assessment(V9.indicator(1), "missing"),
            assessment(V9.indicator(2), "covered"),
        ],
        V9,
    )
    projection = nc_projection(proposed)
    assert (projection.major, projection.minor) == (2, 1)
