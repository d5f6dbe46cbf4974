"""Which RNQ version a dossier is assessed against (shared/reference/RNQ_VERSIONS.md).

1. `dossier.yaml` → `referential` forces a version; an unknown id is reported and ignored.
2. Otherwise the version in force on `audit_date`, else on the run date (a Europe/Paris calendar day:
   the caller passes the Paris date, never a UTC one).
There is no transition period; the rule is the same for every audit type.
"""

from __future__ import annotations

from datetime import date

from indicator_mappers.referential import Referential, load_referentials, referential_by_id, referential_in_force
from schemas.checks import Phrase, PhraseKind as P, phrase
from schemas.manifest import DossierManifest


def select_referential(manifest: DossierManifest | None, run_date: date) -> tuple[Referential, list[Phrase]]:
    """The referential to use and the warnings the choice raised."""
    warnings: list[Phrase] = []
    forced = (manifest.referential or "").strip() if manifest else ""
    if forced:
        try:
            return referential_by_id(forced), warnings
        except KeyError:
            known = [r.id for r in load_referentials()]
            warnings.append(phrase(P.UNKNOWN_REFERENTIAL, forced=forced, known=known))

    audit_date = manifest.audit_date if manifest else None
    day = audit_date or run_date
    referential = referential_in_force(day)
    if referential.effective_from > day:
        basis = (
            phrase(P.BASIS_PLANNED_AUDIT_DATE, on=audit_date)
            if audit_date
            else phrase(P.BASIS_RUN_DATE_NO_AUDIT_DATE, on=run_date)
        )
        warnings.append(phrase(P.NO_REFERENTIAL_IN_FORCE, basis=basis, referential=referential.id))
    return referential, warnings
