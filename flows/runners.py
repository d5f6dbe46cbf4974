"""Task runners for `--runner thread|process|dask`."""

from __future__ import annotations

from typing import Literal

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

RunnerName = Literal["thread", "process", "dask"]
THREADS_PER_WORKER = 2


def build_task_runner(runner: RunnerName, workers: int, dask_address: str | None = None) -> TaskRunner:
    """`thread` (default): tasks in threads, each document's extraction in a pool of `workers` child
    processes, so CPU-bound OCR uses every core without paying a process start per task. Twice as
    many threads as workers: a thread that fetches, hashes or classifies a document (in this
    process) does not hold a worker idle meanwhile, another thread has already handed it the next one.
    `process`: Prefect's process pool. `dask`: an existing cluster at `dask_address`, or a
    `LocalCluster` on 127.0.0.1 with `workers` single-threaded worker processes and no dashboard."""
    if runner == "thread":
        return ThreadPoolTaskRunner(max_workers=THREADS_PER_WORKER * workers)
    if runner == "process":
        return ProcessPoolTaskRunner(max_workers=workers)
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
            "scheduler_kwargs": {"dashboard": False},
        },
    )
