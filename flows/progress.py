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
