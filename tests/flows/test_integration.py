"""Integration: a real Prefect server with the served deployment, a real Dask cluster, a real
S3-compatible server, and a run killed mid-batch. Slow, and run in CI."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.flows.conftest import VENV_BIN, cli_env, comparable, copy_samples, free_port, run_cli

pytestmark = pytest.mark.slow


def _report_files(out: Path) -> dict[str, Path]:
    return {path.parent.name: path for path in sorted(out.glob("*/gap_report.json"))}


def test_dask_local_cluster_gives_the_same_reports_as_threads(samples_dir, tmp_path):
    # The installed command, run from another folder as a user would: Dask workers then import the
    # project the way the installation provides it, not from pytest's own path.
    threads, dask = tmp_path / "threads", tmp_path / "dask"
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"))
    for out, runner in ((threads, "thread"), (dask, "dask")):
        result = run_cli(
            ["run", str(samples_dir), "--out", str(out), "--runner", runner, "--workers", "2",
             "--cache-dir", str(tmp_path / f"cache-{runner}")],
            env=env, cwd=tmp_path, timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    thread_reports, dask_reports = _report_files(threads), _report_files(dask)
    assert thread_reports.keys() == dask_reports.keys() and thread_reports
    for dossier, path in thread_reports.items():
        assert comparable(path) == comparable(dask_reports[dossier]), dossier


def test_s3_input_and_output_with_an_incremental_second_run(prefect_harness, samples_dir, s3_server, monkeypatch):
    client = s3_server.client()
    for path in sorted(samples_dir.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), s3_server.bucket, f"incoming/{path.relative_to(samples_dir).as_posix()}")
    for key, value in s3_server.env().items():
        monkeypatch.setenv(key, value)
    source, out = f"s3://{s3_server.bucket}/incoming", f"s3://{s3_server.bucket}/reports"
    first = CliRunner().invoke(app, ["run", source, "--out", out, "--s3-endpoint-url", s3_server.url,
                                     "--cache-dir", str(Path(os.environ.get("TMPDIR", "/tmp")) / f"qr-s3-{time.time_ns()}")])
    assert first.exit_code == 0, first.output + repr(first.exception)
    keys = {item["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=s3_server.bucket, Prefix="reports/") for item in page.get("Contents", [])}
    dossiers = [p.name for p in samples_dir.iterdir() if p.is_dir()]
    assert "reports/batch_summary.csv" in keys
    assert sum(key.endswith("/gap_report.json") for key in keys) == len(dossiers)
    assert not [key for key in keys if ".tmp-" in key]
    second = CliRunner().invoke(app, ["run", source, "--out", out, "--s3-endpoint-url", s3_server.url])
    assert second.exit_code == 0, second.output
    assert f"{len(dossiers)} unchanged and skipped" in " ".join(second.stdout.split())


EVERY_FORMAT = {
    # path in the test dossier: sample file it is copied from (bilans-et-certifs unless said)
    "BPF_2025.pdf": "bilans-et-certifs/BPF_2025.pdf",
    "administratif/Récépissé déclaration activité (scan).pdf": "bilans-et-certifs/Récépissé déclaration activité.pdf",
    "preuves/réalisation/Attestation Mehdi.jpg": "*/Attestation_fin_formation_Mehdi_C.jpg",
    "preuves/réalisation/Attestation Mehdi.png": None,  # the same photo as PNG
    "Programme bilan de compétences.docx": "bilans-et-certifs/Programme bilan de compétences.docx",
    "enquêtes/Synthèse satisfaction 2025.xlsx": "bilans-et-certifs/Synthèse satisfaction bilans 2025.xlsx",
    "enquêtes/Enquête apprentis.csv": "cfa-batiment-avenir/Enquete satisfaction apprentis 2025.csv",
    "veille.txt": "bilans-et-certifs/veille.txt",
}


def _every_format_batch(samples_dir: Path, root: Path) -> Path:
    from PIL import Image

    dossier = root / "Dossier Évreux n°3"
    for target, origin in EVERY_FORMAT.items():
        path = dossier / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if origin is None:
            continue
        shutil.copy(next(samples_dir.glob(origin)), path)
    photo = dossier / "preuves/réalisation/Attestation Mehdi.jpg"
    Image.open(photo).save(dossier / "preuves/réalisation/Attestation Mehdi.png")
    (dossier / "dossier.yaml").write_text("categories: [AF, BC]\n", encoding="utf-8")
    return root


def test_s3_reports_equal_local_reports_for_every_format(prefect_harness, samples_dir, s3_server, tmp_path, monkeypatch):
    source = _every_format_batch(samples_dir, tmp_path / "in")
    local_out = tmp_path / "local-out"
    local = CliRunner().invoke(app, ["run", str(source), "--out", str(local_out), "--cache-dir", str(tmp_path / "cache")])
    assert local.exit_code == 0, local.output

    client = s3_server.client()
    prefix = f"every-format-{time.time_ns()}"
    for path in sorted(source.rglob("*")):
        if path.is_file():
            client.upload_file(str(path), s3_server.bucket, f"{prefix}/in/{path.relative_to(source).as_posix()}")
    for key, value in s3_server.env().items():
        monkeypatch.setenv(key, value)
    # The same cache: an outcome of the local run must not hide what the S3 run reads, nor the reverse.
    remote = CliRunner().invoke(app, [
        "run", f"s3://{s3_server.bucket}/{prefix}/in", "--out", f"s3://{s3_server.bucket}/{prefix}/out",
        "--s3-endpoint-url", s3_server.url, "--cache-dir", str(tmp_path / "cache-s3"),
    ])
    assert remote.exit_code == 0, remote.output
    remote_report = json.loads(
        client.get_object(Bucket=s3_server.bucket, Key=f"{prefix}/out/Dossier Évreux n°3/gap_report.json")["Body"].read()
    )
    local_report = comparable(local_out / "Dossier Évreux n°3" / "gap_report.json")
    for key in ("generated_at", "processing_seconds"):
        remote_report.pop(key, None)
    assert local_report["dossier_id"] == "Dossier Évreux n°3"
    assert {document["path"] for document in local_report["documents"]} == set(EVERY_FORMAT)
    assert all(document["status"] == "ok" for document in remote_report["documents"]), [
        (document["path"], document["error"]) for document in remote_report["documents"]
    ]
    by_path = {document["path"]: document for document in remote_report["documents"]}
    for document in local_report["documents"]:
        assert by_path[document["path"]] == document, document["path"]
    assert remote_report == local_report


def test_unreachable_storage_is_a_clear_non_zero_exit(tmp_path):
    port = free_port()
    result = run_cli(
        ["run", "s3://nowhere/in", "--out", str(tmp_path / "out"), "--s3-endpoint-url", f"http://127.0.0.1:{port}"],
        cli_env(AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y", AWS_DEFAULT_REGION="us-east-1"),
        timeout=300,
    )
    assert result.returncode != 0
    assert "storage" in (result.stderr + result.stdout).lower()


def test_a_killed_run_completes_on_restart_without_half_written_outputs(samples_dir, tmp_path):
    source = copy_samples(samples_dir, tmp_path / "in", copies=2)
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect"))
    process = subprocess.Popen(
        [str(VENV_BIN / "qualiopi-review"), "run", str(source), "--out", str(out), "--cache-dir", str(cache),
         "--workers", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and not list(out.glob("*/gap_report.json")):
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    total = sum(1 for p in source.iterdir() if p.is_dir())
    assert len(list(out.glob("*/.review-state.json"))) < total, "the run finished before it could be killed"

    result = run_cli(["run", str(source), "--out", str(out), "--cache-dir", str(cache)], env)
    assert result.returncode == 0, result.stderr[-3000:]
    folders = sorted(p for p in out.iterdir() if p.is_dir())
    assert len(folders) == total
    for folder in folders:
        names = {p.name for p in folder.iterdir()}
        assert names == {"gap_report.json", "gap_report.html", "audit_grid.xlsx", ".review-state.json"}, folder
        json.loads((folder / "gap_report.json").read_text(encoding="utf-8"))
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_every_task_run_is_recorded_by_the_time_the_cli_run_ends(samples_dir, tmp_path):
    # The embedded server records task runs in batches (flows/__init__.py): the last batch must be
    # written before the server stops, or the run's history in Prefect would miss its last tasks.
    home, out = tmp_path / "prefect-home", tmp_path / "out"
    result = run_cli(
        ["run", str(samples_dir), "--out", str(out), "--cache-dir", str(tmp_path / "cache")],
        env=cli_env(PREFECT_HOME=str(home)), timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    reviewed = {json.loads(report.read_text(encoding="utf-8"))["dossier_id"] for report in out.glob("*/gap_report.json")}
    with sqlite3.connect(home / "prefect.db") as database:
        task_runs = database.execute("SELECT name, state_type FROM task_run").fetchall()
    assert len(reviewed) > 1
    assert sorted(name for name, _ in task_runs) == sorted(f"dossier {dossier_id}" for dossier_id in reviewed)
    assert {state for _, state in task_runs} == {"COMPLETED"}


def test_served_deployment_runs_on_a_real_prefect_server(samples_dir, tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=api)
    out = tmp_path / "out"
    server = subprocess.Popen(
        [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    served = None
    try:
        _wait_until(lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 120, "prefect server health")
        served_log = (tmp_path / "serve.log").open("w")
        served = subprocess.Popen(
            [str(VENV_BIN / "qualiopi-review"), "serve", "--input", str(samples_dir), "--out", str(out),
             "--cron", "0 3 * * *", "--cache-dir", str(tmp_path / "cache")],
            env=env, stdout=served_log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        _wait_until(
            lambda: httpx.get(f"{api}/deployments/name/review-batch/nightly", timeout=2).status_code == 200,
            120, "deployment registered",
        )
        deployment = httpx.get(f"{api}/deployments/name/review-batch/nightly", timeout=5).json()
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        flow_run = _create_flow_run(api, deployment["id"])
        state = {}

        def finished() -> bool:
            state.update(httpx.get(f"{api}/flow_runs/{flow_run['id']}", timeout=5).json()["state"])
            return state["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

        _wait_until(finished, 600, "flow run finished")
        assert state["type"] == "COMPLETED", (state, (tmp_path / "serve.log").read_text()[-4000:])
        dossiers = [p for p in samples_dir.iterdir() if p.is_dir()]
        assert len(list(out.glob("*/gap_report.html"))) == len(dossiers)
        assert (out / "batch_summary.csv").is_file()
    finally:
        for process in (served, server):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def _create_flow_run(api: str, deployment_id: str) -> dict:
    """Asks again while the server answers an error: just after `serve` registered the deployment, its
    SQLite database may still be locked by the schedule being written, and a flow run requested then
    was never created (the test used to wait ten minutes for a run that did not exist). The
    idempotency key makes a repeated request after a lost answer create no second run."""
    body = {"idempotency_key": f"test-{time.time_ns()}"}
    answer = "no answer"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            response = httpx.post(f"{api}/deployments/{deployment_id}/create_flow_run", json=body, timeout=10)
            if response.is_success and "id" in response.json():
                return response.json()
            answer = f"{response.status_code} {response.text[:500]}"
        except httpx.HTTPError as error:
            answer = repr(error)
        time.sleep(1)
    raise AssertionError(f"the server created no flow run: {answer}")


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except (httpx.HTTPError, KeyError, ValueError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")
