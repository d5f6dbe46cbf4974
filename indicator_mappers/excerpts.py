"""Excerpts an officer reads as evidence: short, around the match, with personal data masked
(`indicator_mappers.masking`). Documents that list or name people (attendance sheets, survey
answers, completion certificates) are never quoted: their excerpt is a summary (pages, dates,
counts, rates; for a certificate the nature of the action, its length and the stated outcome) built
from the extracted fields and the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from extractors.text_normalize import fold
from indicator_mappers.masking import mask_personal_data
from schemas.contract import DocType, FieldValue
from schemas.extraction import DossierDocument

EXCERPT_CHARS = 300
ELLIPSIS = "…"

# Documents whose rows are people, or that are made out to one person: summarised, never quoted.
SUMMARISED_DOC_TYPES: frozenset[DocType] = frozenset({"attendance_sheet", "satisfaction_survey", "completion_certificate"})

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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

_SUMMARY_TITLES: Mapping[str, str] = {
    "attendance_sheet": "Feuille d'émargement",
    "satisfaction_survey": "Enquête de satisfaction",
    "completion_certificate": "Attestation de fin de formation",
}
_CERTIFICATE_TITLES = (("certificat de realisation", "Certificat de réalisation"),)
# The natures of L. 6313-1 as certificates word them (folded text), longest first so that
# « action de formation par apprentissage » is not read as « action de formation ».
_NATURES = (
    ("action de formation par apprentissage", "action de formation par apprentissage"),
    ("bilan de competences", "bilan de compétences"),
    ("validation des acquis", "action de VAE"),
    ("action de vae", "action de VAE"),
    ("action de formation", "action de formation"),
)
_CHECKED = "■☒☑✔✓⊠"
_NATURE_AFTER_LABEL = re.compile(r"nature de l'action[^:\n]{0,60}:\s*(?P<rest>[^\n]{0,80})")
_HOURS = re.compile(r"dur[ée]e[^.;\n]{0,40}?(\d+(?:[.,]\d+)?)\s*(?:heures|h)\b", re.IGNORECASE)
# What the certificate says of the outcome, never who reached it.
_OUTCOMES = (
    ("objectifs partiellement atteints", "objectifs partiellement atteints"),
    ("objectifs non atteints", "objectifs non atteints"),
    ("objectifs atteints", "objectifs atteints"),
    ("competences acquises", "compétences acquises"),
)
_CERTIFICATION_OBTAINED = re.compile(r"certification[^.;\n]{0,40}obtenue")
_MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
           "decembre")
_WORDED_DATE = re.compile(r"\b(1er|\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d{2})\b")


def _format_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f") if value == int(value) else f"{value:.1f}".replace(".", ",")


def _format_field(name: str, value: FieldValue) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    if name in ("satisfaction_rate", "response_rate") and isinstance(value, (int, float)):
        label = "taux de satisfaction" if name == "satisfaction_rate" else "taux de réponse"
        return f"{label} {_format_number(round(float(value) * 100, 1))} %"
    if name == "respondents" and isinstance(value, (int, float)):
        return f"{_format_number(float(value))} répondant{'s' if value > 1 else ''}"
    if name in ("start_date", "end_date", "document_date") and isinstance(value, str):
        shown = _iso_to_fr(value) if _ISO_DATE.fullmatch(value) else value
        return {"start_date": "du", "end_date": "au", "document_date": "daté du"}[name] + f" {shown}"
    if name in ("training_title", "title") and isinstance(value, str):
        return f"« {mask_personal_data(value[:80])} »"
    return None


_FIELD_WORDING: Mapping[str, str] = {
    "duration_hours": "durée {value:g} h",
    "price_eur": "tarif {value:g} €",
}


def field_excerpt(name: str, value: FieldValue) -> str:
    """An extracted field cited as evidence when no sentence of the text was matched."""
    if name in _FIELD_WORDING and isinstance(value, (int, float)):
        shown = _FIELD_WORDING[name].format(value=value)
    else:
        shown = _format_field(name, value) or f"{name} = {value}"
    return mask_personal_data(f"Valeur extraite du document : {shown}")


def _dates_in_text(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        numeric = [(int(d), int(m), y) for d, m, y in _DATE.findall(text)]
        worded = [(1 if d == "1er" else int(d), _MONTHS.index(m) + 1, y) for d, m, y in _WORDED_DATE.findall(fold(text))]
        for day, month, year in numeric + worded:
            if 1 <= day <= 31 and 1 <= month <= 12:
                found.append(f"{year}-{month:02d}-{day:02d}")
    return sorted(set(found))


def _certificate_facts(text: str) -> list[str]:
    """Nature of the action, length and stated outcome of a completion certificate: no name, no company."""
    folded = fold(text)
    facts = [next((title for key, title in _CERTIFICATE_TITLES if key in folded), _SUMMARY_TITLES["completion_certificate"])]
    if nature := _nature(folded):
        facts.append(nature)
    if hours := _HOURS.search(folded):
        facts.append(f"durée {hours.group(1).replace('.', ',')} h")
    if outcome := next((label for key, label in _OUTCOMES if key in folded), None):
        facts.append(outcome)
    if _CERTIFICATION_OBTAINED.search(folded):
        facts.append("certification obtenue")
    return facts


def _nature(folded: str) -> str | None:
    # a cerfa lists every nature with a box: only the ticked one counts
    for key, label in _NATURES:
        if re.search(f"[{_CHECKED}]\\s*{key}", folded):
            return label
    if "□" in folded or "☐" in folded:
        return None
    after = _NATURE_AFTER_LABEL.search(folded)
    return next((label for key, label in _NATURES if after and after.group("rest").startswith(key)), None)


def _iso_to_fr(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


_SUMMARY_SUFFIX = " (synthèse, aucune donnée nominative reproduite)"
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


def summary_excerpt(document: DossierDocument) -> str:
    """What a document listing people proves, without naming anyone: pages, dates, counts, rates."""
    return summary_text(document)[: EXCERPT_CHARS - len(_SUMMARY_SUFFIX)] + _SUMMARY_SUFFIX


def summary_text(document: DossierDocument) -> str:
    """The summary itself: « Enquête de satisfaction ; 2 pages ; 25 répondants ; taux de satisfaction 92 % »."""
    record = document.record
    if record.doc_type == "completion_certificate":
        parts = _certificate_facts("\n".join(page.text for page in document.pages))
    else:
        parts = [_SUMMARY_TITLES.get(record.doc_type, "Document")]
    if record.pages or document.pages:
        pages = record.pages or len(document.pages)
        parts.append(f"{pages} page{'s' if pages > 1 else ''}")
    formatted = [
        text
        for name in _SUMMARY_FIELDS
        if name in record.fields and (text := _format_field(name, record.fields[name]))
    ]
    parts.extend(formatted)
    if not any(name in record.fields for name in ("start_date", "end_date", "document_date")):
        dates = _dates_in_text([page.text for page in document.pages])
        if len(dates) == 1:
            parts.append(f"daté du {_iso_to_fr(dates[0])}")
        elif dates:
            parts.append(f"{len(dates)} dates du {_iso_to_fr(dates[0])} au {_iso_to_fr(dates[-1])}")
    tables = [table for page in document.pages for table in page.tables]
    if record.doc_type == "attendance_sheet" and tables:
        rows = sum(max(len(table) - 1, 0) for table in tables)
        parts.append(f"{rows} ligne{'s' if rows > 1 else ''} d'émargement")
    return " ; ".join(parts)
