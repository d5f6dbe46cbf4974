"""The officers' rulebook writes what the assessment loads: read back, every cell equals the loaders' data."""

from __future__ import annotations

import json
from html import escape
from io import BytesIO

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli import app
from indicator_mappers.mappers.table import ElementSpec, PhraseScope, load_evidence_table, pattern_tokens, phrase_text
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
        spec = table.indicators[row["indicator"]]
        assert (spec.mapper in row["treatment"]) == (spec.mapper != "generic")
        shown = dict(line.split(": ", 1) for line in _lines(row["parameters"]))
        assert {name: json.loads(value) for name, value in shown.items()} == spec.params.model_dump()

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
        assert len(_lines(row["phrases"])) == len(spec.phrases)
        for line, phrase in zip(_lines(row["phrases"]), spec.phrases):
            _assert_scoped(line, phrase_text(phrase), phrase)
        assert len(_lines(row["patterns"])) == len(spec.patterns)
        for line, pattern in zip(_lines(row["patterns"]), spec.patterns):
            shown = line[: line.rindex(" [")] if isinstance(pattern, PhraseScope) else line
            assert json.loads(shown) == pattern_tokens(pattern)
            _assert_scoped(line, shown, pattern)
        assert len(_lines(row["any_of"])) == len(spec.any_of)
        assert _lines(row["doc_types"]) == ([labels.doc_type_label(t) for t in spec.doc_types] or [TEXT["anywhere"]])
        assert _lines(row["exclude_doc_types"]) == [labels.doc_type_label(t) for t in spec.exclude_doc_types]
        assert row["implementation"] == labels.yes_no(spec.implementation)


def _assert_scoped(line: str, text: str, item: object) -> None:
    """A phrase or pattern shown with its own document types, if any, each by its French label."""
    assert line.startswith(text)
    scope = line[len(text):]
    if not isinstance(item, PhraseScope):
        assert scope == ""
        return
    for key, doc_types in (("only_in", item.only_in), ("not_in", item.not_in)):
        if doc_types:
            assert TEXT[key].format(doc_types=", ".join(map(labels.doc_type_label, doc_types))) in scope


def test_scoped_phrases_and_alternatives_show_in_the_rulebook(monkeypatch):
    from reports import rulebook

    table = load_evidence_table("rnq-v9")
    spec = table.elements["staff_training"]
    edited_spec = ElementSpec.model_validate(
        {
            **spec.model_dump(exclude_defaults=True),
            "phrases": ["carnet zéphyr", {"phrase": "plan lumen", "only_in": ["trainer_cv"]}],
            "any_of": [
                {
                    "label_fr": "Convention signée",
                    "phrases": [{"phrase": "convention boréale", "not_in": ["programme"]}],
                    "doc_types": ["training_agreement"],
                }
            ],
        }
    )
    edited = table.model_copy(update={"elements": {**table.elements, "staff_training": edited_spec}})
    monkeypatch.setattr(rulebook, "load_evidence_table", lambda referential_id: edited)
    book = build_rulebook("rnq-v9")
    row = next(r for r in book.elements if r.element == "staff_training")
    cv, agreement, programme = (labels.doc_type_label(t) for t in ("trainer_cv", "training_agreement", "programme"))
    assert row.phrases == ["carnet zéphyr", f"plan lumen [{TEXT['only_in'].format(doc_types=cv)}]"]
    (alternative,) = row.any_of
    assert "Convention signée" in alternative and agreement in alternative
    assert f"convention boréale [{TEXT['not_in'].format(doc_types=programme)}]" in alternative
    indicator = next(r for r in book.indicators if r.indicator == 22)
    assert {cv, agreement} <= set(indicator.doc_types)


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
        for phrase in [*element.phrases, *element.any_of]:
            assert escape(phrase) in html


def test_the_rules_command_writes_xlsx_and_html_and_refuses_other_formats(tmp_path):
    runner = CliRunner()
    for name in ("rules.xlsx", "rules.html"):
        result = runner.invoke(app, ["rules", "--referential", "rnq-v9", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 0
    assert runner.invoke(app, ["rules", "--out", str(tmp_path / "rules.pdf")]).exit_code == 2
    assert runner.invoke(app, ["rules", "--referential", "rnq-0", "--out", str(tmp_path / "r.xlsx")]).exit_code == 2
