"""The batch summary: one row per dossier, as a pandas DataFrame and as `batch_summary.csv`.

CSV dialect, chosen for French Excel (double-click opens it right, no import wizard):
* encoding UTF-8 **with BOM** (`utf-8-sig`): without the BOM Excel reads the accents as cp1252;
* separator `;`: French Excel's list separator (the comma is the decimal mark);
* decimal mark `,` for `audit_days` and `processing_seconds` (`1,5`), otherwise Excel reads `1.5`
  as a date or as text;
* `admissible` written `True` / `False`, counts as integers; empty cell = unknown (a dossier that
  could not be reported, whose reason is in `error`);
* text cells starting with `=`, `+`, `-`, `@` get a leading `'` so that Excel never evaluates an
  organisation name as a formula (CSV injection).

Read it back with `read_batch_csv`, or
`pandas.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")`.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO, StringIO
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from reports.verdict import verdict
from schemas import GapReport

if TYPE_CHECKING:
    import pandas as pd

CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
CSV_ENCODING = "utf-8-sig"

COLUMNS: tuple[str, ...] = (
    "dossier_id",
    "organisation",
    "admissible",
    "covered",
    "partial",
    "missing",
    "not_applicable",
    "documents",
    "errors",
    "audit_days",
    "processing_seconds",
    "error",
)
_DTYPES = {
    "dossier_id": "string",
    "organisation": "string",
    "admissible": "boolean",
    "covered": "Int64",
    "partial": "Int64",
    "missing": "Int64",
    "not_applicable": "Int64",
    "documents": "Int64",
    "errors": "Int64",
    "audit_days": "Float64",
    "processing_seconds": "Float64",
    "error": "string",
}
_TEXT_COLUMNS = ("dossier_id", "organisation", "error")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class BatchEntry(BaseModel):
    """One dossier of a batch. Counts are None when the dossier could not be reported at all."""

    model_config = ConfigDict(extra="forbid")

    dossier_id: str
    organisation: str | None = None
    admissible: bool | None = None
    covered: int | None = Field(default=None, ge=0)
    partial: int | None = Field(default=None, ge=0)
    missing: int | None = Field(default=None, ge=0)
    not_applicable: int | None = Field(default=None, ge=0)
    documents: int | None = Field(default=None, ge=0, description="Documents received in the dossier.")
    errors: int | None = Field(default=None, ge=0, description="Documents that could not be read.")
    audit_days: float | None = None
    processing_seconds: float | None = None
    error: str | None = Field(default=None, description="French message when the dossier could not be reported.")

    @classmethod
    def from_report(cls, report: GapReport, error: str | None = None) -> BatchEntry:
        summary = verdict(report)
        return cls(
            dossier_id=report.dossier_id,
            organisation=report.organization.name,
            admissible=report.admissibility.admissible,
            covered=summary.covered,
            partial=summary.partial,
            missing=summary.missing,
            not_applicable=summary.not_applicable,
            documents=summary.documents,
            errors=summary.documents_in_error,
            audit_days=report.audit.initial_audit_days,
            processing_seconds=report.processing_seconds,
            error=error,
        )

    @classmethod
    def failed(
        cls, dossier_id: str, error: str, organisation: str | None = None, processing_seconds: float | None = None
    ) -> BatchEntry:
        """A dossier with no report: only its id, what is known, and why (French)."""
        return cls(dossier_id=dossier_id, organisation=organisation, error=error, processing_seconds=processing_seconds)


def batch_dataframe(entries: Sequence[BatchEntry]) -> pd.DataFrame:
    """One row per entry, in the given order, columns `COLUMNS` with nullable dtypes."""
    # pandas is imported when a table is made, not with `BatchEntry`: deciding that a batch has
    # nothing to do reads the rows of unchanged dossiers and must not wait for it.
    import pandas as pd

    records = [entry.model_dump() for entry in entries]
    frame = pd.DataFrame.from_records(records, columns=list(COLUMNS)).astype(_DTYPES)
    # Rounded once typed: a column of failed entries only holds no number, which plain `round` refuses.
    frame["processing_seconds"] = frame["processing_seconds"].round(2)
    return frame


def _defuse(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_TRIGGERS):
        return "'" + value
    return value


def render_batch_csv(entries: Sequence[BatchEntry]) -> bytes:
    """`batch_summary.csv` bytes in the dialect described in the module docstring."""
    frame = batch_dataframe(entries)
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].map(_defuse, na_action="ignore").astype("string")
    buffer = StringIO()
    frame.to_csv(buffer, sep=CSV_SEPARATOR, decimal=CSV_DECIMAL, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode(CSV_ENCODING)


def read_batch_csv(data: bytes) -> pd.DataFrame:
    """The inverse of `render_batch_csv` (same columns and dtypes), for tests and scripts."""
    import pandas as pd

    frame = pd.read_csv(
        BytesIO(data),
        sep=CSV_SEPARATOR,
        decimal=CSV_DECIMAL,
        encoding=CSV_ENCODING,
        dtype={column: "string" for column in _TEXT_COLUMNS},
    )
    return frame.astype(_DTYPES)
