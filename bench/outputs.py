"""Sanity check of what a timed run produced: a fast run that read nothing would be a false result.

Compares each report's documents with the corpus: read or not, OCR used on the scans, and the
document type found against the one the generator wrote.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from bench.corpus import CorpusManifest, SetName


def summarise_outputs(out_dir: Path, manifest: CorpusManifest, set_name: SetName) -> dict[str, object]:
    truth: dict[tuple[str, str], tuple[str, str]] = {}
    for corpus_file in manifest.select(set_name):
        relative = PurePosixPath(corpus_file.path).relative_to(set_name)
        dossier, path = relative.parts[0], PurePosixPath(*relative.parts[1:]).as_posix()
        truth[(dossier, path)] = (corpus_file.doc_type, corpus_file.kind)
    reports = sorted(out_dir.glob("*/gap_report.json"))
    seen = ok = ocr_on_scans = scans = type_matches = 0
    errors: list[str] = []
    confusions: dict[str, int] = {}
    for report_path in reports:
        report = json.loads(report_path.read_text(encoding="utf-8"))
        dossier = report_path.parent.name
        for document in report.get("documents", []):
            expected = truth.get((dossier, document["path"]))
            if expected is None:
                continue
            seen += 1
            doc_type, kind = expected
            if document.get("status") == "ok":
                ok += 1
            else:
                errors.append(f"{dossier}/{document['path']}: {document.get('error')}")
            if kind == "scanned_pdf":
                scans += 1
                ocr_on_scans += bool(document.get("ocr"))
            if document.get("doc_type") == doc_type:
                type_matches += 1
            else:
                label = f"{doc_type}->{document.get('doc_type')}"
                confusions[label] = confusions.get(label, 0) + 1
    return {
        "reports": len(reports),
        "documents_expected": len(truth),
        "documents_reported": seen,
        "documents_ok": ok,
        "scans_ocr": f"{ocr_on_scans}/{scans}",
        "doc_type_agreement": round(type_matches / seen, 3) if seen else None,
        "doc_type_confusions": confusions,
        "document_errors": errors[:20],
    }


def indicator_statuses(out_dir: Path) -> dict[str, dict[str, str]]:
    """{dossier folder: {indicator id: status}} of every report under `out_dir`."""
    statuses: dict[str, dict[str, str]] = {}
    for report_path in sorted(out_dir.glob("*/gap_report.json")):
        report = json.loads(report_path.read_text(encoding="utf-8"))
        statuses[report_path.parent.name] = {str(item["number"]): item["status"] for item in report.get("indicators", [])}
    return statuses


def status_differences(reference: Path, timed: dict[str, Path], limit: int = 20) -> dict[str, list[str]]:
    """For each timed run, the indicators whose status differs from the `reference` run's on the
    dossiers both reviewed (a dossier one of them lacks counts as a difference): empty lists when
    speed bought no different result."""
    expected = indicator_statuses(reference)
    differences: dict[str, list[str]] = {}
    for name, out_dir in timed.items():
        found = indicator_statuses(out_dir)
        lines = [f"{dossier}: missing" for dossier in sorted(set(expected) ^ set(found))]
        for dossier in sorted(set(expected) & set(found)):
            for indicator in sorted(set(expected[dossier]) | set(found[dossier])):
                was, now = expected[dossier].get(indicator), found[dossier].get(indicator)
                if was != now:
                    lines.append(f"{dossier} {indicator}: {was} -> {now}")
        differences[name] = lines[:limit]
    return differences
