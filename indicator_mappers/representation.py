"""Check `representative_in_france` (CONTRACT.md §3): a foreign organisation's dossier must hold the
mandate, appointment letter or representation agreement of its representative domiciled in France.

The document may be of any doc_type (usually `training_agreement` or `unknown`): what counts is what
it names. The tables are `representation` in `admissibility_rules.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from extractors.text_normalize import compile_phrase, fold
from indicator_mappers.admissibility import normalized_name
from indicator_mappers.admissibility_rules import RepresentationRules, load_admissibility_rules
from indicator_mappers.foreign import ForeignContext, registrations_in
from schemas.checks import PhraseKind as P, CheckResult, check, phrase
from schemas.contract import CheckId
from schemas.extraction import DossierDocument

CHECK_ID = CheckId.REPRESENTATIVE_IN_FRANCE
# What a mandate must name, in the order the officer reads it (labels_fr.yaml `mandate_elements`).
ELEMENTS = ("mandate", "representative", "siren", "address", "foreign")


def _text(document: DossierDocument) -> str:
    cells = [" ".join(cell for cell in row if cell) for page in document.pages for table in page.tables for row in table]
    return "\n".join([page.text for page in document.pages] + cells)


def _prints_number(text: str, digits: str) -> bool:
    """The number printed with or without spaces or dots between its digits."""
    return re.search(r"(?<!\d)" + r"[\s.]?".join(digits) + r"(?!\d)", text) is not None


def _names(folded: str, name: str | None, rules: RepresentationRules) -> bool:
    wanted = normalized_name(name) if name else ""
    return bool(wanted) and fuzz.partial_ratio(wanted, folded) >= rules.name_min_similarity


def elements_of(document: DossierDocument, context: ForeignContext, rules: RepresentationRules) -> dict[str, bool]:
    """Which of `ELEMENTS` the document holds."""
    text = _text(document)
    folded_text = fold(text)
    folded = re.sub(r"[^a-z0-9]+", " ", folded_text)
    representative = context.representative
    siren = representative.siren if representative else None
    return {
        "mandate": any(compile_phrase(p).search(folded_text) for p in rules.mandate_phrases),
        # An unnamed representative (no name declared nor read) is not asked for by name.
        "representative": not (representative and representative.name)
        or _names(folded, representative.name, rules),
        "siren": bool(siren) and _prints_number(text, siren or ""),
        "address": compile_phrase(rules.french_address).search(folded_text) is not None,
        "foreign": _names(folded, context.organization_name, rules) or bool(registrations_in([document])),
    }


def _missing(elements: dict[str, bool]) -> list[str]:
    return [name for name in ELEMENTS if not elements[name]]


def check_representative_in_france(documents: Sequence[DossierDocument], context: ForeignContext) -> CheckResult | None:
    """Pass when a document names all of `ELEMENTS`; fail (a warning when the organisation is only
    possibly foreign) with what the officer must ask for. None for a French organisation."""
    if not context.applies:
        return None
    rules = load_admissibility_rules().representation
    readable = [d for d in documents if d.record.status == "ok"]
    candidates = [(d, elements_of(d, context, rules)) for d in readable]
    candidates = [(d, e) for d, e in candidates if e["mandate"]]
    best = max(candidates, key=lambda c: sum(c[1].values()), default=None)
    possibly = None if context.declared else phrase(P.POSSIBLY_FOREIGN, registrations=context.registrations)
    status = "fail" if context.declared else "warning"
    if best is not None and not _missing(best[1]):
        record = best[0].record
        provided = phrase(P.MANDATE_PROVIDED, path=record.path, doc_type=record.doc_type)
        return check(CHECK_ID, "pass" if context.declared else "warning", possibly, provided)
    if best is None:
        return check(CHECK_ID, status, possibly, phrase(P.NO_MANDATE))
    incomplete = phrase(P.MANDATE_INCOMPLETE, path=best[0].record.path, missing=_missing(best[1]))
    return check(CHECK_ID, status, possibly, incomplete)
