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
    service: Annotated[
        bool, typer.Option(help="Hand the batch to the review service when one runs (`qualiopi-review service start`).")
    ] = True,
) -> None:
    """Review every dossier in INPUT and write the reports to OUT."""
    if runner not in ("thread", "process", "dask"):
        raise typer.BadParameter("runner must be thread, process or dask", param_hint="--runner")
    from flows.embedded import EmbeddedServerError
    from flows.review_command import DEFAULT_CACHE_DIR, ReviewRequest, review
    from flows.review_service import ReviewServiceError, review_through_service
    from storage.errors import StorageError

    request = ReviewRequest(
        input=input, out=out, workers=workers, runner=runner, dask_address=dask_address,
        s3_endpoint_url=s3_endpoint_url, force=force, cache_dir=cache_dir or DEFAULT_CACHE_DIR,
    )  # fmt: skip
    try:
        with _observer() as observer:
            hand_over = (lambda batch: review_through_service(batch, observer, _note)) if service else None
            outcome = review(request, observer, hand_over)
    except StorageError as error:
        console.print(f"[red]storage error:[/red] {error}")
        raise typer.Exit(code=2) from error
    except EmbeddedServerError as error:
        console.print(f"[red]Prefect error:[/red] {error}")
        raise typer.Exit(code=2) from error
    except ReviewServiceError as error:
        console.print(f"[red]review service error:[/red] {error}")
        raise typer.Exit(code=2) from error
    _print_summary(outcome, out)
    unreported = [entry.dossier_id for entry in outcome.entries if entry.error is not None]
    if unreported:
        console.print(f"[red]{len(unreported)} dossier(s) got no report[/red]: " + ", ".join(unreported))
        raise typer.Exit(code=1)


def _note(message: str) -> None:
    console.print(f"[yellow]{message}[/yellow]")


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


def _print_summary(outcome: BatchOutcome, out: str) -> None:
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


service_app = typer.Typer(no_args_is_help=True, help="The review service: what a run starts, started once.")
app.add_typer(service_app, name="service")


@service_app.command("start")
def service_start(
    idle_minutes: Annotated[float, typer.Option(min=1, help="Stop after this long without a batch.")] = 60.0,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Extraction workers (default: every core).")] = None,
) -> None:
    """Start the review service in the background: later runs from this folder and environment hand
    their batches to it instead of starting Prefect's server, the workers and spaCy each time."""
    from flows.review_service import ReviewServiceError, log_path, start

    try:
        started = start(idle_minutes, workers)
    except ReviewServiceError as error:
        console.print(f"[red]review service error:[/red] {error}")
        raise typer.Exit(code=2) from error
    Console().print(f"Review service ready (pid {started['pid']}, log {log_path()})")


@service_app.command("stop")
def service_stop() -> None:
    """Stop the review service once its current batch is done."""
    from flows.review_service import stop

    pid = stop()
    Console().print("No review service runs." if pid is None else f"Review service stopped (pid {pid}).")


@service_app.command("status")
def service_status() -> None:
    """Whether a review service runs, and whether this folder's runs would use it."""
    from flows.review_service import identity_here, status, why_not_served

    running = status()
    if running is None:
        Console().print("No review service runs.")
        raise typer.Exit(code=1)
    usable = why_not_served(identity_here(), running) is None
    Console().print(
        f"Review service pid {running['pid']}: {running['batches']} batch(es) reviewed; "
        + ("runs from here use it." if usable else "runs from here do not use it (other code, folder or environment).")
    )


if __name__ == "__main__":
    app()
