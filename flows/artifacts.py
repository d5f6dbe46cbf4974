"""Keys of the Prefect artifacts a batch publishes: one `gap-report-…` per dossier.

Prefect accepts lowercase ASCII letters, digits and dashes only, while a dossier id is whatever its
user wrote (accents, spaces, emoji, capitals). The key is the id folded to that alphabet and
bounded; ids of one batch that fold alike (« Été » and « ete ») or to nothing (« ??? ») get a
short hash of the id as written, so that each dossier keeps its own artifact history.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from storage.keys import short_hash

SLUG_MAX_CHARS = 80
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NOT_ALLOWED.sub("-", ascii_text).strip("-")[:SLUG_MAX_CHARS].strip("-")


def artifact_keys(prefix: str, dossier_ids: Sequence[str]) -> dict[str, str]:
    """`prefix-<slug>` for each id, with `-<hash>` where the slug alone would not tell ids apart."""
    slugs = {dossier_id: slug(dossier_id) for dossier_id in dossier_ids}
    shared = Counter(slugs.values())
    return {
        dossier_id: f"{prefix}-{value}" if value and shared[value] == 1 else f"{prefix}-{value or 'dossier'}-{short_hash(dossier_id)}"
        for dossier_id, value in slugs.items()
    }
