"""Whether two runs' gap reports say the same, run and timing fields aside.

    python scripts/compare_reports.py OUT_BEFORE OUT_AFTER

Compares every `gap_report.json` under the two folders (same relative paths), ignoring what changes
from one run to the next (`generated_at`, `processing_seconds`, `pipeline_version`), and its
`gap_report.html` once dates, times and the processing time are blanked. Prints each indicator or
field that differs; exits 1 when any does, so a refactoring can show it changed nothing.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

RUN_FIELDS = ("generated_at", "processing_seconds", "pipeline_version")
# What the HTML report says of the run itself: its date and time, how long it took.
_RUN_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}(:\d{2})?|traitement en [^<]*?\ss\.")


def _report(path: Path) -> dict[str, Any]:
    report = json.loads(path.read_text(encoding="utf-8"))
    for key in RUN_FIELDS:
        report.pop(key, None)
    return report


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    found = []
    indicators_before = {i["number"]: i for i in before.pop("indicators", [])}
    indicators_after = {i["number"]: i for i in after.pop("indicators", [])}
    for number in sorted(set(indicators_before) | set(indicators_after)):
        old, new = indicators_before.get(number), indicators_after.get(number)
        if old != new:
            keys = sorted({*(old or {}), *(new or {})})
            changed = [k for k in keys if (old or {}).get(k) != (new or {}).get(k)]
            found.append(f"indicator {number}: {', '.join(changed)}")
            found += [f"    {k}: {(old or {}).get(k)!r}\n -> {(new or {}).get(k)!r}" for k in changed]
    found += [f"{key} differs" for key in sorted({*before, *after}) if before.get(key) != after.get(key)]
    return found


def html_difference(before: Path, after: Path) -> list[str]:
    if not before.is_file():
        return []
    if not after.is_file():
        return ["gap_report.html absent"]
    old, new = (_RUN_TEXT.sub("", p.read_text(encoding="utf-8")).splitlines() for p in (before, after))
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    if len(old) != len(new) or changed:
        first = changed[0] if changed else ("", "")
        return [f"gap_report.html differs ({len(changed)} line(s)): {first[0].strip()[:160]!r}"]
    return []


def main(before_dir: Path, after_dir: Path) -> int:
    paths = sorted(p.relative_to(before_dir) for p in before_dir.rglob("gap_report.json"))
    extra = sorted({p.relative_to(after_dir) for p in after_dir.rglob("gap_report.json")} - set(paths))
    changed = 0
    for relative in paths:
        after = after_dir / relative
        found = differences(_report(before_dir / relative), _report(after)) if after.is_file() else ["absent"]
        found += html_difference((before_dir / relative).with_suffix(".html"), after.with_suffix(".html"))
        if found:
            changed += 1
            print(f"{relative.parent}:\n  " + "\n  ".join(found))
    for relative in extra:
        changed += 1
        print(f"{relative.parent}: only in {after_dir}")
    print(f"{len(paths)} report(s) compared, {changed} different")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
