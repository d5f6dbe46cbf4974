"""The admissibility officers' gap report: one self-contained French HTML file, and its headline.

Autoescape is on for every template: file names, excerpts and messages come from the applicants'
documents and must show as text, whatever they contain.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from indicator_mappers.referential import Referential
from reports import labels
from reports.view import IndicatorView, ReportView, build_view
from schemas import GapReport
from schemas.labels_fr import labels_of

TEMPLATES_DIR = Path(__file__).with_name("templates")
HEADLINE_WORDING_CHARS = 90


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render_html(report: GapReport, referential: Referential | None = None) -> bytes:
    """The gap report as UTF-8 HTML. `referential` defaults to the version named in the report."""
    return html_from_view(build_view(report, referential))


def html_from_view(view: ReportView) -> bytes:
    """`render_html` for a caller that renders several outputs from one view."""
    report = view.report
    html = (
        _environment()
        .get_template("gap_report.html.j2")
        .render(
            report=report,
            view=view,
            verdict=view.verdict,
            t=labels_of("html"),
            p=labels_of("previous_nc"),
            yes_no=labels.yes_no,
            generated_at=labels.format_datetime(report.generated_at),
            processing=(
                labels.format_seconds(report.processing_seconds) if report.processing_seconds is not None else ""
            ),
        )
    )
    return html.encode("utf-8")


# --- Prefect markdown artifact ------------------------------------------------------------------

HEADLINE = labels_of("headline")
_HEADLINE_COUNTS = ("covered", "partial", "missing", "not_applicable", "review", "documents", "unreadable")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def _md(text: str) -> str:
    """Text from the dossier shown literally in markdown (no links, emphasis, tables or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _indicator_line(indicator: IndicatorView) -> str:
    line = f"- **{indicator.number}**"
    if indicator.wording:
        line += f" {_md(_shorten(indicator.wording, HEADLINE_WORDING_CHARS))}"
    if indicator.missing:
        line += f" — {HEADLINE['lacks']} : {_md(', '.join(indicator.missing))}"
    if indicator.needs_review:
        line += f" _({HEADLINE['review']})_"
    return line


def headline_markdown(view: ReportView) -> str:
    """Verdict, counts, blocking checks and gaps of one dossier, for a Prefect markdown artifact."""
    report = view.report
    verdict = view.verdict
    name = report.organization.name or HEADLINE["unidentified_organisation"]
    days = report.audit.initial_audit_days
    lines = [
        f"# {HEADLINE['dossier']} {_md(report.dossier_id)} — {_md(name)}",
        "",
        f"**{_md(verdict.summary_fr)}**",
        "",
        HEADLINE["referential"].format(referential=_md(view.referential_id), count=view.indicator_count)
        + (" · " + HEADLINE["initial_audit"].format(days=labels.format_days(days)) if days is not None else ""),
        "",
        "| " + " | ".join(HEADLINE[f"count_{count}"] for count in _HEADLINE_COUNTS) + " |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {verdict.covered} | {verdict.partial} | {verdict.missing} | {verdict.not_applicable} "
        f"| {verdict.needs_review} | {verdict.documents} | {verdict.documents_in_error} |",
    ]
    problems = view.failed_checks + view.warning_checks
    if problems:
        lines += ["", f"## {HEADLINE['checks']}", ""]
        lines += [f"- **{c.status_label}** — {_md(c.label)} : {_md(c.message)}" for c in problems]
    for title, groups in (
        (HEADLINE["missing_indicators"], view.missing_groups),
        (HEADLINE["partial_indicators"], view.partial_groups),
    ):
        if groups:
            lines += ["", f"## {title}", ""]
            lines += [_indicator_line(i) for group in groups for i in group.indicators]
    return "\n".join(lines) + "\n"
