"""Smoke test of the benchmark's own parts: corpus generator at a tiny size, RSS monitor, results writer.
The full benchmark (`python -m bench`) is not run here."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook
from rich.console import Console
from stdnum.fr import siren

from bench.corpus import SizeProfile, load_or_generate
from bench.driver import BatchTiming, DriverResult
from bench.floor import FloorResult, measure_floor, text_layer
from bench.outputs import status_differences
from bench.peer import PeerResult, measure_peer
from bench.results import TARGETS, Measurements, build_results, print_table, write_results
from bench.rss import MeasuredRun, process_label, run_measured
from tests.bench.conftest import TINY


def test_corpus_holds_every_set_and_format(tiny_corpus):
    main = tiny_corpus.select("main")
    assert {f.kind for f in main} == {"native_pdf", "scanned_pdf", "docx", "xlsx"}
    assert all(tiny_corpus.absolute(f).is_file() for f in tiny_corpus.files)
    scans = tiny_corpus.select("scans")
    assert sorted(tiny_corpus.absolute(f).read_bytes() for f in scans) == sorted(
        tiny_corpus.absolute(f).read_bytes() for f in main if f.kind == "scanned_pdf"
    )
    assert tiny_corpus.pages("big") == TINY.big_pdf_pages
    assert len({Path(f.path).parent for f in tiny_corpus.select("batch")}) == TINY.batch_dossiers
    assert {f.kind for f in tiny_corpus.select("warmup")} == {"native_pdf", "scanned_pdf", "docx", "xlsx"}


def test_large_dossier_has_its_files_pages_and_scanned_share(tiny_corpus):
    files = tiny_corpus.select("large_dossier")
    assert len(files) == TINY.large_dossier_files
    assert len({Path(f.path).parent for f in files}) == 1
    assert tiny_corpus.pages("large_dossier") == TINY.large_dossier_pages
    scanned = tiny_corpus.pages("large_dossier", ["scanned_pdf"])
    assert 100 * scanned >= TINY.large_dossier_scanned_percent * TINY.large_dossier_pages
    assert {f.kind for f in files} == {"native_pdf", "scanned_pdf", "docx", "xlsx"}
    assert len({f.path for f in files}) == len(files) and all(tiny_corpus.absolute(f).is_file() for f in files)


def test_native_pdfs_carry_french_text_and_scans_only_pixels(tiny_corpus):
    bpf = next(f for f in tiny_corpus.select("main") if f.doc_type == "bpf")
    pages, _ = text_layer(tiny_corpus.absolute(bpf))
    assert pages == bpf.pages >= 2
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(str(tiny_corpus.absolute(bpf)))[0].get_textpage().get_text_range()
    assert "Total des produits réalisés au titre de la formation professionnelle" in " ".join(text.split())
    for scan in tiny_corpus.select("main", ["scanned_pdf"]):
        assert text_layer(tiny_corpus.absolute(scan)) == (scan.pages, 0)


def test_office_files_and_manifests_are_readable(tiny_corpus):
    docx = next(f for f in tiny_corpus.select("main", ["docx"]) if f.doc_type == "welcome_booklet")
    assert "handicap" in " ".join(p.text for p in Document(tiny_corpus.absolute(docx)).paragraphs)
    survey = next(f for f in tiny_corpus.select("main", ["xlsx"]) if f.doc_type == "satisfaction_survey")
    cells = [c for row in load_workbook(tiny_corpus.absolute(survey)).active.iter_rows(values_only=True) for c in row]
    assert any(isinstance(c, str) and c.startswith("Taux de satisfaction") for c in cells)
    for manifest_path in Path(tiny_corpus.root).glob("*/*/dossier.yaml"):
        declared = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
        assert siren.is_valid(declared["organization"]["siren"])
        assert len(declared["organization"]["nda"]) == 11


def test_corpus_is_reused_when_nothing_changed(tiny_corpus):
    manifest, reused = load_or_generate(Path(tiny_corpus.root), TINY, seed=7)
    assert reused and manifest == tiny_corpus
    _, reused_other_profile = load_or_generate(
        Path(tiny_corpus.root) / "other", SizeProfile("tiny", dossiers=0, big_pdf_pages=1, batch_dossiers=0), seed=7
    )
    assert not reused_other_profile


def test_floor_reads_native_text_and_ocrs_the_scans(tiny_corpus, tmp_path):
    native = [tiny_corpus.absolute(f) for f in tiny_corpus.select("main", ["native_pdf"])]
    scanned = [tiny_corpus.absolute(f) for f in tiny_corpus.select("main", ["scanned_pdf"])]
    floor = measure_floor(native, scanned, workers=2, scratch=tmp_path)
    assert floor.native_pages == tiny_corpus.pages("main", ["native_pdf"])
    assert floor.scanned_pages == tiny_corpus.pages("main", ["scanned_pdf"])
    assert floor.native_chars > 1000 and floor.ocr_chars > 100
    assert floor.seconds == pytest.approx(floor.native_seconds + floor.ocr_seconds, abs=1e-3)
    assert 0 < floor.cpu_seconds < 4 * floor.seconds
    assert 0 < floor.ocr_cpu_seconds <= floor.cpu_seconds


def test_rss_monitor_sums_the_process_tree(tmp_path):
    # A parent holding ~80 MiB starts a child holding ~80 MiB: the tree's peak must count both.
    script = (
        "import subprocess, sys, time\n"
        "block = bytearray(80 * 1024 * 1024)\n"
        "child = subprocess.Popen([sys.executable, '-c', "
        "'import time; b = bytearray(80 * 1024 * 1024); time.sleep(1.0)'])\n"
        "child.wait()\n"
    )
    run = run_measured([sys.executable, "-c", script], tmp_path / "logs" / "rss")
    assert run.returncode == 0 and not run.timed_out
    assert run.peak_processes >= 2
    assert run.peak_rss_mib >= 160
    assert run.largest_process_rss_mib < run.peak_rss_mib
    assert set(run.cpu_seconds_by_process) == {"python -c"}


def test_process_labels_name_the_kind_of_process():
    assert process_label(["/venv/bin/python", "-m", "extractors.worker", "5", "8"]) == "extractors.worker"
    assert process_label(["/usr/bin/tesseract", "page.png", "stdout"]) == "tesseract"
    assert process_label(["/venv/bin/python3.11", "/venv/bin/qualiopi-review", "run"]) == "qualiopi-review"


def _measurements() -> Measurements:
    def cli(seconds: float, rss: float) -> MeasuredRun:
        return MeasuredRun(
            argv=["qualiopi-review"], returncode=0, wall_seconds=seconds, peak_rss_mib=rss, peak_processes=4,
            largest_process_rss_mib=rss / 2, samples=10, timed_out=False,
            cpu_seconds_by_process={"qualiopi-review": seconds / 2, "extractors.worker": seconds},
            stdout_path="", stderr_path="",
        )

    def batch(name: str, seconds: float, workers: int = 2) -> BatchTiming:
        return BatchTiming(name=name, workers=workers, seconds=seconds, cpu_seconds=2 * seconds, dossiers=4,
                           documents=46, skipped=0, errors=0)

    return Measurements(
        size="tiny", workers=2, machine={"cores": 2}, corpus={"main_pages": 50, "scanned_pages": 6},
        floor=FloorResult(workers=2, native_files=20, native_pages=36, native_chars=1, native_seconds=0.1,
                          scanned_pages=6, ocr_chars=1, ocr_seconds=1.9, ocr_seconds_per_page_cpu=0.6, seconds=2.0,
                          cpu_seconds=4.0, ocr_cpu_seconds=3.75),
        peer=PeerResult(tool="ocrmypdf", options={}, workers=2, files=5, pages=6, chars=1, seconds=6.0,
                        cpu_seconds=12.0),
        warm=DriverResult(workers=2, import_seconds=2.0, warmup_seconds=6.0, batches=[
            batch("main_cold", 2.2), batch("main_rerun", 0.05), batch("scans_cold", 3.0),
            batch("main_cold_1_worker", 4.0, workers=1), batch("one_dossier_cold", 1.25),
        ]),
        cli_runs={"main_cold": cli(12.0, 900), "main_rerun": cli(1.5, 300), "one_dossier_cold": cli(5.0, 800),
                  "big": cli(30.0, 1200), "batch": cli(40.0, 1700), "main_cold_dask": cli(15.0, 1300),
                  "large_dossier": cli(90.0, 1400), "one_dossier_cold_service": cli(2.5, 300)},
        service_start=cli(11.0, 1100), service_rss_mib=1150.0,
        status_differences={"main_cold": [], "main_cold_1_worker": ["d1 26: covered -> partial"]},
    )


def test_results_json_has_the_ratios_and_the_raw_timings(tmp_path):
    results = build_results(_measurements())
    assert results["pipeline_over_floor"] == 1.1
    assert results["pipeline_over_ocrmypdf"] == 0.5
    assert results["rerun_over_cold"] == round(0.05 / 2.2, 4)
    assert results["speedup_2_workers"] == round(4.0 / 2.2, 4)
    assert results["pages_per_second"] == round(50 / 2.2, 4)
    assert results["peak_rss_mib_500_pages"] == 1200 and results["peak_rss_mib_batch"] == 1700
    assert results["targets"]["peak_rss_mib_batch"]["status"] == "MISSED"
    assert "pipeline_over_floor" not in results["targets"]
    assert results["scans_cpu_over_tesseract_cpu"] == 1.6 and results["scans_cpu_over_ocrmypdf_cpu"] == 0.5
    assert results["targets"]["scans_cpu_over_tesseract_cpu"]["status"] == "MISSED"
    assert results["targets"]["scans_cpu_over_ocrmypdf_cpu"]["status"] == "met"
    assert results["targets"]["cli_rerun_seconds"] == {"target": "<= 3", "value": 1.5, "status": "met"}
    assert results["cli_one_dossier_over_in_process_seconds"] == 3.75
    assert results["targets"]["cli_one_dossier_over_in_process_seconds"]["status"] == "MISSED"
    assert results["cli_one_dossier_through_service_over_in_process_seconds"] == 1.25
    assert results["targets"]["cli_one_dossier_through_service_over_in_process_seconds"]["status"] == "met"
    assert results["timings"]["service_start_seconds"] == 11.0 and results["service_rss_mib"] == 1150.0
    assert set(results["targets"]) == set(TARGETS)
    assert results["timings"]["pipeline_cli_cold_seconds"] == 12.0
    assert results["timings"]["pipeline_cli_overhead_seconds"] == 9.8
    assert results["pipeline_cpu_over_floor_cpu"] == 1.1
    assert results["dask_over_thread_seconds"] == 1.25 and results["dask_cpu_over_thread_cpu"] == 1.25
    assert results["peak_rss_mib_large_dossier"] == 1400 and results["peak_rss_mib_main"] == 900
    assert results["targets"]["peak_rss_mib_large_dossier"]["status"] == "met"
    assert results["timings"]["pipeline_cli_large_dossier_seconds"] == 90.0

    path = tmp_path / "results.json"
    write_results(path, results)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["timings"]["floor_seconds"] == 2.0
    assert written["raw"]["warm"]["batches"][0]["name"] == "main_cold"

    screen = io.StringIO()
    print_table(written, Console(file=screen, width=120))
    assert "pipeline_over_floor" in screen.getvalue() and "MISSED" in screen.getvalue()
    assert "main_cold_1_worker: other statuses: d1 26: covered -> partial" in screen.getvalue()


def test_missing_measurements_become_null_not_a_crash():
    partial = Measurements(size="tiny", workers=2, machine={}, corpus={"main_pages": 10}, errors=["floor: boom"])
    results = build_results(partial)
    assert results["pipeline_over_floor"] is None and results["cli_one_dossier_over_in_process_seconds"] is None
    assert results["targets"]["speedup_2_workers"]["status"] == "not measured"
    assert results["errors"] == ["floor: boom"]


def test_peer_ocrs_a_scan_with_ocrmypdf(tiny_corpus, tmp_path):
    scan = tiny_corpus.select("scans", ["scanned_pdf"])[0]
    original = tiny_corpus.absolute(scan).read_bytes()
    peer = measure_peer([tiny_corpus.absolute(scan)], workers=1, scratch=tmp_path)
    assert peer.files == 1 and peer.pages == scan.pages
    assert peer.chars > 100 and peer.cpu_seconds > 0
    assert tiny_corpus.absolute(scan).read_bytes() == original


def _report(folder: Path, statuses: dict[int, str]) -> None:
    folder.mkdir(parents=True)
    indicators = [{"number": number, "criterion": 1, "status": status} for number, status in statuses.items()]
    (folder / "gap_report.json").write_text(json.dumps({"indicators": indicators}), encoding="utf-8")


def test_timed_runs_are_checked_against_the_plain_runs_statuses(tmp_path):
    _report(tmp_path / "plain" / "d1", {1: "covered", 26: "missing"})
    _report(tmp_path / "plain" / "d2", {1: "partial"})
    _report(tmp_path / "same" / "d1", {1: "covered", 26: "missing"})
    _report(tmp_path / "same" / "d2", {1: "partial"})
    _report(tmp_path / "other" / "d1", {1: "covered", 26: "partial"})
    differences = status_differences(tmp_path / "plain", {"same": tmp_path / "same", "other": tmp_path / "other"})
    assert differences == {"same": [], "other": ["d2: missing", "d1 26: missing -> partial"]}
