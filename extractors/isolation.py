"""A small pool of long-lived worker processes that run extractions and can be killed when stuck.

Why this shape:
* a worker pays the import of pdfium, pdfplumber, Pillow, openpyxl... once, not per document;
* a document that overruns its time budget is stopped for real: its worker's whole process group
  (the worker and any Tesseract it started) is killed and a fresh worker takes its place;
* workers are plain subprocesses (running `extractors.worker.main`), not `multiprocessing` children:
  that works from threads (Prefect's thread runner), from daemonic processes (Dask workers) and
  without `fork` copying the caller's state;
* the Tesseract engine (the library in the worker, or a command) is resolved by the caller at each
  call (`QUALIOPI_TESSERACT_CMD`, PATH), so a worker started earlier never runs a stale one.

Thread-safe: any number of threads may call `run`; at most `size` documents run at once, and when a
worker frees up the waiting document with the smallest priority gets it (the flows give the
documents of the batch's earliest dossier the smallest, so dossiers complete one after the other
and each is assessed while the next ones are read).
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from multiprocessing.connection import Connection
from pathlib import Path

from extractors.core import failure_record
from extractors.errors import ExtractionCrashed, ExtractionError, ExtractionTimeout
from extractors.records import to_record
from extractors.worker import READY, Job
from schemas import ReadDocument

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Importing the parsers takes about a second on an idle machine; a loaded one can be far slower.
STARTUP_TIMEOUT_SECONDS = 120.0
# Lets the worker's own deadline report first (clean message) before the hard kill.
KILL_GRACE_SECONDS = 1.0
# pdfium and Tesseract leave a little memory behind now and then: workers are renewed regularly.
MAX_JOBS_PER_WORKER = 200
# Not `-m extractors.worker`: that would import the module twice (package first, then as __main__).
WORKER_BOOTSTRAP = "import sys; from extractors.worker import main; main(int(sys.argv[1]), int(sys.argv[2]))"


class WorkerUnavailable(RuntimeError):
    """A worker could not be started or did not answer its start-up handshake."""


class _Worker:
    def __init__(self, bootstrap: str) -> None:
        job_read, job_write = os.pipe()
        result_read, result_write = os.pipe()
        env = dict(os.environ)
        env["OMP_THREAD_LIMIT"] = "1"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", bootstrap, str(job_read), str(result_write)],
                pass_fds=(job_read, result_write),
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=PROJECT_ROOT,
                start_new_session=True,
            )
        except OSError as error:
            os.close(job_write)
            os.close(result_read)
            raise WorkerUnavailable(str(error)) from error
        finally:
            # The child's ends live in the child only.
            os.close(job_read)
            os.close(result_write)
        self.jobs = Connection(job_write, readable=False)
        self.results = Connection(result_read, writable=False)
        self.done = 0
        try:
            if not self.results.poll(STARTUP_TIMEOUT_SECONDS) or self.results.recv() != READY:
                raise WorkerUnavailable("worker did not start")
        except (EOFError, OSError) as error:
            self.kill()
            raise WorkerUnavailable("worker died while starting") from error
        except WorkerUnavailable:
            self.kill()
            raise

    def run(self, job: Job, timeout: float) -> str:
        """The result as JSON. Raises `TimeoutError` (worker left running: caller kills it) or
        `EOFError`/`OSError` when the worker died."""
        self.jobs.send(asdict(job))
        if not self.results.poll(timeout):
            raise TimeoutError
        self.done += 1
        return self.results.recv()

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.kill()
        self.process.wait()
        for connection in (self.jobs, self.results):
            connection.close()

    def stop(self) -> None:
        """Polite end: closing its inbox makes the worker return; killed if it lingers."""
        self.jobs.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self.results.close()


Priority = tuple[int, ...]


class Slots:
    """At most `size` holders at once; a freed slot goes to the waiter with the smallest priority,
    the earliest among equals."""

    def __init__(self, size: int) -> None:
        self._free = size
        self._waiting: list[tuple[Priority, int]] = []
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    @contextmanager
    def held(self, priority: Priority = ()) -> Iterator[None]:
        self.acquire(priority)
        try:
            yield
        finally:
            self.release()

    def acquire(self, priority: Priority = ()) -> None:
        entry = (priority, next(self._tickets))
        with self._changed:
            heapq.heappush(self._waiting, entry)
            try:
                self._changed.wait_for(lambda: self._free > 0 and self._waiting[0] == entry)
            except BaseException:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
                self._changed.notify_all()
                raise
            heapq.heappop(self._waiting)
            self._free -= 1
            self._changed.notify_all()  # the next waiter may find a free slot too

    def release(self) -> None:
        with self._changed:
            self._free += 1
            self._changed.notify_all()

    @property
    def waiting(self) -> int:
        with self._changed:
            return len(self._waiting)


class WorkerPool:
    """`bootstrap`: the Python code a worker runs (fault-injection tests wrap the real one)."""

    def __init__(self, size: int, bootstrap: str = WORKER_BOOTSTRAP) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.size = size
        self.bootstrap = bootstrap
        self._slots = Slots(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._warming = threading.Lock()
        self._warmed = False
        self._closed = False

    def run(self, job: Job, relative_path: str, timeout: float, priority: Priority = ()) -> ReadDocument:
        """Runs one job; a stuck or crashed worker is killed and the document gets an error record.
        Raises `WorkerUnavailable` only when no worker can be started at all."""
        with self._slots.held(priority):
            worker = self._take()
            try:
                payload = worker.run(job, timeout + KILL_GRACE_SECONDS)
            except TimeoutError:
                worker.kill()
                logger.warning("extraction of %s killed after %.0f s", relative_path, timeout)
                return unreadable(
                    relative_path,
                    job.sha256,
                    ExtractionTimeout(f"Lecture interrompue : durée maximale de traitement ({timeout:.0f} s) dépassée."),
                )
            except (EOFError, OSError, BrokenPipeError):
                code = worker.process.poll()
                worker.kill()
                logger.error("extraction worker died on %s (exit code %s)", relative_path, code)
                return unreadable(relative_path, job.sha256, ExtractionCrashed())
            except BaseException:
                worker.kill()
                raise
            self._give_back(worker)
        return ReadDocument.model_validate_json(payload)

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return _Worker(self.bootstrap)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed and worker.done < MAX_JOBS_PER_WORKER:
                self._idle.append(worker)
                return
        worker.stop()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def warm_up(self) -> None:
        """Starts every worker now (in parallel), so the first documents do not pay the imports.
        Holding every slot meanwhile, documents submitted during the warm-up (it may run in a
        thread while the caller starts other things) wait for these workers instead of each
        starting one more."""
        # Once per pool: a second warm-up (the CLI's early one, then the flow's) would only take freed
        # slots ahead of queued documents; workers that end later are started when a document needs one.
        if not self._warming.acquire(blocking=False):
            return
        try:
            if self._warmed:
                return
            self._warm_up()
            self._warmed = True
        finally:
            self._warming.release()

    def _warm_up(self) -> None:
        for _ in range(self.size):
            self._slots.acquire()
        try:
            self._start_missing_workers()
        finally:
            for _ in range(self.size):
                self._slots.release()

    def _start_missing_workers(self) -> None:
        started: list[_Worker] = []
        failures: list[BaseException] = []

        def start() -> None:
            try:
                worker = _Worker(self.bootstrap)
            except WorkerUnavailable as error:
                failures.append(error)
                return
            with self._lock:
                started.append(worker)

        with self._lock:
            missing = self.size - len(self._idle)
        threads = [threading.Thread(target=start) for _ in range(missing)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with self._lock:
            self._idle.extend(started)
        if failures and not started:
            raise WorkerUnavailable(str(failures[0]))


def unreadable(relative_path: str, sha256: str | None, error: ExtractionError) -> ReadDocument:
    """The answer for a document no worker could read to the end."""
    extracted = failure_record(relative_path, sha256 or "", None, error)
    return ReadDocument(extracted=extracted, record=to_record(extracted))


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()


def default_pool_size() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def get_pool() -> WorkerPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = WorkerPool(default_pool_size())
        return _pool


def configure_pool(workers: int) -> WorkerPool:
    """Sets the number of worker processes (e.g. the CLI's `--workers`). A pool of that size is kept
    with its started workers (a batch after another one in the same process does not pay their
    imports again); otherwise idle workers of the previous pool are stopped and documents already
    running finish in their old workers."""
    global _pool
    with _pool_lock:
        if _pool is not None and _pool.size == workers:
            return _pool
        previous, _pool = _pool, WorkerPool(workers)
    if previous is not None:
        previous.close()
    return _pool


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        previous, _pool = _pool, None
    if previous is not None:
        previous.close()


atexit.register(shutdown_pool)
