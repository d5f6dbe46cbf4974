"""From raw measurements to the results JSON (ratios, targets, raw timings) and a short table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from bench.driver import DriverResult
from bench.floor import FloorResult
from bench.peer import PeerResult
from bench.rss import MeasuredRun

GIB_IN_MIB = 1024.0

# Targets on the reference machine (2 cores), as (comparison, limit). `pipeline_over_floor` is printed
# but is no target: the floor leaves out work the product must do (README, "Where the time goes").
TARGETS: dict[str, tuple[Literal["<=", ">="], float]] = {
    "scans_cpu_over_tesseract_cpu": ("<=", 1.25),
    "scans_cpu_over_ocrmypdf_cpu": ("<=", 0.5),
    "cli_rerun_seconds": ("<=", 3.0),
    "cli_one_dossier_over_in_process_seconds": ("<=", 3.0),
    # The same run handed over to a review service started beforehand (`qualiopi-review service start`).
    "cli_one_dossier_through_service_over_in_process_seconds": ("<=", 3.0),
    "rerun_over_cold": ("<=", 0.05),
    "speedup_2_workers": (">=", 1.7),
    "peak_rss_mib_500_pages": ("<=", 1.5 * GIB_IN_MIB),
    "peak_rss_mib_batch": ("<=", 1.5 * GIB_IN_MIB),
    "peak_rss_mib_large_dossier": ("<=", 1.5 * GIB_IN_MIB),
    "peak_rss_mib_main": ("<=", 1.5 * GIB_IN_MIB),
}

METHOD = {
    "pipeline_time": (
        "Ratios use the in-process pipeline time (bench.driver): run_batch timed in a process where "
        "Prefect's embedded server, the imports and the extraction workers were already started by a "
        "warm-up batch; cold = fresh extraction cache and output folder; the 1-worker cold run is a batch "
        "of the same process. The cold run through the CLI (interpreter + imports + embedded server "
        "start-up included) is reported as *_cli_* keys."
    ),
    "floor": (
        "pypdfium2 text layer on the native PDF pages (one process per core) + Tesseract CLI alone on the "
        "scanned pages pre-rendered at 300 dpi (OMP_THREAD_LIMIT=1, one process per core); no start-up."
    ),
    "peer": "OCRmyPDF API (defaults + skip_text, jobs=1) in one warmed process per core, then pypdfium2 text.",
    "pages": "PDF pages, plus one page per DOCX or XLSX file.",
    "scans": (
        "scans_cpu_over_*: CPU of the in-process cold batch of the scans-only set (every process of the "
        "driver's tree) over the CPU of Tesseract alone on the same pages (the floor's OCR part), and over "
        "OCRmyPDF's on the same files."
    ),
    "cli": (
        "cli_rerun_seconds: wall time of `qualiopi-review run` on `main` again, nothing changed, right after "
        "its cold run. cli_one_dossier_over_in_process_seconds: the CLI's cold run on the first dossier of "
        "`main` minus the in-process cold batch of the same dossier; *_through_service_*: the same CLI run "
        "handed over to a review service started beforehand (its start is service_start_seconds, its "
        "resident memory once warm service_rss_mib)."
    ),
    "peak_rss": "Sum of the RSS of the CLI process tree (CLI, Prefect server, workers), polled every 50 ms.",
    "dask": (
        "dask_*_over_thread_*: the CLI's cold run on `main` with `--runner dask` (a LocalCluster of N "
        "single-threaded worker processes, each with its own extraction pool) over the same run with the "
        "thread runner; CPU from the process trees' samples."
    ),
    "cpu": (
        "*_cpu_* ratios compare CPU seconds (user + system) of the same work: the whole process tree for the "
        "pipeline (driver, Prefect server, workers, Tesseract), the pypdfium2 calls and Tesseract processes for "
        "the floor, OCRmyPDF and its children for the peer. They barely move when other users load the machine; "
        "wall-time ratios do (see load_average)."
    ),
}


class Measurements(BaseModel):
    size: str
    workers: int
    machine: dict[str, object]
    corpus: dict[str, object]
    floor: FloorResult | None = None
    peer: PeerResult | None = None
    warm: DriverResult | None = None
    driver_runs: dict[str, MeasuredRun] = Field(default_factory=dict)
    cli_runs: dict[str, MeasuredRun] = Field(default_factory=dict)
    service_start: MeasuredRun | None = None
    service_rss_mib: float | None = None
    output_check: dict[str, object] = Field(default_factory=dict)
    # Per timed run, the indicators whose status differs from the plain CLI run's (empty: the same).
    status_differences: dict[str, list[str]] = Field(default_factory=dict)
    load_average: dict[str, list[float]] = Field(default_factory=dict)
    errors: list[str] = Field(default_factory=list)
    bench_seconds: float | None = None


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 4)


def _batch_seconds(result: DriverResult | None, name: str, cpu: bool = False) -> float | None:
    if result is None:
        return None
    try:
        batch = result.batch(name)
    except StopIteration:
        return None
    return batch.cpu_seconds if cpu else batch.seconds


def _cli_seconds(m: Measurements, name: str) -> float | None:
    run = m.cli_runs.get(name)
    return run.wall_seconds if run and run.returncode == 0 else None


def _cli_cpu(m: Measurements, name: str) -> float | None:
    run = m.cli_runs.get(name)
    return round(sum(run.cpu_seconds_by_process.values()), 2) if run and run.returncode == 0 else None


def _cli_rss(m: Measurements, name: str) -> float | None:
    run = m.cli_runs.get(name)
    return run.peak_rss_mib if run and run.returncode == 0 else None


def target_status(key: str, value: float | None) -> str:
    if value is None:
        return "not measured"
    comparison, limit = TARGETS[key]
    met = value <= limit if comparison == "<=" else value >= limit
    return "met" if met else "MISSED"


def difference(minuend: float | None, subtrahend: float | None) -> float | None:
    if minuend is None or subtrahend is None:
        return None
    return round(minuend - subtrahend, 3)


def build_results(m: Measurements) -> dict[str, object]:
    pages = int(m.corpus.get("main_pages", 0))
    scan_pages = int(m.corpus.get("scanned_pages", 0))
    cold_2 = _batch_seconds(m.warm, "main_cold")
    rerun_2 = _batch_seconds(m.warm, "main_rerun")
    scans_2 = _batch_seconds(m.warm, "scans_cold")
    cold_1 = _batch_seconds(m.warm, "main_cold_1_worker")
    floor = m.floor.seconds if m.floor else None
    peer = m.peer.seconds if m.peer else None
    cli_cold = _cli_seconds(m, "main_cold")
    cpu_cold, cpu_rerun = _batch_seconds(m.warm, "main_cold", cpu=True), _batch_seconds(m.warm, "main_rerun", cpu=True)
    cpu_scans = _batch_seconds(m.warm, "scans_cold", cpu=True)
    floor_cpu = m.floor.cpu_seconds if m.floor else None
    tesseract_cpu = m.floor.ocr_cpu_seconds if m.floor else None
    peer_cpu = m.peer.cpu_seconds if m.peer else None
    one_dossier = _batch_seconds(m.warm, "one_dossier_cold")
    cli_one_dossier = _cli_seconds(m, "one_dossier_cold")
    cli_one_dossier_service = _cli_seconds(m, "one_dossier_cold_service")
    results: dict[str, object] = {
        "scans_cpu_over_tesseract_cpu": ratio(cpu_scans, tesseract_cpu),
        "scans_cpu_over_ocrmypdf_cpu": ratio(cpu_scans, peer_cpu),
        "cli_rerun_seconds": _cli_seconds(m, "main_rerun"),
        "cli_one_dossier_over_in_process_seconds": difference(cli_one_dossier, one_dossier),
        "cli_one_dossier_through_service_over_in_process_seconds": difference(cli_one_dossier_service, one_dossier),
        "service_rss_mib": m.service_rss_mib,
        "pipeline_over_floor": ratio(cold_2, floor),
        "pipeline_over_ocrmypdf": ratio(scans_2, peer),
        "rerun_over_cold": ratio(rerun_2, cold_2),
        "speedup_2_workers": ratio(cold_1, cold_2),
        "peak_rss_mib_500_pages": _cli_rss(m, "big"),
        "peak_rss_mib_batch": _cli_rss(m, "batch"),
        # The CLI's cold run on the whole `main` set (48 dossiers with --size large).
        "peak_rss_mib_main": _cli_rss(m, "main_cold"),
        "peak_rss_mib_large_dossier": _cli_rss(m, "large_dossier"),
        "dask_over_thread_seconds": ratio(_cli_seconds(m, "main_cold_dask"), cli_cold),
        "dask_cpu_over_thread_cpu": ratio(_cli_cpu(m, "main_cold_dask"), _cli_cpu(m, "main_cold")),
        "pages_per_second": ratio(pages, cold_2),
        "pages_per_second_1_worker": ratio(pages, cold_1),
        "pipeline_cli_over_floor": ratio(cli_cold, floor),
        "pages_per_second_cli": ratio(pages, cli_cold),
        # The same comparisons in CPU seconds: what the work costs, whatever else loads the machine.
        "pipeline_cpu_over_floor_cpu": ratio(cpu_cold, floor_cpu),
        "rerun_cpu_over_cold_cpu": ratio(cpu_rerun, cpu_cold),
    }
    results["targets"] = {
        key: {"target": f"{comparison} {limit:g}", "value": results[key], "status": target_status(key, results[key])}
        for key, (comparison, limit) in TARGETS.items()
    }
    results["timings"] = {
        "floor_seconds": floor,
        "floor_native_seconds": m.floor.native_seconds if m.floor else None,
        "floor_ocr_seconds": m.floor.ocr_seconds if m.floor else None,
        "floor_ocr_seconds_per_page_one_core": m.floor.ocr_seconds_per_page_cpu if m.floor else None,
        "ocrmypdf_seconds": peer,
        "pipeline_cold_seconds": cold_2,
        "pipeline_rerun_seconds": rerun_2,
        "pipeline_scans_cold_seconds": scans_2,
        "pipeline_cold_1_worker_seconds": cold_1,
        "pipeline_import_seconds": m.warm.import_seconds if m.warm else None,
        "pipeline_warmup_batch_seconds": m.warm.warmup_seconds if m.warm else None,
        "pipeline_cli_cold_seconds": cli_cold,
        "pipeline_one_dossier_cold_seconds": one_dossier,
        "pipeline_cli_one_dossier_cold_seconds": cli_one_dossier,
        "pipeline_cli_one_dossier_service_seconds": cli_one_dossier_service,
        "service_start_seconds": m.service_start.wall_seconds if m.service_start else None,
        "pipeline_cli_rerun_seconds": _cli_seconds(m, "main_rerun"),
        # What a CLI run pays on top of the in-process batch: interpreter, imports, embedded server, workers.
        "pipeline_cli_overhead_seconds": round(cli_cold - cold_2, 3) if cli_cold and cold_2 else None,
        "pipeline_cli_dask_cold_seconds": _cli_seconds(m, "main_cold_dask"),
        "pipeline_cli_large_dossier_seconds": _cli_seconds(m, "large_dossier"),
        "pipeline_cli_500_pages_seconds": _cli_seconds(m, "big"),
        "pipeline_cli_batch_seconds": _cli_seconds(m, "batch"),
        "bench_seconds": m.bench_seconds,
    }
    results["cpu_seconds"] = {
        "floor": floor_cpu,
        "floor_tesseract": tesseract_cpu,
        "ocrmypdf": peer_cpu,
        "pipeline_cold": cpu_cold,
        "pipeline_rerun": cpu_rerun,
        "pipeline_scans_cold": cpu_scans,
        "pipeline_cold_1_worker": _batch_seconds(m.warm, "main_cold_1_worker", cpu=True),
        "by_process": {name: run.cpu_seconds_by_process for name, run in {**m.driver_runs, **m.cli_runs}.items()},
    }
    results["status_differences"] = m.status_differences
    results["load_average"] = m.load_average
    results["pages"] = {"main": pages, "scanned": scan_pages}
    results["method"] = METHOD
    results["raw"] = m.model_dump(mode="json", exclude={"errors"})
    results["errors"] = m.errors
    return results


def write_results(path: Path, results: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


def _show(value: object, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}{unit}" if value < 100 else f"{value:.0f}{unit}"
    return f"{value}{unit}"


def print_table(results: dict[str, object], console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title="qualiopi-review benchmark", show_lines=False)
    for column in ("measure", "value", "target", "status"):
        table.add_column(column)
    targets: dict = results["targets"]  # type: ignore[assignment]
    for key, target in targets.items():
        table.add_row(key, _show(target["value"]), target["target"], target["status"])
    for key in (
        "pipeline_over_floor", "pipeline_over_ocrmypdf", "pages_per_second", "pages_per_second_1_worker",
        "pipeline_cli_over_floor", "pipeline_cpu_over_floor_cpu", "rerun_cpu_over_cold_cpu",
        "dask_over_thread_seconds", "dask_cpu_over_thread_cpu", "service_rss_mib",
    ):
        table.add_row(key, _show(results[key]), "", "")
    console.print(table)
    timings = Table(title="raw timings (s)", show_lines=False)
    timings.add_column("timing")
    timings.add_column("seconds")
    for key, value in results["timings"].items():  # type: ignore[union-attr]
        timings.add_row(key, _show(value))
    console.print(timings)
    for run, lines in results["status_differences"].items():  # type: ignore[union-attr]
        verdict = "the same indicator statuses as the plain CLI run" if not lines else "[red]other statuses[/red]: "
        console.print(f"{run}: {verdict}" + "; ".join(lines))
    loads = [values[0] for values in results["load_average"].values()]  # type: ignore[union-attr]
    if loads:
        console.print(f"1-minute load average before the steps: {min(loads):.1f} to {max(loads):.1f}")
    for error in results["errors"]:  # type: ignore[union-attr]
        console.print(f"[red]error:[/red] {error}")
