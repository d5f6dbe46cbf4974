"""Dossier-level agreement on blind corpora: `python -m bench.blind_dossiers DIR [DIR ...]`.

Each DIR holds dossier folders, a `truth.yaml` (per file, see `bench.labelled`) and a
`dossiers.yaml` written by the corpus's author: per dossier its scope, audit type, whether the
organisation is foreign, and `absent_indicators` (indicators for which the dossier holds no evidence
at all). Every file is read and classified as the pipeline does, the dossier assessed with its
`dossier.yaml`, and counted:

* indicators `covered` although the author says their evidence is absent (the error an officer
  cannot see), and absent indicators reported `missing`, `partial` or `not_applicable`;
* the audit type, and `foreign` (declared, or flagged possibly foreign);
* when the scope was inferred (no usable `dossier.yaml` categories), each scope flag.

Only counts are printed: no dossier, file or value is named, so whoever changes the rules never
reads a blind corpus.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bench.extraction_cache import ExtractionCache, read_through
from bench.labelled import load_labelled
from extractors import configure_pool, shutdown_pool
from extractors.manifest import parse_manifest
from indicator_mappers.assess import assess_dossier, assessed_on
from indicator_mappers.scope import scope_hits
from schemas import DossierDocument, Limits
from schemas.checks import Phrase

DOSSIERS_NAME = "dossiers.yaml"
MANIFEST_NAME = "dossier.yaml"
SCOPE_FLAGS = ("certifying", "alternance", "new_entrant", "subcontracting")


def _document(path: Path, relative: str, limits: Limits, cache: ExtractionCache) -> DossierDocument:
    extracted, record, _ = read_through(cache, path, relative, limits)
    return DossierDocument(record=record, pages=extracted.pages)


def measure(root: Path, limits: Limits, cache: ExtractionCache, run_date: date) -> Counter[str]:
    truths = yaml.safe_load((root / DOSSIERS_NAME).read_text(encoding="utf-8")) or {}
    files = load_labelled(root)
    counts: Counter[str] = Counter()
    for dossier_id, truth in sorted(truths.items()):
        folder = root / dossier_id
        documents = [
            _document(item.path, item.key.split("/", 1)[1], limits, cache)
            for item in files if item.key.startswith(f"{dossier_id}/")
        ]
        manifest_path = folder / MANIFEST_NAME
        manifest, problems = parse_manifest(manifest_path.read_bytes()) if manifest_path.is_file() else (None, [])
        assessment = assess_dossier(documents, manifest, problems, run_date)
        indicators = {indicator.number: indicator for indicator in assessment.indicators}
        types = {document.record.path: document.record.doc_type for document in documents}
        counts["dossiers"] += 1
        for number in truth.get("absent_indicators") or []:
            counts["absent indicators"] += 1
            reported = indicators.get(number)
            counts[f"absent indicator reported {reported.status if reported else 'absent from report'}"] += 1
            if reported and reported.status == "covered":
                # Which kinds of document carried the evidence, never what they say.
                kinds = ", ".join(sorted({str(types.get(item.path)) for item in reported.evidence}))
                counts[f"  covered absent indicator {number}: evidence from {kinds}"] += 1
        counts["audit type right"] += assessment.audit.type == truth.get("audit_type", "initial")
        organization = assessment.organization.model_dump()
        said_foreign = bool(organization.get("foreign") or organization.get("possibly_foreign"))
        counts["foreign right"] += said_foreign == bool(truth.get("foreign"))
        if assessment.scope.source == "inferred":
            counts["scope inferred"] += 1
            scope = truth.get("scope") or {}
            found, expected = set(assessment.scope.categories), set(scope.get("categories", []))
            counts["inferred categories right"] += found == expected
            hits = scope_hits(documents, assessed_on(manifest, run_date))
            for category in found - expected:
                counts[f"inferred category {category} not in truth"] += 1
                for hit in hits.categories.get(category, []):
                    if hit.strong:
                        counts[f"  wrong {category} from {types.get(hit.path)}: {_rule_part(hit.seen)}"] += 1
            for category in expected - found:
                counts[f"truth category {category} not inferred"] += 1
            for flag in SCOPE_FLAGS:
                said, truly = getattr(assessment.scope, flag), bool(scope.get(flag))
                counts[f"inferred {flag} right"] += said == truly
                if said != truly:
                    counts[f"inferred {flag} {said}, truth {truly}"] += 1
                    for hit in hits.flags.get(flag, []):
                        if hit.strong and said:
                            counts[f"  wrong {flag} from {types.get(hit.path)}: {_rule_part(hit.seen)}"] += 1
    return counts


def _rule_part(seen: Phrase) -> str:
    """What of a hit comes from the rules (its kind, a BPF line's or a field's label), not the document
    (the words found, a value read)."""
    label = seen.params.get("label")
    return f"{seen.kind.value} {label}" if label else seen.kind.value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.blind_dossiers", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", type=Path, nargs="+")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--run-date", type=date.fromisoformat, default=date(2026, 12, 7))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    limits = Limits()
    cache = ExtractionCache(args.cache, limits)
    results: dict[str, Any] = {}
    configure_pool(2).warm_up()
    try:
        for root in args.corpora:
            counts = measure(root, limits, cache, args.run_date)
            results[str(root)] = dict(sorted(counts.items()))
            print(root)
            for name, value in sorted(counts.items()):
                print(f"  {name:<44}{value:>5}")
    finally:
        shutdown_pool()
    if args.out is not None:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
