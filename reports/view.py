"""What every human-facing report shows, computed once from a `GapReport` and its referential.

The HTML report and the XLSX grid both render this view, so a label, a masking rule or an ordering
is decided in one place. Pure: no I/O except reading the referential through its loader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from indicator_mappers.applicability import review_notes_for
from indicator_mappers.mappers.base import examples_sentence, expected_sentence
from indicator_mappers.masking import mask_personal_data
from indicator_mappers.nonconformity import load_nonconformity_rules
from indicator_mappers.referential import Indicator, Referential, referential_by_id
from reports import labels
from reports.verdict import Verdict, verdict
from schemas import AdmissibilityCheck, DocumentRecord, Evidence, GapReport, IndicatorAssessment, Scope
from schemas.contract import PreviousNonconformity
from schemas.labels_fr import labels_of

PREVIOUS_NC_TEXT = labels_of("previous_nc")


def _masked(text: str) -> str:
    """The reports' last line of defence: an e-mail that reached them unmasked loses its whole local part."""
    return mask_personal_data(text, email_initial=False)


def resolve_referential(report: GapReport) -> Referential | None:
    """The referential the report was made against, or None when this installation does not know it
    (a report from a newer version): the reports then show numbers without wordings."""
    try:
        return referential_by_id(report.referential.id)
    except KeyError:
        return None


@dataclass(frozen=True)
class EvidenceView:
    path: str
    page: int | None
    excerpt: str

    @property
    def location(self) -> str:
        return f"{self.path}, p. {self.page}" if self.page is not None else self.path


@dataclass(frozen=True)
class DocumentGap:
    path: str
    missing: list[str]


@dataclass(frozen=True)
class IndicatorView:
    number: int
    criterion: int
    criterion_title: str
    status: str
    status_label: str
    reason: str
    wording: str | None
    expected_level: str | None
    evidence_examples: list[str]
    evidence: list[EvidenceView]
    missing: list[str]
    missing_by_document: list[DocumentGap]
    needs_review: bool
    review_notes: list[str]
    change_note: str | None
    proposed_nc: str | None = None
    # « NC précédente : mineure, non levée → majeure » when the previous audit raised an NC on it.
    previous_nc: str | None = None

    @property
    def proposed_nc_label(self) -> str | None:
        return labels.label("proposed_nc", self.proposed_nc) if self.proposed_nc else None

    @property
    def title(self) -> str:
        return f"Indicateur {self.number}"


@dataclass(frozen=True)
class CriterionGroup:
    number: int
    title: str
    full_title: str | None
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class CheckView:
    id: str
    label: str
    status: str
    status_label: str
    message: str


@dataclass(frozen=True)
class FieldView:
    label: str
    value: str


@dataclass(frozen=True)
class DocumentView:
    path: str
    doc_type: str
    doc_type_label: str
    status: str
    error: str | None
    pages: int
    ocr: bool
    ocr_confidence: str | None
    fields: list[FieldView]
    classification_reason: str | None
    sha256: str


@dataclass(frozen=True)
class ScopeView:
    categories: list[str]
    flags: list[FieldView]
    source: str
    reasons: list[str]


@dataclass(frozen=True)
class OutcomeView:
    """What the report opens with: which audit, why, and the non-conformities it would carry."""

    audit_type: str
    type_reasons: list[str]
    projection: str
    notes: list[str]


@dataclass(frozen=True)
class PreviousNcView:
    """A non-conformity of the previous audit, where it was read and what became of it."""

    indicator: int
    grade: str
    source: EvidenceView
    status_now: str | None
    outcome: str

    @property
    def cell(self) -> str:
        return PREVIOUS_NC_TEXT["grid_cell"].format(grade=self.grade, outcome=self.outcome)


@dataclass(frozen=True)
class PreviousNcSection:
    """The section near the projected outcome: the previous NCs and the rule that applies to them."""

    items: list[PreviousNcView]
    note: str


@dataclass(frozen=True)
class ReportView:
    report: GapReport
    verdict: Verdict
    referential_id: str
    referential_name: str | None
    referential_known: bool
    effective_from: str
    indicator_count: int
    scope: ScopeView
    failed_checks: list[CheckView]
    warning_checks: list[CheckView]
    passed_checks: list[CheckView]
    missing_groups: list[CriterionGroup]
    partial_groups: list[CriterionGroup]
    applicable_groups: list[CriterionGroup]
    not_applicable: list[IndicatorView]
    documents: list[DocumentView]
    audit_lines: list[FieldView] = field(default_factory=list)
    identity_lines: list[FieldView] = field(default_factory=list)
    outcome: OutcomeView | None = None
    previous_ncs: PreviousNcSection | None = None

    @property
    def applicable(self) -> list[IndicatorView]:
        return [indicator for group in self.applicable_groups for indicator in group.indicators]


# --- builders ---------------------------------------------------------------------------------


def _evidence(evidence: Evidence) -> EvidenceView:
    return EvidenceView(path=evidence.path, page=evidence.page, excerpt=_masked(evidence.excerpt))


def _referential_indicator(referential: Referential | None, number: int) -> Indicator | None:
    if referential is None:
        return None
    try:
        return referential.indicator(number)
    except KeyError:
        return None


def _criterion_full_title(referential: Referential | None, number: int) -> str | None:
    if referential is None:
        return None
    try:
        return referential.criterion(number).title_fr
    except KeyError:
        return None


def without_shown_expectations(reason: str, expected_level: str | None, examples: Sequence[str]) -> str:
    """The reason without the expected level and evidence examples it quotes (`Attendu : …`,
    `Exemples de preuves : …`) when the report shows them in their own box just below. The JSON
    keeps the whole reason: it must read on its own."""
    if expected_level:
        reason = reason.replace(expected_sentence(expected_level), "")
    if examples:
        reason = reason.replace(examples_sentence(examples), "")
    return reason


def indicator_view(
    assessment: IndicatorAssessment, referential: Referential | None, scope: Scope, previous_nc: str | None = None
) -> IndicatorView:
    reference = _referential_indicator(referential, assessment.number)
    expected_level = (reference.expected_level_fr or None) if reference else None
    examples = list(reference.evidence_examples_fr) if reference else []
    return IndicatorView(
        number=assessment.number,
        criterion=assessment.criterion,
        criterion_title=labels.criterion_short_title(
            assessment.criterion, _criterion_full_title(referential, assessment.criterion)
        ),
        status=assessment.status,
        status_label=labels.status_label(assessment.status),
        reason=_masked(without_shown_expectations(assessment.reason, expected_level, examples)),
        wording=reference.wording_fr if reference else None,
        expected_level=expected_level,
        evidence_examples=examples,
        evidence=[_evidence(e) for e in assessment.evidence],
        missing=[labels.element_label(e, referential.id if referential else None) for e in assessment.missing_elements],
        missing_by_document=[
            DocumentGap(path=path, missing=[labels.element_label(e, referential.id if referential else None) for e in elements])
            for path, elements in sorted(assessment.missing_by_document.items())
            if elements
        ],
        needs_review=assessment.needs_review,
        review_notes=review_notes_for(reference, scope) if reference else [],
        change_note=reference.changed_from_previous if reference else None,
        proposed_nc=assessment.proposed_nc,
        previous_nc=previous_nc,
    )


def group_by_criterion(indicators: list[IndicatorView], referential: Referential | None) -> list[CriterionGroup]:
    numbers = sorted({indicator.criterion for indicator in indicators})
    return [
        CriterionGroup(
            number=number,
            title=labels.criterion_short_title(number, _criterion_full_title(referential, number)),
            full_title=_criterion_full_title(referential, number),
            indicators=sorted((i for i in indicators if i.criterion == number), key=lambda i: i.number),
        )
        for number in numbers
    ]


def check_view(check: AdmissibilityCheck) -> CheckView:
    return CheckView(
        id=check.id,
        label=labels.check_label(check.id),
        status=check.status,
        status_label=labels.check_status_label(check.status),
        message=check.message,
    )


def document_view(document: DocumentRecord) -> DocumentView:
    return DocumentView(
        path=document.path,
        doc_type=document.doc_type,
        doc_type_label=labels.doc_type_label(document.doc_type),
        status=document.status,
        error=document.error,
        pages=document.pages,
        ocr=document.ocr,
        ocr_confidence=(
            f"{labels.format_decimal(round(document.ocr_confidence))}\u00a0%"
            if document.ocr and document.ocr_confidence is not None
            else None
        ),
        fields=[
            FieldView(label=labels.field_label(name), value=_masked(labels.format_field(name, value)))
            for name, value in document.fields.items()
        ],
        classification_reason=document.classification_reason,
        sha256=document.sha256,
    )


def scope_view(report: GapReport) -> ScopeView:
    scope = report.scope
    return ScopeView(
        categories=[labels.category_label(c) for c in scope.categories],
        flags=[
            FieldView(label=labels.label("scope_flags", name), value=labels.yes_no(getattr(scope, name)))
            for name in ("certifying", "alternance", "new_entrant", "subcontracting")
        ],
        source=labels.label("scope_source", scope.source),
        reasons=list(scope.reasons),
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else " ".join(w + "s" for w in word.split(" "))


def outcome_view(report: GapReport) -> OutcomeView:
    """« 2 non-conformités majeures à lever sous 3 mois, 1 mineure : plan d'action sous 6 mois ; … »."""
    rules = load_nonconformity_rules()
    major, minor = report.nc_projection.major, report.nc_projection.minor
    parts = []
    if major:
        parts.append(f"{major} {_plural(major, 'non-conformité majeure')} à lever sous {rules.major_lift_months} mois")
    if minor:
        noun = "mineure" if major else "non-conformité mineure"
        parts.append(f"{minor} {_plural(minor, noun)} : plan d'action sous {rules.minor_action_plan_months} mois")
    projection = ", ".join(parts) if parts else "aucune non-conformité"
    if major:
        projection += " ; certification impossible tant qu'une majeure reste ouverte"
    notes = []
    if minor:
        limit = rules.max_open_minor_uncertain
        notes.append(
            ("Plus de " if minor > limit else "Au-delà de ")
            + f"{limit} mineures ouvertes, plusieurs certificateurs comptent l'ensemble comme une majeure qui bloque"
            " la certification : règle non confirmée dans le texte, à vérifier."
        )
    notes.append("Proposition à partir des écarts détectés ; l'auditeur reste seul juge de la gradation.")
    audit = report.audit
    return OutcomeView(
        audit_type=f"{labels.label('audit_types', audit.type)} ({labels.label('audit_type_source', audit.type_source)})",
        type_reasons=list(audit.type_reasons),
        projection=f"Non-conformités projetées : {projection}.",
        notes=notes,
    )


def previous_nc_view(nc: PreviousNonconformity, statuses: Mapping[int, str]) -> PreviousNcView:
    outcome = labels.label("previous_nc_outcomes", nc.outcome)
    if nc.requalified:
        requalified_as = load_nonconformity_rules().previous_audit.requalified_when_not_lifted[nc.grade]
        outcome = PREVIOUS_NC_TEXT["grid_requalified"].format(
            outcome=outcome, new_grade=labels.label("previous_nc_grades", requalified_as)
        )
    status = statuses.get(nc.indicator)
    return PreviousNcView(
        indicator=nc.indicator,
        grade=labels.label("previous_nc_grades", nc.grade),
        source=_evidence(nc.source),
        status_now=labels.status_label(status) if status else None,
        outcome=outcome,
    )


def previous_nc_section(report: GapReport) -> PreviousNcSection | None:
    previous = report.audit.previous_nonconformities
    if not previous:
        return None
    statuses = {i.number: i.status for i in report.indicators}
    follows_an_audit = report.audit.type in load_nonconformity_rules().previous_audit.follows_an_audit
    return PreviousNcSection(
        items=[previous_nc_view(nc, statuses) for nc in previous],
        note=PREVIOUS_NC_TEXT["rule" if follows_an_audit else "initial_audit"],
    )


def identity_lines(report: GapReport) -> list[FieldView]:
    """A foreign organisation's French identity (its representative) and its own registrations beside it."""
    organization = report.organization
    lines = []
    if organization.foreign:
        lines.append(FieldView("Établi hors de France", "oui (déclaré dans dossier.yaml)"))
    elif organization.possibly_foreign:
        lines.append(FieldView("Établi hors de France", "possiblement : à confirmer par l'organisme"))
    representative = organization.representative
    if representative is not None:
        lines.append(
            FieldView(
                "Représentant en France",
                f"{representative.name or 'non nommé'} — SIREN {representative.siren or 'non renseigné'},"
                f" NDA {representative.nda or 'non renseigné'}",
            )
        )
    # One line per registration, with every document that prints it.
    sources: dict[tuple[str, str, str | None], list[str]] = {}
    for registration in organization.foreign_registrations:
        sources.setdefault((registration.kind, registration.value, registration.country), []).append(registration.source)
    for (kind, value, country), paths in sources.items():
        label = labels.label("foreign_registration_kinds", kind)
        suffix = f" {country}" if kind in ("vat", "address") and country else ""
        lines.append(FieldView(f"{label}{suffix}", f"{value} ({', '.join(dict.fromkeys(paths))})"))
    return lines


def audit_lines(report: GapReport) -> list[FieldView]:
    audit = report.audit
    lines = [FieldView("Type d'audit", labels.label("audit_types", audit.type))]
    if audit.extension_categories:
        lines.append(FieldView("Catégories ajoutées", ", ".join(labels.category_label(c) for c in audit.extension_categories)))
    if audit.type != "initial":
        days = labels.format_days(audit.days) if audit.days is not None else "à confirmer"
        lines.append(FieldView(f"Durée estimée de l'{labels.label('audit_types', audit.type).lower()}", days))
    if audit.days_note and audit.type != "initial":
        lines.append(FieldView("Durée : précision", audit.days_note))
    if audit.reviewed_indicators:
        listed = ", ".join(str(n) for n in audit.reviewed_indicators)
        lines.append(FieldView("Indicateurs revus au minimum", listed))
    if audit.reviewed_indicators_note:
        lines.append(FieldView("Indicateurs revus : précision", audit.reviewed_indicators_note))
    if audit.initial_audit_days is not None:
        lines.append(FieldView("Durée estimée de l'audit initial", labels.format_days(audit.initial_audit_days)))
    if audit.revenue_band:
        lines.append(FieldView("Tranche de chiffre d'affaires", audit.revenue_band))
    lines.append(FieldView("Origine du chiffre d'affaires", labels.label("revenue_source", audit.revenue_source)))
    if audit.note:
        lines.append(FieldView("Remarque", audit.note))
    return lines


def build_view(report: GapReport, referential: Referential | None = None) -> ReportView:
    """`referential` defaults to the one named in the report (None when unknown here)."""
    referential = referential if referential is not None else resolve_referential(report)
    previous = previous_nc_section(report)
    previous_cells = {item.indicator: item.cell for item in previous.items} if previous else {}
    indicators = [
        indicator_view(a, referential, report.scope, previous_cells.get(a.number))
        for a in sorted(report.indicators, key=lambda a: a.number)
    ]
    checks = [check_view(c) for c in report.admissibility.checks]
    applicable = [i for i in indicators if i.status != "not_applicable"]
    return ReportView(
        report=report,
        verdict=verdict(report),
        referential_id=report.referential.id,
        referential_name=referential.name_fr if referential else None,
        referential_known=referential is not None,
        effective_from=labels.format_date(report.referential.effective_from),
        indicator_count=report.referential.indicator_count,
        scope=scope_view(report),
        failed_checks=[c for c in checks if c.status == "fail"],
        warning_checks=[c for c in checks if c.status == "warning"],
        passed_checks=[c for c in checks if c.status == "pass"],
        missing_groups=group_by_criterion([i for i in indicators if i.status == "missing"], referential),
        partial_groups=group_by_criterion([i for i in indicators if i.status == "partial"], referential),
        applicable_groups=group_by_criterion(applicable, referential),
        not_applicable=[i for i in indicators if i.status == "not_applicable"],
        documents=[document_view(d) for d in report.documents],
        audit_lines=audit_lines(report),
        identity_lines=identity_lines(report),
        outcome=outcome_view(report),
        previous_ncs=previous,
    )
