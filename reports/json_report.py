"""`gap_report.json`: the public contract (CONTRACT.md §3), written exactly as the model holds it."""

from __future__ import annotations

import json

from schemas import GapReport


def render_json(report: GapReport) -> bytes:
    """UTF-8, indent 2, accents kept as they are (not \\u-escaped), newline-terminated.

    No masking or reshaping here: `GapReport.model_validate_json` must read back the same report,
    which is what `qualiopi-review grid` relies on.
    """
    payload = report.model_dump(mode="json")
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
