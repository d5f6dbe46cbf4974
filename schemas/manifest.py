"""`dossier.yaml`: what the organisation declared when applying (CONTRACT.md §2). Every key optional."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas.contract import AuditType, Category


class ManifestOrganization(BaseModel):
    """The organisation's identity; also the shape of a foreign organisation's `representative`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    siren: str | None = None
    nda: str | None = None

    @field_validator("siren", "nda", mode="before")
    @classmethod
    def _unquoted_numbers(cls, value: object, info) -> object:
        """YAML reads an unquoted `siren: 012345678` as an int and drops the leading zero: give it back."""
        if isinstance(value, int) and not isinstance(value, bool):
            width = 9 if info.field_name == "siren" else 11
            return str(value).zfill(width)
        return value


class DossierManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dossier_id: str | None = None
    organization: ManifestOrganization = Field(default_factory=ManifestOrganization)
    categories: list[Category] | None = None
    certifying: bool | None = None
    alternance: bool | None = None
    new_entrant: bool | None = None
    declared_revenue_eur: float | None = Field(default=None, ge=0)
    subcontracting: bool | None = None
    audit_date: date | None = None
    referential: str | None = None
    audit_type: AuditType | None = None
    extension_categories: list[Category] | None = None
    foreign: bool | None = None
    representative: ManifestOrganization | None = None

    @property
    def declares_scope(self) -> bool:
        return self.categories is not None
