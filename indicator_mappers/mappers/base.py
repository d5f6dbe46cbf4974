"""What every mapper shares: finding an element's evidence, deciding whether it is required, and
turning element outcomes into an `IndicatorAssessment` with its structured reasons."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from indicator_mappers.applicability import ApplicabilityDecision, condition_holds, review_notes_for
from indicator_mappers.excerpts import SUMMARISED_DOC_TYPES, excerpt_around, field_cited, summary_cited
from indicator_mappers.mappers.registry import MapperParams
from indicator_mappers.mappers.table import ElementSpec, EvidenceTable, FieldRequirement, IndicatorSpec
from indicator_mappers.matching import DocumentMatches, PageMatches
from indicator_mappers.referential import Indicator, Referential
from schemas.contract import Evidence, IndicatorAssessment, IndicatorStatus, Scope
from schemas.reasons import ElementReason, Located, Reason, ReasonKind

MAX_EVIDENCE = 12

Requirement = Literal["required", "review", "waived"]
P = TypeVar("P", bound=MapperParams)


@dataclass(frozen=True)
class Hit:
    """One place an element was found: a span of a page, or an extracted field of a document."""

    matches: DocumentMatches
    page: PageMatches | None = None
    start: int = 0
    end: int = 0
    field_name: str | None = None

    @property
    def path(self) -> str:
        return self.matches.path

    @property
    def page_number(self) -> int | None:
        return self.page.number if self.page else None

    def evidence(self) -> Evidence:
        """The page's own words around the match; a summary or a field's value when it cannot be quoted,
        as structure whose excerpt the reports write."""
        document = self.matches.document
        if document.record.doc_type in SUMMARISED_DOC_TYPES:
            return Evidence(path=self.path, page=self.page_number, excerpt="", cited=summary_cited(document))
        if self.field_name is None and self.page is not None:
            return Evidence(
                path=self.path, page=self.page_number, excerpt=excerpt_around(self.page.text, self.start, self.end)
            )
        name = self.field_name or ""
        cited = field_cited(name, document.record.fields.get(name))
        return Evidence(path=self.path, page=self.page_number, excerpt="", cited=cited)

    def located(self) -> Located:
        return Located(path=self.path, page=self.page_number)


@dataclass(frozen=True)
class ElementOutcome:
    id: str
    spec: ElementSpec
    requirement: Requirement
    hits: tuple[Hit, ...] = ()
    # Where the element is only announced (see `ElementSpec.mention_doc_types`); empty when it is found.
    mentions: tuple[Hit, ...] = ()
    # What the officer checks when a mapper made the element a review one (the table's `review_fr` otherwise).
    review: Reason | None = None

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def only_mentioned(self) -> bool:
        return not self.hits and bool(self.mentions)

    @property
    def counts(self) -> bool:
        return self.requirement != "waived"


@dataclass(frozen=True)
class MappingContext:
    referential: Referential
    indicator: Indicator
    spec: IndicatorSpec
    table: EvidenceTable
    scope: Scope
    decision: ApplicabilityDecision
    documents: Sequence[DocumentMatches]

    def params(self, model: type[P]) -> P:
        """The indicator's mapper parameters as `model`, the one its mapper registered."""
        if not isinstance(self.spec.params, model):
            given = type(self.spec.params).__name__
            raise TypeError(f"indicator {self.indicator.number}: parameters {given}, not {model.__name__}")
        return self.spec.params

    def element(self, element_id: str) -> ElementSpec:
        return self.table.elements[element_id]

    def documents_of(self, *doc_types: str) -> list[DocumentMatches]:
        return [d for d in self.documents if d.doc_type in doc_types]

    def find(
        self,
        element_id: str,
        documents: Iterable[DocumentMatches] | None = None,
        *,
        honour_doc_types: bool = True,
    ) -> tuple[Hit, ...]:
        """Where the element is found, best first: preferred document types in their order, then
        unclassified documents, then the dossier's order, page and position; within a document, the
        element's own phrases, then its scoped phrases, then its alternatives."""
        spec = self.element(element_id)
        clauses = self.table.clauses(element_id)
        pool = [d for d in (self.documents if documents is None else documents) if self._searched(d)]
        if honour_doc_types:
            pool = [d for d in pool if d.doc_type not in spec.mention_doc_types]
        rank = {doc_type: i for i, doc_type in enumerate(spec.doc_types or spec.prefer_doc_types)}
        pool.sort(key=lambda d: rank.get(d.doc_type, len(rank)))
        hits: list[Hit] = []
        for matches in pool:
            for clause in clauses:
                if honour_doc_types and not clause.counts_in(matches.doc_type):
                    continue
                hits.extend(Hit(matches, page, start, end) for page, start, end in matches.hits(clause.key))
                hits.extend(_field_hits(clause.fields, matches))
        return tuple(hits)

    def _searched(self, document: DocumentMatches) -> bool:
        return document.doc_type not in self.table.ignored_doc_types

    def mentions(self, element_id: str, documents: Iterable[DocumentMatches] | None = None) -> tuple[Hit, ...]:
        """Where the element is announced without being proven: its own matches in the documents that
        can only announce it, then the matches of the elements that announce it."""
        spec = self.element(element_id)
        pool = list(self.documents if documents is None else documents)
        announcing = [d for d in pool if d.doc_type in spec.mention_doc_types]
        hits = list(self.find(element_id, announcing, honour_doc_types=False)) if announcing else []
        for other in spec.mentioned_by:
            hits.extend(self.find(other, pool))
        return tuple(hits)

    def found_anywhere(self, element_id: str) -> bool:
        return bool(self.find(element_id))

    def requirement(self, element_id: str) -> Requirement:
        """Whether the element is required of this dossier: waived when the scope does not call for it (its
        conditions, exempt categories, marker element, a new entrant's implementation proof)."""
        spec = self.element(element_id)
        if any(not condition_holds(c, self.scope) for c in spec.when):
            return "waived"
        if spec.exempt_categories and set(self.scope.categories) <= set(spec.exempt_categories):
            return "waived"
        if spec.required_if and not self.found_anywhere(spec.required_if):
            return "waived"
        if spec.implementation and self.decision.formalisation_only:
            return "waived"
        return "review" if spec.review_fr else "required"

    def outcome(self, element_id: str, documents: Iterable[DocumentMatches] | None = None) -> ElementOutcome:
        requirement = self.requirement(element_id)
        pool = None if documents is None else list(documents)
        hits = self.find(element_id, pool)
        return ElementOutcome(
            id=element_id,
            spec=self.element(element_id),
            requirement=requirement,
            hits=hits,
            mentions=() if hits else self.mentions(element_id, pool),
        )

    def outcomes(self) -> list[ElementOutcome]:
        return [self.outcome(element_id) for element_id in self.spec.elements]


def _field_satisfied(requirement: FieldRequirement, value: object) -> bool:
    if value is None or value == "" or isinstance(value, bool):
        return False
    if requirement.min is None:
        return True
    return isinstance(value, (int, float)) and value >= requirement.min


def _field_hits(requirements: Sequence[FieldRequirement], matches: DocumentMatches) -> list[Hit]:
    fields = matches.document.record.fields
    return [
        Hit(matches, None, field_name=r.field)
        for r in requirements
        if (not r.doc_types or matches.doc_type in r.doc_types) and _field_satisfied(r, fields.get(r.field))
    ]


# --------------------------------------------------------------------------- conclusions


@dataclass
class Findings:
    """What a mapper concluded, before it becomes an `IndicatorAssessment`."""

    outcomes: list[ElementOutcome]
    notes: list[Reason] = field(default_factory=list)
    extra_evidence: list[Evidence] = field(default_factory=list)
    missing_by_document: dict[str, list[str]] = field(default_factory=dict)
    # What the mapper examined (the offers of indicator 1), said before anything else.
    scope_note: Reason | None = None
    # Set when the evidence cannot prove the indicator in full whatever it holds: says why.
    at_most_partial: Reason | None = None


def best_evidence(outcomes: Iterable[ElementOutcome], extra: Iterable[Evidence] = ()) -> list[Evidence]:
    """One excerpt per found element (its best hit), then per element only announced (its first mention),
    then the mapper's own, without duplicates."""
    counted = [o for o in outcomes if o.counts]
    items = [o.hits[0].evidence() for o in counted if o.found]
    items += [o.mentions[0].evidence() for o in counted if o.only_mentioned]
    evidence: list[Evidence] = []
    for item in items + list(extra):
        if item not in evidence:
            evidence.append(item)
    return evidence[:MAX_EVIDENCE]


def element_reason(outcome: ElementOutcome, at: Hit | None = None, *, expected: bool = False) -> ElementReason:
    """The element as a reason names it: id, label, and where it was found or announced if `at`."""
    return ElementReason(
        id=outcome.id,
        label=outcome.spec.label_fr,
        expected=outcome.spec.expected_fr if expected else "",
        evidence=at.located() if at else None,
    )


def _missing_reasons(context: MappingContext) -> list[Reason]:
    indicator = context.indicator
    expected = indicator.expected_level_fr or "; ".join(
        context.element(e).expected_fr for e in context.spec.elements if context.element(e).expected_fr
    )
    reasons = [Reason(kind=ReasonKind.NO_EVIDENCE)]
    if expected:
        params = {"expected": expected, "from_referential": bool(indicator.expected_level_fr)}
        reasons.append(Reason(kind=ReasonKind.EXPECTED, params=params))
    if indicator.evidence_examples_fr:
        reasons.append(Reason(kind=ReasonKind.EXAMPLES, params={"examples": indicator.evidence_examples_fr[:3]}))
    return reasons


def conclude(context: MappingContext, findings: Findings) -> IndicatorAssessment:
    """The status the findings support, with its reasons as structure (`reports/reasons.py` writes them)."""
    counted = [o for o in findings.outcomes if o.counts]
    required_missing = [o for o in counted if o.requirement == "required" and not o.found]
    review_missing = [o for o in counted if o.requirement == "review" and not o.found]
    found = [o for o in counted if o.found]
    announced = [o for o in counted if o.only_mentioned]
    evidence = best_evidence(counted, findings.extra_evidence)

    # A review element rests on a fact the reference marks uncertain: missing, it is never a hard gap
    # nor a silent pass, but a question for the officer, so the indicator stays partial.
    status: IndicatorStatus
    if not required_missing:
        status = "covered" if evidence and not review_missing else "partial"
    elif found or announced or findings.extra_evidence:
        status = "partial"
    else:
        status = "missing"
    capped = status == "covered" and findings.at_most_partial is not None
    if capped:
        status = "partial"

    reasons: list[Reason] = []
    if findings.scope_note:
        reasons.append(findings.scope_note)
    if context.decision.formalisation_only:
        waived = [o for o in findings.outcomes if o.requirement == "waived" and o.spec.implementation]
        reasons.append(Reason(kind=ReasonKind.NEW_ENTRANT, elements=[element_reason(o) for o in waived]))
    if status == "missing":
        reasons += _missing_reasons(context)
    else:
        if found:
            elements = [element_reason(o, o.hits[0]) for o in found]
            reasons.append(Reason(kind=ReasonKind.FOUND, elements=elements, params={"all": status == "covered"}))
        if announced_required := [o for o in required_missing if o.only_mentioned]:
            elements = [element_reason(o, o.mentions[0], expected=True) for o in announced_required]
            reasons.append(Reason(kind=ReasonKind.ANNOUNCED, elements=elements))
        if absent := [o for o in required_missing if not o.only_mentioned]:
            elements = [element_reason(o, expected=True) for o in absent]
            reasons.append(Reason(kind=ReasonKind.MISSING, elements=elements))
    reasons += findings.notes
    if findings.at_most_partial and status != "missing":
        reasons.append(findings.at_most_partial)
    reasons += [
        o.review or Reason(kind=ReasonKind.TO_REVIEW, elements=[element_reason(o)], text=o.spec.review_fr or "")
        for o in review_missing
    ]
    notes = review_notes_for(context.indicator, context.scope)
    reasons += [Reason(kind=ReasonKind.UNCERTAIN_REFERENTIAL, text=note) for note in notes]

    return IndicatorAssessment(
        number=context.indicator.number,
        criterion=context.indicator.criterion,
        status=status,
        evidence=evidence if status != "missing" else [],
        missing_elements=[o.id for o in required_missing],
        reasons=reasons,
        missing_by_document=findings.missing_by_document,
        needs_review=bool(review_missing or notes or capped),
    )
