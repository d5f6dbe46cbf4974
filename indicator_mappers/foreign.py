"""Organisations established outside France, applying through a French identity (issue 18).

The French identity (SIREN, NDA) is a subsidiary's or a representative's domiciled in France (Code
du travail, art. R. 6351-3); the foreign company's own registration is reported beside it, never
compared with it. Declared in dossier.yaml (`foreign`, `representative`); when not declared, a
dossier whose documents print a foreign registration next to a French SIREN/NDA is *possibly*
foreign, for the officer to confirm. See shared/reference/foreign_organisations.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from pydantic import BaseModel, ConfigDict, Field

from indicator_mappers.admissibility_rules import identity_doc_types
from schemas.contract import ForeignRegistration, ForeignRegistrationKind, Representative
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest

FIELD = "foreign_registrations"
_COUNTRY_OF_KIND = {"be_enterprise": "BE", "ch_uid": "CH", "gb_company": "GB", "de_register": "DE"}


class ForeignContext(BaseModel):
    """What the dossier says about the organisation being established abroad."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    declared: bool = Field(description="dossier.yaml says `foreign: true`.")
    possibly: bool = Field(description="Not declared, but a foreign registration is printed beside a French SIREN/NDA.")
    registrations: list[ForeignRegistration] = Field(default_factory=list)
    representative: Representative | None = Field(
        default=None, description="Declared in dossier.yaml, else the French identity of the NDA receipt or BPF."
    )
    organization_name: str | None = Field(default=None, description="The foreign organisation's own name, if declared.")

    @property
    def applies(self) -> bool:
        return self.declared or self.possibly


def parse_registration(raw: str, source: str) -> ForeignRegistration | None:
    """`kind:value` (or `address:CC:line`) as `extractors.fields.foreign` writes it."""
    kind, _, value = raw.partition(":")
    if kind not in get_args(ForeignRegistrationKind) or not value:
        return None
    if kind == "address":
        country, _, value = value.partition(":")
    elif kind == "vat":
        country = value[:2]
    else:
        country = _COUNTRY_OF_KIND[kind]
    return ForeignRegistration(kind=kind, value=value, country=country or None, source=source)


def registrations_in(documents: Sequence[DossierDocument]) -> list[ForeignRegistration]:
    found: list[ForeignRegistration] = []
    for document in documents:
        values = document.record.fields.get(FIELD)
        if document.record.status != "ok" or not isinstance(values, list):
            continue
        found += [r for raw in values if (r := parse_registration(raw, document.record.path)) is not None]
    return found


def _french_identity(documents: Sequence[DossierDocument]) -> Representative | None:
    """Name, SIREN and NDA of the strongest identity document (the NDA receipt, else the BPF): the French
    identity the dossier carries."""
    for doc_type in identity_doc_types():
        for document in documents:
            fields = document.record.fields
            if document.record.doc_type == doc_type and document.record.status == "ok":
                identity = Representative(
                    name=_text(fields.get("organization_name")), siren=_text(fields.get("siren")),
                    nda=_text(fields.get("nda_number")),
                )
                if identity.siren or identity.nda:
                    return identity
    return None


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _prints_french_identity(documents: Sequence[DossierDocument]) -> bool:
    return any(
        d.record.status == "ok" and (d.record.fields.get("siren") or d.record.fields.get("nda_number")) for d in documents
    )


def foreign_context(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> ForeignContext:
    registrations = registrations_in(documents)
    declared = bool(manifest and manifest.foreign)
    possibly = not declared and bool(registrations) and _prints_french_identity(documents)
    representative = None
    if declared and manifest is not None and manifest.representative is not None:
        representative = Representative(**manifest.representative.model_dump())
    elif declared or possibly:
        # Not declared: the French identity the dossier's NDA receipt or BPF carries is the representative's.
        representative = _french_identity(documents)
    return ForeignContext(
        declared=declared,
        possibly=possibly,
        registrations=registrations,
        representative=representative,
        organization_name=manifest.organization.name if declared and manifest is not None else None,
    )
