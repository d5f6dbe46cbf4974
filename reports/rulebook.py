"""The officers' rulebook: every rule an indicator is assessed by, as the pipeline loads it.

Per indicator of a referential version: its wording, applicability per category, the new-entrant
rule, the grading of a gap, the document types searched and its special treatment, if any; per
required element: phrases, token patterns, where it counts, when it is required. Built from the
loaders the assessment itself calls (referential, evidence table, non-conformity rules), never from
a copy, so what an officer reviews is what runs. Written as XLSX (one sheet per table) or HTML.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from io import BytesIO

from openpyxl import Workbook
from pydantic import BaseModel, ConfigDict

from indicator_mappers.mappers.registry import GENERIC
from indicator_mappers.mappers.table import (
    Alternative,
    ElementSpec,
    EvidenceTable,
    FieldRequirement,
    Phrase,
    PhraseScope,
    TokenPattern,
    load_evidence_table,
    pattern_tokens,
    phrase_text,
)
from indicator_mappers.nonconformity import load_nonconformity_rules
from indicator_mappers.referential import Applicability, Indicator, referential_by_id
from reports import labels
from reports.grid import Column, add_named_styles, write_table
from schemas.labels_fr import labels_of

TEXT = labels_of("rulebook")


class ElementRules(BaseModel):
    """One element an indicator requires, as officers read it (French, one value per cell)."""

    model_config = ConfigDict(frozen=True)

    indicator: int
    element: str
    label: str
    expected: str
    phrases: list[str]
    any_of: list[str]
    patterns: list[str]
    doc_types: list[str]
    prefer_doc_types: list[str]
    exclude_doc_types: list[str]
    mention_doc_types: list[str]
    mentioned_by: list[str]
    fields: list[str]
    conditions: list[str]
    implementation: str
    review: str


class IndicatorRules(BaseModel):
    model_config = ConfigDict(frozen=True)

    criterion: int
    indicator: int
    wording: str
    applicability: list[str]
    new_entrant: str
    grading: str
    if_partial: str
    if_missing: str
    doc_types: list[str]
    treatment: str
    parameters: list[str]
    expected_level: str
    review_notes: list[str]


class Rulebook(BaseModel):
    model_config = ConfigDict(frozen=True)

    referential_id: str
    referential_name: str
    never_searched: list[str]
    indicators: list[IndicatorRules]
    elements: list[ElementRules]


def _doc_types(doc_types: Sequence[str]) -> list[str]:
    return [labels.doc_type_label(doc_type) for doc_type in doc_types]


def _applicability(applicability: dict[str, Applicability]) -> list[str]:
    lines = []
    for category, rule in applicability.items():
        if rule.status == "specific" and rule.condition is not None:
            shown = TEXT["applies_if"].format(condition=labels.label("condition_phrases", rule.condition))
        else:
            shown = TEXT[f"applies_{rule.status}"]
        note = f" ({rule.note_fr})" if rule.note_fr else ""
        lines.append(f"{category} : {shown}{note}")
    return lines


def _conditions(spec: ElementSpec) -> list[str]:
    conditions = [TEXT["when"].format(condition=labels.label("condition_phrases", c)) for c in spec.when]
    if spec.required_if:
        conditions.append(TEXT["required_if"].format(element=spec.required_if))
    if spec.exempt_categories:
        conditions.append(TEXT["exempt"].format(categories=", ".join(spec.exempt_categories)))
    return conditions


def _field(requirement: FieldRequirement) -> str:
    where = f" ({', '.join(_doc_types(requirement.doc_types))})" if requirement.doc_types else ""
    least = f" ≥ {requirement.min:g}" if requirement.min is not None else ""
    return f"{labels.field_label(requirement.field)}{least}{where}"


def _scope(item: Phrase | TokenPattern) -> str:
    """A scoped phrase's own document types, after it, as an officer reads them."""
    if not isinstance(item, PhraseScope):
        return ""
    parts = [TEXT[key].format(doc_types=", ".join(_doc_types(types))) for key, types in (
        ("only_in", item.only_in), ("not_in", item.not_in)) if types]
    return f" [{' ; '.join(parts)}]"


def _phrase(phrase: Phrase) -> str:
    return phrase_text(phrase) + _scope(phrase)


def _pattern(pattern: TokenPattern) -> str:
    return json.dumps(pattern_tokens(pattern), ensure_ascii=False) + _scope(pattern)


def _where(doc_types: Sequence[str], exclude_doc_types: Sequence[str]) -> str:
    where = ", ".join(_doc_types(doc_types) or [TEXT["anywhere"]])
    if exclude_doc_types:
        where += f" ({TEXT['not_in'].format(doc_types=', '.join(_doc_types(exclude_doc_types)))})"
    return where


def _alternative(alternative: Alternative) -> str:
    return TEXT["alternative"].format(
        label=alternative.label_fr,
        phrases=" ; ".join(map(_phrase, alternative.phrases)) or "—",
        patterns=" ; ".join(map(_pattern, alternative.patterns)) or "—",
        doc_types=_where(alternative.doc_types, alternative.exclude_doc_types),
    )


def _element(number: int, element_id: str, spec: ElementSpec) -> ElementRules:
    return ElementRules(
        indicator=number,
        element=element_id,
        label=spec.label_fr,
        expected=spec.expected_fr,
        phrases=[_phrase(phrase) for phrase in spec.phrases],
        any_of=[_alternative(alternative) for alternative in spec.any_of],
        patterns=[_pattern(pattern) for pattern in spec.patterns],
        doc_types=_doc_types(spec.doc_types) or [TEXT["anywhere"]],
        prefer_doc_types=_doc_types(spec.prefer_doc_types),
        exclude_doc_types=_doc_types(spec.exclude_doc_types),
        mention_doc_types=_doc_types(spec.mention_doc_types),
        mentioned_by=list(spec.mentioned_by),
        fields=[_field(requirement) for requirement in spec.fields],
        conditions=_conditions(spec),
        implementation=labels.yes_no(spec.implementation),
        review=spec.review_fr or "",
    )


def _searched(table: EvidenceTable, element_ids: Sequence[str]) -> list[str]:
    searched: dict[str, None] = {}
    for element_id in element_ids:
        spec = table.elements[element_id]
        clauses = table.clauses(element_id)
        if any(not clause.doc_types for clause in clauses):
            return [TEXT["anywhere"]]
        searched.update(dict.fromkeys(t for c in clauses for t in c.doc_types))
        searched.update(dict.fromkeys(spec.mention_doc_types))
    return _doc_types(list(searched))


def _parameter(name: str, value: object) -> str:
    """One parameter of the indicator's mapper as it is written in the table (YAML flow style)."""
    return f"{name}: {json.dumps(value, ensure_ascii=False)}"


def _indicator(indicator: Indicator, table: EvidenceTable) -> IndicatorRules:
    rules = load_nonconformity_rules()
    grading = indicator.nc_grading or "unknown"
    elements = table.indicators[indicator.number].elements if indicator.number in table.indicators else []
    waived = [e for e in elements if table.elements[e].implementation]
    new_entrant = TEXT["new_entrant_formalisation" if indicator.new_entrant_formalisation_only else "new_entrant_same"]
    if waived:
        new_entrant += " " + TEXT["new_entrant_waived"].format(elements=", ".join(waived))
    spec = table.indicators.get(indicator.number)
    mapper = spec.mapper if spec else GENERIC
    return IndicatorRules(
        criterion=indicator.criterion,
        indicator=indicator.number,
        wording=indicator.wording_fr,
        applicability=_applicability(indicator.applicability),
        new_entrant=new_entrant,
        grading=TEXT[f"grading_{grading}"],
        if_partial=labels.label("proposed_nc", rules.proposal["partial"][grading]),
        if_missing=labels.label("proposed_nc", rules.proposal["missing"][grading]),
        doc_types=_searched(table, elements),
        treatment=TEXT["generic"] if mapper == GENERIC else TEXT["special"].format(name=mapper),
        parameters=[_parameter(name, value) for name, value in spec.params.model_dump().items()] if spec else [],
        expected_level=indicator.expected_level_fr,
        review_notes=[*indicator.review_notes_fr, *(note.text_fr for note in indicator.review_notes)],
    )


def build_rulebook(referential_id: str) -> Rulebook:
    """The rulebook of a referential version, from the loaders the assessment calls."""
    referential = referential_by_id(referential_id)
    table = load_evidence_table(referential_id)
    indicators = sorted(referential.indicators, key=lambda i: i.number)
    return Rulebook(
        referential_id=referential.id,
        referential_name=referential.name_fr,
        never_searched=_doc_types(table.ignored_doc_types),
        indicators=[_indicator(indicator, table) for indicator in indicators],
        elements=[
            _element(indicator.number, element_id, table.elements[element_id])
            for indicator in indicators
            if indicator.number in table.indicators
            for element_id in table.indicators[indicator.number].elements
        ],
    )


# --- writers ----------------------------------------------------------------------------------

INDICATOR_COLUMNS: tuple[Column, ...] = tuple(
    Column("rulebook_indicator_columns", key, width)
    for key, width in (
        ("criterion", 9), ("indicator", 11), ("wording", 60), ("applicability", 40), ("new_entrant", 40),
        ("grading", 20), ("if_partial", 20), ("if_missing", 20), ("doc_types", 40), ("treatment", 24),
        ("parameters", 40), ("expected_level", 60), ("review_notes", 60),
    )
)
ELEMENT_COLUMNS: tuple[Column, ...] = tuple(
    Column("rulebook_element_columns", key, width)
    for key, width in (
        ("indicator", 11), ("element", 24), ("label", 30), ("expected", 50), ("phrases", 50), ("any_of", 50),
        ("patterns", 60), ("doc_types", 36), ("prefer_doc_types", 30), ("exclude_doc_types", 30),
        ("mention_doc_types", 30),
        ("mentioned_by", 24), ("fields", 30), ("conditions", 40), ("implementation", 14), ("review", 50),
    )
)


def _cell(value: object) -> object:
    """A list is one value a line, as an officer edits it back into the YAML."""
    return "\n".join(value) if isinstance(value, list) else value


def _rows(items: Sequence[BaseModel], columns: Sequence[Column]) -> list[list[object]]:
    return [[_cell(getattr(item, column.key)) for column in columns] for item in items]


def rulebook_xlsx(book: Rulebook) -> bytes:
    workbook = Workbook()
    add_named_styles(workbook)
    indicators = workbook.active
    indicators.title = TEXT["sheet_indicators"]
    write_table(indicators, INDICATOR_COLUMNS, _rows(book.indicators, INDICATOR_COLUMNS))
    write_table(workbook.create_sheet(TEXT["sheet_elements"]), ELEMENT_COLUMNS, _rows(book.elements, ELEMENT_COLUMNS))
    general = workbook.create_sheet(TEXT["sheet_general"])
    general.append([TEXT["referential"], f"{book.referential_id} — {book.referential_name}"])
    general.append([TEXT["never_searched"], _cell(book.never_searched)])
    workbook.properties.title = TEXT["title"].format(referential=book.referential_id)
    workbook.properties.creator = "qualiopi-review"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _html_table(items: Sequence[BaseModel], columns: Sequence[Column]) -> str:
    head = "".join(f"<th>{escape(column.header)}</th>" for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value)) if value is not None else ''}</td>" for value in row) + "</tr>"
        for row in _rows(items, columns)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def rulebook_html(book: Rulebook) -> bytes:
    title = escape(TEXT["title"].format(referential=book.referential_id))
    never = escape(", ".join(book.never_searched) or "—")
    html = (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        f"<title>{title}</title>"
        "<style>body{font-family:sans-serif;font-size:13px}table{border-collapse:collapse;margin-bottom:2em}"
        "th,td{border:1px solid #d9dee5;padding:4px;vertical-align:top;white-space:pre-line}"
        "th{background:#1f4e8c;color:#fff}</style></head>\n<body>\n"
        f"<h1>{title}</h1>\n<p>{escape(book.referential_name)}</p>\n"
        f"<p>{escape(TEXT['never_searched'])} : {never}</p>\n"
        f"<h2>{escape(TEXT['sheet_indicators'])}</h2>\n{_html_table(book.indicators, INDICATOR_COLUMNS)}\n"
        f"<h2>{escape(TEXT['sheet_elements'])}</h2>\n{_html_table(book.elements, ELEMENT_COLUMNS)}\n"
        "</body>\n</html>\n"
    )
    return html.encode("utf-8")
