"""Typed view of `field_rules.yaml` (labels, vocabularies, scales)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from extractors.text_normalize import compile_phrase
from schemas.contract import Category
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).with_name("field_rules.yaml")


class FieldRulesError(ValueError):
    """`field_rules.yaml` is malformed: a packaging or editing error, not a property of a document."""


class _Rules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DeclarationDateLabels(_Rules):
    registration: list[str]
    issue: list[str]
    filing: list[str]


class IdentityRules(_Rules):
    nda_labels: list[str]
    siren_labels: list[str]
    organization_labels: list[str]
    organization_phrases: list[str]
    organization_generic_words: list[str]
    organization_stops: list[str]
    legal_forms: list[str]
    declaration_dates: DeclarationDateLabels
    other_provider_phrases: list[str]
    third_party_phrases: list[str]


class FrameBounds(_Rules):
    starts: list[str]
    ends: list[str]


class BpfFrames(_Rules):
    revenue: FrameBounds
    trainee_types: FrameBounds
    objectives: FrameBounds
    specialities: FrameBounds


class BpfRules(_Rules):
    period_labels: list[str]
    revenue_total_labels: list[str]
    revenue_total_noise: list[str]
    revenue_stops: list[str]
    trainees_total_labels: list[str]
    apprentices_labels: list[str]
    apprenticeship_revenue_labels: list[str]
    formula_noise: list[str]
    frames: BpfFrames
    total_rows: list[str]
    detail_rows: list[str]
    other_year_columns: list[str]
    corrected_columns: list[str]


class CertificateRules(_Rules):
    number_labels: list[str]
    certifier_verbs: list[str]
    certifier_stated_patterns: list[str]
    certifier_name_patterns: list[str]
    certifier_letterhead_patterns: list[str]
    certificate_titles: list[str]
    certifier_roles: list[str]
    certifier_generic_words: list[str]
    certifier_max_words: int
    valid_from_labels: list[str]
    valid_until_labels: list[str]
    period_labels: list[str]
    period_end_starts: list[str]
    issue_label_tiers: list[list[str]]
    initial_labels: list[str]
    max_validity_days: int
    category_labels: list[str]
    category_window_lines: int
    categories: dict[Category, list[str]]
    tick_letters: list[str]


class NumericScale(_Rules):
    min: float
    max: float
    satisfied_from: float

    @model_validator(mode="after")
    def _ordered(self) -> NumericScale:
        if not self.min < self.satisfied_from <= self.max:
            raise ValueError(f"échelle incohérente {self.min}..{self.max}, seuil {self.satisfied_from}")
        return self

    def position(self, value: float) -> float:
        """Where an answer sits on the scale, 0 (worst) to 1 (best)."""
        return (value - self.min) / (self.max - self.min)

    @property
    def threshold(self) -> float:
        return self.position(self.satisfied_from)


class SurveyRules(_Rules):
    numeric_scales: list[NumericScale]
    scale_hints: list[str]
    answer_labels: dict[str, float]
    label_satisfied_from: float
    no_opinion_labels: list[str]
    summary_rows: list[str]
    submission_headers: list[str]
    id_headers_max_words: int
    id_headers: list[str]
    excluded_questions: list[str]
    respondents_before_number: list[str]
    respondents_denominators: list[str]
    respondents_after_number: list[str]
    kpi_headers: dict[Literal["respondents", "rate", "other"], list[str]]
    rate_labels: list[str]
    rate_exclusions: list[str]


class TitleCues(_Rules):
    """Weights of the layout cues around a programme title candidate (`programme._title_score`)."""

    after_kicker: float
    after_meta: float
    before_kicker: float
    before_meta: float
    before_letterhead: float
    underlined: float
    running_header: float


class TitleTypography(_Rules):
    """How much larger than the page's body text a line must be to stand for the title, and how far
    apart two lines of one title may sit (in line heights). A line of another size printed between
    two lines of a title is the other column's when they sit no further apart than
    `interleaved_line_gap`: a single column leaves no room for it there."""

    min_size_ratio: float
    max_line_gap: float
    interleaved_line_gap: float


class ProgrammeRules(_Rules):
    title_labels: list[str]
    title_typography: TitleTypography
    title_prefixes: list[str]
    title_prefixes_glued: list[str]
    title_meta: list[str]
    title_meta_tails: list[str]
    title_band_endings: list[str]
    title_letterhead: list[str]
    title_contact: list[str]
    title_letterhead_words: list[str]
    title_diploma_kinds: list[str]
    title_cues: TitleCues
    section_starts: list[str]
    duration_labels: list[str]
    unlabelled_duration_contexts: list[str]
    total_duration_phrases: list[str]
    duration_wrapped_ends: list[str]
    price_labels: list[str]
    price_exclusions: list[str]
    price_fallback_exclusions: list[str]
    price_not_stated: list[str]
    price_context: list[str]
    price_qualifiers: list[str]
    price_per_group: list[str]
    price_per_participant: list[str]
    max_price_eur: float
    duration_exclusions: list[str]
    max_duration_hours: float
    hours_per_day: float
    hours_per_day_range: tuple[float, float]
    number_words: dict[str, float]


class CountryAddress(_Rules):
    postcode: str
    names: list[str]


class ForeignRegistrationRules(_Rules):
    vat_countries: list[str]
    vat_labels: list[str]
    enterprise_labels: list[str]
    company_number_labels: list[str]
    register_labels: list[str]
    countries: dict[str, CountryAddress]


class ServiceRules(_Rules):
    period_labels: list[str]
    max_period_days: int
    document_date_labels: list[str]


class BoxRules(_Rules):
    unchecked: list[str]
    checked: list[str]


class FieldRules(_Rules):
    identity: IdentityRules
    certificate: CertificateRules
    boxes: BoxRules
    bpf: BpfRules
    survey: SurveyRules
    programme: ProgrammeRules
    foreign_registration: ForeignRegistrationRules
    service: ServiceRules


def _phrases(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in [key, *_phrases(item)] if isinstance(key, str)]
    if isinstance(value, list):
        return [p for item in value for p in _phrases(item)]
    return []


def load_field_rules(path: Path = RULES_PATH) -> FieldRules:
    try:
        raw = read_rule_file(path)
        rules = FieldRules.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise FieldRulesError(f"Règles d'extraction illisibles ({path.name}) : {error}") from error
    for phrase in _phrases(raw):
        try:
            compile_phrase(phrase)
        except re.error as error:
            raise FieldRulesError(f"Expression invalide « {phrase} » dans {path.name} : {error}") from error
    return rules


@cache
def field_rules() -> FieldRules:
    return load_field_rules()
