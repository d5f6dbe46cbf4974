"""Runs a command as a subprocess and measures its wall time and the peak RSS of its whole process tree.

The pipeline works in several processes (the CLI, Prefect's embedded server, extraction workers):
`getrusage(RUSAGE_CHILDREN)` would only give the largest single child, so the tree is polled with
psutil every `interval` seconds and the RSS of all its live processes is summed at each sample.
Shared pages (forked children, shared libraries) count once per process: the figure is an upper bound
of what the machine must hold, which is the safe side for a memory budget.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import psutil
from pydantic import BaseModel

MIB = 1024 * 1024
_FROM_IMPORT = re.compile(r"\bfrom\s+([\w.]+)\s+import\b")


class MeasuredRun(BaseModel):
    argv: list[str]
    returncode: int | None
    wall_seconds: float
    peak_rss_mib: float
    peak_processes: int
    largest_process_rss_mib: float
    samples: int
    # CPU seconds (user + system) per kind of process, from the last sample of each process: a
    # process that lives less than one interval may be missed, so this is a lower bound.
    cpu_seconds_by_process: dict[str, float]
    timed_out: bool
    stdout_path: str
    stderr_path: str

    def stderr_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(Path(self.stderr_path).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def process_label(cmdline: list[str]) -> str:
    """A short name for the kind of process: `python -m X` -> X, `python -c "from X import ..."` -> X,
    else the program's (or script's) name."""
    if not cmdline:
        return "?"
    if "-m" in cmdline[:-1]:
        return cmdline[cmdline.index("-m") + 1]
    if "-c" in cmdline[:-1]:
        imported = _FROM_IMPORT.search(cmdline[cmdline.index("-c") + 1])
        return imported.group(1) if imported else "python -c"
    program = Path(cmdline[0]).name
    if program.startswith("python") and len(cmdline) > 1 and not cmdline[1].startswith("-"):
        return Path(cmdline[1]).name
    return program


def tree_cpu_seconds(root: psutil.Process | None = None) -> float:
    """CPU seconds (user + system) used so far by `root` (default: this process) and its descendants:
    live processes count their own time, and dead ones count in the time of the parent that reaped
    them (`children_*`), so nothing is counted twice."""
    root = root or psutil.Process()
    total = 0.0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _current_label(process: psutil.Process) -> str:
    name = process.name()  # the kernel's name for the running program: it changes at exec
    if name.startswith("python"):
        return process_label(process.cmdline())
    return name or "?"


class TreeSampler:
    """Samples a process tree: summed RSS now, and the latest CPU times seen for every process."""

    def __init__(self, root: psutil.Process) -> None:
        self.root = root
        self.labels: dict[int, str] = {}
        self.cpu: dict[int, float] = {}

    def sample(self) -> tuple[int, int, int]:
        """(summed RSS in bytes, process count, largest single RSS) of the root and all its descendants."""
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return 0, 0, 0
        total = count = largest = 0
        for process in processes:
            try:
                with process.oneshot():
                    rss = process.memory_info().rss
                    times = process.cpu_times()
                    label = _current_label(process)
            except psutil.Error:
                continue  # exited between the listing and the read
            self.cpu[process.pid] = times.user + times.system
            if label != "?":
                # Asked at every sample: between fork and exec a child still looks like its parent,
                # and a process that is exiting shows no command line at all.
                self.labels[process.pid] = label
            total += rss
            count += 1
            largest = max(largest, rss)
        return total, count, largest

    def cpu_by_label(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for pid, seconds in self.cpu.items():
            label = self.labels.get(pid, "?")
            totals[label] = round(totals.get(label, 0.0) + seconds, 2)
        return dict(sorted(totals.items(), key=lambda item: -item[1]))


def run_measured(
    argv: Sequence[str],
    log_prefix: Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
    interval: float = 0.05,
) -> MeasuredRun:
    """Runs `argv` to completion (or `timeout`), stdout/stderr to `log_prefix`.out/.err."""
    log_prefix.parent.mkdir(parents=True, exist_ok=True)
    stdout_path, stderr_path = log_prefix.with_suffix(".out"), log_prefix.with_suffix(".err")
    peak = peak_count = largest = samples = 0
    timed_out = False
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(argv), stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None, cwd=cwd, start_new_session=True,
        )
        root = psutil.Process(process.pid)
        sampler = TreeSampler(root)
        while process.poll() is None:
            total, count, biggest = sampler.sample()
            samples += 1
            if total > peak:
                peak, peak_count = total, count
            largest = max(largest, biggest)
            if timeout is not None and time.perf_counter() - started > timeout:
                timed_out = True
                _kill_tree(root)
                break
            time.sleep(interval)
        returncode = process.wait()
        wall = time.perf_counter() - started
    return MeasuredRun(
        argv=list(argv),
        returncode=None if timed_out else returncode,
        wall_seconds=round(wall, 3),
        peak_rss_mib=round(peak / MIB, 1),
        peak_processes=peak_count,
        largest_process_rss_mib=round(largest / MIB, 1),
        samples=samples,
        cpu_seconds_by_process=sampler.cpu_by_label(),
        timed_out=timed_out,
        stdout_path=str(stdout_path),
        stderr_path=str(stderr_path),
    )


def _kill_tree(root: psutil.Process) -> None:
    """Stops the run we started and everything it started (its own session), nothing else."""
    try:
        descendants = root.children(recursive=True)
    except psutil.Error:
        descendants = []
    for process in [root, *descendants]:
        try:
            process.kill()
        except psutil.Error:
            pass
    psutil.wait_procs([root, *descendants], timeout=10)


def service_rss_mib(service_dir: Path) -> float | None:
    """Resident memory of the review service's process tree (service, embedded server, workers)."""
    from flows.review_service import status

    running = status(service_dir)
    if running is None:
        return None
    total, _, _ = TreeSampler(psutil.Process(running["pid"])).sample()
    return round(total / MIB, 1)


def bench_env(prefect_home: Path) -> dict[str, str]:
    """The environment of every measured run: scripts/env.sh's settings, with a Prefect home of the bench's own.
    PREFECT_API_URL is dropped: the benchmark measures the embedded mode, not whatever server a shell points at."""
    prefect_home.mkdir(parents=True, exist_ok=True)
    inherited = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    return {
        **inherited,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": os.environ.get(
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90"
        ),
        "PREFECT_HOME": str(prefect_home),
        "OMP_THREAD_LIMIT": "1",
        "PYTHONUNBUFFERED": "1",
    }
