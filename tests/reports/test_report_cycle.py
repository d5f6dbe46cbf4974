"""The reports of a surveillance, renewal or extension dossier: the projected outcome first, the audit
type and its duration, and the grid's « Conformité » column pre-filled with the proposed NCs."""

from __future__ import annotations

from html import unescape
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reports.grid import CONFORMITY_CHOICES, GRID_SHEET, SUMMARY_SHEET, render_grid
from reports.html import render_html
from reports.labels import label
from schemas import AuditEstimate, GapReport
from schemas.contract import Evidence, NcProjection, PreviousNonconformity


def _with_proposals(report: GapReport) -> GapReport:
    proposals = {"covered": "none", "partial": "minor", "missing": "major"}
    indicators = [i.model_copy(update={"proposed_nc": proposals.get(i.status)}) for i in report.indicators]
    return report.model_copy(update={"indicators": indicators})


def _surveillance(report: GapReport, major: int, minor: int, days: float | None = None) -> GapReport:
    audit = AuditEstimate(
        revenue_band="150k-750k",
        initial_audit_days=1.5,
        revenue_source="bpf",
        type="surveillance",
        type_source="inferred",
        type_reasons=["Date d'audit dans la fenêtre de surveillance du certificat certificat.pdf."],
        days=days,
        days_note=None if days else "Durée à confirmer : la ligne « surveillance » du barème n'a pas été lue.",
        reviewed_indicators=[1, 17, 19],
        reviewed_indicators_note="Indicateurs 1, 3, 17, 19 lorsqu'ils s'appliquent.",
    )
    return report.model_copy(update={"audit": audit, "nc_projection": NcProjection(major=major, minor=minor)})


def test_the_report_opens_with_the_projected_outcome(report, referential):
    html = unescape(render_html(_surveillance(report, 2, 1), referential).decode())
    expected = (
        "2 non-conformités majeures à lever sous 3 mois, 1 mineure : plan d'action sous 6 mois ;"
        " certification impossible tant qu'une majeure reste ouverte"
    )
    assert expected in html
    assert html.index(expected) < html.index('aria-label="Verdict"')
    assert "Audit de surveillance (déduit des pièces du dossier)" in html
    assert "fenêtre de surveillance du certificat" in html


def test_the_uncertain_five_minors_rule_is_said_to_be_uncertain(report, referential):
    html = unescape(render_html(_surveillance(report, 0, 5), referential).decode())
    assert "5 non-conformités mineures : plan d'action sous 6 mois." in html
    assert "Plus de 4 mineures ouvertes" in html and "non confirmée dans le texte" in html
    assert "certification impossible" not in html


def test_an_unsourced_duration_is_to_confirm(report, referential):
    html = unescape(render_html(_surveillance(report, 0, 0), referential).decode())
    assert "Durée estimée de l'audit de surveillance</dt><dd>à confirmer" in html
    assert "aucune non-conformité" in html
    assert "Indicateurs revus au minimum</dt><dd>1, 17, 19" in html


def test_the_grid_conformity_column_holds_the_proposal(report, referential):
    proposed = _with_proposals(_surveillance(report, 1, 1, days=0.5))
    sheet = load_workbook(BytesIO(render_grid(proposed, referential)))[GRID_SHEET]
    headers = [c.value for c in sheet[1]]
    rows = [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)]
    by_number = {row["Indicateur"]: row["Conformité"] for row in rows}
    for indicator in proposed.indicators:
        if indicator.proposed_nc is not None:
            assert by_number[indicator.number] == label("proposed_nc", indicator.proposed_nc)
    assert set(by_number.values()) <= set(CONFORMITY_CHOICES)
    assert {"Non-conformité mineure", "Non-conformité majeure"} <= set(by_number.values())


def _with_previous_ncs(report: GapReport, audit_type: str = "surveillance") -> GapReport:
    """A previous audit's report listing a minor NC on 23 (missing now, not lifted) and one on 30 (covered now)."""
    source = Evidence(
        path="Qualité/rapport_audit_initial.pdf", page=2, excerpt="23 | Mineure | Veille sans suite donnée"
    )
    previous = [
        PreviousNonconformity(indicator=23, grade="minor", source=source, outcome="not_lifted", requalified=True),
        PreviousNonconformity(
            indicator=30,
            grade="minor",
            source=source.model_copy(update={"excerpt": "Indicateur 30 : NC mineure"}),
            outcome="lifted",
        ),
    ]
    if audit_type == "initial":
        previous = [nc.model_copy(update={"outcome": "to_confirm", "requalified": False}) for nc in previous]
    audit = report.audit.model_copy(update={"type": audit_type, "previous_nonconformities": previous})
    return _with_proposals(report.model_copy(update={"audit": audit}))


def test_the_report_lists_the_previous_audits_ncs_next_to_the_projection(report, referential):
    html = unescape(render_html(_with_previous_ncs(report), referential).decode())
    section = html[html.index('id="nc-precedentes"') : html.index("</section>", html.index('id="nc-precedentes"'))]
    assert html.index('id="projection"') < html.index('id="nc-precedentes"') < html.index('aria-label="Verdict"')
    assert "Non-conformités de l'audit précédent" in section
    assert "non levée → majeure" in section and "levée" in section
    assert "Qualité/rapport_audit_initial.pdf, p. 2" in section and "Veille sans suite donnée" in section
    assert "requalifiée en majeure" in section


def test_at_an_initial_audit_the_previous_ncs_are_for_the_officer(report, referential):
    html = unescape(render_html(_with_previous_ncs(report, "initial"), referential).decode())
    assert "à examiner (audit initial)" in html and "ne sont pas requalifiées" in html
    assert "→ majeure" not in html


def test_the_grid_shows_each_indicators_previous_nc(report, referential):
    workbook = load_workbook(BytesIO(render_grid(_with_previous_ncs(report), referential)))
    sheet = workbook[GRID_SHEET]
    headers = [c.value for c in sheet[1]]
    rows = {
        row[headers.index("Indicateur")]: dict(zip(headers, row, strict=True))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows[23]["Audit précédent"] == "NC précédente : mineure, non levée → majeure"
    assert rows[30]["Audit précédent"] == "NC précédente : mineure, levée"
    assert rows[1]["Audit précédent"] in ("", None)
    # The summary still counts the « Conformité » column, wherever the new column moved it.
    conformity = get_column_letter(headers.index("Conformité") + 1)
    formulas = [c.value for row in workbook[SUMMARY_SHEET].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f"!${conformity}:${conformity}" in f for f in formulas if f.startswith("=COUNTIFS"))


def test_the_grid_has_no_previous_nc_column_when_the_dossier_lists_none(report, referential):
    sheet = load_workbook(BytesIO(render_grid(_with_proposals(report), referential)))[GRID_SHEET]
    assert "Audit précédent" not in [c.value for c in sheet[1]]
