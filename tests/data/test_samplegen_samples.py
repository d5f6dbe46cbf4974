"""The committed samples (`data/samples`) and their ground truth (`data/expected`) agree with each other and
with the referential they are judged against."""

from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
import yaml

from data.samplegen import load_truth
from indicator_mappers.referential import referential_by_id
from schemas.contract import DOC_TYPES
from tests.data.samplegen_helpers import COMMITTED_EXPECTED, COMMITTED_SAMPLES

TRUTHS = sorted(COMMITTED_EXPECTED.glob("*.yaml"))
V9_LAST_DAY = date(2026, 10, 31)
CONDITIONS = {
    "certifying": lambda scope: scope.certifying,
    "alternance": lambda scope: scope.alternance,
    "apprenticeship": lambda scope: "CFA" in scope.categories,
    "work_based_periods": lambda scope: scope.alternance or "CFA" in scope.categories,
    "subcontracting_or_portage": lambda scope: scope.subcontracting,
}


def test_every_sample_dossier_has_its_ground_truth():
    dossiers = sorted(path.name for path in COMMITTED_SAMPLES.iterdir() if path.is_dir())
    assert len(dossiers) >= 4
    assert dossiers == sorted(path.stem for path in TRUTHS)


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
def test_ground_truth_matches_the_folder(truth_path):
    truth = load_truth(truth_path)
    folder = COMMITTED_SAMPLES / truth.dossier
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} - {"dossier.yaml"}
    assert {item.path for item in truth.files} == on_disk
    assert all(item.doc_type in DOC_TYPES for item in truth.files)
    for item in truth.files:
        if item.scan and item.format == "pdf":
            document = pdfium.PdfDocument(str(folder / item.path))
            assert all(page.get_textpage().get_text_range().strip() == "" for page in document)


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
def test_referential_follows_the_manifest_dates(truth_path):
    truth = load_truth(truth_path)
    manifest = COMMITTED_SAMPLES / truth.dossier / "dossier.yaml"
    audit = None
    if manifest.exists():
        try:
            audit = (yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}).get("audit_date")
        except yaml.YAMLError:
            audit = None
    # No audit date: the run date decides, and every run happens after 2026-11-01.
    expected = "rnq-v9" if isinstance(audit, date) and audit <= V9_LAST_DAY else "rnq-2026"
    assert truth.referential == expected


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.stem)
def test_not_applicable_indicators_follow_the_referential(truth_path):
    referential = referential_by_id(load_truth(truth_path).referential)
    truth = load_truth(truth_path)
    assert [i.number for i in truth.indicators] == [i.number for i in referential.indicators]
    for indicator in referential.indicators:
        applies = any(
            category in indicator.applicability
            and (
                indicator.applicability[category].status == "all"
                or (
                    indicator.applicability[category].status == "specific"
                    and CONDITIONS[indicator.applicability[category].condition](truth.scope)
                )
            )
            for category in truth.scope.categories
        )
        status = next(i.status for i in truth.indicators if i.number == indicator.number)
        assert (status == "not_applicable") == (not applies), f"indicator {indicator.number}"
