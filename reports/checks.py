"""The French of the assessment's phrases (`schemas/checks.py`): a check's message, the scope's reasons and
the audit's notes, written with the templates of `labels_fr.yaml` (`phrases`, one per `PhraseKind`).

A template names its params as `str.format` fields; the format spec says how a structured value reads:
`{paths:list}` joins with commas (`list;` with semicolons); `{values:sourced}` writes each value with its
sources; `{proofs:phrases}` writes nested phrases joined by semicolons (`phrases,` by commas, `phrases&`
by « et »); `{x:phrase}`
an optional nested phrase, empty when absent (`Phrase`: capitalised); `{categories:categories}` each
category as a sentence names it (`category`, `Category` for one; `flag`, `Flag` for a scope flag);
`{amount:euros}`; `{days:days}`; `{audit_type:audit_type}`; `{missing:labels=SECTION}`
ids by a section's labels; `{name:or=TEXT}` TEXT when the value is absent; `{registrations:registrations}`
foreign registrations with the documents printing them. A date reads dd/mm/yyyy. The evidence
templates (`reports/evidence.py`) write with the same formatter: `number` grouped by thousands (one
decimal when it has one), `percent` a fraction as a percentage, `day` an ISO date as dd/mm/yyyy (any
other text as written), `decimal` digits as printed with a decimal comma, `label=SECTION` an id by a
section's labels.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from schemas.checks import AuditPhrases, CheckedAdmissibility, CheckResult, Phrase
from schemas.contract import Admissibility, AdmissibilityCheck, AuditEstimate, ForeignRegistration, Scope
from schemas.labels_fr import label, labels_of

TEXT = labels_of("phrases")
_INLINE = labels_of("foreign_registration_inline")


def euros_fr(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", " ") + " €"


def days_fr(days: float) -> str:
    """« 0,5 jour », « 2 jours »."""
    return f"{days:g}".replace(".", ",") + " " + label("reasons", "days" if days >= 2 else "day")


def number_fr(value: float) -> str:
    """« 1 250 » (narrow no-break spaces), « 92,5 »."""
    return f"{value:,.0f}".replace(",", "\u202f") if value == int(value) else f"{value:.1f}".replace(".", ",")


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _iso_day(value: str) -> str:
    iso = _ISO_DATE.fullmatch(value)
    return f"{iso[3]}/{iso[2]}/{iso[1]}" if iso else value


def date_fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _sourced(values: Mapping[str, Sequence[str]], separator: str) -> str:
    return separator.join(f"{value} ({', '.join(sources)})" for value, sources in values.items())


def registrations_fr(registrations: Iterable[ForeignRegistration]) -> str:
    """« GB 04567890 (cgv.pdf) ; adresse BE « Rue Neuve 12, 1000 Bruxelles » (livret.pdf) », each value once."""
    shown: dict[str, list[str]] = {}
    for registration in registrations:
        kind = registration.kind if registration.kind in _INLINE else "other"
        text = _INLINE[kind].format(country=registration.country, value=registration.value)
        shown.setdefault(text, []).append(registration.source)
    return _sourced({text: list(dict.fromkeys(sources)) for text, sources in shown.items()}, " ; ")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


_SPECS: dict[str, Callable[[Any], str]] = {
    "list": lambda v: ", ".join(map(str, v)),
    "list;": lambda v: " ; ".join(map(str, v)),
    "sourced": lambda v: _sourced(v, ", "),
    "sourced;": lambda v: _sourced(v, " ; "),
    "phrases": lambda v: " ; ".join(map(phrase_fr, v)),
    # Sentences listed as the clauses of one sentence, which ends them: each without its own full stop.
    "clauses": lambda v: " ; ".join(phrase_fr(p).removesuffix(".") for p in v),
    "phrases,": lambda v: ", ".join(map(phrase_fr, v)),
    "phrases&": lambda v: label("reasons", "and").join(map(phrase_fr, v)),
    "phrase": lambda v: phrase_fr(v) if v is not None else "",
    "Phrase": lambda v: _capitalised(phrase_fr(v)),
    "categories": lambda v: ", ".join(f"{label('category_phrases', c)} ({c})" for c in v),
    "category": lambda v: label("category_phrases", v),
    "Category": lambda v: _capitalised(label("category_phrases", v)),
    "flag": lambda v: label("scope_flag_phrases", v),
    "Flag": lambda v: _capitalised(label("scope_flag_phrases", v)),
    "euros": euros_fr,
    "days": days_fr,
    "audit_type": lambda v: label("audit_types", v).lower(),
    "audit_type_label": lambda v: label("audit_types", v),
    "registrations": registrations_fr,
    "number": lambda v: number_fr(float(v)),
    "percent": lambda v: number_fr(round(float(v) * 100, 1)),
    "day": lambda v: _iso_day(str(v)),
    "decimal": lambda v: str(v).replace(".", ","),
}


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("label="):
            return label(format_spec.removeprefix("label="), value)
        if format_spec.startswith("or="):
            return str(value) if value else format_spec.removeprefix("or=")
        if format_spec.startswith("labels="):
            return ", ".join(label(format_spec.removeprefix("labels="), v) for v in value)
        if format_spec in _SPECS:
            return _SPECS[format_spec](value)
        if isinstance(value, date):
            return date_fr(value)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


def format_template(template: str, **params: Any) -> str:
    """A labels_fr.yaml template filled with structured params, by the format specs above."""
    return _FORMATTER.format(template, **params)


def phrase_fr(phrase: Phrase) -> str:
    return format_template(TEXT[phrase.kind.value], **phrase.params)


def message_fr(check: CheckResult) -> str:
    return " ".join(phrase_fr(p) for p in check.phrases)


def scope_fr(scope: Scope, reasons: Sequence[Phrase]) -> Scope:
    """The contract's scope with its reasons in French."""
    return scope.model_copy(update={"reasons": [phrase_fr(r) for r in reasons]})


def admissibility_fr(checked: CheckedAdmissibility) -> Admissibility:
    """The contract's admissibility: each check with its French message."""
    return Admissibility(
        admissible=checked.admissible,
        checks=[AdmissibilityCheck(id=c.id, status=c.status, message=message_fr(c)) for c in checked.checks],
    )


def audit_fr(audit: AuditEstimate, phrases: AuditPhrases) -> AuditEstimate:
    """The contract's audit estimate with its reasons and notes in French."""
    reviewed = phrases.reviewed_indicators_note
    return audit.model_copy(
        update={
            "type_reasons": [phrase_fr(p) for p in phrases.type_reasons],
            "note": " ".join(phrase_fr(p) for p in phrases.note) or None,
            "days_note": phrase_fr(phrases.days_note),
            "reviewed_indicators_note": phrase_fr(reviewed) if reviewed else None,
        }
    )
