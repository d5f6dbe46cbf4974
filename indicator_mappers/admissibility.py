"""Admissibility of a dossier: can the certifier open the initial audit? (CONTRACT.md §3 check ids.)

Each check is a small function returning one `CheckResult`: its status and the phrases that name
the documents involved (`schemas/checks.py`; `reports/checks.py` writes them in French). The dossier is admissible when no check fails; warnings are for the officer.
Tables (region codes, thresholds, identity documents) live in `admissibility_rules.yaml`; the legal
forms are the extractors' (`extractors/fields/field_rules.yaml`, identity.legal_forms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from extractors.fields.rules import field_rules
from extractors.text_normalize import fold
from indicator_mappers.admissibility_rules import IdentityRules, NdaRules, identity_doc_types, load_admissibility_rules
from indicator_mappers.foreign import ForeignContext, foreign_context
from indicator_mappers.scope import categories_of_document, document_hits, load_scope_rules
from schemas.checks import CheckedAdmissibility, PhraseKind as P, CheckResult, Phrase, check, phrase
from schemas.contract import Category, CheckId, DocType, Scope
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest

MANIFEST_SOURCE = "dossier.yaml"
# Field of a record whose SIREN was corrected after OCR (identity_repair): the value read.
OCR_READ_SIREN_FIELD = "siren_ocr_read"


# --- helpers -----------------------------------------------------------------------------------


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value)) if value is not None else ""


def _readable(documents: Iterable[DossierDocument]) -> list[DossierDocument]:
    return [d for d in documents if d.record.status == "ok"]


def _of_type(documents: Iterable[DossierDocument], doc_type: DocType) -> list[DossierDocument]:
    return [d for d in documents if d.record.doc_type == doc_type]


def _paths(documents: Iterable[DossierDocument]) -> list[str]:
    return [d.record.path for d in documents]


class IdentityClaim(BaseModel):
    """What one source (dossier.yaml or a document) says about who the organisation is."""

    model_config = ConfigDict(frozen=True)

    source: str
    primary: bool = Field(description="dossier.yaml or a document of IdentityRules.primary_doc_types.")
    siren: str | None = None
    siret: str | None = None
    nda: str | None = None
    name: str | None = None


def identity_claims(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> list[IdentityClaim]:
    """Every source's identity claim, dossier.yaml first, then primary documents, then the others."""
    primary_types = load_admissibility_rules().identity.primary_doc_types
    claims: list[IdentityClaim] = []
    if manifest is not None:
        claims.append(_manifest_claim(manifest))
    for document in _readable(documents):
        fields = document.record.fields
        claims.append(
            _claim(
                document.record.path,
                document.record.doc_type in primary_types,
                fields.get("siren") or fields.get("siret"),
                fields.get("nda_number"),
                fields.get("organization_name"),
            )
        )
    found = [c for c in claims if c.siren or c.nda or c.name]
    return sorted(found, key=lambda c: (c.source != MANIFEST_SOURCE, not c.primary))


def _manifest_claim(manifest: DossierManifest) -> IdentityClaim:
    """A foreign organisation's French identity is its representative's: the foreign company's own name
    is not what the NDA receipt and the BPF carry."""
    organization = manifest.organization
    if not manifest.foreign:
        return _claim(MANIFEST_SOURCE, True, organization.siren, organization.nda, organization.name)
    representative = manifest.representative or type(organization)()
    return _claim(
        MANIFEST_SOURCE,
        True,
        representative.siren or organization.siren,
        representative.nda or organization.nda,
        representative.name,
    )


def _claim(source: str, primary: bool, siren: object, nda: object, name: object) -> IdentityClaim:
    number = _digits(siren)
    return IdentityClaim(
        source=source,
        primary=primary,
        siren=number[:9] if len(number) in (9, 14) else (number or None),
        siret=number if len(number) == 14 else None,
        nda=_digits(nda) or None,
        name=str(name).strip() if name and str(name).strip() else None,
    )


def normalized_name(name: str) -> str:
    """Name without legal form, case, accents, punctuation: « S.A.S. Formations Rhône-Conseil » → « formations rhone conseil »."""
    text = fold(name)
    text = re.sub(r"\b([a-z])\.", r"\1", text)  # initials joined: « s.a.s. » → « sas »
    text = re.sub(r"[^a-z0-9]+", " ", text)
    forms = sorted((fold(f) for f in field_rules().identity.legal_forms), key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b"
    return re.sub(r"\s+", " ", re.sub(pattern, " ", text)).strip()


def names_match(a: str, b: str, rules: IdentityRules | None = None) -> bool:
    rules = rules or load_admissibility_rules().identity
    left, right = normalized_name(a), normalized_name(b)
    if not left or not right:
        return fold(a).strip() == fold(b).strip()
    return fuzz.token_set_ratio(left, right) >= rules.name_min_similarity


# --- checks ------------------------------------------------------------------------------------


def check_nda_receipt_present(documents: Sequence[DossierDocument]) -> CheckResult:
    receipts = _of_type(documents, "nda_receipt")
    readable = _readable(receipts)
    if readable:
        return check(CheckId.NDA_RECEIPT_PRESENT, "pass", phrase(P.NDA_RECEIPT_PROVIDED, paths=_paths(readable)))
    if receipts:
        return check(CheckId.NDA_RECEIPT_PRESENT, "warning", phrase(P.NDA_RECEIPT_UNREADABLE, paths=_paths(receipts)))
    return check(CheckId.NDA_RECEIPT_PRESENT, "fail", phrase(P.NDA_RECEIPT_ABSENT))


def nda_warnings(nda: str, sources: list[str], rules: NdaRules | None = None) -> list[Phrase]:
    """Soft checks of an 11-digit NDA against the observed structure RR DD NNNNN DD."""
    rules = rules or load_admissibility_rules().nda
    warnings = []
    region = nda[:2]
    if region not in rules.current_region_codes and region not in rules.former_region_codes:
        warnings.append(phrase(P.NDA_UNKNOWN_REGION, value=nda, sources=sources, region=region))
    if nda[2:4] != nda[9:11]:
        warnings.append(phrase(P.NDA_DEPARTMENT_MISMATCH, value=nda, sources=sources, first=nda[2:4], second=nda[9:11]))
    return warnings


def check_nda_valid(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> CheckResult:
    rules = load_admissibility_rules().nda
    claims = [c for c in identity_claims(documents, manifest) if c.nda]
    by_value = _by_value(c for c in claims if c.primary) or _by_value(claims)
    if not by_value:
        if _readable(_of_type(documents, "nda_receipt")):
            return check(CheckId.NDA_VALID, "warning", phrase(P.NDA_NOT_READ))
        return check(CheckId.NDA_VALID, "fail", phrase(P.NDA_ABSENT))

    failures, warnings = [], []
    for value, sources in by_value.items():
        if len(value) != rules.digits:
            failures.append(
                phrase(P.NDA_WRONG_LENGTH, value=value, sources=sources, digits=len(value), expected=rules.digits)
            )
            continue
        warnings += nda_warnings(value, sources, rules)
    if failures:
        return check(CheckId.NDA_VALID, "fail", phrase(P.NDA_INVALID, failures=failures))
    if warnings:
        return check(CheckId.NDA_VALID, "warning", phrase(P.NDA_UNUSUAL, warnings=warnings))
    return check(CheckId.NDA_VALID, "pass", phrase(P.NDA_USUAL, values=by_value))


def siren_is_valid(number: str) -> bool:
    """A 9-digit SIREN or a 14-digit SIRET with a valid key (Luhn, La Poste exception for SIRET)."""
    if len(number) == 14:
        return stdnum_siret.is_valid(number)
    return len(number) == 9 and stdnum_siren.is_valid(number)


def check_siren_valid(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> CheckResult:
    claims = identity_claims(documents, manifest)
    by_value = _by_value(claims, number=True)
    if not by_value:
        identity_documents = _readable(d for t in identity_doc_types() for d in _of_type(documents, t))
        if identity_documents:
            return check(CheckId.SIREN_VALID, "warning", phrase(P.SIREN_NOT_READ, paths=_paths(identity_documents)))
        return check(CheckId.SIREN_VALID, "fail", phrase(P.SIREN_ABSENT))
    primary = _by_value((c for c in claims if c.primary), number=True)
    invalid = {v: s for v, s in by_value.items() if not siren_is_valid(v)}
    if invalid:
        # Only the organisation's own identity documents make it a failure (see IdentityRules.primary_doc_types).
        status = "fail" if any(v in primary for v in invalid) else "warning"
        return check(CheckId.SIREN_VALID, status, phrase(P.SIREN_INVALID, values=invalid))
    corrected = [
        phrase(P.SIREN_CORRECTION, read=d.record.fields[OCR_READ_SIREN_FIELD], path=d.record.path, siren=d.record.fields["siren"])
        for d in documents
        if OCR_READ_SIREN_FIELD in d.record.fields
    ]
    return check(
        CheckId.SIREN_VALID,
        "pass",
        phrase(P.SIREN_VALID, values=by_value),
        phrase(P.SIREN_CORRECTED, corrections=corrected) if corrected else None,
    )


def _by_value(claims: Iterable[IdentityClaim], attribute: str = "nda", number: bool = False) -> dict[str, list[str]]:
    """Sources per distinct value of an identifier; `number` takes the SIRET when given, else the SIREN."""
    values: dict[str, list[str]] = {}
    for claim in claims:
        value = (claim.siret or claim.siren) if number else getattr(claim, attribute)
        if value:
            values.setdefault(value, []).append(claim.source)
    return values


def check_identity_consistent(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> CheckResult:
    result = _identity_check(documents, manifest)
    note = foreign_identity_note(foreign_context(documents, manifest))
    return result.model_copy(update={"phrases": [*result.phrases, note]}) if note else result


def foreign_identity_note(context: ForeignContext) -> Phrase | None:
    """The foreign registration beside the French identity: expected for a foreign organisation, a
    question for the officer when the dossier does not say it is one."""
    if context.declared:
        representative = context.representative
        identity = (
            phrase(P.REPRESENTATIVE_DECLARED, **representative.model_dump())
            if representative
            else phrase(P.REPRESENTATIVE_UNDECLARED)
        )
        found = phrase(P.FOREIGN_REGISTRATIONS, registrations=context.registrations) if context.registrations else None
        return phrase(P.FOREIGN_DECLARED, identity=identity, registrations=found)
    if context.possibly:
        return phrase(P.FOREIGN_POSSIBLY, registrations=context.registrations)
    return None


def _identity_check(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> CheckResult:
    rules = load_admissibility_rules().identity
    claims = identity_claims(documents, manifest)
    if len(claims) < 2:
        only = phrase(P.IDENTITY_ONLY_SOURCE, source=claims[0].source) if claims else None
        return check(CheckId.IDENTITY_CONSISTENT, "warning", phrase(P.IDENTITY_SINGLE_SOURCE, only=only))
    primary = [c for c in claims if c.primary]
    conflicts = {
        identifier: (_by_value(primary, attribute), _by_value(claims, attribute))
        for identifier, attribute in (("SIREN", "siren"), ("NDA", "nda"))
    }
    failures = [
        phrase(P.IDENTIFIERS_DIFFER, identifier=identifier, values=among_primary)
        for identifier, (among_primary, _) in conflicts.items()
        if len(among_primary) > 1
    ]
    if failures:
        return check(CheckId.IDENTITY_CONSISTENT, "fail", phrase(P.IDENTITY_CONFLICT, conflicts=failures))
    # Agreements, CGV or CVs may print a client's or a subcontractor's identifiers: only a warning.
    doubts = [
        phrase(P.IDENTIFIERS_DIFFER, identifier=identifier, values=among_all)
        for identifier, (_, among_all) in conflicts.items()
        if len(among_all) > 1
    ]
    if doubts:
        return check(CheckId.IDENTITY_CONSISTENT, "warning", phrase(P.IDENTITY_DOUBT, conflicts=doubts))

    named = [c for c in claims if c.name]
    if named:
        reference = named[0]
        differing = [c for c in named[1:] if not names_match(reference.name or "", c.name or "", rules)]
        if differing:
            listed = [phrase(P.NAMED_SOURCE, name=c.name, source=c.source) for c in differing]
            return check(
                CheckId.IDENTITY_CONSISTENT,
                "warning",
                phrase(P.NAMES_DIFFER, name=reference.name, source=reference.source, differing=listed),
            )
    return check(CheckId.IDENTITY_CONSISTENT, "pass", phrase(P.IDENTITY_CONSISTENT, sources=[c.source for c in claims]))


def _fiscal_year(document: DossierDocument) -> int | None:
    value = document.record.fields.get("fiscal_year")
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    digits = _digits(value)
    return int(digits) if len(digits) == 4 else None


def latest_bpf(documents: Sequence[DossierDocument]) -> DossierDocument | None:
    """The readable BPF of the latest fiscal year (a BPF whose year was not read comes last)."""
    bpfs = _readable(_of_type(documents, "bpf"))
    if not bpfs:
        return None
    return max(bpfs, key=lambda d: (_fiscal_year(d) is not None, _fiscal_year(d) or 0))


def check_bpf_present(
    documents: Sequence[DossierDocument], scope: Scope, manifest: DossierManifest | None, on: date
) -> CheckResult:
    rules = load_admissibility_rules().bpf
    latest = latest_bpf(documents)
    unreadable = [d for d in _of_type(documents, "bpf") if d.record.status != "ok"]
    if latest is None:
        unread = phrase(P.BPF_UNREADABLE, paths=_paths(unreadable)) if unreadable else None
        if scope.new_entrant:
            declared = manifest.declared_revenue_eur if manifest else None
            revenue = (
                phrase(P.DECLARED_REVENUE, amount=declared) if declared is not None else phrase(P.NO_DECLARED_REVENUE)
            )
            return check(
                CheckId.BPF_PRESENT, "warning", phrase(P.BPF_ABSENT_NEW_ENTRANT, revenue=revenue, unreadable=unread)
            )
        return check(CheckId.BPF_PRESENT, "fail", phrase(P.BPF_ABSENT, unreadable=unread))

    year = _fiscal_year(latest)
    path = latest.record.path
    if year is None:
        return check(CheckId.BPF_PRESENT, "warning", phrase(P.BPF_YEAR_NOT_READ, path=path))
    accepted = sorted(on.year - back for back in rules.recent_years_back)
    if year in accepted:
        return check(CheckId.BPF_PRESENT, "pass", phrase(P.BPF_RECENT, year=year, path=path))
    if year > on.year:
        return check(CheckId.BPF_PRESENT, "warning", phrase(P.BPF_FUTURE, year=year, on=on, path=path))
    return check(CheckId.BPF_PRESENT, "fail", phrase(P.BPF_OUTDATED, path=path, year=year, expected_year=accepted[0]))


def check_bpf_arithmetic(documents: Sequence[DossierDocument]) -> CheckResult | None:
    """Whether the latest BPF's totals agree with their lines and with each other; none when no sum
    could be made (the totals were then read by their labels alone)."""
    latest = latest_bpf(documents)
    if latest is None:
        return None
    checks = load_admissibility_rules().bpf.arithmetic_checks
    by_status: dict[object, list[str]] = {}
    for name, sentence in checks.items():
        by_status.setdefault(latest.record.fields.get(name), []).append(sentence)
    held, failed, not_made = (by_status.get(status, []) for status in ("held", "failed", "not_made"))
    if not held and not failed:
        return None
    path = latest.record.path
    unchecked = phrase(P.BPF_TOTALS_UNCHECKED, rules=not_made) if not_made else None
    if failed:
        return check(CheckId.BPF_ARITHMETIC, "warning", phrase(P.BPF_TOTALS_DISAGREE, path=path, rules=failed), unchecked)
    return check(CheckId.BPF_ARITHMETIC, "pass", phrase(P.BPF_TOTALS_AGREE, path=path, rules=held), unchecked)


def _proof_categories(document: DossierDocument, scope: Scope) -> list[Category]:
    """Which requested categories a delivery proof belongs to."""
    spoken = [c for c in categories_of_document(document) if c in scope.categories]
    if spoken:
        return spoken
    # A proof naming no category belongs to the only requested category, if there is one.
    return list(scope.categories) if len(scope.categories) == 1 else []


def service_proofs(documents: Sequence[DossierDocument], scope: Scope) -> dict[Category, list[Phrase]]:
    """Per category of the scope, the documents proving a delivered service."""
    rules = load_admissibility_rules().completed_service
    scope_rules = load_scope_rules()
    proofs: dict[Category, list[Phrase]] = {c: [] for c in scope.categories}
    for document in _readable(documents):
        doc_type = document.record.doc_type
        path = document.record.path
        if doc_type in rules.proof_doc_types:
            for category in _proof_categories(document, scope):
                proofs[category].append(phrase(P.PROOF, path=path))
        elif doc_type == "bpf":
            for category in scope.categories:
                rule = scope_rules.categories.get(category)
                if rule and document_hits(document, rule, scope_rules):
                    proofs[category].append(phrase(P.PROOF_BPF_ACTIVITY, path=path))
        elif doc_type in rules.cfa_contract_doc_types and "CFA" in scope.categories:
            if "CFA" in categories_of_document(document, scope_rules):
                proofs["CFA"].append(phrase(P.PROOF_APPRENTICESHIP, path=path))
    return proofs


def proofs_found(proofs: Mapping[Category, list[Phrase]], categories: Iterable[Category]) -> list[Phrase]:
    """The proofs of each category that has some, in the order of `categories`."""
    return [phrase(P.CATEGORY_PROOFS, category=c, proofs=proofs[c]) for c in categories if proofs.get(c)]


def check_completed_service(documents: Sequence[DossierDocument], scope: Scope) -> CheckResult:
    proofs = service_proofs(documents, scope)
    missing = [c for c in scope.categories if not proofs[c]]
    found = proofs_found(proofs, scope.categories)
    if missing:
        return check(
            CheckId.COMPLETED_SERVICE,
            "fail",
            phrase(P.SERVICE_MISSING, categories=missing),
            phrase(P.PROOFS_FOUND, proofs=found) if found else None,
        )
    return check(CheckId.COMPLETED_SERVICE, "pass", phrase(P.SERVICE_DONE, proofs=found))


def _unreadable(document: DossierDocument) -> Phrase:
    # Error messages end with their own full stop; the sentence adds one at the end.
    if document.record.error:
        return phrase(P.UNREADABLE_DOCUMENT, path=document.record.path, error=document.record.error.rstrip("."))
    return phrase(P.UNREADABLE_UNKNOWN, path=document.record.path)


def check_documents_readable(documents: Sequence[DossierDocument]) -> CheckResult:
    if not documents:
        return check(CheckId.DOCUMENTS_READABLE, "fail", phrase(P.NO_DOCUMENTS))
    unreadable = [_unreadable(d) for d in documents if d.record.status != "ok"]
    if not unreadable:
        return check(CheckId.DOCUMENTS_READABLE, "pass", phrase(P.ALL_READ, count=len(documents)))
    if len(unreadable) == len(documents):
        return check(CheckId.DOCUMENTS_READABLE, "fail", phrase(P.NONE_READABLE, unreadable=unreadable))
    return check(
        CheckId.DOCUMENTS_READABLE,
        "warning",
        phrase(P.SOME_UNREADABLE, count=len(unreadable), total=len(documents), unreadable=unreadable),
    )


def check_manifest_valid(problems: Sequence[str], version_warnings: Sequence[Phrase] = ()) -> CheckResult | None:
    """`problems`: the manifest reader's own messages; `version_warnings`: the referential's choice."""
    found = [phrase(P.MANIFEST_PROBLEM, text=p) for p in problems] + list(version_warnings)
    if not found:
        return None
    return check(CheckId.MANIFEST_VALID, "warning", phrase(P.MANIFEST_PROBLEMS, problems=found))


def assess_admissibility(
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    manifest_problems: Sequence[str],
    scope: Scope,
    on: date,
    extra_checks: Sequence[CheckResult] = (),
    version_warnings: Sequence[Phrase] = (),
) -> CheckedAdmissibility:
    """Every check, in the contract's order; admissible when none fails."""
    checks = [
        check_nda_receipt_present(documents),
        check_nda_valid(documents, manifest),
        check_siren_valid(documents, manifest),
        check_identity_consistent(documents, manifest),
        check_bpf_present(documents, scope, manifest, on),
        check_completed_service(documents, scope),
        check_documents_readable(documents),
    ]
    optional = [check_bpf_arithmetic(documents), check_manifest_valid(manifest_problems, version_warnings)]
    checks += [check for check in optional if check is not None]
    checks += extra_checks
    return CheckedAdmissibility(admissible=all(c.status != "fail" for c in checks), checks=checks)
