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
