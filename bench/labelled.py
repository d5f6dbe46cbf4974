"""Accuracy on documents written elsewhere, labelled by a `truth.yaml`: the real documents of real
organisations (`../shared/real-documents`) and blind corpora written by authors who never saw this
code. Samples prove little (their generator wrote the rules' examples); these are the measure.

`truth.yaml` maps "<folder>/<path>" (relative to the file's folder) to
`{doc_type, scan (optional), fields: {name: value or null}}`. A null field means the document
states no such value: a value reported there is wrong.

Per doc_type: precision and recall of the classification. Per field:
* precision: the share of reported values that are right (a value reported where the truth is
  null, or a different value, is wrong): an officer trusts what the report shows;
* recall: the share of labelled values that are reported right;
* accuracy: the share of labelled cells (null ones included) where the report agrees.

`blind=True` keeps file names and values out of what is printed and returned: whoever changes the
rules reads per-class error counts only, never the documents of a blind corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from bench.compare import values_match
from bench.extraction_cache import ExtractionCache, read_through
from schemas import Limits
from schemas.contract import DocumentRecord

TRUTH_NAME = "truth.yaml"
THREADS = 2
# Floors and targets of issue 16 (real documents and the unread third of the blind corpus).
TARGETS = {"doc_type": 0.95, "field_precision": 0.98, "field_recall_native": 0.90, "field_recall_scan": 0.85}


@dataclass(frozen=True)
class LabelledFile:
    key: str
    path: Path
    doc_type: str
    scan: bool
    fields: dict[str, Any]


@dataclass(frozen=True)
class FieldCell:
    name: str
    expected: Any
    got: Any

    @property
    def reported(self) -> bool:
        return self.got is not None

    @property
    def right(self) -> bool:
        return self.expected is not None and self.got is not None and values_match(self.name, self.expected, self.got)


@dataclass(frozen=True)
class Scored:
    file: LabelledFile
    got_type: str
    error: str | None
    cells: tuple[FieldCell, ...]
    ocr_confidence: float | None = None


def load_labelled(root: Path) -> list[LabelledFile]:
    truth = yaml.safe_load((root / TRUTH_NAME).read_text(encoding="utf-8")) or {}
    files = []
    for key, label in sorted(truth.items()):
        path = root / key
        if not path.is_file():
            raise FileNotFoundError(f"{path} is labelled in {root / TRUTH_NAME} but missing")
        files.append(
            LabelledFile(
                key=key, path=path, doc_type=label["doc_type"], scan=bool(label.get("scan", False)),
                fields=dict(label.get("fields") or {}),
            )
        )
    return files


def score_file(item: LabelledFile, record: DocumentRecord) -> Scored:
    cells = tuple(FieldCell(name, expected, record.fields.get(name)) for name, expected in sorted(item.fields.items()))
    return Scored(
        file=item, got_type=record.doc_type, error=record.error, cells=cells, ocr_confidence=record.ocr_confidence
    )


def evaluate(files: Sequence[LabelledFile], limits: Limits, cache: ExtractionCache) -> list[Scored]:
    with ThreadPoolExecutor(THREADS) as pool:
        records = list(pool.map(lambda item: read_through(cache, item.path, item.path.name, limits).record, files))
    return [score_file(item, record) for item, record in zip(files, records, strict=True)]


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _field_counts(cells: Iterable[FieldCell]) -> dict[str, Any]:
    cells = list(cells)
    labelled = [c for c in cells if c.expected is not None]
    reported = [c for c in cells if c.reported]
    right = sum(c.right for c in cells)
    agree = sum(c.right or (c.expected is None and not c.reported) for c in cells)
    return {
        "cells": len(cells),
        "labelled": len(labelled),
        "reported": len(reported),
        "right": right,
        "wrong_value": sum(c.reported and c.expected is not None and not c.right for c in cells),
        "invented": sum(c.reported and c.expected is None for c in cells),
        "missed": sum(not c.reported and c.expected is not None for c in cells),
        "precision": _rate(right, len(reported)),
        "recall": _rate(right, len(labelled)),
        "accuracy": _rate(agree, len(cells)),
    }


def summarise(scored: Sequence[Scored], blind: bool = False) -> dict[str, Any]:
    typed = sum(s.got_type == s.file.doc_type for s in scored)
    per_type: dict[str, dict[str, Any]] = {}
    for doc_type in sorted({s.file.doc_type for s in scored} | {s.got_type for s in scored}):
        truly = [s for s in scored if s.file.doc_type == doc_type]
        said = [s for s in scored if s.got_type == doc_type]
        hits = sum(s.got_type == doc_type for s in truly)
        per_type[doc_type] = {
            "support": len(truly), "predicted": len(said),
            "precision": _rate(hits, len(said)), "recall": _rate(hits, len(truly)),
        }
    confusions = Counter(f"{s.file.doc_type} -> {s.got_type}" for s in scored if s.got_type != s.file.doc_type)
    by_field: dict[str, list[FieldCell]] = defaultdict(list)
    for s in scored:
        for cell in s.cells:
            by_field[cell.name].append(cell)
    summary: dict[str, Any] = {
        "files": len(scored),
        "unreadable": sum(s.error is not None for s in scored),
        "doc_type": {"right": typed, "accuracy": _rate(typed, len(scored)), "per_type": per_type,
                     "confusions": dict(confusions.most_common())},
        "fields": {
            "all": _field_counts(c for s in scored for c in s.cells),
            "native": _field_counts(c for s in scored if not s.file.scan for c in s.cells),
            "scan": _field_counts(c for s in scored if s.file.scan for c in s.cells),
            "per_field": {name: _field_counts(cells) for name, cells in sorted(by_field.items())},
        },
    }
    # Errors by field, document type and kind of file (« bpf pdf scan », « programme xlsx »…): a class to look into,
    # without naming a document.
    by_format: Counter[str] = Counter()
    for s in scored:
        kind = f"{s.file.doc_type} " + s.file.path.suffix.lower().lstrip(".") + (" scan" if s.file.scan else "")
        for cell in s.cells:
            if cell.reported and not cell.right:
                by_format[f"{cell.name} {kind}: wrong"] += 1
            elif cell.expected is not None and not cell.reported:
                by_format[f"{cell.name} {kind}: missed"] += 1
    summary["fields"]["errors_by_format"] = dict(sorted(by_format.items()))
    summary["fields"]["scan_by_ocr_confidence"] = _scan_counts_by_confidence(scored)
    if not blind:
        summary["misses"] = [
            {"file": s.file.key, "expected": s.file.doc_type, "got": s.got_type} for s in scored
            if s.got_type != s.file.doc_type
        ] + [
            {"file": s.file.key, "field": c.name, "expected": c.expected, "got": c.got} for s in scored
            for c in s.cells if (c.reported or c.expected is not None) and not c.right
        ]
    return summary


# Mean OCR word confidence of a scanned file, in bands: whether the scans' misses are the image's
# (low confidence: preprocessing) or the rules' (a well-read page whose value is still missed).
CONFIDENCE_BANDS: tuple[tuple[str, float], ...] = (("< 60", 60.0), ("60-75", 75.0), ("75-85", 85.0), ("85+", 101.0))


def _confidence_band(confidence: float | None) -> str:
    if confidence is None:
        return "no OCR"
    return next(name for name, upper in CONFIDENCE_BANDS if confidence < upper)


def _scan_counts_by_confidence(scored: Sequence[Scored]) -> dict[str, dict[str, Any]]:
    bands: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        if s.file.scan:
            bands[_confidence_band(s.ocr_confidence)].append(s)
    order = [name for name, _ in CONFIDENCE_BANDS] + ["no OCR"]
    return {
        name: {"files": len(bands[name]), **_field_counts(c for s in bands[name] for c in s.cells)}
        for name in order if bands[name]
    }


def targets_met(summary: dict[str, Any]) -> dict[str, bool | None]:
    fields = summary["fields"]
    values = {
        "doc_type": summary["doc_type"]["accuracy"],
        "field_precision": fields["all"]["precision"],
        "field_recall_native": fields["native"]["recall"],
        "field_recall_scan": fields["scan"]["recall"],
    }
    return {name: None if value is None else value >= TARGETS[name] for name, value in values.items()}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def print_labelled(name: str, summary: dict[str, Any], out: TextIO) -> None:
    fields = summary["fields"]
    print(
        f"{name}: {summary['files']} files, doc_type {_percent(summary['doc_type']['accuracy'])}; fields precision "
        f"{_percent(fields['all']['precision'])}, recall native {_percent(fields['native']['recall'])}, "
        f"scan {_percent(fields['scan']['recall'])}",
        file=out,
    )
    print(f"  {'doc_type':<24}{'support':>8}{'predicted':>10}{'precision':>11}{'recall':>9}", file=out)
    for doc_type, row in summary["doc_type"]["per_type"].items():
        print(f"  {doc_type:<24}{row['support']:>8}{row['predicted']:>10}{_percent(row['precision']):>11}"
              f"{_percent(row['recall']):>9}", file=out)
    print(f"  {'field':<24}{'labelled':>9}{'reported':>9}{'right':>6}{'wrong':>6}{'invented':>9}{'missed':>7}"
          f"{'precision':>11}{'recall':>9}{'accuracy':>10}", file=out)
    for field_name, row in fields["per_field"].items():
        print(f"  {field_name:<24}{row['labelled']:>9}{row['reported']:>9}{row['right']:>6}{row['wrong_value']:>6}"
              f"{row['invented']:>9}{row['missed']:>7}{_percent(row['precision']):>11}{_percent(row['recall']):>9}"
              f"{_percent(row['accuracy']):>10}", file=out)
    for confusion, count in summary["doc_type"]["confusions"].items():
        print(f"  confusion {confusion}: {count}", file=out)
    for error, count in fields["errors_by_format"].items():
        print(f"  error     {error}: {count}", file=out)
    for band, row in fields["scan_by_ocr_confidence"].items():
        print(f"  scans with OCR confidence {band:<7} {row['files']:>3} files: labelled {row['labelled']}, right "
              f"{row['right']}, wrong {row['wrong_value'] + row['invented']}, missed {row['missed']}", file=out)
    for miss in summary.get("misses", []):
        if "field" in miss:
            print(f"  field     {miss['file']} {miss['field']}: expected {miss['expected']!r}, got {miss['got']!r}", file=out)
        else:
            print(f"  doc_type  {miss['file']}: {miss['expected']} -> {miss['got']}", file=out)
