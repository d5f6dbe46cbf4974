"""What a process prepares once and keeps: the extraction workers, spaCy and the pattern banks,
started ahead of need and only when a run has documents to read."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from functools import cache

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from extractors import configure_pool
from indicator_mappers.assess import prepare as prepare_assessment


def start_workers_in_background(task_runner: TaskRunner, workers: int | None) -> None:
    """Starts the extraction workers while the run does something else (Prefect's embedded server
    starting, the batch being planned), so that the first documents wait for nothing; only for the
    thread runner, the one that reads documents in this process's pool."""
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
