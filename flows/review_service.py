"""The review service: one long-lived local process that keeps what a run starts (Prefect's embedded
server, the extraction workers, spaCy and the pattern banks) and reviews the batches that
`qualiopi-review run` hands over to it.

A cold command-line run spends about 20 CPU s before it reads its first document (bench/README):
on a laptop's two cores, an officer who reviews dossiers one by one waits 12 to 15 s for a
one-dossier batch that takes 2 s once everything is started. The service pays that start once
(`qualiopi-review service start`) and stops by itself after an idle period.

A batch is handed over only to a service running the same code (`review_digest`) in the same
environment (the variables that configure storage, Prefect, OCR and this tool, the interpreter and
the working folder): anything else runs in the command's own process, as without a service. The
command plans the batch first, so a batch with nothing to review never reaches the service.

The protocol is one JSON document per line over a Unix socket in a folder only its user can
enter: the command sends its request; the service answers with progress events, then the batch's
outcome or the failure that stopped it. Batches are served one at a time; `status` and `stop` are
answered during one. A command that goes away does not stop the batch it handed over: its reports
are written all the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.embedded import EmbeddedServerError
from flows.fingerprint import review_digest
from flows.progress import ProgressObserver, SilentProgress
from flows.review_command import ReviewRequest, review
from flows.review_state import BatchOutcome
from storage.errors import StorageError

logger = logging.getLogger(__name__)

SERVICE_DIR_VARIABLE = "QUALIOPI_REVIEW_SERVICE_DIR"
DEFAULT_IDLE_MINUTES = 60.0
START_TIMEOUT_SECONDS = 300.0
# What configures a run without being one of its arguments: storage credentials and endpoints,
# Prefect's settings, Tesseract's data and threads, this tool's own variables, the programs found.
ENVIRONMENT_PREFIXES = ("AWS_", "PREFECT_", "QUALIOPI_", "TESSDATA_", "OMP_", "PATH")
_IDLE_CHECK_SECONDS = 5.0
# `status` and `stop` are answered at once, even during a batch.
STATUS_TIMEOUT_SECONDS = 10.0


class ReviewServiceError(RuntimeError):
    """The review service could not be started, or failed while reviewing a batch."""


# --------------------------------------------------------------------------- where and who


def service_dir() -> Path:
    configured = os.environ.get(SERVICE_DIR_VARIABLE)
    return Path(configured) if configured else Path.home() / ".cache" / "qualiopi-review" / "service"


def socket_path(directory: Path | None = None) -> Path:
    return (directory or service_dir()) / "review.sock"


def log_path() -> Path:
    return service_dir() / "service.log"


def identity_here() -> dict[str, str]:
    """What a service must share with a command to review its batches: code and environment."""
    return {"version": review_digest(), "environment": environment_signature()}


def why_not_served(command: Mapping[str, Any], service: Mapping[str, Any]) -> str | None:
    """Why a service of `service`'s identity may not review a batch of `command`'s, or None."""
    if command.get("version") != service.get("version"):
        return "it runs other code or rules (`qualiopi-review service stop`, then start it again)"
    if command.get("environment") != service.get("environment"):
        return "it was started in another folder or environment"
    return None


def environment_signature() -> str:
    """Digest of what, outside a request, decides how its batch runs."""
    digest = hashlib.sha256(f"{sys.executable}\0{os.getcwd()}\n".encode())
    for name in sorted(os.environ):
        if name.startswith(ENVIRONMENT_PREFIXES):
            digest.update(f"{name}={os.environ[name]}\n".encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- the command's side


def _connect(timeout: float | None = None, directory: Path | None = None) -> socket.socket | None:
    path = socket_path(directory)
    if not path.exists():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    connection.settimeout(timeout)
    try:
        connection.connect(str(path))
    except OSError:
        connection.close()
        return None
    return connection


def _exchange(connection: socket.socket, message: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Sends `message`, then yields the service's answers as they come."""
    with connection, connection.makefile("rwb") as stream:
        stream.write(json.dumps(message).encode() + b"\n")
        stream.flush()
        for line in stream:
            yield json.loads(line)


def status(directory: Path | None = None) -> dict[str, Any] | None:
    """What the running service says of itself (pid, version, environment, batches served), or
    None when none answers. `directory`: the service's folder, if not this environment's."""
    connection = _connect(timeout=STATUS_TIMEOUT_SECONDS, directory=directory)
    if connection is None:
        return None
    try:
        return next(_exchange(connection, {"status": True}), None)
    except (OSError, ValueError):
        return None


def review_through_service(
    request: ReviewRequest, observer: ProgressObserver, note: Callable[[str], None]
) -> BatchOutcome | None:
    """The batch's outcome reviewed by the running service, or None when no service may take it
    (none runs, other code or environment, the service stopped before answering): the caller then
    reviews it itself. `note` is told why a running service was not used."""
    connection = _connect()
    if connection is None:
        return None
    message = {"review": request.located().model_dump(mode="json"), **identity_here()}
    try:
        for answer in _exchange(connection, message):
            if "event" in answer:
                getattr(observer, answer["event"])(*answer["arguments"])
            elif "refused" in answer:
                note(f"review service not used: {answer['refused']}")
                return None
            elif "outcome" in answer:
                return BatchOutcome.model_validate(answer["outcome"])
            elif "failure" in answer:
                failure = answer["failure"]
                if failure["kind"] == "storage":
                    raise StorageError(failure["message"], failure["message_fr"])
                if failure["kind"] == "prefect":
                    raise EmbeddedServerError(failure["message"])
                raise ReviewServiceError(f"{failure['message']} (service log: {log_path()})")
    except (OSError, ValueError) as error:
        note(f"review service lost ({error}): reviewed here")
        return None
    note("review service stopped during the batch: reviewed here")
    return None


def start(idle_minutes: float, workers: int | None) -> dict[str, Any]:
    """Starts the service in the background and returns its status once it answers. Raises
    ReviewServiceError when one already answers, or when it exits or stays silent."""
    running = status()
    if running is not None:
        raise ReviewServiceError(f"a review service already runs (pid {running['pid']})")
    directory = service_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    socket_path().unlink(missing_ok=True)  # a service that died without removing it
    command = [sys.executable, "-m", "flows.review_service", "--idle-minutes", str(idle_minutes)]
    if workers:
        command += ["--workers", str(workers)]
    with log_path().open("ab") as log:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, cwd=os.getcwd()
        )
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ReviewServiceError(f"the review service exited with code {process.returncode}; see {log_path()}")
        answer = status()
        if answer is not None:
            return answer
        time.sleep(0.2)
    process.terminate()
    raise ReviewServiceError(f"the review service did not answer within {START_TIMEOUT_SECONDS:.0f} s; see {log_path()}")


def stop() -> int | None:
    """Asks the running service to stop once its current batch is done; its pid, or None when none
    answered. Returns once it has gone."""
    connection = _connect(timeout=STATUS_TIMEOUT_SECONDS)
    if connection is None:
        return None
    try:
        answer = next(_exchange(connection, {"stop": True}), None)
    except (OSError, ValueError):
        return None
    if answer is None:
        return None
    while socket_path().exists() and _pid_alive(answer["pid"]):
        time.sleep(0.1)
    return answer["pid"]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# --------------------------------------------------------------------------- the service's side


class _SocketObserver:
    """Progress events written to the command's connection; a command gone away is no error (the
    batch goes on and writes its reports)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        self.connected = True

    def send(self, message: dict[str, Any]) -> None:
        with self.lock:
            if not self.connected:
                return
            try:
                self.stream.write(json.dumps(message).encode() + b"\n")
                self.stream.flush()
            except OSError:
                self.connected = False

    def batch_started(self, dossiers: int, documents: int) -> None:
        self.send({"event": "batch_started", "arguments": [dossiers, documents]})

    def document_done(self, dossier_id: str, path: str, ok: bool) -> None:
        self.send({"event": "document_done", "arguments": [dossier_id, path, ok]})

    def dossier_done(self, dossier_id: str, skipped: bool) -> None:
        self.send({"event": "dossier_done", "arguments": [dossier_id, skipped]})


class _Service(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    """Each connection in a thread of its own, so that `status` and `stop` answer during a batch;
    batches one at a time (`reviewing`). Closing the server waits for the batch under way."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, path: Path, version: str, environment: str) -> None:
        super().__init__(str(path), _Handler)
        self.version = version
        self.environment = environment
        self.started = time.time()
        self.last_activity = time.monotonic()
        self.batches = 0
        self.stopping = False
        self.reviewing = threading.Lock()

    def idle_for(self, seconds: float) -> bool:
        return not self.reviewing.locked() and time.monotonic() - self.last_activity >= seconds

    def describe(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "version": self.version, "environment": self.environment,
                "started": self.started, "batches": self.batches}  # fmt: skip


class _Handler(socketserver.StreamRequestHandler):
    server: _Service

    def handle(self) -> None:
        message = json.loads(self.rfile.readline() or b"{}")
        observer = _SocketObserver(self.wfile)
        if "status" in message:
            observer.send(self.server.describe())
        elif "stop" in message:
            self.server.stopping = True
            observer.send(self.server.describe())
        elif "review" in message:
            refusal = why_not_served(message, self.server.describe())
            if refusal:
                observer.send({"refused": refusal})
            else:
                with self.server.reviewing:
                    observer.send(_served(ReviewRequest.model_validate(message["review"]), observer))
                    self.server.batches += 1
        self.server.last_activity = time.monotonic()


def _served(request: ReviewRequest, observer: _SocketObserver) -> dict[str, Any]:
    """The answer that ends a batch: its outcome, or the failure that stopped it."""
    try:
        return {"outcome": review(request, observer).model_dump(mode="json")}
    except StorageError as error:
        return {"failure": {"kind": "storage", "message": str(error), "message_fr": error.message_fr}}
    except EmbeddedServerError as error:
        return {"failure": {"kind": "prefect", "message": str(error)}}
    except Exception as error:  # noqa: BLE001  (the service outlives a batch's failure; its log keeps the trace)
        logger.exception("batch failed")
        return {"failure": {"kind": "internal", "message": f"{type(error).__name__}: {error}"}}


def serve(idle_minutes: float, workers: int | None) -> None:
    """Starts what a run needs, then serves batches until stopped or idle for `idle_minutes`."""
    environment = environment_signature()  # before the embedded server sets PREFECT_API_URL here
    from flows.embedded import start_embedded_server_early, wait_for_embedded_server

    start_embedded_server_early()
    from extractors import configure_pool, default_pool_size
    from flows.long_lived import prepare_long_lived
    from flows.pipeline import paris_today
    from indicator_mappers.referential import referential_in_force

    configure_pool(workers or default_pool_size()).warm_up()
    prepare_long_lived(referential_in_force(paris_today()).id)
    wait_for_embedded_server()
    _review_a_first_batch()
    with _listening(socket_path(), review_digest(), environment) as service:
        logger.info("review service ready (pid %d)", os.getpid())
        while not service.stopping and not service.idle_for(idle_minutes * 60):
            service.handle_request()
    logger.info("review service stopped")


def _review_a_first_batch() -> None:
    """A process's first batch imports Prefect's flow and task engines, opens its client and loads
    the report templates (1.5 to 2 s): paid here, on a one-file dossier in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="qualiopi-review-warm-up-") as folder:
        dossier = Path(folder) / "dossiers" / "warm-up"
        dossier.mkdir(parents=True)
        (dossier / "programme.txt").write_text("Programme de formation\nDurée : 7 heures\n", encoding="utf-8")
        request = ReviewRequest(input=str(dossier.parent), out=f"{folder}/out", cache_dir=Path(folder) / "cache")
        review(request, SilentProgress())


@contextmanager
def _listening(path: Path, version: str, environment: str) -> Iterator[_Service]:
    path.unlink(missing_ok=True)
    service = _Service(path, version, environment)
    service.timeout = _IDLE_CHECK_SECONDS
    try:
        yield service
    finally:
        service.server_close()
        path.unlink(missing_ok=True)


def _stop_on_terminate(signum: int, frame: object) -> None:
    raise SystemExit(0)  # so that the socket is removed and the embedded server stopped (atexit)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m flows.review_service")
    parser.add_argument("--idle-minutes", type=float, default=DEFAULT_IDLE_MINUTES)
    parser.add_argument("--workers", type=int, default=None)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per call to Prefect's server
    signal.signal(signal.SIGTERM, _stop_on_terminate)
    serve(arguments.idle_minutes, arguments.workers)
