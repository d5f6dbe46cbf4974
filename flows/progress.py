"""Progress events from the flows to whoever shows them (the CLI's progress bar or log lines).

A module-level observer rather than a flow parameter: Prefect validates and records parameters,
and a terminal widget is neither serialisable nor part of what a run means.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class ProgressObserver(Protocol):
    def batch_started(self, dossiers: int, documents: int) -> None: ...
    def document_done(self, dossier_id: str, path: str, ok: bool) -> None: ...
    def dossier_done(self, dossier_id: str, skipped: bool) -> None: ...


class SilentProgress:
    """Shows nothing: the default, and for callers that print their own summary."""

    def batch_started(self, dossiers: int, documents: int) -> None:
        pass

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        pass

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        pass


_lock = threading.Lock()
_observer: ProgressObserver = SilentProgress()


def observer() -> ProgressObserver:
    return _observer


@contextmanager
def observing(new_observer: ProgressObserver) -> Iterator[None]:
    global _observer
    with _lock:
        previous, _observer = _observer, new_observer
    try:
        yield
    finally:
        with _lock:
            _observer = previous


class OncePerDocument:
    """Passes events on to `inner`, each document's once: a dossier's documents are reported as they
    are read by a task running in this process, and again by the flow when the task ends (the only
    report when the task ran elsewhere, on a Dask worker)."""

    def __init__(self, inner: ProgressObserver) -> None:
        self.inner = inner
        self._seen: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def batch_started(self, dossiers: int, documents: int) -> None:
        self.inner.batch_started(dossiers, documents)

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        with self._lock:
            if (dossier_id, path) in self._seen:
                return
            self._seen.add((dossier_id, path))
        self.inner.document_done(dossier_id, path, ok)

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        self.inner.dossier_done(dossier_id, skipped)
