"""An admissibility check's result, and what the scope and the audit estimate say, as structure: what the assessment
found, not how it reads.

The checks (`indicator_mappers/admissibility.py`, `audit_cycle.py`, `representation.py`,
`audit_duration.py`) return a `CheckResult`, the scope, the audit cycle and duration `Phrase`s; `reports/checks.py`
writes the contract's French (a check's `message`, the scope's reasons, the audit's notes) from the templates of
`reports/labels_fr.yaml` (`phrases`, one per `PhraseKind`). A phrase's params are
the facts its sentence names (paths, numbers, dates, categories, identifiers); a param may itself be a
phrase or a list of phrases, written inside the sentence.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from schemas.contract import CheckId, CheckStatus
from schemas.kinded import Kinded


class PhraseKind(StrEnum):
    """Every sentence (or part of one) of a check's message or of the audit's notes; the value is its
    template's key."""

    # nda_receipt_present
    NDA_RECEIPT_PROVIDED = "nda_receipt_provided"  # paths
    NDA_RECEIPT_UNREADABLE = "nda_receipt_unreadable"  # paths
    NDA_RECEIPT_ABSENT = "nda_receipt_absent"
    # nda_valid
    NDA_NOT_READ = "nda_not_read"
    NDA_ABSENT = "nda_absent"
    NDA_INVALID = "nda_invalid"  # failures: [NDA_WRONG_LENGTH]
    NDA_WRONG_LENGTH = "nda_wrong_length"  # value, sources, digits, expected
    NDA_UNUSUAL = "nda_unusual"  # warnings: [NDA_UNKNOWN_REGION | NDA_DEPARTMENT_MISMATCH]
    NDA_UNKNOWN_REGION = "nda_unknown_region"  # value, sources, region
    NDA_DEPARTMENT_MISMATCH = "nda_department_mismatch"  # value, sources, first, second
    NDA_USUAL = "nda_usual"  # values: {value: sources}
    # siren_valid
    SIREN_NOT_READ = "siren_not_read"  # paths
    SIREN_ABSENT = "siren_absent"
    SIREN_INVALID = "siren_invalid"  # values
    SIREN_VALID = "siren_valid"  # values
    SIREN_CORRECTED = "siren_corrected"  # corrections: [SIREN_CORRECTION]
    SIREN_CORRECTION = "siren_correction"  # read, path, siren
    # identity_consistent
    IDENTITY_SINGLE_SOURCE = "identity_single_source"  # only: IDENTITY_ONLY_SOURCE or null
    IDENTITY_ONLY_SOURCE = "identity_only_source"  # source
    IDENTITY_CONFLICT = "identity_conflict"  # conflicts: [IDENTIFIERS_DIFFER]
    IDENTIFIERS_DIFFER = "identifiers_differ"  # identifier (SIREN, NDA), values
    IDENTITY_DOUBT = "identity_doubt"  # conflicts: [IDENTIFIERS_DIFFER]
    NAMES_DIFFER = "names_differ"  # name, source, differing: [NAMED_SOURCE]
    NAMED_SOURCE = "named_source"  # name, source
    IDENTITY_CONSISTENT = "identity_consistent"  # sources
    FOREIGN_DECLARED = "foreign_declared"  # identity: REPRESENTATIVE_* ; registrations: FOREIGN_REGISTRATIONS or null
    REPRESENTATIVE_DECLARED = "representative_declared"  # name, siren, nda (null: not given)
    REPRESENTATIVE_UNDECLARED = "representative_undeclared"
    FOREIGN_REGISTRATIONS = "foreign_registrations"  # registrations
    FOREIGN_POSSIBLY = "foreign_possibly"  # registrations
    # bpf_present
    BPF_ABSENT_NEW_ENTRANT = "bpf_absent_new_entrant"  # revenue: DECLARED_REVENUE | NO_DECLARED_REVENUE; unreadable
    DECLARED_REVENUE = "declared_revenue"  # amount
    NO_DECLARED_REVENUE = "no_declared_revenue"
    BPF_UNREADABLE = "bpf_unreadable"  # paths
    BPF_ABSENT = "bpf_absent"  # unreadable: BPF_UNREADABLE or null
    BPF_YEAR_NOT_READ = "bpf_year_not_read"  # path
    BPF_RECENT = "bpf_recent"  # year, path
    BPF_FUTURE = "bpf_future"  # year, on, path
    BPF_OUTDATED = "bpf_outdated"  # path, year, expected_year
    # bpf_arithmetic
    BPF_TOTALS_DISAGREE = "bpf_totals_disagree"  # path, rules (the rules' own sentences)
    BPF_TOTALS_AGREE = "bpf_totals_agree"  # path, rules
    BPF_TOTALS_UNCHECKED = "bpf_totals_unchecked"  # rules
    # completed_service and extension_service_done
    SERVICE_MISSING = "service_missing"  # categories
    EXTENSION_SERVICE_MISSING = "extension_service_missing"  # categories
    PROOFS_FOUND = "proofs_found"  # proofs: [CATEGORY_PROOFS]
    CATEGORY_PROOFS = "category_proofs"  # category, proofs: [PROOF_*]
    PROOF = "proof"  # path
    PROOF_BPF_ACTIVITY = "proof_bpf_activity"  # path
    PROOF_APPRENTICESHIP = "proof_apprenticeship"  # path
    SERVICE_DONE = "service_done"  # proofs: [CATEGORY_PROOFS]
    EXTENSION_CATEGORIES_UNKNOWN = "extension_categories_unknown"
    EXTENSION_SERVICE_DONE = "extension_service_done"  # proofs: [CATEGORY_PROOFS]
    # documents_readable
    NO_DOCUMENTS = "no_documents"
    ALL_READ = "all_read"  # count
    NONE_READABLE = "none_readable"  # unreadable: [UNREADABLE_*]
    SOME_UNREADABLE = "some_unreadable"  # count, total, unreadable: [UNREADABLE_*]
    UNREADABLE_DOCUMENT = "unreadable_document"  # path, error (the extractor's French message)
    UNREADABLE_UNKNOWN = "unreadable_unknown"  # path
    # manifest_valid
    MANIFEST_PROBLEMS = "manifest_problems"  # problems: [MANIFEST_PROBLEM | the referential's choice]
    MANIFEST_PROBLEM = "manifest_problem"  # text: the manifest reader's own message
    UNKNOWN_REFERENTIAL = "unknown_referential"  # forced (the id dossier.yaml gives), known (ids)
    NO_REFERENTIAL_IN_FORCE = "no_referential_in_force"  # basis: BASIS_*, referential (the oldest id)
    BASIS_PLANNED_AUDIT_DATE = "basis_planned_audit_date"  # on
    BASIS_RUN_DATE_NO_AUDIT_DATE = "basis_run_date_no_audit_date"  # on
    # revenue_consistent
    REVENUE_BANDS_DIFFER = "revenue_bands_differ"  # declared, declared_band, path, amount, band
    # certificate_valid
    CERTIFICATE_ABSENT = "certificate_absent"  # audit_type
    CERTIFICATE_INVALID = "certificate_invalid"  # path, problems: [CERTIFICATE_*]
    CERTIFICATE_DOUBTFUL = "certificate_doubtful"  # path, problems: [CERTIFICATE_*]
    CERTIFICATE_VALID = "certificate_valid"  # path, on, categories
    CERTIFICATE_DATES_NOT_READ = "certificate_dates_not_read"
    CERTIFICATE_EXPIRED_ON = "certificate_expired_on"  # on, valid_from, valid_until
    CERTIFICATE_OTHER_SIREN = "certificate_other_siren"  # siren, values
    CERTIFICATE_SIREN_NOT_READ = "certificate_siren_not_read"
    CERTIFICATE_SIREN_INVALID = "certificate_siren_invalid"  # siren, values
    CERTIFICATE_NDA_NOT_READ = "certificate_nda_not_read"
    CERTIFICATE_OTHER_NDA = "certificate_other_nda"  # nda, values
    CERTIFICATE_CATEGORIES_NOT_READ = "certificate_categories_not_read"
    CERTIFICATE_UNCOVERED = "certificate_uncovered"  # categories
    # service_since_last_audit
    SURVEILLANCE_DATE_UNKNOWN = "surveillance_date_unknown"
    SERVICE_AFTER_WINDOW = "service_after_window"  # end, services: [SERVICE_ON | SERVICE_IN_YEAR]
    SERVICE_IN_WINDOW_ONLY = "service_in_window_only"  # start, end, services
    NO_SERVICE_SINCE = "no_service_since"  # start, end, dated: SERVICES_DATED or null
    SERVICES_DATED = "services_dated"  # services
    SERVICE_ON = "service_on"  # path, day
    SERVICE_IN_YEAR = "service_in_year"  # path, year
    # audit_type: the question an audit type leaves, and why the type is what it is (AuditEstimate.type_reasons)
    NO_CERTIFICATE_INITIAL = "no_certificate_initial"
    CERTIFICATE_UNDATED = "certificate_undated"  # path
    CERTIFICATE_EXPIRED = "certificate_expired"  # path, valid_from, valid_until, basis: BASIS_*
    CERTIFICATE_NOT_YET = "certificate_not_yet"  # path, valid_from, valid_until, basis
    IN_WINDOW = "in_window"  # basis, start, end, path, valid_from, valid_until
    AFTER_WINDOW = "after_window"  # basis, start, end, path, valid_from, valid_until
    BEFORE_WINDOW = "before_window"  # basis, start, end, path, valid_from, valid_until
    BASIS_AUDIT_DATE = "basis_audit_date"  # on
    BASIS_RUN_DATE = "basis_run_date"  # on
    EXTENSION_ADDED = "extension_added"  # categories (codes)
    AUDIT_TYPE_DECLARED = "audit_type_declared"  # audit_type
    ASK_DATES_NOT_READ = "ask_dates_not_read"
    ASK_EXPIRED = "ask_expired"  # valid_until
    ASK_NOT_YET = "ask_not_yet"
    ASK_BEFORE_WINDOW = "ask_before_window"  # start
    ASK_NO_AUDIT_DATE = "ask_no_audit_date"
    ASK_DOCUMENTS_SAY = "ask_documents_say"  # audit_type, reasons: [the inferred type's reasons]
    ASK_NO_CERTIFICATE = "ask_no_certificate"  # audit_type
    # representative_in_france
    POSSIBLY_FOREIGN = "possibly_foreign"  # registrations
    MANDATE_PROVIDED = "mandate_provided"  # path, doc_type
    NO_MANDATE = "no_mandate"
    MANDATE_INCOMPLETE = "mandate_incomplete"  # path, missing (ids of mandate_elements)
    # the scope's reasons (Scope.reasons): what was declared, what the documents show
    CATEGORIES_DECLARED = "categories_declared"  # categories
    UNDECLARED_CATEGORY_MENTIONED = "undeclared_category_mentioned"  # category, cited: CITED
    SCOPE_INFERRED = "scope_inferred"
    CATEGORY_MENTIONED_ONLY = "category_mentioned_only"  # category, cited
    DEFAULT_AF = "default_af"
    CATEGORY_FOUND = "category_found"  # category, cited
    FLAG_EXCLUDED_BUT_SEEN = "flag_excluded_but_seen"  # flag (a scope flag), cited
    FLAG_DECLARED = "flag_declared"  # flag
    FLAG_FOUND = "flag_found"  # flag, cited
    FLAG_MENTIONED_ONLY = "flag_mentioned_only"  # flag, cited
    EXTENSION_CATEGORIES_ADDED = "extension_categories_added"  # categories
    CITED = "cited"  # documents: [CITED_DOCUMENT], more: MORE_DOCUMENTS or null
    CITED_DOCUMENT = "cited_document"  # path, seen: [SEEN_*]
    MORE_DOCUMENTS = "more_documents"  # count
    SEEN_FIELD = "seen_field"  # label (the scope rules' own), value
    SEEN_BPF_LINE = "seen_bpf_line"  # label (the scope rules' own)
    SEEN_PHRASE = "seen_phrase"  # phrase (as found)
    SEEN_CERTIFICATE_CATEGORY = "seen_certificate_category"
    SEEN_TRAINING_DOCUMENT = "seen_training_document"
    SEEN_DECLARATION = "seen_declaration"  # day
    # the audit estimate's note: the revenue retained and what to confirm
    NO_REVENUE = "no_revenue"
    REVENUE_FROM_BPF = "revenue_from_bpf"  # amount, path, band (the band's label_fr)
    REVENUE_DECLARED = "revenue_declared"  # amount, band
    BPF_TOTAL_CONTRADICTED = "bpf_total_contradicted"  # lines_sum: LINES_SUM or null
    LINES_SUM = "lines_sum"  # amount
    AMBIGUOUS_BOUNDARY = "ambiguous_boundary"  # amount
    SEVERAL_CATEGORIES_UNSOURCED = "several_categories_unsourced"  # days, categories, add_on, inferred, source
    PER_SAMPLED_SITE = "per_sampled_site"  # days
    NEW_ENTRANT_SURVEILLANCE_LONGER = "new_entrant_surveillance_longer"  # days
    # the audit estimate's days_note: this audit's duration, or why it is to confirm
    DAYS_UNKNOWN_REVENUE = "days_unknown_revenue"
    DAYS_EXTENSION = "days_extension"  # source
    DAYS_SURVEILLANCE_UNSOURCED = "days_surveillance_unsourced"  # former: FORMER_NEW_ENTRANT_ADD or null
    FORMER_NEW_ENTRANT_ADD = "former_new_entrant_add"  # days
    DAYS_SURVEILLANCE_FORMER_NEW_ENTRANT = "days_surveillance_former_new_entrant"  # days, band, extra
    DAYS_SURVEILLANCE = "days_surveillance"  # days, band
    DAYS_RENEWAL_UNSOURCED = "days_renewal_unsourced"
    DAYS_SEVERAL_CATEGORIES = "days_several_categories"  # categories (count)
    DAYS_INITIAL = "days_initial"  # days, band
    DAYS_RENEWAL = "days_renewal"  # days, band
    # the audit estimate's reviewed_indicators_note
    REVIEWED_EXTENSION = "reviewed_extension"
    REVIEWED_ALL_FORMER_NEW_ENTRANT = "reviewed_all_former_new_entrant"
    # always (numbers), major_only: REVIEWED_MAJOR_ONLY or null, previous: REVIEWED_PREVIOUS_NC or null,
    # unknown_parts (the cycle rules' own sentence)
    REVIEWED_SURVEILLANCE = "reviewed_surveillance"
    REVIEWED_MAJOR_ONLY = "reviewed_major_only"
    REVIEWED_PREVIOUS_NC = "reviewed_previous_nc"  # indicators


class Phrase(Kinded):
    kind: PhraseKind


def phrase(kind: PhraseKind, **params: Any) -> Phrase:
    return Phrase(kind=kind, params=params)


class CheckResult(BaseModel):
    """One check: its message is its phrases, sentence after sentence."""

    model_config = ConfigDict(frozen=True)

    id: CheckId
    status: CheckStatus
    phrases: list[Phrase]


def check(check_id: CheckId, status: CheckStatus, *phrases: Phrase | None) -> CheckResult:
    """A check made of the phrases given, the absent ones (None) left out."""
    return CheckResult(id=check_id, status=status, phrases=[p for p in phrases if p is not None])


class AuditPhrases(BaseModel):
    """What the contract's audit estimate says in French (`type_reasons`, `note`, `days_note`,
    `reviewed_indicators_note`), as phrases."""

    model_config = ConfigDict(frozen=True)

    type_reasons: list[Phrase]
    note: list[Phrase]
    days_note: Phrase
    reviewed_indicators_note: Phrase | None = None


class CheckedAdmissibility(BaseModel):
    model_config = ConfigDict(frozen=True)

    admissible: bool
    checks: list[CheckResult]
