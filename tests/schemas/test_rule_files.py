from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from schemas.rule_files import read_rule_file

REPO = Path(__file__).resolve().parents[2]
RULE_FILES = sorted(
    path
    for folder in ("extractors", "indicator_mappers", "reports", "storage")
    for path in (REPO / folder).rglob("*.yaml")
)


def test_rule_files_are_found() -> None:
    names = {path.name for path in RULE_FILES}
    assert {"classification_rules.yaml", "field_rules.yaml", "rnq-2026.yaml", "labels_fr.yaml", "layout.yaml"} <= names


def test_rule_files_are_read_with_libyaml() -> None:
    # Without libyaml every process would spend ~0.6 s more parsing its rules at start.
    assert yaml.__with_libyaml__


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_libyaml_reads_the_same_values_as_pyyaml(path: Path) -> None:
    assert read_rule_file(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
