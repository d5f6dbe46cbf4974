"""`qualiopi-review`: the command line of CONTRACT.md §1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.progress import ProgressObserver

if TYPE_CHECKING:
    from flows.review_state import BatchOutcome

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Review Qualiopi evidence dossiers.")
console = Console(stderr=True)


class _BarObserver:
    """Progress bar on a terminal."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.documents = progress.add_task("documents", total=None)
        self.dossiers = progress.add_task("dossiers", total=None)

    def batch_started(self, dossiers: int, documents: int) -> None:
        self.progress.update(self.dossiers, total=dossiers)
        self.progress.update(self.documents, total=documents)

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        self.progress.update(self.documents, advance=1, description=f"{dossier_id}: {path}"[:60])

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        self.progress.update(self.dossiers, advance=1, description=f"dossier {dossier_id}")


class _LineObserver:
    """Plain log lines when the output is not a terminal (CI, cron, pipes)."""

    def batch_started(self, dossiers: int, documents: int) -> None:
        print(f"batch: {dossiers} dossier(s), {documents} document(s)", file=sys.stderr, flush=True)

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        print(f"  {dossier_id}: {path} {'ok' if ok else 'ERROR'}", file=sys.stderr, flush=True)

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        state = "unchanged, skipped" if skipped else "reviewed"
        print(f"dossier {dossier_id}: {state}", file=sys.stderr, flush=True)


@app.command()
def run(
    input: Annotated[str, typer.Argument(help="Dossier folder, folder of dossiers, or s3://bucket/prefix.")],
    out: Annotated[str, typer.Option("--out", help="Output folder or s3://bucket/prefix.")],
    workers: Annotated[Optional[int], typer.Option(min=1, help="Parallel workers (default: every core).")] = None,
    runner: Annotated[str, typer.Option(help="thread, process or dask.")] = "thread",
    dask_address: Annotated[Optional[str], typer.Option(help="tcp://HOST:PORT of an existing Dask scheduler.")] = None,
    s3_endpoint_url: Annotated[Optional[str], typer.Option(help="Endpoint of an S3-compatible store.")] = None,
    force: Annotated[bool, typer.Option(help="Review every dossier, even unchanged ones.")] = False,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Extraction cache (default: .cache/extractions).")] = None,
) -> None:
    """Review every dossier in INPUT and write the reports to OUT."""
    if runner not in ("thread", "process", "dask"):
        raise typer.BadParameter("runner must be thread, process or dask", param_hint="--runner")
    from flows.embedded import EmbeddedServerError
    from storage.errors import StorageError

    try:
        with _observer() as observer:
            outcome = _review(input, out, workers, runner, dask_address, s3_endpoint_url, force, cache_dir, observer)
    except StorageError as error:
        console.print(f"[red]storage error:[/red] {error}")
        raise typer.Exit(code=2) from error
    except EmbeddedServerError as error:
        console.print(f"[red]Prefect error:[/red] {error}")
        raise typer.Exit(code=2) from error
    _print_summary(outcome, out)
    unreported = [entry.dossier_id for entry in outcome.entries if entry.error is not None]
    if unreported:
        console.print(f"[red]{len(unreported)} dossier(s) got no report[/red]: " + ", ".join(unreported))
        raise typer.Exit(code=1)


def _review(
    input: str,
    out: str,
    workers: int | None,
    runner: str,
    dask_address: str | None,
    s3_endpoint_url: str | None,
    force: bool,
    cache_dir: Path | None,
    observer: ProgressObserver,
) -> BatchOutcome:
    """The batch planned from the listing first: with nothing to review and no Prefect server
    configured, the answer needs neither Prefect, nor the extraction workers, nor spaCy (a flow run
    would only be recorded by an embedded server started for it, then stopped). Otherwise Prefect's
    embedded server (when none is configured) and the workers start, then the flow runs."""
    from flows.embedded import server_configured, start_embedded_server_early
    from flows.review_state import finish_unchanged_batch, needs_review, plan_batch
    from flows.storage_io import StorageTarget

    target = StorageTarget(url=out, s3_endpoint_url=s3_endpoint_url)
    plans = plan_batch(StorageTarget(url=input, s3_endpoint_url=s3_endpoint_url), target, force)
    work = needs_review(plans)
    if not work and not server_configured():
        return finish_unchanged_batch(target, plans, observer)
    if work:
        start_embedded_server_early()  # boots while the pipeline is imported and its workers start
    # Prefect, the extractors and the assessment are imported only when a run is asked for.
    from extractors import default_pool_size
    from flows.long_lived import start_workers_in_background
    from flows.pipeline import run_batch
    from flows.runners import build_task_runner, extraction_pool_size

    worker_count = workers or default_pool_size()
    task_runner = build_task_runner(runner, worker_count, dask_address)  # type: ignore[arg-type]
    pool_size = extraction_pool_size(runner, worker_count, dask_address)  # type: ignore[arg-type]
    if work:
        start_workers_in_background(task_runner, pool_size)
    cache = cache_dir or Path(".cache/extractions")
    return run_batch(input, out, task_runner, pool_size, s3_endpoint_url, force, cache, observer)


@contextmanager
def _observer() -> Iterator[ProgressObserver]:
    """A progress bar on a terminal, log lines otherwise."""
    if not console.is_terminal:
        yield _LineObserver()
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:
        yield _BarObserver(progress)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _print_summary(outcome, out: str) -> None:
    """One row per dossier; a dossier that got no report shows its error instead of counts."""
    table = Table(title="qualiopi-review", show_lines=False)
    for column in ("dossier", "admissible", "documents", "errors", "missing", "partial", "covered"):
        table.add_column(column)
    for entry in outcome.entries:
        if entry.error is not None:
            table.add_row(entry.dossier_id, "[red]no report[/red]", _count(entry.documents), entry.error, "", "", "")
            continue
        table.add_row(
            entry.dossier_id,
            "yes" if entry.admissible else "no",
            _count(entry.documents),
            _count(entry.errors),
            _count(entry.missing),
            _count(entry.partial),
            _count(entry.covered),
        )
    Console().print(table)
    errors = sum(entry.errors or 0 for entry in outcome.entries)
    gaps = sum(entry.missing or 0 for entry in outcome.entries)
    Console().print(
        f"{len(outcome.entries)} dossier(s), {outcome.documents} document(s), {errors} unreadable, "
        f"{gaps} missing indicator(s); {len(outcome.skipped)} unchanged and skipped. Reports in {out}"
    )


@app.command()
def serve(
    input: Annotated[str, typer.Option("--input", envvar="QUALIOPI_INPUT", help="Folder or s3:// URL of the dossiers.")],
    out: Annotated[str, typer.Option("--out", envvar="QUALIOPI_OUT", help="Output folder or s3:// URL.")],
    cron: Annotated[str, typer.Option(envvar="QUALIOPI_CRON", help="When to run (cron, Europe/Paris).")] = "0 2 * * *",
    name: Annotated[str, typer.Option(help="Deployment name.")] = "nightly",
    workers: Annotated[Optional[int], typer.Option(min=1)] = None,
    runner: Annotated[str, typer.Option(help="thread, process or dask.")] = "thread",
    dask_address: Annotated[Optional[str], typer.Option()] = None,
    s3_endpoint_url: Annotated[Optional[str], typer.Option(envvar="QUALIOPI_S3_ENDPOINT_URL")] = None,
    cache_dir: Annotated[Path, typer.Option()] = Path(".cache/extractions"),
) -> None:
    """Register the scheduled batch deployment with the Prefect API (PREFECT_API_URL) and serve its runs."""
    from extractors import default_pool_size
    from flows.pipeline import serve_batch
    from flows.runners import build_task_runner, extraction_pool_size

    worker_count = workers or default_pool_size()
    task_runner = build_task_runner(runner, worker_count, dask_address)  # type: ignore[arg-type]
    pool_size = extraction_pool_size(runner, worker_count, dask_address)  # type: ignore[arg-type]
    serve_batch(name, cron, input, out, s3_endpoint_url, task_runner, pool_size, cache_dir)


@app.command()
def grid(dossier_out: Annotated[Path, typer.Argument(help="A dossier's output folder holding gap_report.json.")]) -> None:
    """Re-render audit_grid.xlsx from gap_report.json alone."""
    from reports.grid import render_grid
    from schemas import GapReport
    from storage.local import write_file_atomically

    source = dossier_out / "gap_report.json"
    if not source.is_file():
        raise typer.BadParameter(f"{source} not found", param_hint="DOSSIER_OUT")
    report = GapReport.model_validate_json(source.read_bytes())
    target = dossier_out / "audit_grid.xlsx"
    write_file_atomically(target, [render_grid(report)])
    Console().print(f"Grid written: {target}")



@app.command()
def rules(
    out: Annotated[Path, typer.Option("--out", help="rules.xlsx or rules.html: the format follows the suffix.")],
    referential: Annotated[
        Optional[str], typer.Option(help="Referential version, e.g. rnq-2026 (default: the one in force today).")
    ] = None,
) -> None:
    """Write the rulebook an officer reviews: per indicator, every rule the assessment loads."""
    from datetime import date

    from indicator_mappers.referential import referential_by_id, referential_in_force
    from reports.rulebook import build_rulebook, rulebook_html, rulebook_xlsx
    from storage.local import write_file_atomically

    writers = {".xlsx": rulebook_xlsx, ".html": rulebook_html}
    if out.suffix not in writers:
        raise typer.BadParameter("the rulebook is written as .xlsx or .html", param_hint="--out")
    try:
        referential_id = referential_by_id(referential).id if referential else referential_in_force(date.today()).id
    except KeyError as error:
        raise typer.BadParameter(str(error), param_hint="--referential") from error
    write_file_atomically(out, [writers[out.suffix](build_rulebook(referential_id))])
    Console().print(f"Rulebook of {referential_id} written: {out}")


if __name__ == "__main__":
    app()
