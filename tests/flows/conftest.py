from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.seaweed import S3Endpoint, seaweedfs_server

VENV_BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    with seaweedfs_server(tmp_path_factory.mktemp("seaweed-flows")) as endpoint:
        yield endpoint


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cli_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_API", "AWS_"))}
    env.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
        OMP_THREAD_LIMIT="1",
        # A review service the developer left running is no part of a test's run.
        QUALIOPI_REVIEW_SERVICE_DIR=str(Path(tempfile.gettempdir()) / "qualiopi-review-tests-without-service"),
    )
    env.update(extra)
    return env


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 600, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(VENV_BIN / "qualiopi-review"), *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=cwd
    )


def comparable(report_path: Path) -> dict:
    """A gap report without what legitimately differs between two runs of the same input."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    for key in ("generated_at", "processing_seconds"):
        report.pop(key, None)
    return report


def copy_samples(samples: Path, target: Path, copies: int = 1) -> Path:
    for index in range(copies):
        for dossier in sorted(p for p in samples.iterdir() if p.is_dir()):
            name = dossier.name if copies == 1 else f"{dossier.name}-{index:02d}"
            shutil.copytree(dossier, target / name)
    return target
