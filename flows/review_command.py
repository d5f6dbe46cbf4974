"""What `qualiopi-review run` asks for, and how a batch is reviewed in this process: the same for
the command line and for the review service that runs batches handed over by it.

Nothing heavy is imported at module level: planning a batch whose dossiers are all unchanged needs
neither Prefect, nor the extraction workers, nor spaCy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from flows.progress import ProgressObserver

if TYPE_CHECKING:
    from flows.review_state import BatchOutcome

DEFAULT_CACHE_DIR = Path(".cache/extractions")


class ReviewRequest(BaseModel):
    """The arguments of `qualiopi-review run`."""

    input: str
    out: str
    workers: int | None = None
    runner: Literal["thread", "process", "dask"] = "thread"
    dask_address: str | None = None
    s3_endpoint_url: str | None = None
    force: bool = False
    cache_dir: Path = DEFAULT_CACHE_DIR

    def located(self) -> ReviewRequest:
        """The same request with its local paths made absolute, for a process started elsewhere."""
        return self.model_copy(
            update={"input": _absolute(self.input), "out": _absolute(self.out), "cache_dir": self.cache_dir.resolve()}
        )


def _absolute(url: str) -> str:
    return url if url.startswith("s3://") else str(Path(url).resolve())


HandOver = Callable[["ReviewRequest"], "BatchOutcome | None"]


def review(request: ReviewRequest, observer: ProgressObserver, hand_over: HandOver | None = None) -> BatchOutcome:
    """The batch planned from the listing first: with nothing to review and no Prefect server
    configured, the answer needs neither Prefect, nor the extraction workers, nor spaCy (a flow run
    would only be recorded by an embedded server started for it, then stopped). Otherwise the batch
    goes to `hand_over` (the review service, when one runs), and when that declines, Prefect's
    embedded server (when none is configured) and the workers start here, then the flow runs."""
    from flows.embedded import server_configured, start_embedded_server_early
    from flows.review_state import finish_unchanged_batch, needs_review, plan_batch
    from flows.storage_io import StorageTarget

    target = StorageTarget(url=request.out, s3_endpoint_url=request.s3_endpoint_url)
    plans = plan_batch(StorageTarget(url=request.input, s3_endpoint_url=request.s3_endpoint_url), target, request.force)
    work = needs_review(plans)
    if not work and not server_configured():
        return finish_unchanged_batch(target, plans, observer)
    if hand_over is not None and (outcome := hand_over(request)) is not None:
        return outcome
    if work:
        start_embedded_server_early()  # boots while the pipeline is imported and its workers start
    # Prefect, the extractors and the assessment are imported only when a run is asked for.
    from extractors import default_pool_size
    from flows.long_lived import start_workers_in_background
    from flows.pipeline import run_batch
    from flows.runners import build_task_runner, extraction_pool_size

    worker_count = request.workers or default_pool_size()
    task_runner = build_task_runner(request.runner, worker_count, request.dask_address)
    pool_size = extraction_pool_size(request.runner, worker_count, request.dask_address)
    if work:
        start_workers_in_background(task_runner, pool_size)
    return run_batch(
        request.input, request.out, task_runner, pool_size, request.s3_endpoint_url, request.force,
        request.cache_dir, observer,
    )  # fmt: skip
