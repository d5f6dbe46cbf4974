"""The orchestrating process's long-lived objects (spaCy, pattern banks) are kept out of the garbage
collector's walks, once per process."""

from __future__ import annotations

import gc
from datetime import date

import pytest

import flows.long_lived as long_lived
from indicator_mappers.matching import load_nlp
from indicator_mappers.referential import referential_in_force


@pytest.fixture
def fresh_freeze():
    gc.unfreeze()
    long_lived._freeze_once.cache_clear()
    yield
    gc.unfreeze()
    long_lived._freeze_once.cache_clear()


def test_spacy_and_the_pattern_banks_are_frozen_once(fresh_freeze) -> None:
    referential_id = referential_in_force(date(2026, 11, 23)).id
    long_lived.prepare_long_lived(referential_id)
    frozen = gc.get_freeze_count()
    nlp = load_nlp()
    assert frozen > 100_000
    assert not any(tracked is nlp for tracked in gc.get_objects())

    held_by_a_later_run = [[]]
    long_lived.prepare_long_lived(referential_id)
    # Frozen objects may still die (a cache evicting an entry), never be added to.
    assert gc.get_freeze_count() <= frozen, "a second run froze what the process held then"
    assert any(tracked is held_by_a_later_run for tracked in gc.get_objects())
