"""Reading a check result's structure in tests: its phrases (nested ones too), their kinds and the facts
they name, so that a test asserts on what a check found rather than on its French."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from schemas.checks import PhraseKind, CheckResult, Phrase


def phrases_in(item: CheckResult | Phrase | Any) -> Iterator[Phrase]:
    """Every phrase of `item`, outer before inner."""
    if isinstance(item, CheckResult):
        for phrase in item.phrases:
            yield from phrases_in(phrase)
    elif isinstance(item, Phrase):
        yield item
        for value in item.params.values():
            yield from phrases_in(value)
    elif isinstance(item, (list, tuple)):
        for value in item:
            yield from phrases_in(value)


def kinds(item: CheckResult | Phrase) -> list[PhraseKind]:
    return [phrase.kind for phrase in phrases_in(item)]


def the(item: CheckResult | Phrase, kind: PhraseKind) -> dict[str, Any]:
    """The params of the first phrase of `kind` in `item`."""
    return next(phrase.params for phrase in phrases_in(item) if phrase.kind is kind)


def facts(item: CheckResult | Phrase) -> set[object]:
    """Every value the phrases name: paths, numbers, dates, codes, the keys and sources of sourced values."""
    found: set[object] = set()
    for phrase in phrases_in(item):
        for value in phrase.params.values():
            found |= _leaves(value)
    return found


def _leaves(value: object) -> set[object]:
    if isinstance(value, (Phrase, type(None))):
        return set()
    if isinstance(value, BaseModel):
        return _leaves(value.model_dump())
    if isinstance(value, dict):
        return {*value.keys(), *(leaf for v in value.values() for leaf in _leaves(v))}
    if isinstance(value, (list, tuple)):
        return {leaf for v in value for leaf in _leaves(v)}
    if isinstance(value, (str, int, float, date)):
        return {value}
    return set()
