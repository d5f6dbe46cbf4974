"""The public contract (`shared/CONTRACT.md` §3) as pydantic models.

`schemas/gap_report.schema.json` is generated from `GapReport`; a test fails when they drift.
Fields beyond the contract are allowed (the contract says the code may grow beyond it) but
every contract field keeps its name, type and meaning.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from schemas.evidence import Cited
from schemas.reasons import Reason

SCHEMA_VERSION = "1"

Category = Literal["AF", "BC", "VAE", "CFA"]
CATEGORIES: tuple[Category, ...] = ("AF", "BC", "VAE", "CFA")

DocType = Literal[
    "bpf",
    "nda_receipt",
    "programme",
    "satisfaction_survey",
    "terms_of_sale",
    "internal_rules",
    "welcome_booklet",
    "training_agreement",
    "completion_certificate",
    "attendance_sheet",
    "trainer_cv",
    "watch_log",
    "complaints_procedure",
    "improvement_plan",
    "positioning_test",
    "qualiopi_certificate",
    "unknown",
]
DOC_TYPES: tuple[DocType, ...] = DocType.__args__  # type: ignore[attr-defined]

IndicatorStatus = Literal["covered", "partial", "missing", "not_applicable"]
AuditType = Literal["initial", "surveillance", "renewal", "extension"]
AUDIT_TYPES: tuple[AuditType, ...] = AuditType.__args__  # type: ignore[attr-defined]
ForeignRegistrationKind = Literal["vat", "be_enterprise", "ch_uid", "gb_company", "de_register", "address"]
ProposedNc = Literal["none", "minor", "major"]
CheckStatus = Literal["pass", "fail", "warning"]


class CheckId(StrEnum):
    """Every admissibility check a report may carry (CONTRACT.md §3): the one spelling of each id.

    `AdmissibilityCheck.id` stays a string in the contract, so that a reader of an older or newer
    report keeps its checks; the pipeline only writes these."""

    NDA_RECEIPT_PRESENT = "nda_receipt_present"
    NDA_VALID = "nda_valid"
    SIREN_VALID = "siren_valid"
    IDENTITY_CONSISTENT = "identity_consistent"
    BPF_PRESENT = "bpf_present"
    BPF_ARITHMETIC = "bpf_arithmetic"
    COMPLETED_SERVICE = "completed_service"
    DOCUMENTS_READABLE = "documents_readable"
    MANIFEST_VALID = "manifest_valid"
    REVENUE_CONSISTENT = "revenue_consistent"
    AUDIT_TYPE = "audit_type"
    CERTIFICATE_VALID = "certificate_valid"
    SERVICE_SINCE_LAST_AUDIT = "service_since_last_audit"
    EXTENSION_SERVICE_DONE = "extension_service_done"
    REPRESENTATIVE_IN_FRANCE = "representative_in_france"
# A list of texts for a set-valued field: a Qualiopi certificate's `categories`.
FieldValue = Union[str, int, float, bool, list[str], None]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Representative(_Model):
    """The French identity a foreign organisation applies through (Code du travail, art. R. 6351-3)."""

    name: str | None = None
    siren: str | None = None
    nda: str | None = None


class ForeignRegistration(_Model):
    """A registration of an organisation established abroad, as a document prints it."""

    kind: ForeignRegistrationKind
    value: str
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code when the kind tells it.")
    source: str = Field(description="Path of the document that prints it.")


class Organization(_Model):
    name: str | None = None
    siren: str | None = None
    nda: str | None = None
    foreign: bool = Field(default=False, description="Declared established outside France in dossier.yaml.")
    representative: Representative | None = Field(
        default=None, description="Foreign organisations: the French identity (SIREN/NDA) the French documents carry."
    )
    possibly_foreign: bool = Field(
        default=False,
        description="Not declared foreign, but documents print a foreign registration beside a French SIREN/NDA:"
        " for the officer to confirm.",
    )
    foreign_registrations: list[ForeignRegistration] = Field(
        default_factory=list, description="Foreign registrations the documents print, reported beside the French identity."
    )


class ReferentialRef(_Model):
    id: str
    effective_from: date
    indicator_count: int


class Scope(_Model):
    categories: list[Category] = Field(default_factory=lambda: ["AF"])
    certifying: bool = False
    alternance: bool = False
    new_entrant: bool = False
    subcontracting: bool = False
    source: Literal["manifest", "inferred"] = "inferred"
    reasons: list[str] = Field(
        default_factory=list, description="Why the scope is what it is (French), e.g. which evidence inferred it."
    )


class DocumentRecord(_Model):
    path: str = Field(description="Relative to the dossier folder, '/' separators.")
    doc_type: DocType = "unknown"
    status: Literal["ok", "error"] = "ok"
    error: str | None = Field(default=None, description="One-line French message when status is 'error'.")
    ocr: bool = False
    pages: int = 0
    sha256: str
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    ocr_confidence: float | None = Field(default=None, description="Mean Tesseract word confidence, 0..100.")
    classification_reason: str | None = None


class Evidence(_Model):
    path: str
    page: int | None = None
    excerpt: str = Field(max_length=400)
    # What the excerpt says when it does not quote the document (a summary, a field's value): the
    # assessment leaves `excerpt` empty and `reports/gap_report.py` writes it from this. Not part of
    # the contract: never written to gap_report.json.
    cited: SkipJsonSchema[Cited | None] = Field(default=None, exclude=True)


class IndicatorAssessment(_Model):
    number: int
    criterion: int
    status: IndicatorStatus
    evidence: list[Evidence] = Field(default_factory=list)
    missing_elements: list[str] = Field(default_factory=list)
    reason: str = Field(default="", description="Why this status, in French, for the officer.")
    # The structure `reason` is written from, for the reports that show part of it elsewhere (the
    # expected level in its own box). Not part of the contract: never written to gap_report.json.
    reasons: SkipJsonSchema[list[Reason]] = Field(default_factory=list, exclude=True)
    missing_by_document: dict[str, list[str]] = Field(
        default_factory=dict, description="Indicator 1: per programme path, the elements it lacks."
    )
    needs_review: bool = Field(
        default=False, description="True when the referential marks a fact uncertain: an officer must check."
    )
    proposed_nc: ProposedNc | None = Field(
        default=None,
        description="The grading an auditor would propose from the status and the indicator's grading rule;"
        " null when not applicable.",
    )


class AdmissibilityCheck(_Model):
    id: str
    status: CheckStatus
    message: str


class Admissibility(_Model):
    admissible: bool
    checks: list[AdmissibilityCheck] = Field(default_factory=list)


PreviousNcGrade = Literal["minor", "major"]
PreviousNcOutcome = Literal["lifted", "not_lifted", "not_applicable", "to_confirm"]


class PreviousNonconformity(_Model):
    """A non-conformity of an earlier audit, read from a document of the dossier (an audit report, an NC
    action plan), and whether the dossier shows it corrected."""

    indicator: int
    grade: PreviousNcGrade
    source: Evidence = Field(description="The document, page and excerpt it was read from.")
    outcome: PreviousNcOutcome = Field(
        description="lifted: the indicator is covered now; not_lifted: partial or missing now; not_applicable: outside"
        " the scope now; to_confirm: an initial audit, which follows no audit of this certification."
    )
    requalified: bool = Field(
        default=False, description="A minor NC not lifted: the indicator's proposed_nc became major."
    )


class AuditEstimate(_Model):
    revenue_band: str | None = None
    initial_audit_days: float | None = None
    revenue_source: Literal["bpf", "declared", "none"] = "none"
    note: str | None = None
    type: AuditType = "initial"
    type_source: Literal["manifest", "inferred"] = "inferred"
    type_reasons: list[str] = Field(default_factory=list, description="Why this audit type (French).")
    days: float | None = Field(
        default=None, description="Estimated duration of this audit; null when the reference does not give it."
    )
    days_note: str | None = Field(default=None, description="Why `days` is what it is, or what to confirm (French).")
    extension_categories: list[Category] = Field(default_factory=list)
    reviewed_indicators: list[int] = Field(
        default_factory=list,
        description="Surveillance: the minimum set of indicators the auditor reviews; extension: the added"
        " categories' indicators, assessed in full. Empty for initial and renewal audits (all of them).",
    )
    reviewed_indicators_note: str | None = None
    previous_nonconformities: list[PreviousNonconformity] = Field(
        default_factory=list,
        description="The previous audit's NCs the dossier lists (audit report, NC action plan), with their outcome.",
    )


class NcProjection(_Model):
    major: int = 0
    minor: int = 0


class GapReport(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    dossier_id: str
    organization: Organization = Field(default_factory=Organization)
    referential: ReferentialRef
    scope: Scope
    documents: list[DocumentRecord] = Field(default_factory=list)
    admissibility: Admissibility
    indicators: list[IndicatorAssessment] = Field(default_factory=list)
    audit: AuditEstimate = Field(default_factory=AuditEstimate)
    nc_projection: NcProjection = Field(default_factory=NcProjection)
    pipeline_version: str | None = None
    generated_at: str | None = None
    processing_seconds: float | None = None
