"""The folders' layering (DESIGN.md), enforced with import-linter contracts declared in pyproject.toml."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


STAGES_BEFORE_THE_REPORTS = ("indicator_mappers", "extractors")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_no_stage_before_the_reports_imports_them():
    # The assessment returns structure (reasons, check results); the French is written by reports/
    # when the gap report is assembled. An import back would let French creep into the stages again.
    offending = [
        f"{path.relative_to(ROOT)}: {module}"
        for stage in STAGES_BEFORE_THE_REPORTS
        for path in sorted((ROOT / stage).rglob("*.py"))
        for module in sorted(_imported_modules(path))
        if module == "reports" or module.startswith("reports.")
    ]
    assert offending == []


def _french_literals(path: Path) -> list[str]:
    """String literals with a non-ASCII letter, outside docstrings and the messages of raised errors (a rule
    file's load errors, read by whoever edits it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skipped.add(id(body[0].value))
        if isinstance(node, ast.Raise):
            skipped |= {id(inner) for inner in ast.walk(node)}
    return [
        f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and any(not char.isascii() and char.isalpha() for char in node.value)
    ]


def test_the_assessment_writes_no_french():
    # Labels, sentences and excerpt summaries are written by reports/ from labels_fr.yaml; the assessment
    # keeps ids, numbers and the documents' own words (which come from the documents, not from literals).
    # Its phrases match folded, accent-free text.
    offending = [
        literal for path in sorted((ROOT / "indicator_mappers").rglob("*.py")) for literal in _french_literals(path)
    ]
    assert offending == []
