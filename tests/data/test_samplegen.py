"""The generator: reproducible, varied, and its ground truth agrees with the files it wrote."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageOps
from stdnum.fr import siren as siren_check

from data.samplegen import GenerationError, generate, load_truth
from data.samplegen.__main__ import main
from data.samplegen.style import wording
from schemas.contract import DOC_TYPES
from tests.data.samplegen_helpers import QUICK, read_answers, text_content

SATISFIED_LABELS = {
    label for key in ("satisfaction_scales", "satisfaction_scales_en") for labels in wording()[key] for label in labels[:2]
}


def _truths(expected: Path):
    return [load_truth(path) for path in sorted(expected.glob("*.yaml"))]


def _files(samples: Path) -> dict[str, Path]:
    return {str(p.relative_to(samples)): p for p in sorted(samples.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files_and_truth(fresh_run, fresh_rerun):
    (samples_a, expected_a), (samples_b, expected_b) = fresh_run, fresh_rerun
    files_a, files_b = _files(samples_a), _files(samples_b)
    assert files_a.keys() == files_b.keys()
    for name, path in files_a.items():
        assert text_content(path) == text_content(files_b[name]), name
        assert path.read_bytes() == files_b[name].read_bytes(), name
    assert [p.read_text() for p in sorted(expected_a.glob("*.yaml"))] == [
        p.read_text() for p in sorted(expected_b.glob("*.yaml"))
    ]


def test_fresh_variant_differs_from_default(fresh_run, default_run):
    fresh, default = _truths(fresh_run[1]), _truths(default_run[1])
    assert [t.archetype for t in fresh] != [] and sorted(t.archetype for t in fresh) == sorted(QUICK)
    by_archetype = {t.archetype: t for t in default}
    for truth in fresh:
        other = by_archetype[truth.archetype]
        assert truth.organization.name != other.organization.name
        assert truth.organization.siren != other.organization.siren
        assert truth.dossier != other.dossier
    fresh_texts = {text_content(p) for p in _files(fresh_run[0]).values() if p.name != "dossier.yaml"}
    default_texts = {text_content(p) for p in _files(default_run[0]).values() if p.name != "dossier.yaml"}
    assert not (fresh_texts & default_texts) - {""}  # "" is the empty text layer of a scan


def test_another_seed_gives_other_wording(fresh_run, tmp_path):
    generate(tmp_path / "s", tmp_path / "e", variant="fresh", seed=8, archetypes=["new_entrant"])
    other = _truths(tmp_path / "e")[0]
    seven = next(t for t in _truths(fresh_run[1]) if t.archetype == "new_entrant")
    assert other.organization.siren != seven.organization.siren
    assert other.indicators == seven.indicators  # what the dossier evidences does not depend on the seed


@pytest.mark.parametrize("run", ["fresh_run", "default_run"])
def test_ground_truth_lists_exactly_the_files_written(run, request):
    samples, expected = request.getfixturevalue(run)
    for truth in _truths(expected):
        folder = samples / truth.dossier
        written = {k for k in _files(folder) if k != "dossier.yaml"}
        assert {f.path for f in truth.files} == written
        assert all(f.doc_type in DOC_TYPES for f in truth.files)
        assert (folder / "dossier.yaml").exists() == (truth.manifest != "absent")


@pytest.mark.parametrize("run", ["fresh_run", "default_run"])
def test_scanned_pdfs_have_no_text_layer(run, request):
    samples, expected = request.getfixturevalue(run)
    scans = [(t, f) for t in _truths(expected) for f in t.files if f.scan and f.format == "pdf"]
    assert scans
    for truth, item in scans:
        document = pdfium.PdfDocument(str(samples / truth.dossier / item.path))
        assert len(document) == item.pages == len(item.page_texts)
        assert all(page.get_textpage().get_text_range().strip() == "" for page in document)
        assert all(text.strip() for text in item.page_texts)


def test_photos_carry_their_exif_orientation(fresh_run, default_run):
    photos = 0
    for samples, expected in (fresh_run, default_run):
        for truth in _truths(expected):
            for item in truth.files:
                if item.format != "jpg":
                    continue
                photos += 1
                image = Image.open(samples / truth.dossier / item.path)
                orientation = image.getexif().get(0x0112)
                assert orientation == item.details["exif_orientation"] != 1
                upright = ImageOps.exif_transpose(image)
                turned = orientation in (6, 8)
                assert (upright.size == image.size[::-1]) == turned
    assert photos


def test_sirens_are_luhn_valid_unless_broken_on_purpose(fresh_run, default_run):
    for _, expected in (fresh_run, default_run):
        for truth in _truths(expected):
            assert siren_check.is_valid(truth.organization.siren) == truth.organization.siren_luhn_valid is True
            if truth.manifest_siren is not None:
                assert siren_check.is_valid(truth.manifest_siren) == truth.manifest_siren_luhn_valid
            for item in truth.files:
                if "siren" in item.fields:
                    assert siren_check.is_valid(item.fields["siren"])
                if "nda_number" in item.fields:
                    nda = item.fields["nda_number"]
                    assert len(nda) == 11 and nda.isdigit() and nda[2:4] == nda[9:11]


def test_new_entrant_receipt_disagrees_with_its_manifest(default_run):
    truth = next(t for t in _truths(default_run[1]) if t.archetype == "new_entrant")
    receipt = next(f for f in truth.files if f.doc_type == "nda_receipt")
    assert receipt.fields["siren"] == truth.organization.siren != truth.manifest_siren
    assert truth.admissibility["identity_consistent"] == "not_pass"
    assert not any(f.doc_type == "bpf" for f in truth.files)
    broken = [f for f in truth.files if f.error]
    assert len(broken) == 1 and broken[0].doc_type == "unknown"
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(str(default_run[0] / truth.dossier / broken[0].path))


def test_satisfaction_rate_matches_the_raw_answers(fresh_run, default_run):
    checked = 0
    for samples, expected in (fresh_run, default_run):
        for truth in _truths(expected):
            for item in truth.files:
                if item.doc_type != "satisfaction_survey" or item.format not in ("csv", "xlsx"):
                    continue
                rows = read_answers(samples / truth.dossier / item.path, item.encoding)
                ratings = [cell for row in rows for cell in row[2:-2] if cell != ""]
                scale = item.details["scale"]
                threshold = {"5": 4, "10": 7}.get(scale)
                good = sum(
                    (cell in SATISFIED_LABELS) if threshold is None else int(cell) >= threshold for cell in ratings
                )
                assert len(rows) == item.fields["respondents"]
                assert round(good / len(ratings), 4) == item.fields["satisfaction_rate"]
                checked += 1
    assert checked


def test_programme_fields_are_printed_and_omissions_hold(fresh_run, default_run):
    for samples, expected in (fresh_run, default_run):
        for truth in _truths(expected):
            for item in truth.files:
                if item.doc_type != "programme":
                    continue
                text = " ".join(text_content(samples / truth.dossier / item.path).split())
                assert " ".join(item.fields["title"].split()) in text
                hours = f"{item.fields['duration_hours']:g}"
                assert hours in text
                if "access_delay" in item.details["omitted_elements"]:
                    assert "délai" not in text.lower()
                if "accessibility" in item.details["omitted_elements"]:
                    assert "handicap" not in text.lower()


def test_cli_refuses_ground_truth_inside_the_samples(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "samples"), "--expected", str(tmp_path / "samples" / "truth")])
    assert "--expected" in capsys.readouterr().err


def test_unknown_archetype_is_refused(tmp_path):
    with pytest.raises(GenerationError):
        generate(tmp_path / "s", tmp_path / "e", archetypes=["nope"])


@pytest.mark.slow
def test_full_default_generation_is_quick_and_small(tmp_path):
    import time

    started = time.perf_counter()
    truths = generate(tmp_path / "samples", tmp_path / "expected")
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in (tmp_path / "samples").rglob("*") if p.is_file())
    assert len(truths) >= 4
    assert elapsed < 30
    assert size < 5 * 1024 * 1024
