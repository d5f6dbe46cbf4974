"""What every human-facing report shows, computed once from a `GapReport` and its referential.

The HTML report and the XLSX grid both render this view, so a label, a masking rule or an ordering
is decided in one place. Pure: no I/O except reading the referential through its loader.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from indicator_mappers.applicability import review_notes_for
from indicator_mappers.masking import mask_personal_data
from indicator_mappers.nonconformity import load_nonconformity_rules
from indicator_mappers.referential import Indicator, Referential, referential_by_id
from reports import labels
from reports.reasons import reason_fr
from reports.verdict import Verdict, verdict
from schemas import AdmissibilityCheck, DocumentRecord, Evidence, GapReport, IndicatorAssessment, Scope
from schemas.contract import PreviousNonconformity
from schemas.labels_fr import labels_of
from schemas.reasons import ReasonKind

PREVIOUS_NC_TEXT = labels_of("previous_nc")
IDENTITY_TEXT = labels_of("identity_lines")
AUDIT_TEXT = labels_of("audit_lines")
OUTCOME_TEXT = labels_of("nc_outcome")


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


def shown_reason(assessment: IndicatorAssessment, expected_level: str | None, examples: Sequence[str]) -> str:
    """The reason without the expected level and evidence examples it quotes when the report shows them
    in their own box just below. The JSON keeps the whole reason: it must read on its own. A report read
    back from JSON has no structured reasons: its reason is shown whole."""
    if not assessment.reasons:
        return assessment.reason
    apart = {ReasonKind.EXAMPLES} if examples else set()
    shown = [
        r
        for r in assessment.reasons
        if not (r.kind is ReasonKind.EXPECTED and expected_level and r.params.get("from_referential"))
    ]
    return reason_fr(shown, shown_apart=apart)


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
        reason=_masked(shown_reason(assessment, expected_level, examples)),
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
        noun = _plural(major, OUTCOME_TEXT["major"])
        parts.append(OUTCOME_TEXT["major_part"].format(count=major, noun=noun, months=rules.major_lift_months))
    if minor:
        noun = _plural(minor, OUTCOME_TEXT["minor_after_major" if major else "minor"])
        parts.append(OUTCOME_TEXT["minor_part"].format(count=minor, noun=noun, months=rules.minor_action_plan_months))
    projection = ", ".join(parts) if parts else OUTCOME_TEXT["none"]
    if major:
        projection += OUTCOME_TEXT["major_blocks"]
    notes = []
    if minor:
        limit = rules.max_open_minor_uncertain
        lead = OUTCOME_TEXT["over_limit" if minor > limit else "at_limit"]
        notes.append(lead + OUTCOME_TEXT["open_minors"].format(limit=limit))
    notes.append(OUTCOME_TEXT["auditor_decides"])
    audit = report.audit
    return OutcomeView(
        audit_type=f"{labels.label('audit_types', audit.type)} ({labels.label('audit_type_source', audit.type_source)})",
        type_reasons=list(audit.type_reasons),
        projection=OUTCOME_TEXT["projection"].format(projection=projection),
        notes=notes,
    )


def previous_nc_view(nc: PreviousNonconformity, indicators: Mapping[int, IndicatorAssessment]) -> PreviousNcView:
    """As the assessment judged it: a requalified NC's new grade is its indicator's proposed NC."""
    outcome = labels.label("previous_nc_outcomes", nc.outcome)
    indicator = indicators.get(nc.indicator)
    if nc.requalified and indicator is not None and indicator.proposed_nc:
        outcome = PREVIOUS_NC_TEXT["grid_requalified"].format(
            outcome=outcome, new_grade=labels.label("previous_nc_grades", indicator.proposed_nc)
        )
    return PreviousNcView(
        indicator=nc.indicator,
        grade=labels.label("previous_nc_grades", nc.grade),
        source=_evidence(nc.source),
        status_now=labels.status_label(indicator.status) if indicator else None,
        outcome=outcome,
    )


def previous_nc_section(report: GapReport) -> PreviousNcSection | None:
    previous = report.audit.previous_nonconformities
    if not previous:
        return None
    indicators = {i.number: i for i in report.indicators}
    # « to_confirm » is the outcome the assessment gives at an audit that follows no audit.
    initial = any(nc.outcome == "to_confirm" for nc in previous)
    return PreviousNcSection(
        items=[previous_nc_view(nc, indicators) for nc in previous],
        note=PREVIOUS_NC_TEXT["initial_audit" if initial else "rule"],
    )


def identity_lines(report: GapReport) -> list[FieldView]:
    """A foreign organisation's French identity (its representative) and its own registrations beside it."""
    organization = report.organization
    lines = []
    if organization.foreign:
        lines.append(FieldView(IDENTITY_TEXT["foreign"], IDENTITY_TEXT["foreign_declared"]))
    elif organization.possibly_foreign:
        lines.append(FieldView(IDENTITY_TEXT["foreign"], IDENTITY_TEXT["foreign_possibly"]))
    representative = organization.representative
    if representative is not None:
        lines.append(
            FieldView(
                IDENTITY_TEXT["representative"],
                IDENTITY_TEXT["representative_value"].format(
                    name=representative.name or IDENTITY_TEXT["unnamed"],
                    siren=representative.siren or IDENTITY_TEXT["not_provided"],
                    nda=representative.nda or IDENTITY_TEXT["not_provided"],
                ),
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
    text = AUDIT_TEXT
    lines = [FieldView(text["type"], labels.label("audit_types", audit.type))]
    if audit.extension_categories:
        categories = ", ".join(labels.category_label(c) for c in audit.extension_categories)
        lines.append(FieldView(text["extension_categories"], categories))
    if audit.type != "initial":
        days = labels.format_days(audit.days) if audit.days is not None else text["days_unknown"]
        audit_type = labels.label("audit_types", audit.type).lower()
        lines.append(FieldView(text["days_of"].format(audit_type=audit_type), days))
    if audit.days_note and audit.type != "initial":
        lines.append(FieldView(text["days_note"], audit.days_note))
    if audit.reviewed_indicators:
        lines.append(FieldView(text["reviewed"], ", ".join(str(n) for n in audit.reviewed_indicators)))
    if audit.reviewed_indicators_note:
        lines.append(FieldView(text["reviewed_note"], audit.reviewed_indicators_note))
    if audit.initial_audit_days is not None:
        lines.append(FieldView(text["initial_days"], labels.format_days(audit.initial_audit_days)))
    if audit.revenue_band:
        lines.append(FieldView(text["revenue_band"], audit.revenue_band))
    lines.append(FieldView(text["revenue_source"], labels.label("revenue_source", audit.revenue_source)))
    if audit.note:
        lines.append(FieldView(text["note"], audit.note))
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
