"""The review service: a batch handed over by the command line is reviewed as the command would
have reviewed it; a service of other code or another environment is never used; no service, or a
dead one, leaves the command to review the batch itself."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from flows import review_service
from flows.progress import SilentProgress
from flows.review_command import ReviewRequest
from tests.flows.conftest import cli_env, comparable, run_cli


@pytest.fixture
def service_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "service"
    directory.mkdir()
    monkeypatch.setenv(review_service.SERVICE_DIR_VARIABLE, str(directory))
    return directory


def _request(tmp_path: Path) -> ReviewRequest:
    return ReviewRequest(input=str(tmp_path / "in"), out=str(tmp_path / "out"), cache_dir=tmp_path / "cache")


def test_without_a_service_the_command_reviews_the_batch_itself(service_dir: Path, tmp_path: Path) -> None:
    notes: list[str] = []
    assert review_service.review_through_service(_request(tmp_path), SilentProgress(), notes.append) is None
    assert notes == []


def test_a_socket_left_by_a_dead_service_is_not_used(service_dir: Path, tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as dead:
        dead.bind(str(review_service.socket_path()))  # bound, never listening: nobody answers
    notes: list[str] = []
    assert review_service.review_through_service(_request(tmp_path), SilentProgress(), notes.append) is None
    assert review_service.status() is None


def _answering(version: str, environment: str):
    """The service's own socket server, answering one request in a thread, without its warm-up."""
    listening = review_service._listening(review_service.socket_path(), version, environment)
    service = listening.__enter__()
    thread = threading.Thread(target=service.handle_request)
    thread.start()
    return listening, thread


@pytest.mark.parametrize(
    ("version", "environment", "reason"),
    [
        ("other code", None, "other code"),
        (None, "other environment", "another folder or environment"),
    ],
)
def test_a_service_of_other_code_or_environment_refuses_the_batch(
    service_dir: Path, tmp_path: Path, version: str | None, environment: str | None, reason: str
) -> None:
    listening, thread = _answering(
        version or review_service.review_digest(), environment or review_service.environment_signature()
    )
    notes: list[str] = []
    try:
        assert review_service.review_through_service(_request(tmp_path), SilentProgress(), notes.append) is None
    finally:
        thread.join(timeout=30)
        listening.__exit__(None, None, None)
    assert len(notes) == 1 and reason in notes[0]
    assert not (tmp_path / "out").exists()


def test_status_is_answered_and_the_service_is_not_idle_during_a_batch(service_dir: Path) -> None:
    listening = review_service._listening(review_service.socket_path(), "code", "environment")
    service = listening.__enter__()
    try:
        with service.reviewing:  # a batch under way
            thread = threading.Thread(target=service.handle_request)
            thread.start()
            answer = review_service.status()
            thread.join(timeout=30)
            assert not service.idle_for(0)
        assert service.idle_for(0)
    finally:
        listening.__exit__(None, None, None)
    assert answer is not None and answer["pid"] == os.getpid() and answer["batches"] == 0


def test_the_environment_signature_follows_what_configures_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = review_service.environment_signature()
    monkeypatch.setenv("UNRELATED_TO_A_RUN", "1")
    assert review_service.environment_signature() == before
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    assert review_service.environment_signature() != before
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.chdir(tmp_path)
    assert review_service.environment_signature() != before


def test_a_request_sent_elsewhere_carries_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    located = ReviewRequest(input="in", out="s3://bucket/out", cache_dir=Path(".cache")).located()
    assert (located.input, located.out, located.cache_dir) == (str(tmp_path / "in"), "s3://bucket/out", tmp_path / ".cache")


@pytest.mark.slow
def test_a_batch_handed_to_the_service_gets_the_reports_of_a_plain_run(samples_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(samples_dir / "bilans-et-certifs", source / "bilans-et-certifs")
    env = cli_env(**{review_service.SERVICE_DIR_VARIABLE: str(tmp_path / "service")})
    started = run_cli(["service", "start", "--idle-minutes", "5"], env, cwd=tmp_path)
    assert started.returncode == 0, started.stderr[-3000:]
    try:
        served = run_cli(["run", str(source), "--out", "served", "--cache-dir", "cache-1"], env, cwd=tmp_path)
        assert served.returncode == 0, served.stderr[-3000:]
        assert "not used" not in served.stderr
        status = run_cli(["service", "status"], env, cwd=tmp_path)
        assert "1 batch(es) reviewed; runs from here use it" in status.stdout

        # Another environment: the command reviews the batch itself, and says why.
        elsewhere = run_cli(
            ["run", str(source), "--out", "elsewhere", "--cache-dir", "cache-2"],
            {**env, "AWS_DEFAULT_REGION": "eu-west-3"}, cwd=tmp_path,
        )  # fmt: skip
        assert elsewhere.returncode == 0, elsewhere.stderr[-3000:]
        assert "review service not used: it was started in another folder or environment" in elsewhere.stderr
    finally:
        stopped = run_cli(["service", "stop"], env, cwd=tmp_path)
    assert "Review service stopped" in stopped.stdout
    assert not (tmp_path / "service" / "review.sock").exists()
    assert "No review service runs" in run_cli(["service", "status"], env, cwd=tmp_path).stdout
    report = "bilans-et-certifs/gap_report.json"
    assert comparable(tmp_path / "served" / report) == comparable(tmp_path / "elsewhere" / report)
