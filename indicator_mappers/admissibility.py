"""Admissibility of a dossier: can the certifier open the initial audit? (CONTRACT.md §3 check ids.)

Each check is a small function returning one `AdmissibilityCheck` with a French message that names
the documents involved. The dossier is admissible when no check fails; warnings are for the officer.
Tables (region codes, thresholds, identity documents) live in `admissibility_rules.yaml`; the legal
forms are the extractors' (`extractors/fields/field_rules.yaml`, identity.legal_forms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from extractors.fields.rules import field_rules
from extractors.text_normalize import fold
from indicator_mappers.admissibility_rules import IdentityRules, NdaRules, identity_doc_types, load_admissibility_rules
from indicator_mappers.applicability import category_phrase
from indicator_mappers.foreign import ForeignContext, describe_registrations, foreign_context
from indicator_mappers.scope import categories_of_document, document_hits, load_scope_rules
from schemas.contract import Admissibility, AdmissibilityCheck, Category, CheckId, DocType, Scope
from schemas.extraction import DossierDocument
from schemas.manifest import DossierManifest

MANIFEST_SOURCE = "dossier.yaml"
# Field of a record whose SIREN was corrected after OCR (identity_repair): the value read.
OCR_READ_SIREN_FIELD = "siren_ocr_read"


# --- helpers -----------------------------------------------------------------------------------


def euros_fr(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", " ") + " €"


def _digits(value: object) -> str:
    return re.sub(r"\D", "", str(value)) if value is not None else ""


def _readable(documents: Iterable[DossierDocument]) -> list[DossierDocument]:
    return [d for d in documents if d.record.status == "ok"]


def _of_type(documents: Iterable[DossierDocument], doc_type: DocType) -> list[DossierDocument]:
    return [d for d in documents if d.record.doc_type == doc_type]


def _paths(documents: Iterable[DossierDocument]) -> str:
    return ", ".join(d.record.path for d in documents)


def _check(check_id: CheckId, status: str, message: str) -> AdmissibilityCheck:
    return AdmissibilityCheck(id=check_id, status=status, message=message)


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


def check_nda_receipt_present(documents: Sequence[DossierDocument]) -> AdmissibilityCheck:
    receipts = _of_type(documents, "nda_receipt")
    readable = _readable(receipts)
    if readable:
        return _check(CheckId.NDA_RECEIPT_PRESENT, "pass", f"Récépissé de déclaration d'activité fourni : {_paths(readable)}.")
    if receipts:
        return _check(
            CheckId.NDA_RECEIPT_PRESENT,
            "warning",
            f"Récépissé de déclaration d'activité présent mais illisible : {_paths(receipts)} ; à vérifier à la main.",
        )
    return _check(
        CheckId.NDA_RECEIPT_PRESENT,
        "fail",
        "Aucun récépissé de déclaration d'activité (ni preuve de dépôt de moins de 3 mois) parmi les pièces.",
    )


def nda_warnings(nda: str, rules: NdaRules | None = None) -> list[str]:
    """Soft checks of an 11-digit NDA against the observed structure RR DD NNNNN DD."""
    rules = rules or load_admissibility_rules().nda
    warnings = []
    region = nda[:2]
    if region not in rules.current_region_codes and region not in rules.former_region_codes:
        warnings.append(f"le préfixe {region} n'est pas un code de région connu (actuel ou d'avant 2016)")
    if nda[2:4] != nda[9:11]:
        warnings.append(
            f"les chiffres 3-4 ({nda[2:4]}) diffèrent des chiffres 10-11 ({nda[9:11]}), contrairement à l'usage observé"
        )
    return warnings


def check_nda_valid(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> AdmissibilityCheck:
    rules = load_admissibility_rules().nda
    claims = [c for c in identity_claims(documents, manifest) if c.nda]
    by_value = _by_value(c for c in claims if c.primary) or _by_value(claims)
    if not by_value:
        if _readable(_of_type(documents, "nda_receipt")):
            return _check(
                CheckId.NDA_VALID, "warning", "Numéro de déclaration d'activité non lu dans le récépissé : à relever à la main."
            )
        return _check(CheckId.NDA_VALID, "fail", "Aucun numéro de déclaration d'activité (NDA) dans dossier.yaml ni dans les pièces.")

    failures, warnings = [], []
    for value, sources in by_value.items():
        where = ", ".join(sources)
        if len(value) != rules.digits:
            failures.append(f"{value} ({where}) compte {len(value)} chiffres au lieu de {rules.digits}")
            continue
        warnings += [f"{value} ({where}) : {w}" for w in nda_warnings(value, rules)]
    if failures:
        return _check(CheckId.NDA_VALID, "fail", "NDA invalide : " + " ; ".join(failures) + ".")
    if warnings:
        return _check(
            CheckId.NDA_VALID,
            "warning",
            "NDA à 11 chiffres mais de structure inhabituelle (convention observée, pas une règle) : "
            + " ; ".join(warnings)
            + ".",
        )
    values = ", ".join(f"{v} ({', '.join(s)})" for v, s in by_value.items())
    return _check(CheckId.NDA_VALID, "pass", f"NDA à 11 chiffres de structure habituelle : {values}.")


def siren_is_valid(number: str) -> bool:
    """A 9-digit SIREN or a 14-digit SIRET with a valid key (Luhn, La Poste exception for SIRET)."""
    if len(number) == 14:
        return stdnum_siret.is_valid(number)
    return len(number) == 9 and stdnum_siren.is_valid(number)


def check_siren_valid(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> AdmissibilityCheck:
    claims = identity_claims(documents, manifest)
    by_value = _by_value(claims, number=True)
    if not by_value:
        identity_documents = _readable(d for t in identity_doc_types() for d in _of_type(documents, t))
        if identity_documents:
            return _check(
                CheckId.SIREN_VALID,
                "warning",
                f"SIREN non lu dans {_paths(identity_documents)} ni déclaré dans dossier.yaml : à relever à la main.",
            )
        return _check(CheckId.SIREN_VALID, "fail", "Aucun SIREN dans dossier.yaml ni dans les pièces.")
    primary = _by_value((c for c in claims if c.primary), number=True)
    invalid = {v: s for v, s in by_value.items() if not siren_is_valid(v)}
    if invalid:
        # Only the organisation's own identity documents make it a failure (see IdentityRules.primary_doc_types).
        status = "fail" if any(v in primary for v in invalid) else "warning"
        listed = " ; ".join(f"{v} ({', '.join(s)})" for v, s in invalid.items())
        return _check(CheckId.SIREN_VALID, status, f"SIREN ou SIRET invalide (longueur ou clé de contrôle) : {listed}.")
    values = ", ".join(f"{v} ({', '.join(s)})" for v, s in by_value.items())
    corrected = [
        f"{d.record.fields[OCR_READ_SIREN_FIELD]} lu par OCR dans {d.record.path}, corrigé en {d.record.fields['siren']}"
        for d in documents if OCR_READ_SIREN_FIELD in d.record.fields
    ]
    note = f" SIREN corrigé (un chiffre confondu par l'OCR, recoupé avec les autres pièces) : {' ; '.join(corrected)}." if corrected else ""
    return _check(CheckId.SIREN_VALID, "pass", f"SIREN ou SIRET à clé de contrôle valide : {values}.{note}")


def _by_value(claims: Iterable[IdentityClaim], attribute: str = "nda", number: bool = False) -> dict[str, list[str]]:
    """Sources per distinct value of an identifier; `number` takes the SIRET when given, else the SIREN."""
    values: dict[str, list[str]] = {}
    for claim in claims:
        value = (claim.siret or claim.siren) if number else getattr(claim, attribute)
        if value:
            values.setdefault(value, []).append(claim.source)
    return values


def _describe(values: dict[str, list[str]]) -> str:
    return " ; ".join(f"{v} ({', '.join(s)})" for v, s in values.items())


def check_identity_consistent(
    documents: Sequence[DossierDocument], manifest: DossierManifest | None
) -> AdmissibilityCheck:
    check = _identity_check(documents, manifest)
    note = foreign_identity_note(foreign_context(documents, manifest))
    return check.model_copy(update={"message": f"{check.message} {note}"}) if note else check


def foreign_identity_note(context: ForeignContext) -> str | None:
    """The foreign registration beside the French identity: expected for a foreign organisation, a
    question for the officer when the dossier does not say it is one."""
    found = describe_registrations(context.registrations)
    if context.declared:
        representative = context.representative
        french = (
            f"celle du représentant en France « {representative.name or 'non nommé'} »"
            f" (SIREN {representative.siren or 'non renseigné'}, NDA {representative.nda or 'non renseigné'})"
            if representative
            else "celle du représentant en France (non déclaré dans dossier.yaml)"
        )
        foreign = (
            f" ; immatriculation étrangère relevée : {found}, écart attendu et non une incohérence" if found else ""
        )
        return f"Note : organisme établi hors de France, son identité française est {french}{foreign}."
    if context.possibly:
        return (
            f"Note : immatriculation étrangère relevée à côté du SIREN/NDA français : {found}. Organisme possiblement"
            " étranger, représenté en France : à confirmer (dossier.yaml `foreign`, `representative`)."
        )
    return None


def _identity_check(documents: Sequence[DossierDocument], manifest: DossierManifest | None) -> AdmissibilityCheck:
    rules = load_admissibility_rules().identity
    claims = identity_claims(documents, manifest)
    if len(claims) < 2:
        only = f" (seule source : {claims[0].source})" if claims else ""
        return _check(
            CheckId.IDENTITY_CONSISTENT,
            "warning",
            f"Identité de l'organisme impossible à recouper : moins de deux sources la donnent{only}.",
        )
    primary = [c for c in claims if c.primary]
    conflicts = {
        label: (_by_value(primary, attribute), _by_value(claims, attribute))
        for label, attribute in (("SIREN", "siren"), ("NDA", "nda"))
    }
    failures = [
        f"{label} différents : {_describe(among_primary)}"
        for label, (among_primary, _) in conflicts.items()
        if len(among_primary) > 1
    ]
    if failures:
        return _check(CheckId.IDENTITY_CONSISTENT, "fail", "Identité incohérente entre les sources : " + " ; ".join(failures) + ".")
    # Agreements, CGV or CVs may print a client's or a subcontractor's identifiers: only a warning.
    doubts = [
        f"{label} différents : {_describe(among_all)}" for label, (_, among_all) in conflicts.items() if len(among_all) > 1
    ]
    if doubts:
        return _check(
            CheckId.IDENTITY_CONSISTENT,
            "warning",
            "Identifiants différents dans des pièces autres que le récépissé et le BPF (client ou sous-traitant ?) : "
            + " ; ".join(doubts)
            + ".",
        )

    named = [c for c in claims if c.name]
    if named:
        reference = named[0]
        differing = [c for c in named[1:] if not names_match(reference.name or "", c.name or "", rules)]
        if differing:
            listed = " ; ".join(f"« {c.name} » ({c.source})" for c in differing)
            return _check(
                CheckId.IDENTITY_CONSISTENT,
                "warning",
                f"Raison sociale différente de « {reference.name} » ({reference.source}) : {listed}."
                " Nom commercial ou autre organisme ? À vérifier.",
            )
    sources = ", ".join(c.source for c in claims)
    return _check(CheckId.IDENTITY_CONSISTENT, "pass", f"SIREN, NDA et raison sociale concordants entre : {sources}.")


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
) -> AdmissibilityCheck:
    rules = load_admissibility_rules().bpf
    latest = latest_bpf(documents)
    unreadable = [d for d in _of_type(documents, "bpf") if d.record.status != "ok"]
    if latest is None:
        suffix = f" (BPF illisible : {_paths(unreadable)})" if unreadable else ""
        if scope.new_entrant:
            declared = manifest.declared_revenue_eur if manifest else None
            revenue = (
                f"chiffre d'affaires déclaré dans dossier.yaml : {euros_fr(declared)}"
                if declared is not None
                else "aucun chiffre d'affaires déclaré dans dossier.yaml"
            )
            return _check(
                CheckId.BPF_PRESENT,
                "warning",
                f"Pas de bilan pédagogique et financier : nouvel entrant, le certificateur s'appuie sur les produits"
                f" tirés de la comptabilité ({revenue}){suffix}.",
            )
        return _check(CheckId.BPF_PRESENT, "fail", f"Aucun bilan pédagogique et financier (BPF) lisible parmi les pièces{suffix}.")

    year = _fiscal_year(latest)
    path = latest.record.path
    if year is None:
        return _check(CheckId.BPF_PRESENT, "warning", f"BPF fourni ({path}) mais exercice comptable non lu : à vérifier.")
    accepted = sorted(on.year - back for back in rules.recent_years_back)
    if year in accepted:
        return _check(CheckId.BPF_PRESENT, "pass", f"BPF de l'exercice {year} fourni : {path}.")
    if year > on.year:
        return _check(
            CheckId.BPF_PRESENT, "warning", f"BPF d'un exercice {year} postérieur à la date de référence ({on:%d/%m/%Y}) : {path}."
        )
    return _check(
        CheckId.BPF_PRESENT,
        "fail",
        f"Le BPF le plus récent ({path}) porte sur l'exercice {year} : un BPF de l'exercice {accepted[0]} ou suivant"
        " est attendu (sans BPF transmis, la déclaration d'activité devient caduque).",
    )


def check_bpf_arithmetic(documents: Sequence[DossierDocument]) -> AdmissibilityCheck | None:
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
    unchecked = f" Non vérifiable faute de lignes lues : {' ; '.join(not_made)}." if not_made else ""
    if failed:
        return _check(
            CheckId.BPF_ARITHMETIC,
            "warning",
            f"Les totaux du BPF ({path}) ne concordent pas : {' ; '.join(failed)} n'est pas respecté. Le chiffre"
            " d'affaires, le nombre de stagiaires et les heures-stagiaires lus sont à vérifier sur la pièce"
            f" (erreur de saisie ou de lecture).{unchecked}",
        )
    return _check(CheckId.BPF_ARITHMETIC, "pass", f"Totaux du BPF ({path}) cohérents : {' ; '.join(held)}.{unchecked}")


def _proof_categories(document: DossierDocument, scope: Scope) -> list[Category]:
    """Which requested categories a delivery proof belongs to."""
    spoken = [c for c in categories_of_document(document) if c in scope.categories]
    if spoken:
        return spoken
    # A proof naming no category belongs to the only requested category, if there is one.
    return list(scope.categories) if len(scope.categories) == 1 else []


def service_proofs(documents: Sequence[DossierDocument], scope: Scope) -> dict[Category, list[str]]:
    """Per category of the scope, the documents proving a delivered service."""
    rules = load_admissibility_rules().completed_service
    scope_rules = load_scope_rules()
    proofs: dict[Category, list[str]] = {c: [] for c in scope.categories}
    for document in _readable(documents):
        doc_type = document.record.doc_type
        if doc_type in rules.proof_doc_types:
            for category in _proof_categories(document, scope):
                proofs[category].append(document.record.path)
        elif doc_type == "bpf":
            for category in scope.categories:
                rule = scope_rules.categories.get(category)
                if rule and document_hits(document, rule, scope_rules):
                    proofs[category].append(f"{document.record.path} (activité déclarée au BPF)")
        elif doc_type in rules.cfa_contract_doc_types and "CFA" in scope.categories:
            if "CFA" in categories_of_document(document, scope_rules):
                proofs["CFA"].append(f"{document.record.path} (contrat d'apprentissage)")
    return proofs


def check_completed_service(documents: Sequence[DossierDocument], scope: Scope) -> AdmissibilityCheck:
    proofs = service_proofs(documents, scope)
    missing = [c for c in scope.categories if not proofs[c]]
    found = " ; ".join(f"{c} : {', '.join(proofs[c])}" for c in scope.categories if proofs[c])
    if missing:
        labels = ", ".join(f"{category_phrase(c)} ({c})" for c in missing)
        message = (
            "Aucune preuve de prestation réalisée (certificat de réalisation, feuille d'émargement ou équivalent)"
            f" pour : {labels}. Au moins une action réalisée par catégorie demandée est exigée avant l'audit initial."
        )
        return _check(CheckId.COMPLETED_SERVICE, "fail", message + (f" Preuves trouvées : {found}." if found else ""))
    return _check(CheckId.COMPLETED_SERVICE, "pass", f"Prestations réalisées attestées — {found}.")


def check_documents_readable(documents: Sequence[DossierDocument]) -> AdmissibilityCheck:
    if not documents:
        return _check(CheckId.DOCUMENTS_READABLE, "fail", "Le dossier ne contient aucune pièce.")
    unreadable = [d for d in documents if d.record.status != "ok"]
    if not unreadable:
        return _check(CheckId.DOCUMENTS_READABLE, "pass", f"Les {len(documents)} pièces ont été lues.")
    # Error messages end with their own full stop; the sentence adds one at the end.
    listed = " ; ".join(f"{d.record.path} : {(d.record.error or 'erreur de lecture').rstrip('.')}" for d in unreadable)
    if len(unreadable) == len(documents):
        return _check(CheckId.DOCUMENTS_READABLE, "fail", f"Aucune pièce lisible — {listed}.")
    return _check(CheckId.DOCUMENTS_READABLE, "warning", f"{len(unreadable)} pièce(s) illisible(s) sur {len(documents)} — {listed}.")


def check_manifest_valid(problems: Sequence[str]) -> AdmissibilityCheck | None:
    if not problems:
        return None
    return _check(CheckId.MANIFEST_VALID, "warning", "dossier.yaml comporte des problèmes : " + " ; ".join(problems) + ".")


def assess_admissibility(
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    manifest_problems: Sequence[str],
    scope: Scope,
    on: date,
    extra_checks: Sequence[AdmissibilityCheck] = (),
) -> Admissibility:
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
    optional = [check_bpf_arithmetic(documents), check_manifest_valid(manifest_problems)]
    checks += [check for check in optional if check is not None]
    checks += extra_checks
    return Admissibility(admissible=all(c.status != "fail" for c in checks), checks=checks)
