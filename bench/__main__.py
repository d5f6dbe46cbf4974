"""`python -m bench --size small|medium|large --out results.json`: every benchmark in one run.

Order: corpus (generated or reused), floor, OCRmyPDF peer, the in-process pipeline (warm-up, then
with N workers: cold, unchanged re-run, scanned subset, one dossier; with 1 worker: cold), the CLI
cold run (start-up included) and the same command again with nothing changed, the same cold run on a
Dask LocalCluster, the CLI on one dossier cold, the same through the review service (started
beforehand, its start timed apart), on the large dossier (wall and peak RSS), then the
CLI's peak RSS on the 500-page PDF and on the batch of small dossiers. A step that
fails is recorded in `errors` and the others still run; the exit code is 1 if any step failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from bench.corpus import DEFAULT_ROOT, SIZES, CorpusManifest, SetName, load_or_generate
from bench.driver import BatchSpec, DriverResult, DriverSpec
from bench.floor import measure_floor
from bench.outputs import status_differences, summarise_outputs
from bench.peer import measure_peer
from bench.results import Measurements, build_results, print_table, write_results
from bench.rss import MeasuredRun, bench_env, run_measured, service_rss_mib
from flows.review_service import SERVICE_DIR_VARIABLE

REPO = Path(__file__).resolve().parents[1]
console = Console(stderr=True)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def git_commit() -> str | None:
    """The commit the measured code was at (uncommitted changes are not in it)."""
    try:
        completed = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    except OSError:
        return None
    return completed.stdout.strip() or None


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("qualiopi-review")
    return [str(script)] if script.exists() else [sys.executable, "-m", "flows.cli"]


class Bench:
    """Holds the paths and settings shared by the steps, and records what each step measured."""

    def __init__(self, manifest: CorpusManifest, work: Path, workers: int, timeout: float, m: Measurements) -> None:
        self.manifest = manifest
        self.work = work
        self.workers = workers
        self.timeout = timeout
        self.m = m
        # A Prefect home of this run's own, so that no earlier run's history weighs on the server.
        self.env = bench_env(work / "prefect-home")
        # A review service of the bench's own, running only during its step: a service the user left
        # running must not serve the plain CLI runs.
        self.env[SERVICE_DIR_VARIABLE] = str(work / "service")
        # Output folders of the timed runs, whose indicator statuses must equal the plain CLI run's.
        self.timed_outputs: dict[str, Path] = {}
        self.plain_cli_output = work / "cli-main-out"

    def step(self, name: str, action) -> None:
        self.m.load_average[name] = [round(value, 2) for value in os.getloadavg()]
        console.print(f"[bold]» {name}[/bold]")
        started = time.perf_counter()
        try:
            action()
        except Exception as error:  # noqa: BLE001  (one failed step must not cost the others their figures)
            self.m.errors.append(f"{name}: {type(error).__name__}: {error}")
            console.print(f"[red]  failed:[/red] {error}")
        console.print(f"  {time.perf_counter() - started:.1f} s")

    def set_path(self, name: SetName) -> str:
        return str(self.manifest.set_dir(name))

    def fresh(self, name: str) -> Path:
        path = self.work / name
        if path.exists():
            shutil.rmtree(path)
        return path

    # --- steps ---------------------------------------------------------------------------

    def floor(self) -> None:
        native = [self.manifest.absolute(f) for f in self.manifest.select("main", ["native_pdf"])]
        scanned = [self.manifest.absolute(f) for f in self.manifest.select("main", ["scanned_pdf"])]
        self.m.floor = measure_floor(native, scanned, self.workers, self.fresh("floor"))

    def peer(self) -> None:
        scanned = [self.manifest.absolute(f) for f in self.manifest.select("scans", ["scanned_pdf"])]
        self.m.peer = measure_peer(scanned, self.workers, self.fresh("peer"))

    def _batch(self, label: str, name: str, set_name: SetName) -> BatchSpec:
        """A cold batch: its own fresh output folder and extraction cache."""
        return BatchSpec(
            name=name,
            input=self.set_path(set_name),
            out=str(self.fresh(f"{label}-{name}-out")),
            cache_dir=str(self.fresh(f"{label}-{name}-cache")),
        )

    def _drive(self, label: str, workers: int, batches: list[BatchSpec]) -> DriverResult:
        spec = DriverSpec(
            workers=workers,
            warmup=self._batch(label, "warmup", "warmup"),
            batches=batches,
            result=str(self.work / f"{label}.json"),
        )
        spec_path = self.work / f"{label}-spec.json"
        spec_path.write_text(spec.model_dump_json(indent=1), encoding="utf-8")
        run = run_measured(
            [sys.executable, "-m", "bench.driver", str(spec_path)], self.work / "logs" / label,
            env=self.env, cwd=REPO, timeout=self.timeout,
        )
        self.m.driver_runs[label] = run
        _require_success(run)
        return DriverResult.model_validate_json(Path(spec.result).read_text(encoding="utf-8"))

    def one_dossier(self) -> str:
        """The first dossier of `main`: a one-dossier run, in-process and from the command line."""
        return str(min(path for path in self.manifest.set_dir("main").iterdir() if path.is_dir()))

    def in_process(self) -> None:
        """One driver process: warm-up, then cold, unchanged re-run, scanned subset and one dossier
        with N workers, and a cold run with 1 worker (its own fresh cache and output)."""
        cold = self._batch("warm", "main_cold", "main")
        rerun = cold.model_copy(update={"name": "main_rerun"})
        scans = self._batch("warm", "scans_cold", "scans")
        single = self._batch("warm", "main_cold_1_worker", "main").model_copy(update={"workers": 1})
        one = self._batch("warm", "one_dossier_cold", "main").model_copy(update={"input": self.one_dossier()})
        self.m.warm = self._drive("warm", self.workers, [cold, rerun, scans, single, one])
        self.m.output_check = summarise_outputs(Path(cold.out), self.manifest, "main")
        self.timed_outputs.update(main_cold=Path(cold.out), main_cold_1_worker=Path(single.out))

    def _cli(
        self, name: str, set_name: SetName, out: Path, cache: Path, source: str | None = None, runner: str = "thread"
    ) -> None:
        argv = [
            *cli_command(), "run", source or self.set_path(set_name), "--out", str(out),
            "--workers", str(self.workers), "--cache-dir", str(cache), "--runner", runner,
        ]
        run = run_measured(argv, self.work / "logs" / f"cli-{name}", env=self.env, cwd=REPO, timeout=self.timeout)
        self.m.cli_runs[name] = run
        _require_success(run)

    def cli_cold(self) -> None:
        """`main` cold, the plain run whose indicator statuses every timed run must give; then the
        same command again with nothing changed."""
        out, cache = self.fresh("cli-main-out"), self.fresh("cli-main-cache")
        self._cli("main_cold", "main", out, cache)
        self.m.status_differences = status_differences(out, self.timed_outputs)
        self._cli("main_rerun", "main", out, cache)
        self.plain_cli_output = out

    def cli_dask(self) -> None:
        """`main` cold again, its tasks on a Dask LocalCluster of `workers` processes instead of threads."""
        out = self.fresh("cli-main-dask-out")
        self._cli("main_cold_dask", "main", out, self.fresh("cli-main-dask-cache"), runner="dask")
        self.m.status_differences.update(status_differences(self.plain_cli_output, {"main_cold_dask": out}))

    def cli_one_dossier(self) -> None:
        source = self.one_dossier()
        self._cli("one_dossier_cold", "main", self.fresh("cli-one-out"), self.fresh("cli-one-cache"), source)

    def cli_one_dossier_through_service(self) -> None:
        """The same cold run on one dossier, handed over to a review service started beforehand (its
        start is timed apart), whose resident memory is read before it stops."""
        start = [*cli_command(), "service", "start", "--workers", str(self.workers)]
        started = run_measured(start, self.work / "logs" / "service-start", env=self.env, cwd=REPO, timeout=self.timeout)
        self.m.service_start = started
        _require_success(started)
        try:
            out = self.fresh("cli-one-service-out")
            self._cli("one_dossier_cold_service", "main", out, self.fresh("cli-one-service-cache"), self.one_dossier())
            self.m.service_rss_mib = service_rss_mib(self.work / "service")
            self.m.status_differences.update(status_differences(self.work / "cli-one-out", {"one_dossier_service": out}))
        finally:
            subprocess.run([*cli_command(), "service", "stop"], env=self.env, cwd=REPO, capture_output=True, timeout=120)

    def cli_big(self) -> None:
        self._cli("big", "big", self.fresh("cli-big-out"), self.fresh("cli-big-cache"))

    def cli_large_dossier(self) -> None:
        self._cli("large_dossier", "large_dossier", self.fresh("cli-large-out"), self.fresh("cli-large-cache"))

    def cli_batch(self) -> None:
        self._cli("batch", "batch", self.fresh("cli-batch-out"), self.fresh("cli-batch-cache"))


def _require_success(run: MeasuredRun) -> None:
    if run.timed_out:
        raise RuntimeError(f"timed out after {run.wall_seconds:.0f} s: {' '.join(run.argv)}")
    if run.returncode != 0:
        raise RuntimeError(f"exit code {run.returncode}: {' '.join(run.argv)}\n{run.stderr_tail()}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--out", type=Path, required=True, help="Results JSON file.")
    parser.add_argument("--workers", type=int, default=default_workers(), help="Workers of the 'N workers' runs.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus-root", type=Path, default=DEFAULT_ROOT)
    parser.add_argument("--timeout", type=float, default=1800.0, help="Limit per pipeline run, in seconds.")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # for the floor's and the peer's Tesseract processes
    started = time.perf_counter()
    profile = SIZES[args.size]
    manifest, reused = load_or_generate(args.corpus_root / args.size, profile, args.seed)
    console.print(
        f"corpus {args.size}: {'reused' if reused else f'generated in {manifest.generation_seconds:.1f} s'} "
        f"({manifest.root})"
    )
    work = args.corpus_root / "_runs" / args.size
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    measurements = Measurements(
        size=args.size,
        workers=args.workers,
        machine={
            "cores": default_workers(),
            "cpu_count": os.cpu_count(),
            "python": sys.version.split()[0],
            "git_commit": git_commit(),
        },
        corpus={
            "reused": reused,
            "generation_seconds": manifest.generation_seconds,
            "dossiers": profile.dossiers,
            "main_files": len(manifest.select("main")),
            "main_pages": manifest.pages("main"),
            "native_pages": manifest.pages("main", ["native_pdf"]),
            "scanned_pages": manifest.pages("main", ["scanned_pdf"]),
            "office_files": len(manifest.select("main", ["docx", "xlsx"])),
            "big_pdf_pages": manifest.pages("big"),
            "large_dossier_files": len(manifest.select("large_dossier")),
            "large_dossier_pages": manifest.pages("large_dossier"),
            "large_dossier_scanned_pages": manifest.pages("large_dossier", ["scanned_pdf"]),
            "batch_dossiers": profile.batch_dossiers,
        },
    )
    bench = Bench(manifest, work, args.workers, args.timeout, measurements)
    bench.step("floor", bench.floor)
    bench.step("ocrmypdf peer", bench.peer)
    bench.step(f"pipeline in-process, {args.workers} workers and 1 worker", bench.in_process)
    bench.step("pipeline CLI, cold, then again unchanged", bench.cli_cold)
    bench.step(f"pipeline CLI, cold, Dask LocalCluster of {args.workers} workers", bench.cli_dask)
    bench.step("pipeline CLI, one dossier cold", bench.cli_one_dossier)
    bench.step("pipeline CLI, one dossier cold, through the review service", bench.cli_one_dossier_through_service)
    bench.step(
        f"pipeline CLI, one dossier of {profile.large_dossier_files} files and {profile.large_dossier_pages} pages",
        bench.cli_large_dossier,
    )
    bench.step(f"pipeline CLI, {profile.big_pdf_pages}-page PDF", bench.cli_big)
    bench.step(f"pipeline CLI, {profile.batch_dossiers}-dossier batch", bench.cli_batch)
    measurements.bench_seconds = round(time.perf_counter() - started, 1)
    results = build_results(measurements)
    write_results(args.out, results)
    print_table(results)
    console.print(f"results written to {args.out}")
    return 1 if measurements.errors else 0


if __name__ == "__main__":
    sys.exit(main())
