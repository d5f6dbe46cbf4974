"""Extraction accuracy against the samples' ground truth: `python -m bench.accuracy`.

For the committed samples (`data/samples` + `data/expected`) and for fresh variants generated into a
temporary folder (`--fresh-seeds 1 2 3`), every evidence file goes through the same stages as in the
pipeline, without Prefect: `extractors.read_isolated` (worker processes, 2 documents at a time, which
also classify each document and read its contract fields with `extractors.records.to_record`). The
result is compared with the ground truth written by `data.samplegen`:

* doc_type accuracy, with the list of confusions (files damaged on purpose are left out: their
  expected outcome is an `error` status, counted separately);
* field exact-match rate on native files and on scans (photos included), over the contract fields
  the truth lists for each file. Comparison rules: integers exactly; floats within a tolerance
  (money `*_eur` 0.5 €, rates 0.005, other quantities 0.01); strings after Unicode NFKC, case
  folding, one apostrophe and quote style, and whitespace collapsing; dates as ISO strings;
* OCR character error rate per scanned page: Levenshtein distance (rapidfuzz) between the text
  rendered on the page and the text read back, both with whitespace collapsed to single spaces,
  divided by the length of the rendered text;
* seconds per page (extraction + record) for text pages and for OCR pages, from wall time per file.

`--cache DIR` keeps extraction results by file digest so that rule changes can be measured again in
seconds; timings then cover only files extracted in this run (and are null when none was).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from rapidfuzz.distance import Levenshtein

from bench import labelled
from bench.compare import (
    MONEY_TOLERANCE,
    QUANTITY_TOLERANCE,
    RATE_TOLERANCE,
    STRING_RULE,
    field_matches,
    normalise_string,
)
from bench.extraction_cache import ExtractionCache, read_through
from bench.sample_sets import DossierSet, generate_fresh, load_set
from data.samplegen import ExpectedDossier, GenerationError
from data.samplegen.dossiers import ARCHETYPES
from data.samplegen.truth import ExpectedFile
from extractors import configure_pool, shutdown_pool
from schemas import ExtractedDocument, Limits
from schemas.contract import DocumentRecord

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = REPO / "data" / "samples"
DEFAULT_EXPECTED = REPO / "data" / "expected"
SCHEMA = "qualiopi-accuracy/1"
THREADS = 2
TARGETS = {"doc_type": 0.95, "fields_native": 0.97, "fields_scan": 0.90}



def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def character_error_rate(reference: str, hypothesis: str) -> float:
    ref, hyp = _collapse(reference), _collapse(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return Levenshtein.distance(ref, hyp) / len(ref)


# --- one file ---------------------------------------------------------------------------------


@dataclass
class FieldOutcome:
    name: str
    expected: Any
    got: Any
    ok: bool


@dataclass
class FileOutcome:
    set_name: str
    dossier: str
    path: str
    expected_type: str
    got_type: str
    scan: bool
    expected_error: bool
    got_error: bool
    reason: str | None
    fields: list[FieldOutcome]
    page_cer: list[float]
    pages: int
    ocr_pages: int
    seconds: float | None


def _compare_fields(truth: ExpectedFile, record: DocumentRecord) -> list[FieldOutcome]:
    outcomes = []
    for name, expected in truth.fields.items():
        got = record.fields.get(name)
        outcomes.append(FieldOutcome(name, expected, got, field_matches(name, expected, got)))
    return outcomes


def _page_cer(truth: ExpectedFile, extracted: ExtractedDocument) -> list[float]:
    if not truth.scan or not truth.page_texts or not extracted.ok:
        return []
    texts = [page.text for page in extracted.pages]
    texts += [""] * (len(truth.page_texts) - len(texts))
    return [round(character_error_rate(ref, hyp), 4) for ref, hyp in zip(truth.page_texts, texts, strict=False)]


def evaluate_file(
    set_name: str, dossier_dir: Path, truth: ExpectedDossier, item: ExpectedFile, limits: Limits, cache: ExtractionCache
) -> FileOutcome:
    started = time.perf_counter()
    extracted, record, read_now = read_through(cache, dossier_dir / item.path, item.path, limits)
    seconds = time.perf_counter() - started if read_now else None
    return FileOutcome(
        set_name=set_name,
        dossier=truth.dossier,
        path=item.path,
        expected_type=item.doc_type,
        got_type=record.doc_type,
        scan=item.scan,
        expected_error=item.error,
        got_error=record.status == "error",
        reason=record.classification_reason,
        fields=_compare_fields(item, record),
        page_cer=_page_cer(item, extracted),
        pages=len(extracted.pages),
        ocr_pages=sum(page.ocr for page in extracted.pages),
        seconds=seconds,
    )


# --- one set of dossiers ----------------------------------------------------------------------


def evaluate_set(dossiers: DossierSet, limits: Limits, cache: ExtractionCache) -> list[FileOutcome]:
    jobs = [(truth, item) for truth in dossiers.truths for item in truth.files]
    with ThreadPoolExecutor(THREADS) as pool:
        futures = [
            pool.submit(evaluate_file, dossiers.name, dossiers.samples / truth.dossier, truth, item, limits, cache)
            for truth, item in jobs
        ]
        return [future.result() for future in futures]


# --- metrics ----------------------------------------------------------------------------------


def _rate(correct: int, total: int) -> float | None:
    return round(correct / total, 4) if total else None


def _field_summary(outcomes: Iterable[FileOutcome]) -> dict[str, Any]:
    results = [f for outcome in outcomes for f in outcome.fields]
    correct = sum(f.ok for f in results)
    return {"correct": correct, "total": len(results), "rate": _rate(correct, len(results))}


def summarise(outcomes: Sequence[FileOutcome]) -> dict[str, Any]:
    readable = [o for o in outcomes if not o.expected_error]
    typed_ok = sum(o.got_type == o.expected_type for o in readable)
    confusions: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in readable:
        if outcome.got_type != outcome.expected_type:
            confusions[outcome.expected_type][outcome.got_type] += 1
    per_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in readable:
        for f in outcome.fields:
            per_field[f.name][0] += f.ok
            per_field[f.name][1] += 1
    cer = [value for outcome in outcomes for value in outcome.page_cer]
    timed = [o for o in outcomes if o.seconds is not None and not o.got_error]
    text_files = [o for o in timed if o.ocr_pages == 0]
    ocr_files = [o for o in timed if o.ocr_pages > 0]
    text_pages, ocr_pages = sum(o.pages for o in text_files), sum(o.ocr_pages for o in ocr_files)
    text_seconds, ocr_seconds = sum(o.seconds or 0 for o in text_files), sum(o.seconds or 0 for o in ocr_files)
    broken = [o for o in outcomes if o.expected_error]
    return {
        "files": len(outcomes),
        "doc_type": {
            "correct": typed_ok,
            "total": len(readable),
            "accuracy": _rate(typed_ok, len(readable)),
            "confusions": {expected: dict(got) for expected, got in sorted(confusions.items())},
            "misses": [
                {
                    "set": o.set_name,
                    "dossier": o.dossier,
                    "path": o.path,
                    "expected": o.expected_type,
                    "got": o.got_type,
                    "reason": o.reason,
                }
                for o in readable
                if o.got_type != o.expected_type
            ],
        },
        "fields": {
            "native": _field_summary(o for o in readable if not o.scan),
            "scan": _field_summary(o for o in readable if o.scan),
            "per_field": {
                name: {"correct": c, "total": t, "rate": _rate(c, t)} for name, (c, t) in sorted(per_field.items())
            },
            "comparison": {
                "money_eur": MONEY_TOLERANCE,
                "rate": RATE_TOLERANCE,
                "other_float": QUANTITY_TOLERANCE,
                "strings": STRING_RULE,
            },
            "misses": [
                {
                    "set": o.set_name,
                    "dossier": o.dossier,
                    "path": o.path,
                    "scan": o.scan,
                    "field": f.name,
                    "expected": f.expected,
                    "got": f.got,
                }
                for o in readable
                for f in o.fields
                if not f.ok
            ],
        },
        "ocr": {
            "pages": len(cer),
            "mean_cer": round(statistics.fmean(cer), 4) if cer else None,
            "median_cer": round(statistics.median(cer), 4) if cer else None,
            "max_cer": max(cer) if cer else None,
            "per_page": [
                {"set": o.set_name, "dossier": o.dossier, "path": o.path, "page": index + 1, "cer": value}
                for o in outcomes
                for index, value in enumerate(o.page_cer)
            ],
        },
        "timing": {
            "text_pages": text_pages,
            "text_seconds": round(text_seconds, 3),
            "seconds_per_text_page": round(text_seconds / text_pages, 4) if text_pages else None,
            "ocr_pages": ocr_pages,
            "ocr_seconds": round(ocr_seconds, 3),
            "seconds_per_ocr_page": round(ocr_seconds / ocr_pages, 4) if ocr_pages else None,
        },
        "damaged_files": {"expected": len(broken), "reported_as_error": sum(o.got_error for o in broken)},
    }


def _meets(summary: dict[str, Any]) -> dict[str, bool | None]:
    values = {
        "doc_type": summary["doc_type"]["accuracy"],
        "fields_native": summary["fields"]["native"]["rate"],
        "fields_scan": summary["fields"]["scan"]["rate"],
    }
    return {key: None if value is None else value >= TARGETS[key] for key, value in values.items()}


@dataclass
class Report:
    sets: dict[str, dict[str, Any]] = field(default_factory=dict)
    outcomes: list[FileOutcome] = field(default_factory=list)

    def add(self, name: str, outcomes: list[FileOutcome]) -> None:
        self.sets[name] = summarise(outcomes)
        self.outcomes += outcomes

    def as_json(self) -> dict[str, Any]:
        fresh = [o for o in self.outcomes if o.set_name.startswith("fresh-")]
        combined = {"all": summarise(self.outcomes)}
        if fresh:
            combined["fresh"] = summarise(fresh)
        return {
            "schema": SCHEMA,
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "targets": TARGETS,
            "sets": self.sets,
            "combined": combined,
            "targets_met": {name: _meets(summary) for name, summary in {**self.sets, **combined}.items()},
        }


# --- command line -----------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def _number(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def print_summary(data: dict[str, Any], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    rows = {**data["sets"], **{f"[{k}]": v for k, v in data["combined"].items()}}
    header = ("set", "files", "doc_type", "native", "scan", "CER", "s/text p", "s/OCR p")
    print(f"{header[0]:<12} " + " ".join(f"{title:>9}" for title in header[1:]), file=out)
    for name, s in rows.items():
        timing = s["timing"]
        cells = (
            str(s["files"]),
            _percent(s["doc_type"]["accuracy"]),
            _percent(s["fields"]["native"]["rate"]),
            _percent(s["fields"]["scan"]["rate"]),
            _number(s["ocr"]["mean_cer"], 4),
            _number(timing["seconds_per_text_page"], 3),
            _number(timing["seconds_per_ocr_page"], 2),
        )
        print(f"{name:<12} " + " ".join(f"{cell:>9}" for cell in cells), file=out)
    everything = data["combined"]["all"]
    for miss in everything["doc_type"]["misses"]:
        where = f"{miss['set']}/{miss['dossier']}/{miss['path']}"
        print(f"  doc_type  {where}: {miss['expected']} -> {miss['got']}", file=out)
    for miss in everything["fields"]["misses"]:
        where = f"{miss['set']}/{miss['dossier']}/{miss['path']} [{'scan' if miss['scan'] else 'native'}]"
        print(f"  field     {where} {miss['field']}: expected {miss['expected']!r}, got {miss['got']!r}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.accuracy", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--no-samples", action="store_true", help="measure the fresh variants only")
    parser.add_argument("--fresh-seeds", type=int, nargs="*", default=[], help="fresh variants to generate")
    parser.add_argument("--only", nargs="*", choices=sorted(ARCHETYPES), help="archetypes to measure (default: all)")
    parser.add_argument("--cache", type=Path, default=None, help="reuse extraction results stored in this folder")
    parser.add_argument("--out", type=Path, default=None, help="write the JSON report here")
    parser.add_argument("--work", type=Path, default=None, help="keep the fresh variants here (default: deleted)")
    parser.add_argument("--real", type=Path, action="append", default=[],
                        help="a folder of real documents labelled by its truth.yaml (e.g. ../shared/real-documents)")
    parser.add_argument("--blind", type=Path, action="append", default=[],
                        help="a blind corpus labelled by its truth.yaml: per-class counts only, no file or value shown")
    args = parser.parse_args(argv)
    limits = Limits()
    cache = ExtractionCache(args.cache, limits)
    report = Report()
    configure_pool(THREADS).warm_up()
    if args.real or args.blind:
        try:
            return _measure_labelled(args.real, args.blind, limits, cache, args.out)
        finally:
            shutdown_pool()
    try:
        if not args.no_samples:
            try:
                samples = load_set("samples", args.samples, args.expected, args.only)
            except FileNotFoundError as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            report.add("samples", evaluate_set(samples, limits, cache))
        with tempfile.TemporaryDirectory(prefix="accuracy-") as scratch:
            for seed in args.fresh_seeds:
                try:
                    fresh = generate_fresh(seed, args.work or Path(scratch), args.only)
                except GenerationError as error:
                    print(f"error: fresh variant {seed}: {error}", file=sys.stderr)
                    return 2
                report.add(fresh.name, evaluate_set(fresh, limits, cache))
    finally:
        shutdown_pool()
    if not report.outcomes:
        print("error: nothing to measure", file=sys.stderr)
        return 2
    data = report.as_json()
    print_summary(data)
    if args.out is not None:
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


def _measure_labelled(
    real: list[Path], blind: list[Path], limits: Limits, cache: ExtractionCache, out: Path | None
) -> int:
    results: dict[str, Any] = {}
    corpora = [(folder, False) for folder in real] + [(folder, True) for folder in blind]
    for folder, hidden in corpora:
        try:
            files = labelled.load_labelled(folder)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        summary = labelled.summarise(labelled.evaluate(files, limits, cache), blind=hidden)
        summary["targets_met"] = labelled.targets_met(summary)
        results[str(folder)] = summary
        labelled.print_labelled(str(folder), summary, sys.stdout)
    if out is not None:
        out.write_text(json.dumps({"schema": SCHEMA, "targets": labelled.TARGETS, "corpora": results},
                                  ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = [
    "FileOutcome",
    "Report",
    "character_error_rate",
    "field_matches",
    "main",
    "normalise_string",
    "summarise",
]
