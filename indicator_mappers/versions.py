"""Which RNQ version a dossier is assessed against (shared/reference/RNQ_VERSIONS.md).

1. `dossier.yaml` → `referential` forces a version; an unknown id is reported and ignored.
2. Otherwise the version in force on `audit_date`, else on the run date (a Europe/Paris calendar day:
   the caller passes the Paris date, never a UTC one).
There is no transition period; the rule is the same for every audit type.
"""

from __future__ import annotations

from datetime import date

from indicator_mappers.referential import Referential, load_referentials, referential_by_id, referential_in_force
from schemas.manifest import DossierManifest


def _fr_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def select_referential(manifest: DossierManifest | None, run_date: date) -> tuple[Referential, list[str]]:
    """The referential to use and the French warnings the choice raised."""
    warnings: list[str] = []
    forced = (manifest.referential or "").strip() if manifest else ""
    if forced:
        try:
            return referential_by_id(forced), warnings
        except KeyError:
            known = ", ".join(r.id for r in load_referentials())
            warnings.append(
                f"Version de référentiel « {forced} » inconnue dans dossier.yaml (versions connues : {known}) :"
                " la version est choisie d'après la date."
            )

    audit_date = manifest.audit_date if manifest else None
    day = audit_date or run_date
    referential = referential_in_force(day)
    if audit_date is not None:
        basis = f"date d'audit prévue ({_fr_date(audit_date)})"
    else:
        basis = f"date d'exécution ({_fr_date(run_date)}), faute de date d'audit dans dossier.yaml"
    if referential.effective_from > day:
        warnings.append(
            f"Aucune version du référentiel n'est en vigueur à la {basis} : la plus ancienne connue"
            f" ({referential.id}) est utilisée."
        )
    return referential, warnings

