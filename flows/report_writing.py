"""A dossier's reports: its assessment made into a `GapReport`, rendered as JSON, HTML and the
audit grid, and written with the review state last, so that a run killed half-way leaves a dossier
that the next run redoes, never a half-written report."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date, datetime, timezone

from flows.fingerprint import ReviewState
from flows.review_state import PIPELINE_VERSION, write_state
from flows.storage_io import StorageTarget, write_files
from indicator_mappers.assess import assess_dossier
from reports.gap_report import gap_report
from reports.grid import grid_from_view
from reports.html import html_from_view
from reports.json_report import render_json
from reports.view import ReportView
from schemas import DossierDocument, DossierManifest, GapReport

REPORT_NAMES = ("gap_report.json", "gap_report.html", "audit_grid.xlsx")


def build_report(
    dossier_id: str,
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    manifest_problems: Sequence[str],
    run_date: date,
    started: float,
) -> GapReport:
    assessment = assess_dossier(documents, manifest, manifest_problems, run_date)
    return gap_report(
        dossier_id,
        assessment,
        pipeline_version=PIPELINE_VERSION,
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        processing_seconds=round(time.monotonic() - started, 3),
    )


def write_reports(target: StorageTarget, folder: str, report: GapReport, view: ReportView, state: ReviewState) -> None:
    """The three reports of `REPORT_NAMES`, then the state marker."""
    rendered = (render_json(report), html_from_view(view), grid_from_view(view))
    write_files(target, folder, dict(zip(REPORT_NAMES, rendered, strict=True)))
    write_state(target, folder, state)
