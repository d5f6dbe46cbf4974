"""Ground truth written next to the samples (`data/expected/<dossier>.yaml`): what each dossier was built to contain."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from schemas.contract import AuditType, DocType, IndicatorStatus, ProposedNc

TRUTH_SCHEMA = "samplegen-truth/1"
FileFormat = Literal["pdf", "docx", "txt", "xlsx", "csv", "jpg"]
CheckExpectation = Literal["pass", "not_pass"]  # not_pass = fail or warning


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExpectedFile(_Model):
    path: str = Field(description="Relative to the dossier folder, '/' separators.")
    doc_type: DocType
    format: FileFormat
    layout: str = Field(description="pdf (text layer), pdf2col, scan (image-only PDF), photo (JPG), docx, ...")
    scan: bool = Field(description="Image only: text must come from OCR.")
    error: bool = Field(description="Unreadable on purpose: the pipeline must report status 'error'.")
    error_kind: str | None = None
    encoding: str | None = None
    pages: int | None = None
    fields: dict[str, Any] = Field(default_factory=dict, description="Contract fields a perfect extractor reads.")
    page_texts: list[str] | None = Field(default=None, description="Scans: exact text rendered on each page.")
    note: str = ""
    details: dict[str, Any] = Field(default_factory=dict, description="Generation facts beyond the contract.")


class ExpectedIndicator(_Model):
    number: int
    status: IndicatorStatus
    reason: str
    proposed_nc: ProposedNc | None = Field(
        default=None,
        description="From the status and the indicator's grading (expectations.yaml nc_grading); "
        "null when not applicable or when the grading is unknown.",
    )


class ExpectedScope(_Model):
    categories: list[str]
    certifying: bool
    alternance: bool
    new_entrant: bool
    subcontracting: bool
    source: Literal["manifest", "inferred"]


class ExpectedRepresentative(_Model):
    name: str
    siren: str
    nda: str


class ExpectedOrganization(_Model):
    name: str
    siren: str
    nda: str
    siren_luhn_valid: bool = True
    foreign: bool = False
    representative: ExpectedRepresentative | None = Field(
        default=None, description="Foreign organisations: the French representative whose SIREN and NDA it uses."
    )
    foreign_registration: dict[str, str] | None = Field(
        default=None, description="Foreign organisations: their own registration (company number, VAT number)."
    )


class ExpectedAudit(_Model):
    type: AuditType
    source: Literal["manifest", "inferred"]


class ExpectedDossier(_Model):
    schema_id: str = Field(TRUTH_SCHEMA, alias="schema")
    dossier: str = Field(description="Folder name under the samples directory.")
    dossier_id: str
    archetype: str
    variant: Literal["default", "fresh"]
    seed: int | None
    manifest: Literal["present", "absent", "invalid"]
    manifest_siren: str | None = None
    manifest_siren_luhn_valid: bool | None = None
    organization: ExpectedOrganization
    scope: ExpectedScope
    referential: str
    referential_reason: str
    admissibility: dict[str, CheckExpectation]
    audit: ExpectedAudit
    files: list[ExpectedFile]
    indicators: list[ExpectedIndicator]
    notes: list[str] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def dump(self) -> str:
        data = self.model_dump(mode="json", by_alias=True, exclude_none=False)
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120)


@cache
def expectations() -> dict[str, Any]:
    """Per archetype: scope, referential, admissibility and indicator statuses (`expectations.yaml`)."""
    return yaml.safe_load((Path(__file__).parent / "expectations.yaml").read_text(encoding="utf-8"))


def load_truth(path: Path) -> ExpectedDossier:
    return ExpectedDossier.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
