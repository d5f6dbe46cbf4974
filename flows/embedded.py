"""Prefect's embedded server, started before the run's own imports instead of after them.

Left to itself, Prefect starts its temporary server when the flow asks for its first client: after
the command line has imported the whole pipeline (extractors, spaCy's wrapper, reports), and the
server then needs about 3.5 s to answer. Started first, it boots in its own process while this one
imports the pipeline and starts the extraction workers. It is launched the way Prefect launches its
own (uvicorn serving Prefect's application factory, in ephemeral mode, without the UI), but without
importing Prefect's server package here: that import alone took 3.5 s of this process before the
server could even begin to boot. This module imports nothing heavy itself, so that the command line
can call it before anything else.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path

_server: subprocess.Popen[bytes] | None = None
_server_url = ""
# What Prefect's own temporary server sets: its application in ephemeral mode, without the UI.
_EPHEMERAL_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
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


class EmbeddedServerError(RuntimeError):
    """Prefect's embedded server did not answer: the run cannot record its flow run."""


def start_embedded_server_early() -> None:
    """Starts Prefect's temporary server in the background when this process will need one (no
    `PREFECT_API_URL` configured) and points this process's Prefect at it. Only before Prefect is
    imported: Prefect reads its settings once, at import; later, Prefect starts its own server when
    the flow first asks for a client."""
    global _server, _server_url
    if _server is not None or "prefect" in sys.modules or server_configured():
        return
    # The socket is bound here and handed to uvicorn: no other process can take the port meanwhile.
    listening = socket.create_server(("127.0.0.1", 0))
    with listening:
        _server = subprocess.Popen(
            _uvicorn_command(listening.fileno()),
            env={**os.environ, **_EPHEMERAL_SERVER_ENV},
            pass_fds=(listening.fileno(),),
        )
        _server_url = f"http://127.0.0.1:{listening.getsockname()[1]}/api"
    os.environ["PREFECT_API_URL"] = _server_url
    atexit.register(_stop)


def _uvicorn_command(fd: int) -> list[str]:
    spec = importlib.util.find_spec("prefect")
    assert spec is not None and spec.origin is not None, "prefect is a dependency"
    app_dir = str(Path(spec.origin).parent.parent)
    factory = "prefect.server.api.server:create_app"
    return [sys.executable, "-m", "uvicorn", "--app-dir", app_dir, "--factory", factory, "--fd", str(fd),
            "--log-level", "error", "--lifespan", "on"]  # fmt: skip


def wait_for_embedded_server() -> None:
    """Returns once the server started by `start_embedded_server_early` answers: the flow must not
    ask Prefect for a client before. Raises EmbeddedServerError when it exits or does not answer
    within Prefect's own limit (`PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS`)."""
    if _server is None:
        return
    import httpx
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    deadline = time.monotonic() + PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
    with httpx.Client() as client:
        while time.monotonic() < deadline:
            if _server.poll() is not None:
                raise EmbeddedServerError(f"Prefect's embedded server exited with code {_server.returncode}")
            try:
                if client.get(f"{_server_url}/health", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise EmbeddedServerError(f"Prefect's embedded server did not answer at {_server_url} in time")


def _stop() -> None:
    if _server is None or _server.poll() is not None:
        return
    _server.terminate()
    try:
        _server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        _server.kill()
        _server.wait()
