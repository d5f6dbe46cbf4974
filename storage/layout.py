"""Cut an INPUT listing into dossiers (shared/CONTRACT.md §1-§2), from the listing alone.

* The root is one dossier when it holds a `dossier.yaml` or an evidence file directly.
* Otherwise every top-level folder holding one, at any depth, is a dossier; each dossier keeps
  every file below it, whatever the depth (organisations sort evidence into sub-folders freely).
* Files of an unknown extension inside a dossier stay in it: the extractor reports them as
  unsupported, so the officer sees that something was sent and not read, instead of silence.
* Hidden and system files (table in `layout.yaml`) are dropped everywhere.
* In a many-dossier INPUT, loose files at the top that are not evidence (a README...) and folders
  holding no evidence at all are left out and logged.
"""

from __future__ import annotations

import logging
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict

from schemas.rule_files import read_rule_file
from storage.base import Storage, StoredFile

logger = logging.getLogger(__name__)

_RULES_PATH = Path(__file__).with_name("layout.yaml")


class LayoutRules(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    manifest_name: str
    evidence_extensions: frozenset[str]
    ignored_file_patterns: tuple[str, ...]
    ignored_folder_patterns: tuple[str, ...]


class DossierLocation(BaseModel):
    dossier_key: str
    """Prefix of the dossier in the storage ('' when INPUT itself is the dossier), no trailing '/'."""
    default_id: str
    """The folder's name: the dossier id unless `dossier.yaml` declares one."""
    files: list[StoredFile]
    """Every file of the dossier, `dossier.yaml` included, keys relative to the storage root."""


@cache
def layout_rules() -> LayoutRules:
    raw = read_rule_file(_RULES_PATH)
    return LayoutRules(
        manifest_name=raw["manifest_name"],
        evidence_extensions=frozenset(ext.casefold() for ext in raw["evidence_extensions"]),
        ignored_file_patterns=tuple(p.casefold() for p in raw["ignored_file_patterns"]),
        ignored_folder_patterns=tuple(p.casefold() for p in raw["ignored_folder_patterns"]),
    )


def is_ignored(key: str, rules: LayoutRules | None = None) -> bool:
    rules = rules or layout_rules()
    *folders, name = key.casefold().split("/")
    return any(fnmatchcase(name, p) for p in rules.ignored_file_patterns) or any(
        fnmatchcase(folder, p) for folder in folders for p in rules.ignored_folder_patterns
    )


def marks_dossier(key: str, rules: LayoutRules | None = None) -> bool:
    """True for a manifest or an evidence file: what makes its folder a dossier."""
    rules = rules or layout_rules()
    name = PurePosixPath(key).name
    return name == rules.manifest_name or PurePosixPath(name).suffix.casefold() in rules.evidence_extensions


def discover_dossiers(storage: Storage) -> list[DossierLocation]:
    rules = layout_rules()
    files = [f for f in storage.list_files() if not is_ignored(f.key, rules)]
    if any(marks_dossier(f.key, rules) for f in files if "/" not in f.key):
        return [DossierLocation(dossier_key="", default_id=_root_name(storage.url), files=files)]

    by_folder: dict[str, list[StoredFile]] = {}
    for stored in files:
        folder, separator, _ = stored.key.partition("/")
        if separator:
            by_folder.setdefault(folder, []).append(stored)
        else:
            logger.info("ignoring %r at the top of %s: neither evidence nor inside a dossier", stored.key, storage.url)

    dossiers = []
    for folder, members in sorted(by_folder.items()):
        if any(marks_dossier(f.key, rules) for f in members):
            dossiers.append(DossierLocation(dossier_key=folder, default_id=folder, files=members))
        else:
            logger.info("ignoring folder %r of %s: no dossier.yaml and no evidence file", folder, storage.url)
    return dossiers


def _root_name(url: str) -> str:
    """Last segment of a local path or of ``s3://bucket/prefix`` (the bucket when there is no prefix)."""
    return PurePosixPath(url.rstrip("/")).name or "dossier"
