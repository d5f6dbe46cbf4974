"""The French wording of identifiers, read from `reports/labels_fr.yaml`: the one home of every label.

Only `reports/` reads it: the assessment returns structure (reasons, check results, phrases) and the
reports write its French when the gap report is assembled.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from schemas.rule_files import read_rule_file

LABELS_FILE = Path(__file__).resolve().parents[1] / "reports" / "labels_fr.yaml"


@cache
def label_table() -> dict[str, dict[str, Any]]:
    """Every section of the file, indexed by the string form of its keys."""
    raw = read_rule_file(LABELS_FILE)
    # YAML reads `1:` and `true:` keys as int/bool: index every section by the string form.
    return {section: {_key(k): v for k, v in entries.items()} for section, entries in raw.items()}


def _key(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def humanise(identifier: str) -> str:
    """`access_delay` -> `Access delay`: the fallback for an identifier without a French label."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else identifier


def label(section: str, identifier: object) -> str:
    key = _key(identifier)
    return str(label_table().get(section, {}).get(key) or humanise(key))


def labels_of(section: str) -> dict[str, str]:
    """A whole section, for a renderer that names many things at once (a template, a sheet)."""
    return {key: str(value) for key, value in label_table()[section].items()}

