"""Fields of the classification corpus documents (`test_classify_corpus/expected_fields.yaml`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from extractors.fields import extract_fields
from schemas.extraction import PageText

CORPUS = Path(__file__).with_name("test_classify_corpus")
EXPECTED: dict[str, dict] = yaml.safe_load((CORPUS / "expected_fields.yaml").read_text(encoding="utf-8"))


def load_pages(path: Path) -> list[PageText]:
    if path.suffix == ".json":
        return [PageText(**page) for page in json.loads(path.read_text(encoding="utf-8"))["pages"]]
    texts = path.read_text(encoding="utf-8").split("\f")
    return [PageText(number=index, text=text) for index, text in enumerate(texts, start=1)]


def checks() -> list[tuple[str, str, object]]:
    return [(name, key, value) for name, fields in EXPECTED.items() for key, value in fields.items()]


def field_matches(found: dict, key: str, expected: object) -> bool:
    if expected is None:
        return key not in found
    if isinstance(expected, float):
        return key in found and abs(found[key] - expected) <= 1e-4
    return found.get(key) == expected


def fields_of(name: str) -> dict:
    path = CORPUS / name
    return extract_fields(path.name.split("__")[0], load_pages(path))


@pytest.mark.parametrize("name, key, expected", checks(), ids=lambda v: str(v))
def test_corpus_field(name, key, expected):
    found = fields_of(name)
    assert field_matches(found, key, expected), found


def test_corpus_field_accuracy_is_reported():
    results = [field_matches(fields_of(name), key, expected) for name, key, expected in checks()]
    print(f"field accuracy: {sum(results)}/{len(results)} = {sum(results) / len(results):.1%}")
    assert sum(results) / len(results) >= 0.95
