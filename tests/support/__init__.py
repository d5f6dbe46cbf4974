"""Helpers shared by test areas (real servers started for integration tests, the shared folder)."""

from pathlib import Path

import pytest

# `../shared` beside the project: the reference facts and the real documents, in CI too.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared; a test that needs it fails, saying why, when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: ../shared must be laid beside the project (it is in CI)", pytrace=False)
    return path
