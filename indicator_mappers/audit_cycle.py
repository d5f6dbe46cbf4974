"""The certification cycle: which audit a dossier is for, the checks that type adds, and the indicators
a surveillance or extension audit reviews (rules in `data/audit_cycle.yaml`).

The audit type is `dossier.yaml`'s `audit_type`, else it follows from the Qualiopi certificate in the
dossier and the audit date: no certificate gives an initial audit. A type the dates do not support is a
question for the officer (a warning check `audit_type`), never a silent guess.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from indicator_mappers.admissibility import identity_claims, proofs_found, service_proofs, siren_is_valid
from indicator_mappers.applicability import decide_applicability
from indicator_mappers.referential import Referential
from indicator_mappers.scope import ScopeDecision, declaration_hits, load_scope_rules, parse_date
from schemas.checks import PhraseKind as P, CheckResult, Phrase, check, phrase
from schemas.contract import CATEGORIES, AuditType, Category, CheckId, DocType, Scope
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest
from schemas.rule_files import read_rule_file

RULES_PATH = Path(__file__).parent / "data" / "audit_cycle.yaml"
CERTIFICATE_DOC_TYPE: DocType = "qualiopi_certificate"


class _Rules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CertificateTerms(_Rules):
    validity_years: int
    surveillance_window_months: tuple[int, int]


class EarlierCertificateTerms(CertificateTerms):
    issued_before: date


class CertificateRules(CertificateTerms):
    earlier: EarlierCertificateTerms

    def terms(self, valid_from: date | None) -> CertificateTerms:
        if valid_from is not None and valid_from < self.earlier.issued_before:
            return self.earlier
        return self


class ServiceDateRules(_Rules):
    proof_doc_types: list[DocType]
    date_fields: list[str]
    bpf_activity_fields: list[str]


class SurveillanceRules(_Rules):
    always_reviewed: list[int]
    major_only_reviewed: bool
    all_for_former_new_entrant: bool
    unknown_parts_fr: str


class CycleRules(_Rules):
    certificate: CertificateRules
    checks_by_type: dict[AuditType, list[str]]
    service_dates: ServiceDateRules
    surveillance: SurveillanceRules


@cache
def load_cycle_rules() -> CycleRules:
    return CycleRules.model_validate(read_rule_file(RULES_PATH))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def surveillance_window(certified_on: date) -> tuple[date, date]:
    terms = load_cycle_rules().certificate.terms(certified_on)
    first, last = (add_months(certified_on, m) for m in terms.surveillance_window_months)
    return first, last


# --- the certificate ---------------------------------------------------------------------------


class Certificate(BaseModel):
    """What a `qualiopi_certificate` document says, as far as it was read."""

    model_config = ConfigDict(frozen=True)

    path: str
    valid_from: date | None = None
    valid_until: date | None = None
    categories: list[Category] | None = None
    siren: str | None = None
    nda: str | None = None

    def surveillance_window(self) -> tuple[date, date] | None:
        """First and last day of the surveillance window, when the certificate's start was read."""
        return surveillance_window(self.valid_from) if self.valid_from else None

    def valid_on(self, day: date) -> bool:
        return (
            self.valid_from is not None and self.valid_until is not None and self.valid_from <= day <= self.valid_until
        )


def _categories(value: object) -> list[Category] | None:
    """A list of codes, or a text naming them (« AF, BC »): the certificate's categories, None when unread."""
    words = value if isinstance(value, list) else re.findall(r"[A-Za-z]+", value) if isinstance(value, str) else []
    found = {str(w).strip().upper() for w in words}
    categories = [c for c in CATEGORIES if c in found]
    return categories or None


def _digits(value: object) -> str | None:
    digits = re.sub(r"\D", "", str(value)) if value is not None else ""
    return digits or None


def certificate_of(document: DossierDocument) -> Certificate:
    fields = document.record.fields
    siren = _digits(fields.get("siren"))
    return Certificate(
        path=document.record.path,
        valid_from=parse_date(fields.get("valid_from")),
        valid_until=parse_date(fields.get("valid_until")),
        categories=_categories(fields.get("categories")),
        siren=siren[:9] if siren and len(siren) == 14 else siren,
        nda=_digits(fields.get("nda_number")),
    )


def current_certificate(documents: Iterable[DossierDocument], on: date) -> Certificate | None:
    """The readable certificate valid on `on`, else the one that expires last."""
    certificates = [
        certificate_of(d)
        for d in documents
        if d.record.doc_type == CERTIFICATE_DOC_TYPE and d.record.status == "ok"
    ]
    if not certificates:
        return None
    return max(certificates, key=lambda c: (c.valid_on(on), c.valid_until or date.min))


# --- the audit type ----------------------------------------------------------------------------


class AuditTypeDecision(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    type: AuditType
    source: str = Field(description="manifest or inferred")
    reasons: list[Phrase]
    extension_categories: list[Category] = Field(default_factory=list)
    question: Phrase | None = Field(default=None, description="What the officer must confirm, if anything.")


def _inferred_from_dates(certificate: Certificate, on: date, basis: Phrase) -> tuple[AuditType, Phrase, Phrase | None]:
    """The type the certificate's dates give on `on`, why, and a question when they do not support it."""
    if certificate.valid_from is None or certificate.valid_until is None:
        return "surveillance", phrase(P.CERTIFICATE_UNDATED, path=certificate.path), phrase(P.ASK_DATES_NOT_READ)
    start, end = surveillance_window(certificate.valid_from)
    valid = {"path": certificate.path, "valid_from": certificate.valid_from, "valid_until": certificate.valid_until}
    if on > certificate.valid_until:
        return (
            "initial",
            phrase(P.CERTIFICATE_EXPIRED, basis=basis, **valid),
            phrase(P.ASK_EXPIRED, valid_until=certificate.valid_until),
        )
    if on < certificate.valid_from:
        return "initial", phrase(P.CERTIFICATE_NOT_YET, basis=basis, **valid), phrase(P.ASK_NOT_YET)
    window = {"basis": basis, "start": start, "end": end, **valid}
    if start <= on <= end:
        return "surveillance", phrase(P.IN_WINDOW, **window), None
    if on > end:
        return "renewal", phrase(P.AFTER_WINDOW, **window), None
    return "surveillance", phrase(P.BEFORE_WINDOW, **window), phrase(P.ASK_BEFORE_WINDOW, start=start)


def decide_audit_type(
    documents: Sequence[DossierDocument], manifest: DossierManifest | None, scope: Scope, on: date
) -> AuditTypeDecision:
    """`dossier.yaml`'s type, else the one the certificate's dates give; a disagreement is a question."""
    audit_date = manifest.audit_date if manifest else None
    basis = phrase(P.BASIS_AUDIT_DATE if audit_date else P.BASIS_RUN_DATE, on=on)
    certificate = current_certificate(documents, on)
    declared_extension = list(manifest.extension_categories or []) if manifest else []

    inferred: AuditType = "initial"
    reason, question = phrase(P.NO_CERTIFICATE_INITIAL), None
    added: list[Category] = []
    if certificate is not None:
        inferred, reason, question = _inferred_from_dates(certificate, on, basis)
        added = [c for c in scope.categories if certificate.categories and c not in certificate.categories]
        if added and inferred in ("surveillance", "renewal"):
            inferred = "extension"
            reason = phrase(P.EXTENSION_ADDED, reason=reason, categories=added)
        if question is None and not audit_date:
            question = phrase(P.ASK_NO_AUDIT_DATE)

    declared = manifest.audit_type if manifest else None
    if declared is None:
        return AuditTypeDecision(
            type=inferred,
            source="inferred",
            reasons=[reason],
            extension_categories=declared_extension or (added if inferred == "extension" else []),
            question=question,
        )
    disagreement = None
    if certificate is not None and question is None and inferred != declared:
        disagreement = phrase(P.ASK_DOCUMENTS_SAY, audit_type=inferred, reason=reason)
    elif certificate is None and declared != "initial":
        disagreement = phrase(P.ASK_NO_CERTIFICATE, audit_type=declared)
    return AuditTypeDecision(
        type=declared,
        source="manifest",
        reasons=[phrase(P.AUDIT_TYPE_DECLARED, audit_type=declared)],
        extension_categories=declared_extension or (added if declared == "extension" else []),
        question=disagreement,
    )


def audit_type_check(decision: AuditTypeDecision) -> CheckResult | None:
    if decision.question is None:
        return None
    return check(CheckId.AUDIT_TYPE, "warning", decision.question)


def with_extension_categories(inferred: ScopeDecision, decision: AuditTypeDecision) -> ScopeDecision:
    """An extension audit assesses the added categories too: they join the scope when it lacks them."""
    scope = inferred.scope
    missing = [c for c in decision.extension_categories if c not in scope.categories]
    if not missing:
        return inferred
    categories = [c for c in CATEGORIES if c in scope.categories or c in missing]
    return ScopeDecision(
        scope=scope.model_copy(update={"categories": categories}),
        reasons=[*inferred.reasons, phrase(P.EXTENSION_CATEGORIES_ADDED, categories=missing)],
    )


def former_new_entrant(documents: Sequence[DossierDocument], scope: Scope, certificate: Certificate | None) -> bool:
    """Audited as a new entrant at the initial audit: declared so, or an activity declared less than the
    new-entrant period before the certificate took effect."""
    if scope.new_entrant:
        return True
    if certificate is None or certificate.valid_from is None:
        return False
    return bool(declaration_hits(documents, certificate.valid_from, load_scope_rules().new_entrant_max_days))


# --- checks per type ---------------------------------------------------------------------------


class CycleContext(BaseModel):
    """What the per-type checks read."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    documents: Sequence[DossierDocument]
    manifest: DossierManifest | None
    scope: Scope
    decision: AuditTypeDecision
    on: date

    @property
    def certificate(self) -> Certificate | None:
        return current_certificate(self.documents, self.on)


def _organization_values(context: CycleContext, attribute: str) -> dict[str, list[str]]:
    """The dossier's own identifiers: dossier.yaml and the primary documents (never the certificate)."""
    values: dict[str, list[str]] = {}
    for claim in identity_claims(context.documents, context.manifest):
        value = getattr(claim, attribute)
        if claim.primary and value:
            values.setdefault(value, []).append(claim.source)
    return values


def check_certificate_valid(context: CycleContext) -> CheckResult:
    certificate = context.certificate
    check_id = CheckId.CERTIFICATE_VALID
    if certificate is None:
        return check(check_id, "fail", phrase(P.CERTIFICATE_ABSENT, audit_type=context.decision.type))
    failures, doubts = [], []
    if certificate.valid_from is None or certificate.valid_until is None:
        doubts.append(phrase(P.CERTIFICATE_DATES_NOT_READ))
    elif not certificate.valid_on(context.on):
        failures.append(
            phrase(
                P.CERTIFICATE_EXPIRED_ON,
                on=context.on,
                valid_from=certificate.valid_from,
                valid_until=certificate.valid_until,
            )
        )

    sirens = _organization_values(context, "siren")
    if certificate.siren is None:
        doubts.append(phrase(P.CERTIFICATE_SIREN_NOT_READ))
    elif sirens and certificate.siren not in sirens:
        if siren_is_valid(certificate.siren):
            failures.append(phrase(P.CERTIFICATE_OTHER_SIREN, siren=certificate.siren, values=sirens))
        else:
            doubts.append(phrase(P.CERTIFICATE_SIREN_INVALID, siren=certificate.siren, values=sirens))
    ndas = _organization_values(context, "nda")
    if certificate.nda is None:
        doubts.append(phrase(P.CERTIFICATE_NDA_NOT_READ))
    elif ndas and certificate.nda not in ndas:
        doubts.append(phrase(P.CERTIFICATE_OTHER_NDA, nda=certificate.nda, values=ndas))

    added = set(context.decision.extension_categories)
    audited = [c for c in context.scope.categories if c not in added]
    if certificate.categories is None:
        doubts.append(phrase(P.CERTIFICATE_CATEGORIES_NOT_READ))
    elif uncovered := [c for c in audited if c not in certificate.categories]:
        failures.append(phrase(P.CERTIFICATE_UNCOVERED, categories=uncovered))

    if failures:
        return check(check_id, "fail", phrase(P.CERTIFICATE_INVALID, path=certificate.path, problems=failures + doubts))
    if doubts:
        return check(check_id, "warning", phrase(P.CERTIFICATE_DOUBTFUL, path=certificate.path, problems=doubts))
    return check(
        check_id,
        "pass",
        phrase(P.CERTIFICATE_VALID, path=certificate.path, on=context.on, categories=certificate.categories or []),
    )


class DatedService(BaseModel):
    model_config = ConfigDict(frozen=True)

    where: Phrase
    earliest: date
    latest: date


def dated_services(documents: Iterable[DossierDocument], until: date) -> list[DatedService]:
    """Delivered services and when: a proof's date, or a BPF's fiscal year with activity; none after `until`."""
    rules = load_cycle_rules().service_dates
    services = []
    for document in documents:
        record = document.record
        if record.status != "ok":
            continue
        if record.doc_type in rules.proof_doc_types:
            day = next((d for f in rules.date_fields if (d := parse_date(record.fields.get(f)))), None)
            if day is not None and day <= until:
                services.append(
                    DatedService(where=phrase(P.SERVICE_ON, path=record.path, day=day), earliest=day, latest=day)
                )
        elif record.doc_type == "bpf":
            year = record.fields.get("fiscal_year")
            active = any(
                isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
                for v in (record.fields.get(f) for f in rules.bpf_activity_fields)
            )
            if isinstance(year, int) and not isinstance(year, bool) and active and date(year, 1, 1) <= until:
                services.append(
                    DatedService(
                        where=phrase(P.SERVICE_IN_YEAR, path=record.path, year=year),
                        earliest=date(year, 1, 1),
                        latest=min(date(year, 12, 31), until),
                    )
                )
    return services


def _listed(services: Iterable[DatedService]) -> list[Phrase]:
    return [s.where for s in services]


def check_service_since_last_audit(context: CycleContext) -> CheckResult:
    """The surveillance audit's day is not in the dossier: a service after the window's end certainly
    follows it; one inside the window may not."""
    check_id = CheckId.SERVICE_SINCE_LAST_AUDIT
    window = context.certificate.surveillance_window() if context.certificate else None
    if window is None:
        return check(check_id, "warning", phrase(P.SURVEILLANCE_DATE_UNKNOWN))
    start, end = window
    services = dated_services(context.documents, context.on)
    if certain := [s for s in services if s.earliest > end]:
        return check(check_id, "pass", phrase(P.SERVICE_AFTER_WINDOW, end=end, services=_listed(certain)))
    if possible := [s for s in services if s.latest >= start]:
        return check(
            check_id, "warning", phrase(P.SERVICE_IN_WINDOW_ONLY, start=start, end=end, services=_listed(possible))
        )
    dated = phrase(P.SERVICES_DATED, services=_listed(services)) if services else None
    return check(check_id, "fail", phrase(P.NO_SERVICE_SINCE, start=start, end=end, dated=dated))


def check_extension_service_done(context: CycleContext) -> CheckResult:
    check_id = CheckId.EXTENSION_SERVICE_DONE
    added = context.decision.extension_categories
    if not added:
        return check(check_id, "warning", phrase(P.EXTENSION_CATEGORIES_UNKNOWN))
    proofs = service_proofs(context.documents, context.scope)
    missing = [c for c in added if not proofs.get(c)]
    found = proofs_found(proofs, added)
    if missing:
        return check(
            check_id,
            "fail",
            phrase(P.EXTENSION_SERVICE_MISSING, categories=missing),
            phrase(P.PROOFS_FOUND, proofs=found) if found else None,
        )
    return check(check_id, "pass", phrase(P.EXTENSION_SERVICE_DONE, proofs=found))


CYCLE_CHECKS: Mapping[CheckId, Callable[[CycleContext], CheckResult]] = {
    CheckId.CERTIFICATE_VALID: check_certificate_valid,
    CheckId.SERVICE_SINCE_LAST_AUDIT: check_service_since_last_audit,
    CheckId.EXTENSION_SERVICE_DONE: check_extension_service_done,
}


def cycle_checks(context: CycleContext) -> list[CheckResult]:
    """The checks `checks_by_type` lists for the audit type, and the type's own question if any."""
    checks = [CYCLE_CHECKS[i](context) for i in load_cycle_rules().checks_by_type[context.decision.type]]
    question = audit_type_check(context.decision)
    return [*checks, question] if question else checks


# --- indicators reviewed -----------------------------------------------------------------------


def reviewed_indicators(
    referential: Referential,
    scope: Scope,
    decision: AuditTypeDecision,
    former_entrant: bool,
    previous_nc: Collection[int] = (),
) -> tuple[list[int], Phrase | None]:
    """Surveillance: the minimum set of indicators reviewed, with those of the previous audit's NCs
    the dossier shows (`previous_nc`); extension: the added categories' indicators. Initial and
    renewal audits review every applicable indicator: an empty list."""
    if decision.type == "extension":
        added = Scope(**{**scope.model_dump(), "categories": decision.extension_categories or scope.categories})
        numbers = [i.number for i in referential.indicators if decide_applicability(i, added).applies]
        return numbers, phrase(P.REVIEWED_EXTENSION)
    if decision.type != "surveillance":
        return [], None
    rules = load_cycle_rules().surveillance
    applicable = [i for i in referential.indicators if decide_applicability(i, scope).applies]
    if former_entrant and rules.all_for_former_new_entrant:
        return [i.number for i in applicable], phrase(P.REVIEWED_ALL_FORMER_NEW_ENTRANT)
    minimum = {
        i.number
        for i in applicable
        if i.number in rules.always_reviewed or (rules.major_only_reviewed and i.nc_grading == "major_only")
    }
    numbers = [i.number for i in referential.indicators if i.number in minimum or i.number in previous_nc]
    found = sorted(set(previous_nc))
    return numbers, phrase(
        P.REVIEWED_SURVEILLANCE,
        always=rules.always_reviewed,
        major_only=phrase(P.REVIEWED_MAJOR_ONLY) if rules.major_only_reviewed else None,
        previous=phrase(P.REVIEWED_PREVIOUS_NC, indicators=found) if found else None,
        unknown_parts=rules.unknown_parts_fr,
    )
