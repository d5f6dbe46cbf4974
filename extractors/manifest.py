"""`dossier.yaml` bytes -> `DossierManifest`, keeping whatever is valid.

A broken manifest never stops a dossier: each invalid key is dropped (the dossier is then processed
with the defaults for that key) and a French message says what was wrong, for the report.
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import ValidationError

from schemas.manifest import DossierManifest


def parse_manifest(data: bytes) -> tuple[DossierManifest | None, list[str]]:
    """Returns the manifest (None when there is nothing usable) and the problems found, in French."""
    try:
        raw = yaml.safe_load(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, ["dossier.yaml n'est pas encodé en UTF-8 : il est ignoré, valeurs par défaut appliquées."]
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" (ligne {where.line + 1})" if where is not None else ""
        return None, [f"dossier.yaml n'est pas un YAML valide{line} : il est ignoré, valeurs par défaut appliquées."]
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        return None, ["dossier.yaml doit contenir des clés (dictionnaire YAML) : il est ignoré."]
    return _validate_dropping_invalid_keys(_with_whole_characters(raw))


def _with_whole_characters(value: Any) -> Any:
    """YAML's "\\ud83c\\udf93" escapes give two lone UTF-16 halves, not the emoji they spell (JSON
    writers escape that way): joined here, and a half with no partner becomes U+FFFD, since no report
    (UTF-8) can carry it."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_with_whole_characters(key): _with_whole_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_whole_characters(item) for item in value]
    return value


def _validate_dropping_invalid_keys(raw: dict[str, Any]) -> tuple[DossierManifest | None, list[str]]:
    problems: list[str] = []
    candidate = dict(raw)
    while True:
        try:
            return DossierManifest.model_validate(candidate), problems
        except ValidationError as error:
            dropped = {str(issue["loc"][0]) for issue in error.errors() if issue["loc"]}
            for issue in error.errors():
                problems.append(_describe(issue, candidate))
            if not dropped & set(candidate):
                return None, problems
            for key in dropped:
                candidate.pop(key, None)


def _describe(issue: dict[str, Any], raw: dict[str, Any]) -> str:
    location = ".".join(str(part) for part in issue["loc"])
    top_key = str(issue["loc"][0]) if issue["loc"] else ""
    if issue["type"] == "extra_forbidden":
        return f"dossier.yaml : clé inconnue « {location} » ignorée."
    if issue["type"] == "literal_error" and top_key == "categories":
        return (
            f"dossier.yaml : catégorie inconnue « {issue.get('input')} » (attendu : AF, BC, VAE ou CFA) ; "
            "catégories ignorées, périmètre déduit des pièces."
        )
    shown = raw.get(top_key)
    return f"dossier.yaml : valeur invalide pour « {location} » ({shown!r}) ; valeur par défaut appliquée."
