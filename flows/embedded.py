"""Prefect's embedded server, started before the run's own imports instead of after them.

Left to itself, Prefect starts its temporary server when the flow asks for its first client: after
the command line has imported the whole pipeline (extractors, spaCy's wrapper, reports), and the
server then needs about 3.5 s to answer. Started first, it boots in its own process while this one
imports the pipeline and starts the extraction workers. This module imports nothing heavy itself, so
that the command line can call it before anything else.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prefect.server.api.server import SubprocessASGIServer

_starting: threading.Thread | None = None


def start_embedded_server_early() -> None:
    """Starts Prefect's temporary server in the background when this process will need one (no
    `PREFECT_API_URL` configured). A failure is left for the flow to meet: Prefect then tries again
    itself and reports it where the run needs the server."""
    global _starting
    from prefect.settings import PREFECT_API_URL

    if _starting is not None or PREFECT_API_URL.value():
        return
    # Imported here, before the pipeline, in this thread: imports hold the interpreter, so importing
    # it in the background thread would only slow both imports down.
    from prefect.server.api.server import SubprocessASGIServer

    _starting = threading.Thread(target=_start, args=(SubprocessASGIServer(),), name="prefect-server-start", daemon=True)
    _starting.start()


def wait_for_embedded_server() -> None:
    """Returns once the server started by `start_embedded_server_early` answers (or failed to): the
    flow must not ask Prefect for a client before, which would take the half-started server as ready."""
    if _starting is not None:
        _starting.join()


def _start(server: SubprocessASGIServer) -> None:
    try:
        server.start()
    except Exception:  # noqa: BLE001  (the flow's own start of the server reports it)
        return
