"""Indicator statuses against what each sample dossier was built to contain: `python -m bench.agreement`.

For the committed samples (`data/samples` + `data/expected`) and for fresh variants generated into a
temporary folder (`--fresh-seeds 1 2`), every evidence file the ground truth lists goes through the
pipeline's stages without Prefect (`extractors.extract`, `extractors.records.to_record`), the
dossier's `dossier.yaml` through `extractors.manifest.parse_manifest`, and the whole through
`indicator_mappers.assess.assess_dossier`. Each indicator's status is then compared with the status
the dossier was built to contain.

Printed per dossier: indicator, status built to contain, status found, agreement; then the number of
disagreements per dossier, per set and in total, and apart the count of `covered` where the truth
says `missing` or `partial` (evidence absent: the one error an officer cannot see). Apart too, and
only where the truth gives them: the proposed non-conformity of each indicator, the audit type, and
the admissibility checks of the certification cycle and of foreign organisations (pass, or not).

`--cache DIR` keeps extractions (not classifications) by file digest, so that a rule change is
measured again in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bench.extraction_cache import ExtractionCache
from bench.sample_sets import DossierSet, generate_fresh, load_set
from data.samplegen import ExpectedDossier
from data.samplegen.dossiers import ARCHETYPES
from extractors import extract
from extractors.core import file_sha256
from extractors.manifest import parse_manifest
from extractors.records import to_record
from indicator_mappers.assess import DossierAssessment, assess_dossier
from reports.gap_report import written_indicators
from schemas import DossierDocument, Limits
from schemas.contract import CheckId

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLES = REPO / "data" / "samples"
DEFAULT_EXPECTED = REPO / "data" / "expected"
SCHEMA = "qualiopi-agreement/1"
MANIFEST_NAME = "dossier.yaml"
# Truth statuses under which a `covered` means the pipeline vouched for evidence that is not there.
EVIDENCE_ABSENT = frozenset({"missing", "partial"})
# Admissibility checks compared where the truth gives them: those of the audit types and foreign organisations.
CYCLE_CHECKS = (
    CheckId.CERTIFICATE_VALID,
    CheckId.SERVICE_SINCE_LAST_AUDIT,
    CheckId.EXTENSION_SERVICE_DONE,
    CheckId.REPRESENTATIVE_IN_FRANCE,
)
AUDIT_TYPE_ROW = CheckId.AUDIT_TYPE


# --- extraction -------------------------------------------------------------------------------


def dossier_documents(dossier_dir: Path, truth: ExpectedDossier, limits: Limits, cache: ExtractionCache) -> list[DossierDocument]:
    """Every evidence file the truth lists, extracted and classified as the pipeline does."""
    documents = []
    for item in truth.files:
        source = dossier_dir / item.path
        digest = file_sha256(source)
        extracted = cache.get(digest, item.path)
        if extracted is None:
            extracted = extract(source, item.path, limits, sha256=digest)
            cache.put(extracted)
        documents.append(DossierDocument(record=to_record(extracted), pages=extracted.pages))
    return documents


def assess_sample(
    dossier_dir: Path, truth: ExpectedDossier, run_date: date, limits: Limits, cache: ExtractionCache
) -> DossierAssessment:
    manifest_path = dossier_dir / MANIFEST_NAME
    manifest, problems = parse_manifest(manifest_path.read_bytes()) if manifest_path.is_file() else (None, [])
    return assess_dossier(dossier_documents(dossier_dir, truth, limits, cache), manifest, problems, run_date)


# --- comparison -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    expected: str | None
    found: str | None
    agree: bool
    covered_without_evidence: bool
    expected_reason: str
    found_reason: str
    expected_nc: str | None = None
    found_nc: str | None = None

    @property
    def nc_disagrees(self) -> bool:
        """Only where the truth proposes an NC: a null one (not applicable, unknown grading) asserts nothing."""
        return self.expected_nc is not None and self.expected_nc != self.found_nc


@dataclass(frozen=True)
class CheckRow:
    """The audit type, or one admissibility check as `pass` / `not_pass` (fail or warning)."""

    id: str
    expected: str
    found: str | None

    @property
    def agree(self) -> bool:
        return self.expected == self.found


@dataclass
class DossierAgreement:
    set_name: str
    dossier: str
    expected_referential: str
    found_referential: str
    rows: list[IndicatorRow] = field(default_factory=list)
    checks: list[CheckRow] = field(default_factory=list)

    @property
    def disagreements(self) -> int:
        return sum(not row.agree for row in self.rows)

    @property
    def nc_disagreements(self) -> int:
        return sum(row.nc_disagrees for row in self.rows)

    @property
    def check_disagreements(self) -> int:
        return sum(not check.agree for check in self.checks)

    @property
    def covered_without_evidence(self) -> int:
        return sum(row.covered_without_evidence for row in self.rows)

    def as_json(self) -> dict[str, Any]:
        return {
            "set": self.set_name,
            "dossier": self.dossier,
            "expected_referential": self.expected_referential,
            "found_referential": self.found_referential,
            "indicators": len(self.rows),
            "agree": len(self.rows) - self.disagreements,
            "disagreements": self.disagreements,
            "covered_without_evidence": self.covered_without_evidence,
            "nc_disagreements": self.nc_disagreements,
            "checks": len(self.checks),
            "check_disagreements": self.check_disagreements,
            "rows": [asdict(row) for row in self.rows],
            "check_rows": [{**asdict(check), "agree": check.agree} for check in self.checks],
        }


def compare(set_name: str, truth: ExpectedDossier, assessment: DossierAssessment) -> DossierAgreement:
    """One row per indicator of either side: a referential mismatch shows as rows found on one side only."""
    expected = {i.number: i for i in truth.indicators}
    found = {i.number: i for i in written_indicators(assessment.indicators)}
    agreement = DossierAgreement(set_name, truth.dossier, truth.referential, assessment.referential.id)
    for number in sorted(expected.keys() | found.keys()):
        want, got = expected.get(number), found.get(number)
        want_status, got_status = (want.status if want else None), (got.status if got else None)
        agreement.rows.append(
            IndicatorRow(
                number=number,
                expected=want_status,
                found=got_status,
                agree=want_status == got_status,
                covered_without_evidence=got_status == "covered" and want_status in EVIDENCE_ABSENT,
                expected_reason=want.reason if want else "",
                found_reason=got.reason if got else "",
                expected_nc=want.proposed_nc if want else None,
                found_nc=got.proposed_nc if got else None,
            )
        )
    agreement.checks = compare_checks(truth, assessment)
    return agreement


def compare_checks(truth: ExpectedDossier, assessment: DossierAssessment) -> list[CheckRow]:
    """The audit type, then each cycle or foreign-organisation check the truth gives, in `CYCLE_CHECKS` order."""
    found = {
        check.id: "pass" if check.status == "pass" else "not_pass" for check in assessment.admissibility.checks
    }
    rows = [CheckRow(AUDIT_TYPE_ROW, truth.audit.type, assessment.audit.type)]
    rows += [CheckRow(i, truth.admissibility[i], found.get(i)) for i in CYCLE_CHECKS if i in truth.admissibility]
    return rows


# --- sets -------------------------------------------------------------------------------------


def measure_set(sample_set: DossierSet, run_date: date, limits: Limits, cache: ExtractionCache) -> list[DossierAgreement]:
    return [
        compare(sample_set.name, truth, assess_sample(sample_set.samples / truth.dossier, truth, run_date, limits, cache))
        for truth in sample_set.truths
    ]


def _totals(agreements: Sequence[DossierAgreement]) -> dict[str, int]:
    indicators = sum(len(a.rows) for a in agreements)
    disagreements = sum(a.disagreements for a in agreements)
    return {
        "dossiers": len(agreements),
        "indicators": indicators,
        "agree": indicators - disagreements,
        "disagreements": disagreements,
        "covered_without_evidence": sum(a.covered_without_evidence for a in agreements),
        "nc_disagreements": sum(a.nc_disagreements for a in agreements),
        "checks": sum(len(a.checks) for a in agreements),
        "check_disagreements": sum(a.check_disagreements for a in agreements),
    }


def report(agreements: Sequence[DossierAgreement], run_date: date) -> dict[str, Any]:
    set_names = list(dict.fromkeys(a.set_name for a in agreements))
    return {
        "schema": SCHEMA,
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "run_date": run_date.isoformat(),
        "sets": {
            name: {**_totals(members), "dossiers_detail": [a.as_json() for a in members]}
            for name in set_names
            if (members := [a for a in agreements if a.set_name == name])
        },
        "total": _totals(agreements),
    }


# --- command line -----------------------------------------------------------------------------


def _status(value: str | None) -> str:
    return value or "—"


def print_report(data: dict[str, Any], out: TextIO | None = None) -> None:
    out = out or sys.stdout  # read at call time, so that a replaced stdout is honoured
    for set_name, summary in data["sets"].items():
        for dossier in summary["dossiers_detail"]:
            print(
                f"\n{set_name}/{dossier['dossier']}  (référentiel attendu {dossier['expected_referential']},"
                f" trouvé {dossier['found_referential']})",
                file=out,
            )
            print(f"  {'ind.':>4}  {'attendu':<15} {'trouvé':<15} accord", file=out)
            for row in dossier["rows"]:
                mark = "oui" if row["agree"] else ("NON  ← couvert sans preuve" if row["covered_without_evidence"] else "NON")
                if row["expected_nc"] is not None and row["expected_nc"] != row["found_nc"]:
                    mark += f"  (NC attendue {row['expected_nc']}, proposée {_status(row['found_nc'])})"
                print(f"  {row['number']:>4}  {_status(row['expected']):<15} {_status(row['found']):<15} {mark}", file=out)
            for check in dossier["check_rows"]:
                mark = "oui" if check["agree"] else "NON"
                print(f"  {check['id']:<26} {check['expected']:<15} {_status(check['found']):<15} {mark}", file=out)
            print(
                f"  désaccords : {dossier['disagreements']} / {dossier['indicators']} ;"
                f" couvert là où la preuve manque : {dossier['covered_without_evidence']} ;"
                f" NC proposées en désaccord : {dossier['nc_disagreements']} ;"
                f" type d'audit et contrôles en désaccord : {dossier['check_disagreements']} / {dossier['checks']}",
                file=out,
            )
    print("", file=out)
    for set_name, summary in data["sets"].items():
        print(f"{set_name:<10} {_summary_line(summary)}", file=out)
    print(f"{'total':<10} {_summary_line(data['total'])}", file=out)


def _summary_line(summary: dict[str, Any]) -> str:
    return (
        f"accord {summary['agree']}/{summary['indicators']}, désaccords {summary['disagreements']},"
        f" couvert là où la preuve manque {summary['covered_without_evidence']},"
        f" NC proposées en désaccord {summary['nc_disagreements']},"
        f" type d'audit et contrôles en désaccord {summary['check_disagreements']}/{summary['checks']}"
    )


def paris_today() -> date:
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.agreement", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=DEFAULT_SAMPLES)
    parser.add_argument("--expected", type=Path, default=DEFAULT_EXPECTED)
    parser.add_argument("--fresh-seeds", type=int, nargs="*", default=[], help="also generate and measure these variants")
    parser.add_argument("--no-samples", action="store_true", help="measure the fresh variants only")
    parser.add_argument("--only", nargs="*", choices=sorted(ARCHETYPES), help="fresh variants of these archetypes only")
    parser.add_argument("--run-date", type=date.fromisoformat, default=None, help="default: today in Europe/Paris")
    parser.add_argument("--cache", type=Path, default=None, help="folder keeping extractions by file digest")
    parser.add_argument("--out", type=Path, default=None, help="write the full result as JSON")
    args = parser.parse_args(argv)
    run_date = args.run_date or paris_today()
    limits = Limits()
    cache = ExtractionCache(args.cache, limits)

    agreements: list[DossierAgreement] = []
    if not args.no_samples:
        agreements += measure_set(load_set("samples", args.samples, args.expected), run_date, limits, cache)
    if args.fresh_seeds:
        with tempfile.TemporaryDirectory(prefix="agreement-") as root:
            for seed in args.fresh_seeds:
                agreements += measure_set(generate_fresh(seed, Path(root), args.only), run_date, limits, cache)
    data = report(agreements, run_date)
    print_report(data)
    if args.out:
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
