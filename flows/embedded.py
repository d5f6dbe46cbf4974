"""Prefect's embedded server, started before the run's own imports instead of after them.

Left to itself, Prefect starts its temporary server when the flow asks for its first client: after
the command line has imported the whole pipeline (extractors, spaCy's wrapper, reports), and the
server then needs about 3.5 s to answer. Started first, it boots in its own process while this one
imports the pipeline and starts the extraction workers. This module imports nothing heavy itself, so
that the command line can call it before anything else.
"""

from __future__ import annotations

import os
import threading
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from prefect.server.api.server import SubprocessASGIServer

_starting: threading.Thread | None = None
# Prefect's settings files in the working folder, with the table that holds its settings in each.
_TOML_SETTINGS: tuple[tuple[Path, tuple[str, ...]], ...] = (
    (Path("prefect.toml"), ()),
    (Path("pyproject.toml"), ("tool", "prefect")),
)


def server_configured() -> bool:
    """Whether Prefect may be configured to talk to a server (`PREFECT_API_URL`), read without
    importing Prefect (whose settings alone take over a second to import): from the environment,
    the active profile, `.env`, `prefect.toml` and `pyproject.toml` of the working folder, where
    Prefect reads its settings. When in doubt (a file that does not parse), yes: the run then asks
    Prefect itself, which costs time but never a flow run that a server should have recorded."""
    if os.environ.get("PREFECT_API_URL"):
        return True
    try:
        return _profile_sets_api_url() or _dotenv_sets_api_url(Path(".env")) or _toml_sets_api_url()
    except (OSError, ValueError):
        return True


def _profile_sets_api_url() -> bool:
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    if not path.is_file():
        return False
    profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active")
    return bool(profiles.get("profiles", {}).get(active, {}).get("PREFECT_API_URL"))


def _dotenv_sets_api_url(path: Path) -> bool:
    if not path.is_file():
        return False
    lines = path.read_text(encoding="utf-8").splitlines()
    return any(line.strip().removeprefix("export ").lstrip().startswith("PREFECT_API_URL") for line in lines)


def _toml_sets_api_url() -> bool:
    for path, header in _TOML_SETTINGS:
        if not path.is_file():
            continue
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        for key in header:
            table = table.get(key, {})
        if table.get("api", {}).get("url"):
            return True
    return False


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
