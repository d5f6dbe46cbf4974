"""The auditors' grid: an XLSX workbook built from a `GapReport` alone.

Sheets: « Grille » (one row per indicator applicable to the scope, with empty columns the auditor
fills in), « Documents » (the inventory) and « Synthèse » (COUNTIFS formulas over the grid, so the
counts follow the auditor's edits). Every sheet prints on landscape A4, one page wide, with its
header row repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from indicator_mappers.referential import Referential
from reports import labels
from reports.view import DocumentView, IndicatorView, ReportView, build_view
from schemas import GapReport
from schemas.labels_fr import labels_of

TEXT = labels_of("grid")
GRID_SHEET = TEXT["sheet_grid"]
DOCUMENTS_SHEET = TEXT["sheet_documents"]
SUMMARY_SHEET = TEXT["sheet_summary"]

# The auditor's choices: the proposed NC's words, so a proposal reads as one of them.
CONFORMITY_CHOICES = (
    *(labels.label("proposed_nc", grade) for grade in ("none", "minor", "major")),
    labels.status_label("not_applicable"),
)
PROPOSED_STATUSES = ("covered", "partial", "missing")

# Excel refuses longer cells; excerpts are short, but a pathological document must not break the file.
MAX_CELL_CHARS = 32_000

HEADER_FILL = PatternFill("solid", fgColor="1F4E8C")
AUDITOR_FILL = PatternFill("solid", fgColor="FFF8DC")
HEADER_FONT = Font(bold=True, color="FFFFFF")
THIN = Side(style="thin", color="D9DEE5")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTERED = Alignment(horizontal="center", vertical="top")

# Cells take these by name: setting font, fill, alignment and border one by one made openpyxl hash
# each of them again for every cell, half the time of writing a grid. Auditors see the names in
# Excel's cell styles.
HEADER_STYLE = TEXT["style_header"]
TEXT_STYLE = TEXT["style_text"]
NUMBER_STYLE = TEXT["style_number"]
AUDITOR_STYLE = TEXT["style_auditor"]


def add_named_styles(workbook: Workbook) -> None:
    for style in (
        NamedStyle(HEADER_STYLE, font=HEADER_FONT, fill=HEADER_FILL, alignment=WRAP, border=BORDER),
        NamedStyle(TEXT_STYLE, alignment=WRAP, border=BORDER),
        NamedStyle(NUMBER_STYLE, alignment=CENTERED, border=BORDER),
        NamedStyle(AUDITOR_STYLE, fill=AUDITOR_FILL, alignment=WRAP, border=BORDER),
    ):
        workbook.add_named_style(style)


STATUS_FILLS = {  # label -> (font colour, fill colour), the HTML report's chip colours
    labels.status_label("covered"): ("1D6B35", "E2F3E7"),
    labels.status_label("partial"): ("8A5300", "FFF0D1"),
    labels.status_label("missing"): ("B42318", "FDE6E3"),
    CONFORMITY_CHOICES[0]: ("1D6B35", "E2F3E7"),
    CONFORMITY_CHOICES[1]: ("8A5300", "FFF0D1"),
    CONFORMITY_CHOICES[2]: ("B42318", "FDE6E3"),
    CONFORMITY_CHOICES[3]: ("4B5563", "ECEEF1"),
}


@dataclass(frozen=True)
class Column:
    section: str  # of labels_fr.yaml, which names the column
    key: str
    max_width: int
    auditor: bool = False
    number: bool = False  # short numbers, centred

    @property
    def header(self) -> str:
        return labels.label(self.section, self.key)


GRID_COLUMNS: tuple[Column, ...] = (
    Column("grid_columns", "criterion", 9, number=True),
    Column("grid_columns", "criterion_title", 28),
    Column("grid_columns", "indicator", 11, number=True),
    Column("grid_columns", "wording", 60),
    Column("grid_columns", "expected", 50),
    Column("grid_columns", "evidence", 60),
    Column("grid_columns", "status", 14),
    Column("grid_columns", "reason", 40),
    Column("grid_columns", "missing", 36),
    Column("grid_columns", "review", 30),
    Column("grid_columns", "finding", 40, auditor=True),
    Column("grid_columns", "conformity", 24, auditor=True),
    Column("grid_columns", "comment", 40, auditor=True),
)

# Shown after « À vérifier » when the dossier lists the previous audit's NCs.
PREVIOUS_NC_COLUMN = Column("grid_columns", "previous_nc", 36)


def grid_columns(view: ReportView) -> tuple[Column, ...]:
    if not view.previous_ncs:
        return GRID_COLUMNS
    at = [c.key for c in GRID_COLUMNS].index("review") + 1
    return (*GRID_COLUMNS[:at], PREVIOUS_NC_COLUMN, *GRID_COLUMNS[at:])


DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("document_columns", "path", 45),
    Column("document_columns", "doc_type", 30),
    Column("document_columns", "status", 9),
    Column("document_columns", "pages", 8),
    Column("document_columns", "ocr", 6),
    Column("document_columns", "ocr_confidence", 14),
    Column("document_columns", "fields", 50),
    Column("document_columns", "error", 45),
    Column("document_columns", "classification", 40),
    Column("document_columns", "sha256", 66),
)


def column_letter(columns: Sequence[Column], key: str) -> str:
    return get_column_letter(next(i for i, c in enumerate(columns, start=1) if c.key == key))


# --- cell values ------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """What openpyxl can store: no control characters, bounded length."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _set(ws: Worksheet, row: int, column: int, value: object) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean_text(value)
        # Text from the dossier is never a formula, even when it starts with "=".
        cell.data_type = "s"
    else:
        cell.value = value


def _evidence_text(indicator: IndicatorView) -> str:
    return "\n".join(f"{e.location} : « {e.excerpt} »" if e.excerpt else e.location for e in indicator.evidence)


def _missing_text(indicator: IndicatorView) -> str:
    lines = list(indicator.missing)
    lines += [f"{gap.path} : {', '.join(gap.missing)}" for gap in indicator.missing_by_document]
    return "\n".join(lines)


def _review_text(indicator: IndicatorView) -> str:
    if not indicator.needs_review:
        return ""
    return "\n".join([labels.yes_no(True), *indicator.review_notes])


def _expected_text(indicator: IndicatorView) -> str:
    parts = [indicator.expected_level or ""]
    if indicator.evidence_examples:
        parts.append(TEXT["examples"].format(examples=" ; ".join(indicator.evidence_examples)))
    return "\n".join(p for p in parts if p)


GRID_VALUES: dict[str, Callable[[IndicatorView], object]] = {
    "criterion": lambda i: i.criterion,
    "criterion_title": lambda i: i.criterion_title,
    "indicator": lambda i: i.number,
    "wording": lambda i: i.wording or "",
    "expected": _expected_text,
    "evidence": _evidence_text,
    "status": lambda i: i.status_label,
    "reason": lambda i: i.reason,
    "missing": _missing_text,
    "review": _review_text,
    "previous_nc": lambda i: i.previous_nc or "",
    "finding": lambda i: None,
    # The proposal, which the auditor changes where they judge otherwise.
    "conformity": lambda i: i.proposed_nc_label,
    "comment": lambda i: None,
}

DOCUMENT_VALUES: dict[str, Callable[[DocumentView], object]] = {
    "path": lambda d: d.path,
    "doc_type": lambda d: d.doc_type_label,
    "status": lambda d: labels.label("document_status", d.status),
    "pages": lambda d: d.pages,
    "ocr": lambda d: labels.yes_no(d.ocr),
    "ocr_confidence": lambda d: d.ocr_confidence or "",
    "fields": lambda d: "\n".join(f"{f.label} : {f.value}" for f in d.fields),
    "error": lambda d: d.error or "",
    "classification": lambda d: d.classification_reason or "",
    "sha256": lambda d: d.sha256,
}


# --- sheet layout -----------------------------------------------------------------------------


def write_table(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> None:
    for col, column in enumerate(columns, start=1):
        _set(ws, 1, col, column.header)
        ws.cell(row=1, column=col).style = HEADER_STYLE
    styles = [
        AUDITOR_STYLE if column.auditor else NUMBER_STYLE if column.number else TEXT_STYLE
        for column in columns
    ]
    for r, values in enumerate(rows, start=2):
        for col, (style, value) in enumerate(zip(styles, values, strict=True), start=1):
            _set(ws, r, col, value)
            ws.cell(row=r, column=col).style = style
    _fit_widths(ws, columns, rows)
    last = get_column_letter(len(columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    ws.print_title_rows = "1:1"


def _fit_widths(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> None:
    """Widest line of each column (and the header's longest word), capped: longer text wraps.
    Auditor columns are empty but get their full width to write in."""
    for col, column in enumerate(columns, start=1):
        header_word = max(len(word) for word in column.header.split())
        longest = max(
            (len(line) for row in rows if row[col - 1] is not None for line in str(row[col - 1]).splitlines()),
            default=0,
        )
        fitted = column.max_width if column.auditor else min(longest + 2, column.max_width)
        ws.column_dimensions[get_column_letter(col)].width = max(header_word + 2, fitted)


def _page_setup(ws: Worksheet, dossier_id: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.left.text = clean_text(TEXT["page_header"].format(dossier_id=dossier_id)).replace("&", "&&")
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.right.text = TEXT["page_footer"]


def _status_colours(ws: Worksheet, column: str, last_row: int) -> None:
    """Conditional, so the colour follows the value when the auditor changes it."""
    cells = f"{column}2:{column}{max(last_row, 2)}"
    for value, (font, fill) in STATUS_FILLS.items():
        ws.conditional_formatting.add(
            cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{value}"'],
                font=Font(bold=True, color=font),
                fill=PatternFill("solid", fgColor=fill, bgColor=fill),
            ),
        )


def _conformity_validation(ws: Worksheet, column: str, last_row: int) -> None:
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(CONFORMITY_CHOICES) + '"',
        allow_blank=True,
        showDropDown=False,  # openpyxl's name is inverted: False shows the in-cell arrow
        showErrorMessage=True,
        errorTitle=TEXT["choice_error_title"],
        error=TEXT["choice_error"].format(choices=", ".join(CONFORMITY_CHOICES)),
        showInputMessage=True,
        promptTitle=TEXT["choice_prompt_title"],
        prompt=TEXT["choice_prompt"],
    )
    validation.add(f"{column}2:{column}{max(last_row, 2)}")
    ws.add_data_validation(validation)


# --- sheets -----------------------------------------------------------------------------------


def _grid_sheet(ws: Worksheet, view: ReportView) -> None:
    ws.title = GRID_SHEET
    indicators = view.applicable
    columns = grid_columns(view)
    rows = [[GRID_VALUES[c.key](i) for c in columns] for i in indicators]
    write_table(ws, columns, rows)
    ws.freeze_panes = "D2"  # criterion and indicator numbers stay visible while scrolling right
    last_row = len(rows) + 1
    _status_colours(ws, column_letter(columns, "status"), last_row)
    _status_colours(ws, column_letter(columns, "conformity"), last_row)
    _conformity_validation(ws, column_letter(columns, "conformity"), last_row)


def _documents_sheet(ws: Worksheet, view: ReportView) -> None:
    rows = [[DOCUMENT_VALUES[c.key](d) for c in DOCUMENT_COLUMNS] for d in view.documents]
    write_table(ws, DOCUMENT_COLUMNS, rows)
    error_font = Font(bold=True, color="B42318")
    status_col = [c.key for c in DOCUMENT_COLUMNS].index("status") + 1
    error_col = [c.key for c in DOCUMENT_COLUMNS].index("error") + 1
    for r, document in enumerate(view.documents, start=2):
        if document.status == "error":
            ws.cell(row=r, column=status_col).font = error_font
            ws.cell(row=r, column=error_col).font = error_font


def _countifs(*pairs: tuple[str, str]) -> str:
    """`COUNTIFS('Grille'!$G:$G,"Couvert",...)`: criteria are cell references or quoted text."""
    args = ",".join(f"'{GRID_SHEET}'!${column}:${column},{criterion}" for column, criterion in pairs)
    return f"=COUNTIFS({args})"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _summary_sheet(ws: Worksheet, view: ReportView) -> None:
    report = view.report
    bold = Font(bold=True)
    title_font = Font(bold=True, size=14, color="1F4E8C")
    section_font = Font(bold=True, size=12, color="1F4E8C")
    columns = grid_columns(view)
    status_col = column_letter(columns, "status")
    conformity_col = column_letter(columns, "conformity")
    criterion_col = column_letter(columns, "criterion")
    indicator_col = column_letter(columns, "indicator")

    not_provided = TEXT["not_provided"]
    facts: list[tuple[str, object]] = [
        (TEXT["organisation"], report.organization.name or not_provided),
        (TEXT["siren"], report.organization.siren or not_provided),
        (TEXT["nda"], report.organization.nda or not_provided),
        (
            TEXT["referential"],
            view.referential_id + (f" — {view.referential_name}" if view.referential_name else ""),
        ),
        (TEXT["scope"], ", ".join(view.scope.categories) + f" ({view.scope.source})"),
        (TEXT["verdict"], view.verdict.summary_fr),
        (TEXT["initial_audit_days"], report.audit.initial_audit_days),
        (TEXT["revenue_band"], report.audit.revenue_band or TEXT["unknown"]),
    ]
    _set(ws, 1, 1, TEXT["summary_title"].format(dossier_id=report.dossier_id))
    ws.cell(row=1, column=1).font = title_font
    row = 3
    for name, value in facts:
        _set(ws, row, 1, name)
        _set(ws, row, 2, value if value is not None else TEXT["unknown"])
        ws.cell(row=row, column=1).font = bold
        ws.cell(row=row, column=2).alignment = WRAP
        row += 1
    days = ws.cell(row=3 + [f[0] for f in facts].index(TEXT["initial_audit_days"]), column=2)
    days.number_format = "0.0"
    days.alignment = Alignment(horizontal="left")

    def header(at: int, names: Sequence[str]) -> None:
        for col, name in enumerate(names, start=1):
            _set(ws, at, col, name)
            ws.cell(row=at, column=col).style = HEADER_STYLE

    row += 1
    _set(ws, row, 1, TEXT["by_status"])
    ws.cell(row=row, column=1).font = section_font
    header(row + 1, [TEXT["status"], TEXT["count"]])
    row += 2
    for status in PROPOSED_STATUSES:
        name = labels.status_label(status)
        _set(ws, row, 1, name)
        ws.cell(row=row, column=2).value = _countifs((status_col, _quoted(name)))
        row += 1
    _set(ws, row, 1, TEXT["total_applicable"])
    ws.cell(row=row, column=2).value = _countifs((indicator_col, '">0"'))
    ws.cell(row=row, column=1).font = bold
    row += 1
    _set(ws, row, 1, TEXT["not_applicable"])
    _set(ws, row, 2, view.verdict.not_applicable)
    row += 2

    _set(ws, row, 1, TEXT["by_conformity"])
    ws.cell(row=row, column=1).font = section_font
    header(row + 1, [TEXT["conformity"], TEXT["count"]])
    row += 2
    for choice in CONFORMITY_CHOICES:
        _set(ws, row, 1, choice)
        ws.cell(row=row, column=2).value = _countifs((conformity_col, _quoted(choice)))
        row += 1
    _set(ws, row, 1, TEXT["not_filled"])
    ws.cell(row=row, column=2).value = _countifs((indicator_col, '">0"'), (conformity_col, '""'))
    row += 2

    _set(ws, row, 1, TEXT["by_criterion"])
    ws.cell(row=row, column=1).font = section_font
    by_criterion = [
        TEXT["criterion"],
        TEXT["criterion_title"],
        *(labels.status_label(s) for s in PROPOSED_STATUSES),
        TEXT["applicable"],
        *CONFORMITY_CHOICES[:3],
    ]
    header(row + 1, by_criterion)
    row += 2
    criteria = sorted({(i.criterion, i.criterion_title) for i in _all_indicators(view)})
    for number, title in criteria:
        _set(ws, row, 1, number)
        _set(ws, row, 2, title)
        ref = f"$A{row}"
        values = [
            _countifs((criterion_col, ref), (status_col, _quoted(labels.status_label(s)))) for s in PROPOSED_STATUSES
        ]
        values.append(_countifs((criterion_col, ref)))
        values += [_countifs((criterion_col, ref), (conformity_col, _quoted(c))) for c in CONFORMITY_CHOICES[:3]]
        for col, formula in enumerate(values, start=3):
            ws.cell(row=row, column=col).value = formula
        for col in range(1, len(by_criterion) + 1):
            ws.cell(row=row, column=col).style = TEXT_STYLE
        row += 1

    widths = [42, 60, 12, 12, 12, 12, 14, 16, 16]
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.print_title_rows = "1:1"


def _all_indicators(view: ReportView) -> list[IndicatorView]:
    return view.applicable + view.not_applicable


def render_grid(report: GapReport, referential: Referential | None = None) -> bytes:
    """The audit grid as XLSX bytes. `referential` defaults to the version named in the report."""
    return grid_from_view(build_view(report, referential))


def grid_from_view(view: ReportView) -> bytes:
    """`render_grid` for a caller that renders several outputs from one view."""
    report = view.report
    workbook = Workbook()
    add_named_styles(workbook)
    _grid_sheet(workbook.active, view)
    _documents_sheet(workbook.create_sheet(DOCUMENTS_SHEET), view)
    _summary_sheet(workbook.create_sheet(SUMMARY_SHEET), view)
    for ws in workbook.worksheets:
        _page_setup(ws, report.dossier_id)
    workbook.calculation.fullCalcOnLoad = True  # openpyxl stores formulas without cached values
    workbook.properties.title = clean_text(TEXT["workbook_title"].format(dossier_id=report.dossier_id))
    workbook.properties.creator = "qualiopi-review"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
