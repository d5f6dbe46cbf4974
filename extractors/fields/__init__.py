"""Contract fields of a classified document (CONTRACT.md §3), one module per family of doc types.

Every document also gets `siren` and `nda_number` when it prints them (footers, headers): the
identity-consistency check compares them across the dossier. A field that cannot be read is left
out rather than guessed; `siren_valid` accompanies `siren` (an invalid printed SIREN is a finding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from extractors.fields.bpf import bpf_fields
from extractors.fields.certificate import certificate_fields
from extractors.fields.identity import identity_fields, nda_receipt_fields
from extractors.fields.lines import Line, document_lines
from extractors.fields.programme import programme_fields
from extractors.fields.service import service_fields
from extractors.fields.survey import survey_fields
from schemas.contract import DocType, FieldValue
from schemas.extraction import PageText

FieldReader = Callable[[Sequence[PageText], Sequence[Line]], dict[str, FieldValue]]

_READERS: dict[DocType, FieldReader] = {
    "nda_receipt": lambda pages, lines: nda_receipt_fields(lines),
    "bpf": lambda pages, lines: bpf_fields(lines),
    "programme": lambda pages, lines: {
        **identity_fields(lines), **programme_fields(lines, pages[0].styled_lines if pages else ()),
    },
    "satisfaction_survey": lambda pages, lines: {**identity_fields(lines), **survey_fields(pages, lines)},
    "qualiopi_certificate": lambda pages, lines: certificate_fields(lines),
    "completion_certificate": lambda pages, lines: {**identity_fields(lines), **service_fields(lines)},
    "attendance_sheet": lambda pages, lines: {**identity_fields(lines), **service_fields(lines)},
}


def extract_fields(doc_type: DocType, pages: Sequence[PageText]) -> dict[str, FieldValue]:
    """Fields of a document of the given type; identity fields only for types without specific ones."""
    lines = document_lines(pages)
    reader = _READERS.get(doc_type)
    return reader(pages, lines) if reader else identity_fields(lines)


__all__ = ["extract_fields"]
