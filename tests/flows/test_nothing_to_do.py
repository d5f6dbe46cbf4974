"""A run with nothing to do answers from the listing: it starts neither Prefect (nor its embedded
server), nor the extraction workers, nor spaCy; with a Prefect server configured it still goes
through the flow, which that server records. The command line runs in a process of its own, where
what it imported and started can be seen (pytest's own process has imported everything)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.embedded import server_configured
from flows.pipeline import run_batch
from flows.progress import SilentProgress
from flows.runners import build_task_runner
from tests.flows.conftest import cli_env

PROGRAMME = "Programme de formation : Tableur\nObjectifs : construire un tableau croisé.\nDurée : 7 heures.\n"
HEAVY = ("prefect", "spacy", "pdfplumber", "pypdfium2", "openpyxl", "extractors.core", "indicator_mappers.assess")

PROBE = """
import json, sys
import multiprocessing
sys.argv = ["qualiopi-review", *json.loads(sys.argv[1])]
if {stubbed!r}:
    # What the run would start, replaced by a line saying so.
    import flows.embedded, flows.long_lived, flows.pipeline
    def said(word, ends=False):
        def stub(*args, **kwargs):
            print(word, file=sys.stderr)
            if ends:
                raise SystemExit(0)
        return stub
    flows.embedded.start_embedded_server_early = said("SERVER")
    flows.long_lived.start_workers_in_background = said("WORKERS")
    flows.pipeline.run_batch = said("FLOW", ends=True)
from flows.cli import app
code = None
try:
    app()
except SystemExit as end:
    code = end.code
import flows.embedded
print(json.dumps({{
    "code": code,
    "heavy": [name for name in {heavy!r} if name in sys.modules],
    "children": len(multiprocessing.active_children()),
    "server_started": flows.embedded._server is not None,
}}))
"""


@pytest.fixture
def reviewed(prefect_harness, tmp_path: Path) -> tuple[Path, Path]:
    """A batch of one dossier, reviewed once."""
    source, out = tmp_path / "in", tmp_path / "out"
    (source / "dossier-a").mkdir(parents=True)
    (source / "dossier-a" / "programme.txt").write_text(PROGRAMME, encoding="utf-8")
    run_batch(str(source), str(out), build_task_runner("thread", 1), 1, None, False, tmp_path / "cache", SilentProgress())
    return source, out


def _probe(args: list[str], env: dict[str, str], cwd: Path, stubbed: bool = False) -> tuple[dict, str]:
    code = PROBE.format(stubbed=stubbed, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)], env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_an_unchanged_batch_starts_nothing_and_still_writes_its_summary(reviewed, tmp_path: Path) -> None:
    source, out = reviewed
    summary = out / "batch_summary.csv"
    summary.unlink()
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(Path.cwd()))
    seen, stderr = _probe(["run", str(source), "--out", str(out)], env, tmp_path)
    assert seen == {"code": 0, "heavy": [], "children": 0, "server_started": False}, stderr[-2000:]
    assert "dossier dossier-a: unchanged, skipped" in stderr
    assert summary.read_bytes().decode("utf-8-sig").splitlines()[1].startswith("dossier-a;")


def test_a_changed_batch_goes_through_the_flow(reviewed, tmp_path: Path) -> None:
    source, out = reviewed
    (source / "dossier-a" / "cgv.txt").write_text("Conditions générales de vente\n", encoding="utf-8")
    env = cli_env(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(Path.cwd()))
    _, stderr = _probe(["run", str(source), "--out", str(out)], env, tmp_path, stubbed=True)
    assert stderr.split() == ["SERVER", "WORKERS", "FLOW"]


def test_an_unchanged_batch_is_recorded_by_a_configured_server(reviewed, tmp_path: Path) -> None:
    source, out = reviewed
    # Nothing listens there: the flow itself is stubbed, what is checked is that the run goes to it.
    env = cli_env(
        PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONPATH=str(Path.cwd()), PREFECT_API_URL="http://127.0.0.1:9/api"
    )
    _, stderr = _probe(["run", str(source), "--out", str(out)], env, tmp_path, stubbed=True)
    assert stderr.split() == ["FLOW"], "a flow run costs no start-up there, the workers only when there is work"


PROFILES = """active = "{active}"

[profiles.local]
PREFECT_API_URL = "http://127.0.0.1:4200/api"

[profiles.ephemeral]
PREFECT_SERVER_EPHEMERAL_ENABLED = "true"
"""
AGREES = (
    "from prefect.settings import PREFECT_API_URL\n"
    "from flows.embedded import server_configured\n"
    "print(server_configured(), bool(PREFECT_API_URL.value()))"
)


@pytest.mark.parametrize(
    "case",
    ["nothing", "environment", "active profile", "inactive profile", "profile named by PREFECT_PROFILE", "prefect.toml",
     "pyproject.toml", ".env"],
)
def test_the_server_setting_is_read_as_prefect_reads_it(case: str, tmp_path: Path) -> None:
    home, work = tmp_path / "prefect-home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    extra = {"PREFECT_HOME": str(home), "PYTHONPATH": str(Path.cwd())}
    if case == "environment":
        extra["PREFECT_API_URL"] = "http://127.0.0.1:4200/api"
    if case in ("active profile", "inactive profile", "profile named by PREFECT_PROFILE"):
        active = "local" if case == "active profile" else "ephemeral"
        (home / "profiles.toml").write_text(PROFILES.format(active=active), encoding="utf-8")
    if case == "profile named by PREFECT_PROFILE":
        extra["PREFECT_PROFILE"] = "local"
    if case == "prefect.toml":
        (work / "prefect.toml").write_text('[api]\nurl = "http://127.0.0.1:4200/api"\n', encoding="utf-8")
    if case == "pyproject.toml":
        (work / "pyproject.toml").write_text('[tool.prefect.api]\nurl = "http://127.0.0.1:4200/api"\n', encoding="utf-8")
    if case == ".env":
        (work / ".env").write_text("PREFECT_API_URL=http://127.0.0.1:4200/api\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", AGREES], env=cli_env(**extra), cwd=work, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    ours, prefects = done.stdout.split()
    assert ours == prefects, case
    assert (ours == "True") == (case not in ("nothing", "inactive profile")), case


def test_a_settings_file_that_does_not_parse_counts_as_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_PROFILES_PATH", str(tmp_path / "profiles.toml"))
    monkeypatch.chdir(tmp_path)
    assert not server_configured()
    (tmp_path / "prefect.toml").write_text("[api\n", encoding="utf-8")
    assert server_configured()
