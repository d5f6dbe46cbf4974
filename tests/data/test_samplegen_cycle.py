"""The certification-cycle and foreign-organisation dossiers: what their truth claims is what their files show,
in the committed samples and in a fresh variant."""

from __future__ import annotations

import importlib
import re
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from stdnum.gb import vat as gb_vat

from data.samplegen import generate, load_truth
from data.samplegen.builders.certificate import AuditFinding
from data.samplegen.generate import _proposed_nc, _requalified
from data.samplegen.style import MONTHS_FR
from data.samplegen.truth import ExpectedAudit
from indicator_mappers.nonconformity import load_nonconformity_rules
from tests.data.samplegen_helpers import COMMITTED_EXPECTED, COMMITTED_SAMPLES, text_content

CYCLE = ["surveillance", "renewal", "extension", "foreign"]
MONTH = {name: number for number, name in enumerate(MONTHS_FR, start=1)}


@pytest.fixture(scope="module")
def fresh_cycle(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cycle")
    generate(base / "samples", base / "expected", variant="fresh", seed=11, archetypes=CYCLE)
    return base / "samples", base / "expected"


@pytest.fixture(scope="module", params=["committed", "fresh"])
def cycle_truths(request, fresh_cycle):
    samples, expected = (COMMITTED_SAMPLES, COMMITTED_EXPECTED) if request.param == "committed" else fresh_cycle
    truths = {t.archetype: t for t in (load_truth(p) for p in sorted(expected.glob("*.yaml"))) if t.archetype in CYCLE}
    assert sorted(truths) == sorted(CYCLE)
    return samples, truths


def _text(samples: Path, truth, item) -> str:
    if item.page_texts is not None:
        return "\n".join(item.page_texts)
    return text_content(samples / truth.dossier / item.path)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _dates(text: str) -> list[date]:
    """Every date a French document prints: 05/10/2026, 05.10.2026, 2026-10-05, 5 octobre 2026, 1er octobre 2026."""
    found = [date(int(y), int(m), int(d)) for d, m, y in re.findall(r"\b(\d{2})[/.](\d{2})[/.](\d{4})\b", text)]
    found += [date(int(y), int(m), int(d)) for y, m, d in re.findall(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)]
    months = "|".join(MONTHS_FR)
    found += [
        date(int(y), MONTH[m], 1 if d == "1er" else int(d))
        for d, m, y in re.findall(rf"\b(1er|\d{{1,2}})\s+({months})\s+(\d{{4}})\b", text)
    ]
    return found


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, day.day)


def _manifest(samples: Path, truth) -> dict:
    return yaml.safe_load((samples / truth.dossier / "dossier.yaml").read_text(encoding="utf-8"))


def _one(truth, doc_type: str):
    (item,) = [f for f in truth.files if f.doc_type == doc_type]
    return item


def test_certificates_print_their_holder_and_a_three_year_validity(cycle_truths):
    samples, truths = cycle_truths
    for archetype in ("surveillance", "renewal", "extension"):
        truth = truths[archetype]
        item = _one(truth, "qualiopi_certificate")
        fields = item.fields
        text = _text(samples, truth, item)
        assert fields["certificate_number"] in text
        assert fields["siren"] == truth.organization.siren and fields["nda_number"] == truth.organization.nda
        assert fields["siren"] in _digits(text) and fields["nda_number"] in _digits(text)
        start, end = date.fromisoformat(fields["valid_from"]), date.fromisoformat(fields["valid_until"])
        assert end == _add_months(start, 36) - timedelta(days=1)
        assert {start, end} <= set(_dates(text))
        assert fields["categories"] == ["AF"]


def test_audit_date_sits_where_the_audit_type_says(cycle_truths):
    samples, truths = cycle_truths
    for archetype in ("surveillance", "renewal", "extension"):
        truth = truths[archetype]
        certificate = _one(truth, "qualiopi_certificate").fields
        start, end = date.fromisoformat(certificate["valid_from"]), date.fromisoformat(certificate["valid_until"])
        audit = _manifest(samples, truth)["audit_date"]
        window = (_add_months(start, 14), _add_months(start, 22))
        assert truth.audit.type == archetype
        if archetype == "renewal":
            assert window[1] < audit <= end and truth.audit.source == "inferred"
        else:
            assert window[0] <= audit <= window[1] and truth.audit.source == "manifest"


def test_surveillance_organisation_was_certified_as_a_new_entrant(cycle_truths):
    samples, truths = cycle_truths
    truth = truths["surveillance"]
    receipt = _one(truth, "nda_receipt").fields
    declared = date.fromisoformat(receipt.get("declaration_date") or receipt["declaration_filed_date"])
    certified = date.fromisoformat(_one(truth, "qualiopi_certificate").fields["valid_from"])
    assert timedelta(0) < certified - declared < timedelta(days=365)
    assert truth.admissibility["certificate_valid"] == "pass"


def test_renewal_shows_a_service_completed_after_the_surveillance_window(cycle_truths):
    samples, truths = cycle_truths
    truth = truths["renewal"]
    start = date.fromisoformat(_one(truth, "qualiopi_certificate").fields["valid_from"])
    attestation = _one(truth, "completion_certificate")
    assert max(_dates(_text(samples, truth, attestation))) > _add_months(start, 22)
    assert truth.admissibility["service_since_last_audit"] == "pass"


def test_extension_adds_a_category_with_one_completed_service_in_it(cycle_truths):
    samples, truths = cycle_truths
    truth = truths["extension"]
    manifest = _manifest(samples, truth)
    added = manifest["extension_categories"]
    assert added == ["BC"] and manifest["audit_type"] == "extension"
    assert not set(added) & set(_one(truth, "qualiopi_certificate").fields["categories"])
    assert set(added) <= set(truth.scope.categories)
    texts = [_text(samples, truth, f) for f in truth.files if f.doc_type == "completion_certificate"]
    assert sum("■ bilan de compétences" in text for text in texts) == 1
    assert truth.admissibility["extension_service_done"] == "pass"


def test_foreign_mandate_names_the_representative_and_the_foreign_organisation(cycle_truths):
    samples, truths = cycle_truths
    truth = truths["foreign"]
    organization, representative = truth.organization, truth.organization.representative
    assert organization.foreign and representative is not None
    assert gb_vat.is_valid(organization.foreign_registration["vat"])
    manifest = _manifest(samples, truth)
    assert manifest["foreign"] is True and manifest["representative"]["siren"] == representative.siren
    assert _one(truth, "nda_receipt").fields["siren"] == representative.siren == organization.siren
    (mandate,) = [f for f in truth.files if f.doc_type == "unknown"]
    text = _text(samples, truth, mandate)
    flat = " ".join(text.split())
    assert representative.name in flat and organization.name in flat
    assert representative.siren in _digits(text)
    assert organization.foreign_registration["company_number"] in text
    address = mandate.details["representative"]["address"]
    assert address in flat and "R. 6351-3" in flat
    assert truth.admissibility["representative_in_france"] == "pass"


def test_foreign_dossier_mixes_english_and_french_documents(cycle_truths):
    samples, truths = cycle_truths
    truth = truths["foreign"]
    english = {f.doc_type for f in truth.files if f.details.get("language") == "en"}
    assert english == {"programme", "trainer_cv", "complaints_procedure"}
    programme = next(f for f in truth.files if f.doc_type == "programme" and f.details.get("language") == "en")
    assert "Prerequisites" in _text(samples, truth, programme)
    survey = _one(truth, "satisfaction_survey")
    assert "Very satisfied" in _text(samples, truth, survey)
    assert "RÉCÉPISSÉ" in _text(samples, truth, _one(truth, "nda_receipt")).upper()


def test_proposed_nc_follows_status_and_grading():
    assert [_proposed_nc(23, s) for s in ("covered", "partial", "missing", "not_applicable")] == [
        "none",
        "minor",
        "major",
        None,
    ]
    assert _proposed_nc(32, "partial") == "major"  # an indicator that only carries a major NC
    assert _proposed_nc(33, "partial") is None  # grading unknown: nothing asserted
    assert _proposed_nc(33, "missing") == "major"


def test_a_previous_nc_not_lifted_takes_the_grade_the_rule_tables_give(monkeypatch):
    plan = SimpleNamespace(previous_findings=(AuditFinding(2, "minor", "a"), AuditFinding(4, "major", "b")))
    surveillance = ExpectedAudit(type="surveillance", source="manifest")
    initial = ExpectedAudit(type="initial", source="inferred")
    assert _requalified(plan, surveillance) == {2: "major"}
    assert _requalified(plan, initial) == {}
    assert [_proposed_nc(2, s, "major") for s in ("covered", "partial", "missing")] == ["none", "major", "major"]
    # The truth reads the rule from the tables the assessment reads: change them and it follows.
    rules = load_nonconformity_rules()
    previous = rules.previous_audit.model_copy(
        update={"follows_an_audit": ["initial"], "requalified_when_not_lifted": {"major": "major"}}
    )
    edited = rules.model_copy(update={"previous_audit": previous})
    # The package exports a function of the module's name: patch the module itself.
    monkeypatch.setattr(importlib.import_module("data.samplegen.generate"), "load_nonconformity_rules", lambda: edited)
    assert _requalified(plan, initial) == {4: "major"}
    assert _requalified(plan, surveillance) == {}
