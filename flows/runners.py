"""Task runners for `--runner thread|process|dask`."""

from __future__ import annotations

from typing import Literal

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from extractors import default_pool_size

RunnerName = Literal["thread", "process", "dask"]
THREADS_PER_WORKER = 2


def extraction_pool_size(runner: RunnerName, workers: int, dask_address: str | None = None) -> int | None:
    """Extraction processes each process that reads documents keeps. Threads share one pool of
    `workers`. The process runner and a local Dask cluster start `workers` task processes on this
    machine, each with its own pool: they share its cores instead of each taking all of them. The
    workers of a remote cluster size their pools from their own machine's cores (None)."""
    if runner == "thread":
        return workers
    if runner == "dask" and dask_address:
        return None
    return max(1, default_pool_size() // workers)


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
