"""What an evidence excerpt says when it does not quote the document, as structure.

A quote is the document's own words (`Evidence.excerpt`, masked by `indicator_mappers/excerpts.py`).
A document that lists or names people (an attendance sheet, a survey's answers, a completion
certificate) is summarised instead, and an extracted field is cited by its value: the assessment
returns a `Cited` (a kind and the facts it names: document type, pages, dates, counts, rates, hours),
and `reports/evidence.py` writes the contract's `excerpt` from the templates of `reports/labels_fr.yaml`
(`evidence`, one per `CitedKind`) when the gap report is assembled.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from schemas.kinded import Kinded


class CitedKind(StrEnum):
    """An excerpt the reports write, or one fact of it; the value is its template's key."""

    SUMMARY = "summary"  # facts: [the facts below], in the order they read
    FIELD_VALUE = "field_value"  # fact: one fact below, from an extracted field
    # what the document is
    DOC_TYPE = "doc_type"  # doc_type
    DOCUMENT = "document"  # a document type without a summary title of its own
    COMPLETION_ATTESTATION = (
        "completion_attestation"  # a completion certificate not titled « certificat de réalisation »
    )
    # a completion certificate's facts
    NATURE = "nature"  # nature (an id of the certificate_natures labels)
    CERTIFICATE_HOURS = "certificate_hours"  # hours, digits as the certificate prints them
    OUTCOME = "outcome"  # outcome (an id of the certificate_outcomes labels)
    CERTIFICATION_OBTAINED = "certification_obtained"
    # counts, dates, rates
    PAGES = "pages"  # count
    TITLE = "title"  # text (the document's own, masked)
    RESPONDENTS = "respondents"  # count
    SATISFACTION_RATE = "satisfaction_rate"  # rate (a fraction)
    RESPONSE_RATE = "response_rate"  # rate (a fraction)
    START_DATE = "start_date"  # day (ISO, or as the document writes it)
    END_DATE = "end_date"  # day
    DOCUMENT_DATE = "document_date"  # day
    DATES = "dates"  # count, first, last (ISO): the dates the text names
    ATTENDANCE_ROWS = "attendance_rows"  # count
    DURATION = "duration"  # hours (a number)
    PRICE = "price"  # amount (a number)
    FIELD = "field"  # name, value: a field without a wording of its own


class Cited(Kinded):
    kind: CitedKind


def cited(kind: CitedKind, **params: Any) -> Cited:
    return Cited(kind=kind, params=params)
