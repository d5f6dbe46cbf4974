"""Prefect's embedded server started ahead of the pipeline's imports, in a process of its own as the
command line would (a server in pytest's process would outlive the test)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.flows.conftest import cli_env, run_cli

pytestmark = pytest.mark.slow

PROBE = """
import json, os, sys
from flows.embedded import EmbeddedServerError, start_embedded_server_early, wait_for_embedded_server
start_embedded_server_early()
import flows.pipeline  # what the command line imports meanwhile
try:
    wait_for_embedded_server()
    error = None
except EmbeddedServerError as raised:
    error = str(raised)
import httpx
try:
    answers = httpx.get(os.environ["PREFECT_API_URL"] + "/health", timeout=5).status_code == 200
except httpx.TransportError:
    answers = False
print(json.dumps({
    "answers": answers,
    "error": error,
    "server_package_imported": "prefect.server.api.server" in sys.modules,
}))
"""


def _probe(env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_embedded_server_answers_once_waited_for_without_its_package_in_this_process(tmp_path):
    seen = _probe(cli_env(PREFECT_HOME=str(tmp_path / "prefect-home")))
    assert seen == {"answers": True, "error": None, "server_package_imported": False}


def test_no_embedded_server_when_a_server_is_configured(tmp_path):
    # Nothing listens there: had the probe started a server, it would have pointed Prefect at it.
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL="http://127.0.0.1:9/api")
    assert _probe(env) == {"answers": False, "error": None, "server_package_imported": False}


def test_a_server_that_cannot_start_is_a_clear_error(tmp_path):
    # Its database lies in a folder that a file stands in the way of.
    (tmp_path / "not-a-folder").write_text("")
    database = f"sqlite+aiosqlite:///{tmp_path / 'not-a-folder' / 'prefect.db'}"
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_DATABASE_CONNECTION_URL=database)
    seen = _probe(env)
    assert seen["answers"] is False
    assert seen["error"].startswith("Prefect's embedded server exited with code")


def test_a_run_is_recorded_by_the_embedded_server_which_stops_with_it(tmp_path):
    dossier = tmp_path / "in" / "dossier-a"
    dossier.mkdir(parents=True)
    (dossier / "programme.txt").write_text("Programme de formation : Tableur\nDurée : 7 heures.\n", encoding="utf-8")
    home = tmp_path / "prefect-home"
    done = run_cli(["run", str(dossier.parent), "--out", str(tmp_path / "out")], cli_env(PREFECT_HOME=str(home)))
    assert done.returncode == 0, done.stderr[-3000:]
    with sqlite3.connect(home / "prefect.db") as database:
        names = [row[0] for row in database.execute("select f.name from flow_run r join flow f on f.id = r.flow_id")]
    assert names == ["review-batch"]
    assert _servers_with(f"PREFECT_HOME={home}") == []


def _servers_with(environment_entry: str) -> list[int]:
    """uvicorn processes (Prefect's server) whose environment holds the entry."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit() or b"uvicorn" not in (proc / "cmdline").read_bytes():
                continue
            if environment_entry.encode() in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found
