"""A dossier's files, read: fetched from storage, hashed, extracted by the extraction workers (or
taken from the extraction cache) and classified, several at a time."""

from __future__ import annotations

import concurrent.futures
import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel

from extractors import Priority, configure_pool, default_pool_size, read_isolated
from extractors.records import to_record
from flows.extraction_cache import cache_path, read_cached, write_cached
from flows.runners import THREADS_PER_WORKER
from flows.storage_io import SourceFile, local_file, storage_for
from schemas import DossierDocument, PipelineSettings


class ReviewedDocument(BaseModel):
    document: DossierDocument
    seconds: float


def extract_source(
    source: SourceFile, settings: PipelineSettings, cache_dir: Path | None, priority: Priority = ()
) -> ReviewedDocument:
    """Fetch one file, extract it (or take the cached extraction of the same bytes), classify it."""
    started = time.monotonic()
    with local_file(storage_for(source.storage), source.key) as local:
        with local.open("rb") as handle:
            sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        cached_at = cache_path(cache_dir, sha256, settings.limits) if cache_dir else None
        cached = read_cached(cached_at) if cached_at else None
        if cached is not None:
            # The cache holds text only: the record is recomputed under this file's name.
            extracted = cached.model_copy(update={"path": source.relative_path})
            record = to_record(extracted)
        else:
            read = read_isolated(local, source.relative_path, settings.limits, sha256=sha256, priority=priority)
            extracted, record = read.extracted, read.record
            if cached_at:
                write_cached(cached_at, extracted)
    return ReviewedDocument(
        document=DossierDocument(record=record, pages=extracted.pages),
        seconds=time.monotonic() - started,
    )


def read_documents(
    sources: Sequence[SourceFile],
    settings: PipelineSettings,
    cache_dir: Path | None,
    position: int,
    on_read: Callable[[ReviewedDocument], None],
) -> list[ReviewedDocument]:
    """Every file of one dossier, in the files' order, read in parallel: the largest first (its scans
    do not come last), ahead of the files of dossiers after `position` in the batch. `on_read` sees
    each document as soon as it is read. A file that cannot be fetched fails the whole dossier (no
    review is written, the next run reads it again): a report must not call a file missing or
    unreadable because the storage failed for a moment."""
    if settings.workers:
        # The process that reads may be a Dask or process-pool worker, which the flow did not configure.
        configure_pool(settings.workers)
    order = sorted(range(len(sources)), key=lambda index: -sources[index].size)
    threads = max(1, min(len(sources), THREADS_PER_WORKER * (settings.workers or default_pool_size())))
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="qualiopi-read") as executor:
        futures = {
            executor.submit(extract_source, sources[index], settings, cache_dir, (position, rank)): index
            for rank, index in enumerate(order)
        }
        try:
            for future in concurrent.futures.as_completed(futures):
                on_read(future.result())
        except BaseException:
            executor.shutdown(cancel_futures=True)
            raise
    by_index = {index: future.result() for future, index in futures.items()}
    return [by_index[index] for index in range(len(sources))]
