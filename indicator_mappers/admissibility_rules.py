"""Typed view of `admissibility_rules.yaml`, apart from the checks so that every module of the stage
(foreign registrations included, which the checks import) can read the same tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from schemas.contract import DocType
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).with_name("admissibility_rules.yaml")


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NdaRules(_Rules):
    digits: int
    current_region_codes: dict[str, str]
    former_region_codes: dict[str, str]


class IdentityRules(_Rules):
    name_min_similarity: float
    # The organisation's own identity documents, strongest first: the one order every identity
    # question follows (whose SIREN fails a check, whose name and numbers the report shows).
    primary_doc_types: list[DocType]
    ocr_digit_confusions: dict[str, list[str]]


class BpfRules(_Rules):
    recent_years_back: list[int]
    arithmetic_checks: dict[str, str]


class CompletedServiceRules(_Rules):
    proof_doc_types: list[DocType]
    cfa_contract_doc_types: list[DocType]


class RepresentationRules(_Rules):
    mandate_phrases: list[str]
    french_address: str
    name_min_similarity: float


class AdmissibilityRules(_Rules):
    nda: NdaRules
    identity: IdentityRules
    bpf: BpfRules
    completed_service: CompletedServiceRules
    representation: RepresentationRules


@cache
def load_admissibility_rules() -> AdmissibilityRules:
    return AdmissibilityRules.model_validate(read_rule_file(RULES_PATH))


def identity_doc_types() -> tuple[DocType, ...]:
    """The organisation's own identity documents, strongest first."""
    return tuple(load_admissibility_rules().identity.primary_doc_types)
