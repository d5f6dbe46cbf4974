"""When a service was delivered, read from its proofs (completion certificate, attendance sheet).

The period is the first « du <date> au <date> » whose end does not precede its start and which lasts
no longer than one service can (`field_rules.yaml`, `service`); the proof's own date is the one after
its signing label (« Fait à Rennes le … »). The audit cycle dates the services of a dossier with them.
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.fields.dates import find_dates
from extractors.fields.lines import Line, labelled_values
from extractors.fields.rules import field_rules
from schemas.contract import FieldValue

# Dates of a period or a signature are printed within these characters after their label.
_BESIDE_CHARS = 60


def service_fields(lines: Sequence[Line]) -> dict[str, FieldValue]:
    rules = field_rules().service
    fields: dict[str, FieldValue] = {}
    for hit in labelled_values(lines, rules.period_labels):
        dates = find_dates(hit.after[:_BESIDE_CHARS])
        if len(dates) >= 2 and 0 <= (dates[1] - dates[0]).days <= rules.max_period_days:
            fields["start_date"], fields["end_date"] = dates[0].isoformat(), dates[1].isoformat()
            break
    for hit in labelled_values(lines, rules.document_date_labels):
        if dates := find_dates(hit.after[:_BESIDE_CHARS]):
            fields["document_date"] = dates[0].isoformat()
            break
    return fields
