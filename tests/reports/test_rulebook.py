"""The officers' rulebook writes what the assessment loads: read back, every cell equals the loaders' data."""

from __future__ import annotations

import json
from html import escape
from io import BytesIO

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from indicator_mappers.mappers.table import load_evidence_table
from indicator_mappers.nonconformity import load_nonconformity_rules
from indicator_mappers.referential import load_referentials
from reports import labels
from reports.rulebook import ELEMENT_COLUMNS, INDICATOR_COLUMNS, TEXT, build_rulebook, rulebook_html, rulebook_xlsx

REFERENTIALS = [referential.id for referential in load_referentials()]


def _sheet(workbook, name, columns):
    rows = list(workbook[name].iter_rows(values_only=True))
    assert list(rows[0]) == [column.header for column in columns]
    return [dict(zip((c.key for c in columns), (v if v is not None else "" for v in row))) for row in rows[1:]]


def _lines(cell: object) -> list[str]:
    return str(cell).split("\n") if cell != "" else []


@pytest.mark.parametrize("referential_id", REFERENTIALS)
def test_the_rulebook_read_back_is_what_the_pipeline_loads(referential_id):
    referential = next(r for r in load_referentials() if r.id == referential_id)
    table = load_evidence_table(referential_id)
    proposal = load_nonconformity_rules().proposal
    workbook = load_workbook(BytesIO(rulebook_xlsx(build_rulebook(referential_id))))

    indicators = _sheet(workbook, TEXT["sheet_indicators"], INDICATOR_COLUMNS)
    assert [row["indicator"] for row in indicators] == sorted(i.number for i in referential.indicators)
    for row in indicators:
        indicator = referential.indicator(row["indicator"])
        grading = indicator.nc_grading or "unknown"
        assert row["criterion"] == indicator.criterion
        assert row["wording"] == indicator.wording_fr
        assert row["if_partial"] == labels.label("proposed_nc", proposal["partial"][grading])
        assert row["if_missing"] == labels.label("proposed_nc", proposal["missing"][grading])
        assert len(_lines(row["applicability"])) == len(indicator.applicability)
        formalisation = TEXT["new_entrant_formalisation"] in row["new_entrant"]
        assert formalisation == indicator.new_entrant_formalisation_only

    elements = _sheet(workbook, TEXT["sheet_elements"], ELEMENT_COLUMNS)
    expected = [
        (number, element)
        for number in sorted(i.number for i in referential.indicators)
        if number in table.indicators
        for element in table.indicators[number].elements
    ]
    assert [(row["indicator"], row["element"]) for row in elements] == expected
    for row in elements:
        spec = table.elements[row["element"]]
        assert row["label"] == spec.label_fr
        assert _lines(row["phrases"]) == spec.phrases
        assert [json.loads(line) for line in _lines(row["patterns"])] == spec.patterns
        assert _lines(row["doc_types"]) == ([labels.doc_type_label(t) for t in spec.doc_types] or [TEXT["anywhere"]])
        assert _lines(row["exclude_doc_types"]) == [labels.doc_type_label(t) for t in spec.exclude_doc_types]
        assert row["implementation"] == labels.yes_no(spec.implementation)


def test_an_edit_of_the_evidence_table_shows_in_the_rulebook(monkeypatch):
    # The rulebook reads the loader itself, so an officer's YAML edit is what the next rulebook shows.
    from reports import rulebook

    table = load_evidence_table("rnq-2026")
    number, spec = next(iter(table.indicators.items()))
    element = spec.elements[0]
    edited = table.model_copy(
        update={"elements": {**table.elements, element: table.elements[element].model_copy(update={"phrases": ["xyz"]})}}
    )
    monkeypatch.setattr(rulebook, "load_evidence_table", lambda referential_id: edited)
    row = next(r for r in build_rulebook("rnq-2026").elements if (r.indicator, r.element) == (number, element))
    assert row.phrases == ["xyz"]


def test_the_html_rulebook_quotes_every_phrase_and_wording():
    book = build_rulebook("rnq-2026")
    html = rulebook_html(book).decode("utf-8")
    for indicator in book.indicators:
        assert escape(indicator.wording) in html
    for element in book.elements:
        for phrase in element.phrases:
            assert escape(phrase) in html


def test_the_rules_command_writes_xlsx_and_html_and_refuses_other_formats(tmp_path):
    runner = CliRunner()
    for name in ("rules.xlsx", "rules.html"):
        result = runner.invoke(app, ["rules", "--referential", "rnq-v9", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    assert runner.invoke(app, ["rules", "--out", str(tmp_path / "rules.pdf")]).exit_code == 2
    assert runner.invoke(app, ["rules", "--referential", "rnq-0", "--out", str(tmp_path / "r.xlsx")]).exit_code == 2
