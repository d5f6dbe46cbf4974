"""The previous audit's NCs: read from a table or from running text whatever the document's type, and a minor
one not lifted at the next audit requalified as major."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from extractors import extract
from indicator_mappers.mappers import assess_indicators
from indicator_mappers.nonconformity import nc_projection, with_proposed_nc
from indicator_mappers.previous_nc import (
    FoundNc,
    find_previous_nonconformities,
    judge_previous_nonconformities,
    one_per_indicator,
    with_requalified,
    without_findings,
)
from indicator_mappers.referential import referential_by_id
from schemas import DocumentRecord, DossierDocument, IndicatorAssessment
from schemas.reasons import ReasonKind
from schemas.settings import Limits
from tests.indicator_mappers.conftest import assessment_of, make_doc
from tests.indicator_mappers.test_watch import watch_log

R2026 = referential_by_id("rnq-2026")
NUMBERS = {i.number for i in R2026.indicators}


def read_ncs(documents: Sequence[DossierDocument]) -> list[FoundNc]:
    """What the assessment reads: one NC per indicator."""
    return one_per_indicator(find_previous_nonconformities(documents, NUMBERS))


def _read(*documents: DossierDocument) -> list[tuple[int, str]]:
    return [(nc.indicator, nc.grade) for nc in read_ncs(documents)]


def test_ncs_are_read_from_a_pdf_table_whose_header_names_indicator_and_grade(tmp_path: Path):
    path = tmp_path / "ra.pdf"
    rows = [
        ["N° indicateur", "Gravité", "Description de l'écart", "Délai"],
        ["23", "Mineure", "Informations réglementaires recensées sans suite donnée", "30/11/2025"],
        ["4", "Majeure", "Besoin du bénéficiaire non analysé", "20/08/2025"],
        ["9", "—", "Observation : livret à mettre à jour", ""],
    ]
    table = Table(rows)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph("Rapport d'audit initial — synthèse des écarts", getSampleStyleSheet()["Title"]), table]
    )
    extracted = extract(path, "Qualité/ra.pdf", Limits())
    record = DocumentRecord(path="Qualité/ra.pdf", doc_type="unknown", sha256=hashlib.sha256(b"ra").hexdigest())
    found = read_ncs([DossierDocument(record=record, pages=extracted.pages)])
    assert [(nc.indicator, nc.grade) for nc in found] == [(4, "major"), (23, "minor")]
    assert found[1].source.path == "Qualité/ra.pdf" and found[1].source.page == 1
    assert "sans suite donnée" in found[1].source.excerpt


def test_ncs_are_read_from_running_text_each_reference_with_its_nearest_grade():
    text = (
        "Rapport d'audit de surveillance du 12/05/2025.\n"
        "Indicateur 22 : NC mineure\n"
        "Indicateur 26 : NC majeure\n"
        "Lors de l'audit, une non-conformité mineure a été relevée sur\n"
        "l'indicateur 2 (mode de calcul absent).\n"
        "NC mineure sur l'indicateur 8, NC majeure sur l'ind. 5.\n"
        "Indicateur 9 : conforme.\n"
        "Écarts : 2 NC mineures (indicateurs 30 et 31)."
    )
    found = read_ncs([make_doc("plan_actions.xlsx", "improvement_plan", text)])
    assert [(nc.indicator, nc.grade) for nc in found] == [
        (2, "minor"),
        (5, "major"),
        (8, "minor"),
        (22, "minor"),
        (26, "major"),
        (30, "minor"),
        (31, "minor"),
    ]
    excerpts = {nc.indicator: nc.source.excerpt for nc in found}
    assert excerpts[22] == "Indicateur 22 : NC mineure"
    assert excerpts[2] == (
        "Lors de l'audit, une non-conformité mineure a été relevée sur l'indicateur 2 (mode de calcul absent)."
    )


def test_rules_numbers_out_of_range_and_ungraded_references_are_not_ncs():
    text = (
        "Une non-conformité mineure non levée lors de l'audit suivant devient majeure.\n"
        "Indicateur 45 : NC mineure.\n"
        "Indicateur 9 : conforme.\n"
        "Indicateur 12 : point fort. Une NC majeure bloque la certification."
    )
    assert _read(make_doc("guide.pdf", "unknown", text)) == []


def _assessed(number: int, status: str) -> IndicatorAssessment:
    indicator = R2026.indicator(number)
    return IndicatorAssessment(number=number, criterion=indicator.criterion, status=status, reason="Constat.")


def _judged(audit_type: str, statuses: dict[int, str], text: str):
    assessments = with_proposed_nc([_assessed(n, s) for n, s in statuses.items()], R2026)
    found = read_ncs([make_doc("rapport_audit.pdf", "unknown", text)])
    previous = judge_previous_nonconformities(found, assessments, audit_type)
    return previous, with_requalified(assessments, previous)


def test_a_minor_nc_not_lifted_at_a_surveillance_audit_becomes_major():
    assert R2026.indicator(23).nc_grading == "minor_or_major"
    previous, indicators = _judged("surveillance", {23: "partial"}, "Indicateur 23 : NC mineure")
    [nc] = previous
    assert (nc.outcome, nc.requalified) == ("not_lifted", True)
    [indicator] = indicators
    assert indicator.proposed_nc == "major"
    why = indicator.reasons[-1]
    assert why.kind is ReasonKind.PREVIOUS_NC_REQUALIFIED
    assert why.params == {"grade": "minor", "new_grade": "major", "path": "rapport_audit.pdf", "page": 1}
    assert (nc_projection(indicators).major, nc_projection(indicators).minor) == (1, 0)


def test_a_minor_nc_the_dossier_corrects_is_lifted_and_changes_nothing():
    previous, indicators = _judged("renewal", {2: "covered", 23: "partial"}, "Indicateur 2 : NC mineure")
    [nc] = previous
    assert (nc.outcome, nc.requalified) == ("lifted", False)
    assert [i.proposed_nc for i in indicators] == ["none", "minor"]


def test_an_initial_audit_lists_the_ncs_for_the_officer_without_requalifying():
    previous, indicators = _judged("initial", {23: "partial"}, "Indicateur 23 : NC mineure")
    [nc] = previous
    assert (nc.outcome, nc.requalified) == ("to_confirm", False)
    assert indicators[0].proposed_nc == "minor" and indicators[0].reason == "Constat."


def test_a_previous_nc_on_an_indicator_not_applicable_now_is_said_so_without_requalifying():
    previous, indicators = _judged("surveillance", {13: "not_applicable"}, "Indicateur 13 : NC mineure")
    [nc] = previous
    assert (nc.outcome, nc.requalified) == ("not_applicable", False)
    assert indicators[0].proposed_nc is None


def test_a_finding_is_no_evidence_that_its_indicator_is_met(af_scope):
    """« Recensée sans suite donnée » holds the words of an exploited watch: the finding must not lift itself."""
    header = ["Indicateur", "Type", "Constat"]
    row = ["23", "Mineure", "Veille réglementaire recensée sans suite donnée."]
    report = make_doc(
        "rapport_audit.pdf",
        "unknown",
        f"Synthèse des écarts\n{' '.join(header)}\n{' '.join(row)}\nIndicateur 24 : NC mineure, aucune action menée.",
        tables=[[header, row]],
    )
    documents = [watch_log(filled=False), report]
    found = find_previous_nonconformities(documents, NUMBERS)
    assert sorted(nc.indicator for nc in found) == [23, 24]
    cleaned = without_findings(documents, found)
    page = cleaned[1].pages[0]
    assert "suite donnée" not in page.text and "action menée" not in page.text and "Synthèse des écarts" in page.text
    assert page.tables == [[header]] and cleaned[0] == documents[0]
    for number in (23, 24):
        assert assessment_of(assess_indicators(R2026, af_scope, cleaned), number).status == "partial"
