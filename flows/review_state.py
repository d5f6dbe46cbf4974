"""What a batch has to do, decided from the storage listing before any file is read.

Each dossier gets a plan: its id (from `dossier.yaml` or its folder), its output folder, its
evidence files, and its last review (`.review-state.json`). A dossier whose listing (names, sizes,
ETags or modification times), manifest and code and rules are those of its last review is
unchanged: its batch row comes from its stored report and nothing of it is read. When every
dossier is unchanged the batch has nothing to do, and the command line answers without starting
Prefect's server, the extraction workers or spaCy: this module and those it imports stay light.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import PurePosixPath

from pydantic import BaseModel

from extractors.manifest import parse_manifest
from flows.artifacts import artifact_keys
from flows.fingerprint import ReviewState, listing_signature
from flows.progress import ProgressObserver
from flows.storage_io import SourceFile, StorageTarget, join_key, read_if_present, storage_for, write_files
from reports.batch import BatchEntry, render_batch_csv
from schemas import GapReport
from storage import StoredFile
from storage.keys import dossier_folder
from storage.layout import DossierLocation, discover_dossiers

PIPELINE_VERSION = version("qualiopi-review")
MANIFEST_NAME = "dossier.yaml"
STATE_NAME = ".review-state.json"
SUMMARY_NAME = "batch_summary.csv"


class DossierPlan(BaseModel):
    """One dossier of the batch, as known before any of its files is read."""

    location: DossierLocation
    dossier_id: str
    """As its user wrote it (`dossier.yaml` or the folder's name): what every report shows."""
    folder: str
    """Its output folder under OUT, unique in the batch (`storage.keys.dossier_folder`)."""
    artifact_key: str
    # (path relative to the dossier, listing entry) of every evidence file: all but the manifest.
    evidence: list[tuple[str, StoredFile]]
    manifest_bytes: bytes | None
    listing: str | None
    previous: ReviewState | None
    # Set when the listing is that of the last review: the dossier is not read again.
    unchanged: BatchEntry | None = None

    def sources(self, target: StorageTarget) -> list[SourceFile]:
        return [
            SourceFile(storage=target, key=stored.key, relative_path=relative_path, size=stored.size)
            for relative_path, stored in self.evidence
        ]


class DossierOutcome(BaseModel):
    entry: BatchEntry
    skipped: bool
    # (path, readable) of each document read, for progress shown where the task did not run.
    documents: list[tuple[str, bool]] = []


class BatchOutcome(BaseModel):
    entries: list[BatchEntry]
    skipped: list[str]
    documents: int


def read_manifest(target: StorageTarget, location: DossierLocation) -> bytes | None:
    return read_if_present(target, join_key(location.dossier_key, MANIFEST_NAME), max_bytes=1_000_000)


def read_previous_review(target: StorageTarget, folder: str) -> ReviewState | None:
    data = read_if_present(target, join_key(folder, STATE_NAME), max_bytes=1_000_000)
    if data is None:
        return None
    try:
        return ReviewState.model_validate_json(data)
    except ValueError:
        return None


def read_stored_entry(target: StorageTarget, folder: str) -> BatchEntry | None:
    """The batch row of the dossier's last report; None when that report is missing or unreadable
    (the dossier is then reviewed again)."""
    data = read_if_present(target, join_key(folder, "gap_report.json"))
    if data is None:
        return None
    try:
        return BatchEntry.from_report(GapReport.model_validate_json(data))
    except ValueError:
        return None


def write_state(target: StorageTarget, folder: str, state: ReviewState) -> None:
    storage_for(target).write_bytes_atomic(join_key(folder, STATE_NAME), state.model_dump_json().encode())


def plan_batch(source: StorageTarget, out: StorageTarget, force: bool) -> list[DossierPlan]:
    """The dossiers of `source`, in the listing's order, each with what its last review left in `out`."""
    return plan_dossiers(source, out, discover_dossiers(storage_for(source)), force)


def plan_dossiers(
    source: StorageTarget, out: StorageTarget, dossiers: Sequence[DossierLocation], force: bool
) -> list[DossierPlan]:
    found: list[tuple[DossierLocation, str, bytes | None]] = []
    for location in dossiers:
        manifest_bytes = read_manifest(source, location)
        manifest, _ = parse_manifest(manifest_bytes) if manifest_bytes is not None else (None, [])
        found.append((location, (manifest and manifest.dossier_id) or location.default_id, manifest_bytes))
    keys = artifact_keys("gap-report", [dossier_id for _, dossier_id, _ in found])
    plans: list[DossierPlan] = []
    used_folders: set[str] = set()
    for location, dossier_id, manifest_bytes in found:
        folder = _unique(dossier_folder(dossier_id), used_folders)
        evidence = _evidence_listing(location)
        listing = listing_signature(evidence, manifest_bytes)
        previous = None if force else read_previous_review(out, folder)
        unchanged = None
        if previous is not None and listing is not None and previous.listing == listing:
            unchanged = read_stored_entry(out, folder)
        plans.append(
            DossierPlan(
                location=location, dossier_id=dossier_id, folder=folder, artifact_key=keys[dossier_id],
                evidence=evidence, manifest_bytes=manifest_bytes, listing=listing, previous=previous,
                unchanged=unchanged,
            )
        )
    return plans


def unchanged_outcomes(plans: Sequence[DossierPlan], progress: ProgressObserver) -> dict[str, DossierOutcome]:
    """The outcome of every unchanged dossier, by output folder, each reported done to `progress`."""
    outcomes: dict[str, DossierOutcome] = {}
    for plan in plans:
        if plan.unchanged is not None:
            outcomes[plan.folder] = DossierOutcome(entry=plan.unchanged, skipped=True)
            progress.dossier_done(plan.dossier_id, True)
    return outcomes


def finish_batch(out: StorageTarget, plans: Sequence[DossierPlan], outcomes: Mapping[str, DossierOutcome]) -> BatchOutcome:
    """Writes the batch summary, one row per dossier in the listing's order whatever order the
    dossiers were reviewed in, and returns the batch's outcome."""
    entries = [outcomes[plan.folder].entry for plan in plans]
    write_files(out, "", {SUMMARY_NAME: render_batch_csv(entries)})
    return BatchOutcome(
        entries=entries,
        skipped=[plan.dossier_id for plan in plans if outcomes[plan.folder].skipped],
        documents=sum(len(plan.evidence) for plan in plans),
    )


def finish_unchanged_batch(
    out: StorageTarget, plans: Sequence[DossierPlan], progress: ProgressObserver
) -> BatchOutcome:
    """The outcome of a batch whose dossiers are all unchanged (`needs_review` is false), its
    summary written: what a run with nothing to do answers without starting anything."""
    progress.batch_started(len(plans), 0)
    return finish_batch(out, plans, unchanged_outcomes(plans, progress))


def needs_review(plans: Sequence[DossierPlan]) -> bool:
    return any(plan.unchanged is None for plan in plans)


def _evidence_listing(location: DossierLocation) -> list[tuple[str, StoredFile]]:
    """(path relative to the dossier, listing entry) of every evidence file: all but the manifest."""
    return [
        (_relative(location, stored.key), stored)
        for stored in location.files
        if PurePosixPath(stored.key).name != MANIFEST_NAME
    ]


def _relative(location: DossierLocation, key: str) -> str:
    prefix = location.dossier_key.rstrip("/")
    return key[len(prefix) + 1 :] if prefix else key


def _unique(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3`…: compared case-insensitively, since an output folder may
    live on a file system that does not tell « ABC » from « abc »."""
    name, counter = candidate, 2
    while name.casefold() in used:
        name, counter = f"{candidate}-{counter}", counter + 1
    used.add(name.casefold())
    return name
