"""The Prefect wiring: one `review_dossier` task per dossier to review, the `review_batch` flow
around them, and the two ways to run it (`run_batch` attended, `serve_batch` on a schedule).

The flow plans the batch from the storage listing (`flows.review_state`): unchanged dossiers are
neither read nor assessed again, their batch row comes from their stored report. Only when some
dossier needs a review does it start the extraction workers and load spaCy, in the background, then
submit one task per such dossier: the task reads the dossier's files (`flows.reading`) and, unless
their contents turn out unchanged after all (copied files with new dates), assesses the dossier and
writes its reports (`flows.report_writing`). Every stage called here is a plain function that works
without Prefect.

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

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext, SettingsContext, get_settings_context
from prefect.futures import PrefectFuture, as_completed
from prefect.task_runners import TaskRunner

from extractors.manifest import parse_manifest
from flows.embedded import wait_for_embedded_server
from flows.fingerprint import ReviewState, dossier_fingerprint
from flows.long_lived import in_background, prepare_long_lived, start_workers_in_background
from flows.progress import OncePerDocument, ProgressObserver, observer, observing
from flows.reading import ReviewedDocument, read_documents
from flows.report_writing import build_report, write_reports
from flows.review_state import (
    PIPELINE_VERSION,
    BatchOutcome,
    DossierOutcome,
    DossierPlan,
    finish_batch,
    plan_batch,
    read_stored_entry,
    unchanged_outcomes,
    write_state,
)
from flows.storage_io import StorageTarget
from indicator_mappers.referential import referential_in_force
from reports.batch import BatchEntry, batch_dataframe
from reports.html import headline_markdown
from reports.view import build_view
from schemas import PipelineSettings

PARIS = ZoneInfo("Europe/Paris")


def paris_today() -> date:
    return datetime.now(PARIS).date()


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
                write_state(out, plan.folder, state)
            logger.info("dossier %s unchanged since its last review: skipped", plan.dossier_id)
            return DossierOutcome(entry=entry, skipped=True, documents=read_paths)

    manifest, problems = parse_manifest(plan.manifest_bytes) if plan.manifest_bytes is not None else (None, [])
    report = build_report(plan.dossier_id, documents, manifest, problems, run_date, started)
    view = build_view(report)
    write_reports(out, plan.folder, report, view, state)
    create_markdown_artifact(
        key=plan.artifact_key,
        markdown=headline_markdown(view),
        description=f"Rapport d'écarts du dossier {plan.dossier_id}",
    )
    logger.info("dossier %s reviewed: %d documents", plan.dossier_id, len(documents))
    return DossierOutcome(entry=BatchEntry.from_report(report), skipped=False, documents=read_paths)


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

    plans = plan_batch(source, out, force)
    logger.info("%d dossier(s) found in %s", len(plans), input_url)
    to_review = [plan for plan in plans if plan.unchanged is None]
    if to_review:
        # Only work needs them: the workers start while the first dossiers are submitted, and spaCy
        # and the pattern banks load while the first documents are read (not before the flow:
        # holding the interpreter for seconds, that delayed the embedded server's start as long).
        start_workers_in_background(FlowRunContext.get().task_runner, settings.workers)
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
        outcomes = unchanged_outcomes(plans, progress)
        for future in as_completed(list(futures)):
            plan = futures[future]
            outcomes[plan.folder] = outcome = _outcome(plan, future)
            for path, readable in outcome.documents:
                progress.document_done(plan.dossier_id, path, readable)
            progress.dossier_done(plan.dossier_id, outcome.skipped)

    batch = finish_batch(out, plans, outcomes)
    if batch.entries:
        create_table_artifact(
            key="batch-summary",
            table=json.loads(batch_dataframe(batch.entries).to_json(orient="records", force_ascii=False)),
            description="Synthèse du lot : un dossier par ligne",
        )
    return batch


def _outcome(plan: DossierPlan, future: PrefectFuture[DossierOutcome]) -> DossierOutcome:
    future.wait()  # the task's final state as its runner knows it, not as the server last recorded it
    state = future.state
    if state.is_completed():
        return state.result()
    # One dossier that cannot be reported must not cost the others theirs.
    get_run_logger().error("dossier %s could not be reported: %s", plan.dossier_id, state.message)
    message = "Le dossier n'a pas pu être analysé (erreur interne) ; il sera repris au prochain passage."
    return DossierOutcome(entry=BatchEntry.failed(plan.dossier_id, message), skipped=False)


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
