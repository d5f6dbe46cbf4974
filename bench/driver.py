"""In-process driver: `python -m bench.driver SPEC.json` times `flows.pipeline.run_batch` calls in one process.

The CLI pays interpreter start-up, imports and the start of Prefect's embedded server on every run.
Here those are paid once, by a warm-up batch on a tiny dossier of every format, and reported apart
(`import_seconds`, `warmup_seconds`); each following batch is then timed alone. A batch with a fresh
cache and output folder is a cold run; the same batch again, unchanged, is the re-run. Each batch may
set its own worker count: the extraction pool is sized and its workers started before the clock
starts (`run_batch` keeps a pool of the right size), so a 1-worker and a 2-worker batch in the same
process both run on started workers, as every batch after the first one of a long-lived process does.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pydantic import BaseModel

from bench.rss import tree_cpu_seconds


class BatchSpec(BaseModel):
    name: str
    input: str
    out: str
    cache_dir: str
    force: bool = False
    workers: int | None = None  # default: the driver's


class DriverSpec(BaseModel):
    workers: int
    warmup: BatchSpec | None = None
    batches: list[BatchSpec]
    result: str


class BatchTiming(BaseModel):
    name: str
    workers: int
    seconds: float
    # CPU of this process tree during the batch (driver, Prefect server, extraction workers, Tesseract):
    # unlike wall time, it hardly moves when other users load the machine.
    cpu_seconds: float
    dossiers: int
    documents: int
    skipped: int
    errors: int


class DriverResult(BaseModel):
    workers: int
    import_seconds: float
    warmup_seconds: float | None
    batches: list[BatchTiming]

    def batch(self, name: str) -> BatchTiming:
        return next(batch for batch in self.batches if batch.name == name)


def _lemmatizer_words() -> dict:
    """spaCy's lemmatizer keeps its rules' result per word and tag for the life of the process."""
    from indicator_mappers.matching import load_nlp

    return load_nlp().get_pipe("lemmatizer").cache


def _run(spec: BatchSpec, default_workers: int, words_after_warmup: dict | None = None) -> BatchTiming:
    from extractors import configure_pool
    from flows.pipeline import run_batch
    from flows.progress import SilentProgress
    from flows.runners import build_task_runner
    from indicator_mappers.matching import clear_cache

    workers = spec.workers or default_workers
    configure_pool(workers).warm_up()
    # Cold means cold in memory too: the lemmatised pages an earlier batch left (the `scans` set and
    # the 1-worker run read the same files as the first `main` run) would spare this one their analysis,
    # and so would the words the lemmatizer met in them (0.27 CPU s of the orchestrator on `small`).
    # Every timed batch starts from what the warm-up left, as the first `main` batch does.
    clear_cache()
    if words_after_warmup is not None:
        words = _lemmatizer_words()
        words.clear()
        words.update(words_after_warmup)
    cpu_before = tree_cpu_seconds()
    started = time.perf_counter()
    outcome = run_batch(
        spec.input, spec.out, build_task_runner("thread", workers), workers, None, spec.force,
        Path(spec.cache_dir), SilentProgress(),
    )
    seconds = time.perf_counter() - started
    cpu_seconds = tree_cpu_seconds() - cpu_before
    return BatchTiming(
        name=spec.name,
        workers=workers,
        seconds=round(seconds, 4),
        cpu_seconds=round(cpu_seconds, 3),
        dossiers=len(outcome.entries),
        documents=outcome.documents,
        skipped=len(outcome.skipped),
        errors=sum(entry.errors for entry in outcome.entries),
    )


def drive(spec: DriverSpec) -> DriverResult:
    started = time.perf_counter()
    import flows.pipeline  # noqa: F401  (Prefect, spaCy and the extractors load here)

    import_seconds = time.perf_counter() - started
    warmup = _run(spec.warmup, spec.workers).seconds if spec.warmup else None
    words_after_warmup = dict(_lemmatizer_words())
    return DriverResult(
        workers=spec.workers,
        import_seconds=round(import_seconds, 4),
        warmup_seconds=warmup,
        batches=[_run(batch, spec.workers, words_after_warmup) for batch in spec.batches],
    )


def main(argv: list[str]) -> int:
    spec = DriverSpec.model_validate_json(Path(argv[0]).read_text(encoding="utf-8"))
    result = drive(spec)
    Path(spec.result).write_text(result.model_dump_json(indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
