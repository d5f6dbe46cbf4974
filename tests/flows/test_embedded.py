"""Prefect's embedded server started ahead of the pipeline's imports, in a process of its own as the
command line would (a server in pytest's process would outlive the test)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.flows.conftest import cli_env

pytestmark = pytest.mark.slow

PROBE = """
from flows.embedded import start_embedded_server_early, wait_for_embedded_server
start_embedded_server_early()
import flows.pipeline  # what the command line imports meanwhile
wait_for_embedded_server()
import httpx
from prefect.server.api.server import SubprocessASGIServer
server = SubprocessASGIServer()
print(server.running and httpx.get(server.api_url + "/health", timeout=5).status_code == 200)
"""


def _probe(env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_the_embedded_server_answers_once_waited_for(tmp_path):
    assert _probe(cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"))) == "True"


def test_no_embedded_server_when_a_server_is_configured(tmp_path):
    # Nothing listens there: had the probe started nothing, it reads that no server is running.
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL="http://127.0.0.1:9/api")
    assert _probe(env) == "False"
