"""Generated sample sets shared by the samplegen tests (generation costs seconds: once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.samplegen import generate
from tests.data.samplegen_helpers import QUICK


def _generated(tmp_path_factory, name: str, **kwargs) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp(name)
    samples, expected = base / "samples", base / "expected"
    generate(samples, expected, archetypes=QUICK, **kwargs)
    return samples, expected


@pytest.fixture(scope="session")
def fresh_run(tmp_path_factory):
    return _generated(tmp_path_factory, "fresh7a", variant="fresh", seed=7)


@pytest.fixture(scope="session")
def fresh_rerun(tmp_path_factory):
    return _generated(tmp_path_factory, "fresh7b", variant="fresh", seed=7)


@pytest.fixture(scope="session")
def default_run(tmp_path_factory):
    return _generated(tmp_path_factory, "default", variant="default")
