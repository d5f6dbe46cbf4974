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
            generated_at=labels.format_datetime(report.generated_at),
            processing=(
                labels.format_seconds(report.processing_seconds) if report.processing_seconds is not None else ""
            ),
        )
    )
    return html.encode("utf-8")


# --- Prefect markdown artifact ------------------------------------------------------------------

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
        line += f" — manque : {_md(', '.join(indicator.missing))}"
    if indicator.needs_review:
        line += " _(à vérifier)_"
    return line


def headline_markdown(view: ReportView) -> str:
    """Verdict, counts, blocking checks and gaps of one dossier, for a Prefect markdown artifact."""
    report = view.report
    verdict = view.verdict
    name = report.organization.name or "organisme non identifié"
    lines = [
        f"# Dossier {_md(report.dossier_id)} — {_md(name)}",
        "",
        f"**{_md(verdict.summary_fr)}**",
        "",
        f"Référentiel {_md(view.referential_id)} ({view.indicator_count} indicateurs)"
        + (
            f" · audit initial estimé à {labels.format_days(report.audit.initial_audit_days)}"
            if report.audit.initial_audit_days is not None
            else ""
        ),
        "",
        "| Couverts | Partiels | Manquants | Non applicables | À vérifier | Documents | En erreur |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {verdict.covered} | {verdict.partial} | {verdict.missing} | {verdict.not_applicable} "
        f"| {verdict.needs_review} | {verdict.documents} | {verdict.documents_in_error} |",
    ]
    problems = view.failed_checks + view.warning_checks
    if problems:
        lines += ["", "## Recevabilité", ""]
        lines += [f"- **{c.status_label}** — {_md(c.label)} : {_md(c.message)}" for c in problems]
    for title, groups in (
        ("Indicateurs manquants", view.missing_groups),
        ("Indicateurs partiels", view.partial_groups),
    ):
        if groups:
            lines += ["", f"## {title}", ""]
            lines += [_indicator_line(i) for group in groups for i in group.indicators]
    return "\n".join(lines) + "\n"
