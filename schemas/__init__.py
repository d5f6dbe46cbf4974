"""Pydantic models shared by every stage. This package imports nothing of the project."""

from schemas.contract import (
    SCHEMA_VERSION,
    Admissibility,
    AdmissibilityCheck,
    AuditEstimate,
    Category,
    CheckStatus,
    DocType,
    DocumentRecord,
    Evidence,
    GapReport,
    IndicatorAssessment,
    IndicatorStatus,
    Organization,
    ReferentialRef,
    Scope,
)
from schemas.extraction import DossierDocument, ExtractedDocument, PageText, ReadDocument, StyledLine
from schemas.manifest import DossierManifest, ManifestOrganization
from schemas.settings import Limits, PipelineSettings

__all__ = [
    "SCHEMA_VERSION",
    "AdmissibilityCheck",
    "Admissibility",
    "AuditEstimate",
    "Category",
    "CheckStatus",
    "DocType",
    "DocumentRecord",
    "DossierDocument",
    "DossierManifest",
    "Evidence",
    "ExtractedDocument",
    "GapReport",
    "IndicatorAssessment",
    "IndicatorStatus",
    "Limits",
    "ManifestOrganization",
    "Organization",
    "PageText",
    "StyledLine",
    "PipelineSettings",
    "ReadDocument",
    "ReferentialRef",
    "Scope",
]
