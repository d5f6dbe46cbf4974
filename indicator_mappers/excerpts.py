"""Excerpts an officer reads as evidence: short, around the match, with personal data masked
(`indicator_mappers.masking`). Documents that list or name people (attendance sheets, survey
answers, completion certificates) are never quoted: their excerpt is a summary (pages, dates,
counts, rates; for a certificate the nature of the action, its length and the stated outcome) built
from the extracted fields and the text, as structure (`schemas/evidence.py`): `reports/evidence.py`
writes its French, as it writes an extracted field's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.text_normalize import fold
from indicator_mappers.masking import mask_personal_data
from schemas.contract import DocType, FieldValue
from schemas.evidence import Cited, CitedKind, cited
from schemas.extraction import DossierDocument

EXCERPT_CHARS = 300
ELLIPSIS = "…"

# Documents whose rows are people, or that are made out to one person: summarised, never quoted.
SUMMARISED_DOC_TYPES: frozenset[DocType] = frozenset({"attendance_sheet", "satisfaction_survey", "completion_certificate"})

_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d{2})\b")
_SPACES = re.compile(r"\s+")


def excerpt_around(text: str, start: int, end: int, width: int = EXCERPT_CHARS) -> str:
    """At most `width` characters of `text` centred on [start, end), cut between words, masked.

    The match itself is kept whole (truncated only if longer than `width`); « … » marks a cut."""
    start, end = max(0, start), min(len(text), max(start, end))
    if end - start >= width:
        snippet_start, snippet_end = start, start + width
    else:
        room = width - (end - start)
        snippet_start = max(0, start - room // 2)
        snippet_end = min(len(text), end + (room - (start - snippet_start)))
        snippet_start = max(0, snippet_start - (width - (snippet_end - snippet_start)))
        if snippet_start > 0:
            snippet_start = text.find(" ", snippet_start, start) + 1 or snippet_start
        if snippet_end < len(text):
            cut = text.rfind(" ", end, snippet_end)
            snippet_end = cut if cut > 0 else snippet_end
    snippet = _SPACES.sub(" ", text[snippet_start:snippet_end]).strip()
    masked = mask_personal_data(snippet)
    prefix = ELLIPSIS if snippet_start > 0 else ""
    suffix = ELLIPSIS if snippet_end < len(text) else ""
    return f"{prefix}{masked}{suffix}"


# --------------------------------------------------------------------------- summaries

# The natures of L. 6313-1 as certificates word them (folded text), longest first so that
# « action de formation par apprentissage » is not read as « action de formation »; the value is
# the id the reports name it by (`certificate_natures`).
_NATURES = (
    ("action de formation par apprentissage", "apprenticeship"),
    ("bilan de competences", "skills_assessment"),
    ("validation des acquis", "vae"),
    ("action de vae", "vae"),
    ("action de formation", "training"),
)
_CHECKED = "■☒☑✔✓⊠"
_NATURE_AFTER_LABEL = re.compile(r"nature de l'action[^:\n]{0,60}:\s*(?P<rest>[^\n]{0,80})")
_HOURS = re.compile(r"duree[^.;\n]{0,40}?(\d+(?:[.,]\d+)?)\s*(?:heures|h)\b", re.IGNORECASE)
# What the certificate says of the outcome, never who reached it (ids of `certificate_outcomes`).
_OUTCOMES = (
    ("objectifs partiellement atteints", "objectives_partly_met"),
    ("objectifs non atteints", "objectives_not_met"),
    ("objectifs atteints", "objectives_met"),
    ("competences acquises", "skills_acquired"),
)
_REALISATION_CERTIFICATE = "certificat de realisation"
_CERTIFICATION_OBTAINED = re.compile(r"certification[^.;\n]{0,40}obtenue")
_MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
           "decembre")
_WORDED_DATE = re.compile(r"\b(1er|\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d{2})\b")
# Documents whose title is their type's label; any other summarised document is « a document ».
_TITLED_DOC_TYPES: frozenset[DocType] = frozenset({"attendance_sheet", "satisfaction_survey"})

_FIELD_FACTS: Mapping[str, CitedKind] = {
    "satisfaction_rate": CitedKind.SATISFACTION_RATE,
    "response_rate": CitedKind.RESPONSE_RATE,
    "respondents": CitedKind.RESPONDENTS,
    "start_date": CitedKind.START_DATE,
    "end_date": CitedKind.END_DATE,
    "document_date": CitedKind.DOCUMENT_DATE,
    "training_title": CitedKind.TITLE,
    "title": CitedKind.TITLE,
}
_NUMBER_FACTS = {CitedKind.SATISFACTION_RATE, CitedKind.RESPONSE_RATE, CitedKind.RESPONDENTS}
_DATE_FACTS = {CitedKind.START_DATE, CitedKind.END_DATE, CitedKind.DOCUMENT_DATE}
_NUMBER_FIELDS: Mapping[str, tuple[CitedKind, str]] = {
    "duration_hours": (CitedKind.DURATION, "hours"),
    "price_eur": (CitedKind.PRICE, "amount"),
}


def _field_fact(name: str, value: FieldValue) -> Cited | None:
    kind = _FIELD_FACTS.get(name)
    if kind is None or value is None or isinstance(value, bool):
        return None
    if kind in _NUMBER_FACTS and isinstance(value, (int, float)):
        return cited(kind, **({"count": value} if kind is CitedKind.RESPONDENTS else {"rate": value}))
    if kind in _DATE_FACTS and isinstance(value, str):
        return cited(kind, day=value)
    if kind is CitedKind.TITLE and isinstance(value, str):
        return cited(kind, text=mask_personal_data(value[:80]))
    return None


def field_cited(name: str, value: FieldValue) -> Cited:
    """An extracted field cited as evidence when no sentence of the text was matched, masked."""
    if name in _NUMBER_FIELDS and isinstance(value, (int, float)):
        kind, param = _NUMBER_FIELDS[name]
        fact = cited(kind, **{param: value})
    else:
        fact = _field_fact(name, value) or cited(CitedKind.FIELD, name=name, value=str(value))
    masked = {k: mask_personal_data(v) if isinstance(v, str) else v for k, v in fact.params.items()}
    return cited(CitedKind.FIELD_VALUE, fact=cited(fact.kind, **masked))


def _dates_in_text(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        numeric = [(int(d), int(m), y) for d, m, y in _DATE.findall(text)]
        worded = [(1 if d == "1er" else int(d), _MONTHS.index(m) + 1, y) for d, m, y in _WORDED_DATE.findall(fold(text))]
        for day, month, year in numeric + worded:
            if 1 <= day <= 31 and 1 <= month <= 12:
                found.append(f"{year}-{month:02d}-{day:02d}")
    return sorted(set(found))


def _certificate_facts(text: str) -> list[Cited]:
    """Nature of the action, length and stated outcome of a completion certificate: no name, no company."""
    folded = fold(text)
    facts = [
        cited(CitedKind.DOC_TYPE, doc_type="completion_certificate")
        if _REALISATION_CERTIFICATE in folded
        else cited(CitedKind.COMPLETION_ATTESTATION)
    ]
    if nature := _nature(folded):
        facts.append(cited(CitedKind.NATURE, nature=nature))
    if hours := _HOURS.search(folded):
        facts.append(cited(CitedKind.CERTIFICATE_HOURS, hours=hours.group(1)))
    if outcome := next((outcome for key, outcome in _OUTCOMES if key in folded), None):
        facts.append(cited(CitedKind.OUTCOME, outcome=outcome))
    if _CERTIFICATION_OBTAINED.search(folded):
        facts.append(cited(CitedKind.CERTIFICATION_OBTAINED))
    return facts


def _nature(folded: str) -> str | None:
    # a cerfa lists every nature with a box: only the ticked one counts
    for key, nature in _NATURES:
        if re.search(f"[{_CHECKED}]\\s*{key}", folded):
            return nature
    if "□" in folded or "☐" in folded:
        return None
    after = _NATURE_AFTER_LABEL.search(folded)
    return next((nature for key, nature in _NATURES if after and after.group("rest").startswith(key)), None)


_SUMMARY_FIELDS = (
    "training_title",
    "title",
    "respondents",
    "satisfaction_rate",
    "response_rate",
    "start_date",
    "end_date",
    "document_date",
)


def summary_cited(document: DossierDocument) -> Cited:
    """What a document listing people proves, without naming anyone: pages, dates, counts, rates."""
    record = document.record
    if record.doc_type == "completion_certificate":
        facts = _certificate_facts("\n".join(page.text for page in document.pages))
    elif record.doc_type in _TITLED_DOC_TYPES:
        facts = [cited(CitedKind.DOC_TYPE, doc_type=record.doc_type)]
    else:
        facts = [cited(CitedKind.DOCUMENT)]
    if record.pages or document.pages:
        facts.append(cited(CitedKind.PAGES, count=record.pages or len(document.pages)))
    facts.extend(
        fact for name in _SUMMARY_FIELDS if name in record.fields and (fact := _field_fact(name, record.fields[name]))
    )
    if not any(name in record.fields for name in ("start_date", "end_date", "document_date")):
        dates = _dates_in_text([page.text for page in document.pages])
        if len(dates) == 1:
            facts.append(cited(CitedKind.DOCUMENT_DATE, day=dates[0]))
        elif dates:
            facts.append(cited(CitedKind.DATES, count=len(dates), first=dates[0], last=dates[-1]))
    tables = [table for page in document.pages for table in page.tables]
    if record.doc_type == "attendance_sheet" and tables:
        facts.append(cited(CitedKind.ATTENDANCE_ROWS, count=sum(max(len(table) - 1, 0) for table in tables)))
    return cited(CitedKind.SUMMARY, facts=facts)
