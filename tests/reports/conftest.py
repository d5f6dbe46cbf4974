"""Fixtures of the report tests: a small referential and a realistic report (see `builders.py`)."""

from __future__ import annotations

import pytest

from indicator_mappers.referential import Referential
from schemas import GapReport
from tests.reports.builders import build_referential, build_report


@pytest.fixture
def referential() -> Referential:
    return build_referential()


@pytest.fixture
def report() -> GapReport:
    return build_report()
