"""Prefect tasks and flows wiring storage -> extract -> classify/fields -> assess -> reports.

`review_batch` discovers the dossiers and first sets aside those whose listing (names, sizes,
ETags or modification times), manifest and pipeline version are those of their last review: they
are neither read nor assessed again, their batch row comes from their stored report. It then
submits one `review_dossier` task per other dossier: the task reads the dossier's files through the
extraction workers and, unless their contents turn out unchanged after all (copied files with new
dates), assesses the dossier and writes its reports. Every stage called here is a plain function
that works without Prefect.

One task per dossier, not one per file: the embedded server spends about 15 ms of CPU recording a
task run and the client about 10 ms running one, which on a batch of small files was a tenth of the
whole batch's CPU, taken from the cores that read the documents. The files of a dossier still run
in parallel (threads handing them to the extraction workers), and the workers serve the batch's
earliest dossier first (`extractors.isolation`), so a dossier is complete early and is assessed
while the next ones are read. A task, not a subflow: creating a flow run is a blocking API call,
and with the embedded SQLite server it collided with the writes of task records ("database is
locked", then a 2 s client retry).
"""

from __future__ import annotations

import concurrent.futures
import gc
import hashlib
import json
import logging
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import cache
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import SettingsContext, get_settings_context
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from pydantic import BaseModel, ConfigDict

from extractors import Priority, configure_pool, default_pool_size, read_isolated
from extractors.manifest import parse_manifest
from extractors.records import to_record
from flows.artifacts import artifact_keys
from flows.embedded import wait_for_embedded_server
from flows.extraction_cache import cache_path, read_cached, write_cached
from flows.fingerprint import ReviewState, dossier_fingerprint, listing_signature
from flows.progress import OncePerDocument, ProgressObserver, observer, observing
from flows.runners import THREADS_PER_WORKER
from indicator_mappers.assess import assess_dossier
from indicator_mappers.assess import prepare as prepare_assessment
from indicator_mappers.referential import referential_in_force
from reports.batch import BatchEntry, batch_dataframe, render_batch_csv
from reports.grid import grid_from_view
from reports.html import headline_markdown, html_from_view
from reports.json_report import render_json
from reports.view import build_view
from schemas import DossierDocument, DossierManifest, GapReport, PipelineSettings
from storage import Storage, StoredFile, open_storage, remove_temporaries
from storage.keys import dossier_folder, file_suffix
from storage.layout import DossierLocation, discover_dossiers

PIPELINE_VERSION = version("qualiopi-review")
MANIFEST_NAME = "dossier.yaml"
STATE_NAME = ".review-state.json"
REPORT_NAMES = ("gap_report.json", "gap_report.html", "audit_grid.xlsx")
PARIS = ZoneInfo("Europe/Paris")


class StorageTarget(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str
    s3_endpoint_url: str | None = None


class SourceFile(BaseModel):
    storage: StorageTarget
    key: str
    relative_path: str
    size: int = 0


class ReviewedDocument(BaseModel):
    document: DossierDocument
    seconds: float


@cache
def _storage(target: StorageTarget) -> Storage:
    """One client per process and target: boto3 clients are costly to build and thread-safe to share."""
    return open_storage(target.url, s3_endpoint_url=target.s3_endpoint_url)


def paris_today() -> date:
    return datetime.now(PARIS).date()


# --- extraction -------------------------------------------------------------------------------


@contextmanager
def _local_file(storage: Storage, key: str) -> Iterator[Path]:
    """The file itself when the storage is on this machine (no scratch folder to create and delete
    for each file), else a downloaded copy, deleted afterwards."""
    local = storage.local_path(key)
    if local is not None:
        yield local
        return
    with tempfile.TemporaryDirectory(prefix="qr-") as scratch:
        # The copy keeps the file's suffix: some readers (openpyxl) refuse a file named otherwise.
        yield storage.download_to(key, Path(scratch) / f"document{file_suffix(key)}")


def extract_source(
    source: SourceFile, settings: PipelineSettings, cache_dir: Path | None, priority: Priority = ()
) -> ReviewedDocument:
    """Fetch one file, extract it (or take the cached extraction of the same bytes), classify it."""
    started = time.monotonic()
    with _local_file(_storage(source.storage), source.key) as local:
        with local.open("rb") as handle:
            sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        cached_at = cache_path(cache_dir, sha256, settings.limits) if cache_dir else None
        cached = read_cached(cached_at) if cached_at else None
        if cached is not None:
            # The cache holds text only: the record is recomputed under this file's name.
            extracted = cached.model_copy(update={"path": source.relative_path})
            record = to_record(extracted)
        else:
            read = read_isolated(local, source.relative_path, settings.limits, sha256=sha256, priority=priority)
            extracted, record = read.extracted, read.record
            if cached_at:
                write_cached(cached_at, extracted)
    return ReviewedDocument(
        document=DossierDocument(record=record, pages=extracted.pages),
        seconds=time.monotonic() - started,
    )


def read_documents(
    sources: Sequence[SourceFile],
    settings: PipelineSettings,
    cache_dir: Path | None,
    position: int,
    on_read: Callable[[ReviewedDocument], None],
) -> list[ReviewedDocument]:
    """Every file of one dossier, in the files' order, read in parallel: the largest first (its scans
    do not come last), ahead of the files of dossiers after `position` in the batch. `on_read` sees
    each document as soon as it is read. A file that cannot be fetched fails the whole dossier (no
    review is written, the next run reads it again): a report must not call a file missing or
    unreadable because the storage failed for a moment."""
    if settings.workers:
        # The process that reads may be a Dask or process-pool worker, which the flow did not configure.
        configure_pool(settings.workers)
    order = sorted(range(len(sources)), key=lambda index: -sources[index].size)
    threads = max(1, min(len(sources), THREADS_PER_WORKER * (settings.workers or default_pool_size())))
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="qualiopi-read") as executor:
        futures = {
            executor.submit(extract_source, sources[index], settings, cache_dir, (position, rank)): index
            for rank, index in enumerate(order)
        }
        try:
            for future in concurrent.futures.as_completed(futures):
                on_read(future.result())
        except BaseException:
            executor.shutdown(cancel_futures=True)
            raise
    by_index = {index: future.result() for future, index in futures.items()}
    return [by_index[index] for index in range(len(sources))]


# --- one dossier ------------------------------------------------------------------------------


class DossierOutcome(BaseModel):
    entry: BatchEntry
    skipped: bool
    # (path, readable) of each document read, for progress shown where the task did not run.
    documents: list[tuple[str, bool]] = []


def read_manifest(target: StorageTarget, location: DossierLocation) -> bytes | None:
    key = _join(location.dossier_key, MANIFEST_NAME)
    storage = _storage(target)
    return storage.read_bytes(key, max_bytes=1_000_000) if storage.exists(key) else None


def read_previous_review(target: StorageTarget, folder: str) -> ReviewState | None:
    storage = _storage(target)
    key = _join(folder, STATE_NAME)
    if not storage.exists(key):
        return None
    try:
        return ReviewState.model_validate_json(storage.read_bytes(key, max_bytes=1_000_000))
    except ValueError:
        return None


def read_stored_entry(target: StorageTarget, folder: str) -> BatchEntry | None:
    """The batch row of the dossier's last report; None when that report is missing or unreadable
    (the dossier is then reviewed again)."""
    storage = _storage(target)
    key = _join(folder, "gap_report.json")
    if not storage.exists(key):
        return None
    try:
        return BatchEntry.from_report(GapReport.model_validate_json(storage.read_bytes(key)))
    except ValueError:
        return None


def write_reports(target: StorageTarget, folder: str, files: dict[str, bytes], state: bytes) -> None:
    """Each file lands under a temporary name then is renamed; the state marker goes last, so a run
    killed half-way leaves a dossier that the next run redoes, never a half-written report. The
    temporary files such a run left behind are removed first."""
    storage = _storage(target)
    remove_temporaries(storage, folder)
    for name, data in files.items():
        storage.write_bytes_atomic(_join(folder, name), data)
    write_state(target, folder, state)


def write_state(target: StorageTarget, folder: str, state: bytes) -> None:
    _storage(target).write_bytes_atomic(_join(folder, STATE_NAME), state)


def build_report(
    dossier_id: str,
    documents: Sequence[DossierDocument],
    manifest: DossierManifest | None,
    manifest_problems: Sequence[str],
    run_date: date,
    started: float,
) -> GapReport:
    assessment = assess_dossier(documents, manifest, manifest_problems, run_date)
    return GapReport(
        dossier_id=dossier_id,
        organization=assessment.organization,
        referential=assessment.referential,
        scope=assessment.scope,
        documents=assessment.records,
        admissibility=assessment.admissibility,
        indicators=assessment.indicators,
        audit=assessment.audit,
        nc_projection=assessment.nc_projection,
        pipeline_version=PIPELINE_VERSION,
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        processing_seconds=round(time.monotonic() - started, 3),
    )


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


@task(name="review-dossier", task_run_name="dossier {plan.dossier_id}", cache_policy=NO_CACHE)
def review_dossier(
    plan: DossierPlan,
    source: StorageTarget,
    out: StorageTarget,
    settings: PipelineSettings,
    cache_dir: Path | None,
    run_date: date,
    force: bool = False,
    position: int = 0,
) -> DossierOutcome:
    """Read one dossier's files, then assess it and write its reports, unless its files' contents,
    its manifest and the pipeline version are those of its last review (`plan.previous`).
    `position`: the dossier's rank in the batch, whose files the workers serve first."""
    logger = get_run_logger()
    progress = observer()

    def report_read(reviewed: ReviewedDocument) -> None:
        record = reviewed.document.record
        progress.document_done(plan.dossier_id, record.path, record.status == "ok")

    read = read_documents(plan.sources(source), settings, cache_dir, position, report_read)
    documents = [reviewed.document for reviewed in read]
    read_paths = [(document.record.path, document.record.status == "ok") for document in documents]
    started = time.monotonic() - sum(reviewed.seconds for reviewed in read)
    fingerprint = dossier_fingerprint(documents, plan.manifest_bytes)
    state = ReviewState(fingerprint=fingerprint, pipeline_version=PIPELINE_VERSION, listing=plan.listing)
    previous = plan.previous
    if not force and previous and previous.fingerprint == fingerprint:
        entry = read_stored_entry(out, plan.folder)
        if entry is not None:
            if previous.listing != plan.listing:
                # Same bytes under new dates (a copy, a re-upload): the next run can skip on the listing.
                write_state(out, plan.folder, state.model_dump_json().encode())
            logger.info("dossier %s unchanged since its last review: skipped", plan.dossier_id)
            return DossierOutcome(entry=entry, skipped=True, documents=read_paths)

    manifest, problems = parse_manifest(plan.manifest_bytes) if plan.manifest_bytes is not None else (None, [])
    report = build_report(plan.dossier_id, documents, manifest, problems, run_date, started)
    view = build_view(report)
    files = {
        "gap_report.json": render_json(report),
        "gap_report.html": html_from_view(view),
        "audit_grid.xlsx": grid_from_view(view),
    }
    write_reports(out, plan.folder, files, state.model_dump_json().encode())
    create_markdown_artifact(
        key=plan.artifact_key,
        markdown=headline_markdown(view),
        description=f"Rapport d'écarts du dossier {plan.dossier_id}",
    )
    logger.info("dossier %s reviewed: %d documents", plan.dossier_id, len(documents))
    return DossierOutcome(entry=BatchEntry.from_report(report), skipped=False, documents=read_paths)


# --- the batch --------------------------------------------------------------------------------


class BatchOutcome(BaseModel):
    entries: list[BatchEntry]
    skipped: list[str]
    documents: int


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


@flow(name="review-batch", log_prints=False)
def review_batch(
    input_url: str,
    out_url: str,
    s3_endpoint_url: str | None = None,
    force: bool = False,
    settings: PipelineSettings | None = None,
    cache_dir: str | None = None,
) -> BatchOutcome:
    logger = get_run_logger()
    settings = settings or PipelineSettings()
    source = StorageTarget(url=input_url, s3_endpoint_url=s3_endpoint_url)
    out = StorageTarget(url=out_url, s3_endpoint_url=s3_endpoint_url)
    run_date = paris_today()
    cache_path = Path(cache_dir) if cache_dir else None

    dossiers = discover_dossiers(_storage(source))
    logger.info("%d dossier(s) found in %s", len(dossiers), input_url)
    plans = plan_dossiers(source, out, dossiers, force)
    to_review = [plan for plan in plans if plan.unchanged is None]
    if to_review:
        # spaCy and the pattern banks load while the first documents are read (not before the flow:
        # holding the interpreter for seconds, that delayed the embedded server's start as long).
        in_background(lambda: prepare_long_lived(referential_in_force(run_date).id))
    logger.info("%d dossier(s) unchanged since their last review", len(plans) - len(to_review))
    progress = OncePerDocument(observer())
    with observing(progress):
        progress.batch_started(len(plans), sum(len(plan.evidence) for plan in to_review))

        # Every dossier is submitted up front, in the listing's order, which is also the order in which
        # the extraction workers serve their files.
        futures = {
            review_dossier.submit(plan, source, out, settings, cache_path, run_date, force, position): plan
            for position, plan in enumerate(to_review)
        }
        outcomes: dict[str, DossierOutcome] = {}
        for plan in plans:
            if plan.unchanged is not None:
                outcomes[plan.folder] = DossierOutcome(entry=plan.unchanged, skipped=True)
                progress.dossier_done(plan.dossier_id, True)
        for future in as_completed(list(futures)):
            plan = futures[future]
            outcomes[plan.folder] = outcome = _outcome(plan, future)
            for path, readable in outcome.documents:
                progress.document_done(plan.dossier_id, path, readable)
            progress.dossier_done(plan.dossier_id, outcome.skipped)

    # The batch rows keep the listing order, whatever order the dossiers were reviewed in.
    entries = [outcomes[plan.folder].entry for plan in plans]
    skipped = [plan.dossier_id for plan in plans if outcomes[plan.folder].skipped]
    write_batch_summary(out, entries)
    if entries:
        create_table_artifact(
            key="batch-summary",
            table=json.loads(batch_dataframe(entries).to_json(orient="records", force_ascii=False)),
            description="Synthèse du lot : un dossier par ligne",
        )
    return BatchOutcome(entries=entries, skipped=skipped, documents=sum(len(plan.evidence) for plan in plans))


def _outcome(plan: DossierPlan, future: PrefectFuture[DossierOutcome]) -> DossierOutcome:
    future.wait()  # the task's final state as its runner knows it, not as the server last recorded it
    state = future.state
    if state.is_completed():
        return state.result()
    # One dossier that cannot be reported must not cost the others theirs.
    get_run_logger().error("dossier %s could not be reported: %s", plan.dossier_id, state.message)
    message = "Le dossier n'a pas pu être analysé (erreur interne) ; il sera repris au prochain passage."
    return DossierOutcome(entry=BatchEntry.failed(plan.dossier_id, message), skipped=False)


def write_batch_summary(out: StorageTarget, entries: list[BatchEntry]) -> None:
    storage = _storage(out)
    remove_temporaries(storage, "")
    storage.write_bytes_atomic("batch_summary.csv", render_batch_csv(entries))


# --- small helpers ----------------------------------------------------------------------------


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


def _join(*parts: str) -> str:
    return "/".join(part.strip("/") for part in parts if part)


def _unique(candidate: str, used: set[str]) -> str:
    """`candidate`, or `candidate-2`, `-3`…: compared case-insensitively, since an output folder may
    live on a file system that does not tell « ABC » from « abc »."""
    name, counter = candidate, 2
    while name.casefold() in used:
        name, counter = f"{candidate}-{counter}", counter + 1
    used.add(name.casefold())
    return name


def start_workers_in_background(task_runner: TaskRunner, workers: int | None) -> None:
    """Starts the extraction workers while Prefect's embedded server starts (about 5 s), so that the
    first documents wait for nothing; only for the thread runner, the one that reads documents in
    this process's pool."""
    if isinstance(task_runner, ThreadPoolTaskRunner) and workers:
        in_background(configure_pool(workers).warm_up)


def prepare_long_lived(referential_id: str) -> None:
    """Loads spaCy and the referential's pattern bank (`prepare_assessment`), then sets what the
    process holds aside from the garbage collector, once per process."""
    prepare_assessment(referential_id)
    _freeze_once()


@cache
def _freeze_once() -> None:
    # spaCy's model and the pattern banks are over 600 000 objects that live as long as the process:
    # every full collection walked them all (0.2-0.3 s of the orchestrating process, now and then
    # during a batch), and the interpreter's last collection freed them one by one at exit (1.5 s of
    # every CLI run). Once per process: a served deployment's later runs would otherwise freeze the
    # garbage of the run before, for good.
    gc.freeze()


def in_background(job: Callable[[], object]) -> None:
    """Runs `job` ahead of need in a daemon thread; a failure is left for the run itself to meet
    and report where it needs what `job` prepares."""
    threading.Thread(target=_quietly, args=(job,), name="qualiopi-prepare", daemon=True).start()


def _quietly(job: Callable[[], object]) -> None:
    try:
        job()
    except Exception:  # noqa: BLE001  (the run meets the same failure where it is reported)
        logging.getLogger(__name__).debug("advance preparation failed", exc_info=True)


@contextmanager
def heartbeats_off_unless_configured() -> Iterator[None]:
    """Prefect's `temporary_settings(set_defaults=...)` does this by building its settings again
    from the environment and the profile, 25 ms of every batch; a copy of the settings in force with
    that one field changed is the same result in 0.1 ms."""
    context = get_settings_context()
    flows = context.settings.flows
    if "heartbeat_frequency" in flows.model_fields_set:
        yield
        return
    quiet = context.settings.model_copy(update={"flows": flows.model_copy(update={"heartbeat_frequency": None})})
    with SettingsContext(profile=context.profile, settings=quiet):
        yield


def run_batch(
    input_url: str,
    out_url: str,
    task_runner: TaskRunner,
    workers: int | None,
    s3_endpoint_url: str | None,
    force: bool,
    cache_dir: Path | None,
    progress: ProgressObserver,
) -> BatchOutcome:
    """Run the batch flow on a task runner, reporting progress to `progress`. `workers`: the
    extraction processes of each process that reads documents (`runners.extraction_pool_size`).

    Flow-run heartbeats are off unless configured (`PREFECT_FLOWS_HEARTBEAT_FREQUENCY`): they tell a
    server that a detached run is still alive, while this run is attended by its caller; and Prefect
    joins each run's heartbeat thread, which sleeps in 1 s steps, when the run ends. Served
    deployments (`serve_batch`) keep them."""
    settings = PipelineSettings(workers=workers)
    start_workers_in_background(task_runner, workers)
    wait_for_embedded_server()
    with observing(progress), heartbeats_off_unless_configured():
        return review_batch.with_options(task_runner=task_runner)(
            input_url, out_url, s3_endpoint_url, force, settings, str(cache_dir) if cache_dir else None
        )


def serve_batch(
    name: str,
    cron: str,
    input_url: str,
    out_url: str,
    s3_endpoint_url: str | None,
    task_runner: TaskRunner,
    workers: int | None,
    cache_dir: Path,
) -> None:
    """Registers `review-batch/<name>` on a cron schedule (Europe/Paris) and runs its flow runs in this process."""
    from prefect import serve
    from prefect.schedules import Cron

    start_workers_in_background(task_runner, workers)

    deployment = review_batch.with_options(task_runner=task_runner).to_deployment(
        name=name,
        schedule=Cron(cron, timezone="Europe/Paris"),
        parameters={
            "input_url": input_url,
            "out_url": out_url,
            "s3_endpoint_url": s3_endpoint_url,
            "settings": PipelineSettings(workers=workers).model_dump(),
            "cache_dir": str(cache_dir),
        },
        description="Revue nocturne des nouveaux dossiers Qualiopi",
        tags=["qualiopi-review"],
    )
    serve(deployment)
