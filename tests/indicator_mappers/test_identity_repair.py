"""A SIREN misread by OCR is corrected only when one digit confusion makes it the SIREN the dossier's
native documents (or dossier.yaml) give; the report keeps what was read and says so."""

from __future__ import annotations

from indicator_mappers.admissibility import OCR_READ_SIREN_FIELD, check_siren_valid
from indicator_mappers.identity_repair import repair_ocr_sirens
from schemas import DossierManifest
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import the

ORGANISATION = "842917338"  # valid
MISREAD = "842617338"  # a 9 read as 6: fails its check digit


def _scanned(path: str, doc_type: str, **fields):
    document = doc(path, doc_type, "texte", **fields)
    return document.model_copy(update={"record": document.record.model_copy(update={"ocr": True})})


def test_a_scanned_siren_one_confusion_away_from_the_native_one_is_corrected_and_said():
    documents = [doc("recepisse.pdf", "nda_receipt", siren=ORGANISATION), _scanned("bpf.pdf", "bpf", siren=MISREAD)]
    repaired = repair_ocr_sirens(documents, None)
    fields = repaired[1].record.fields
    assert fields["siren"] == ORGANISATION and fields[OCR_READ_SIREN_FIELD] == MISREAD
    check = check_siren_valid(repaired, None)
    assert check.status == "pass"
    assert the(check, P.SIREN_CORRECTION) == {"read": MISREAD, "path": "bpf.pdf", "siren": ORGANISATION}


def test_dossier_yaml_is_a_trusted_source_too():
    manifest = DossierManifest.model_validate({"organization": {"siren": ORGANISATION}})
    repaired = repair_ocr_sirens([_scanned("bpf.pdf", "bpf", siren=MISREAD)], manifest)
    assert repaired[0].record.fields["siren"] == ORGANISATION


def test_no_correction_without_a_native_source_or_on_a_native_document():
    assert repair_ocr_sirens([_scanned("bpf.pdf", "bpf", siren=MISREAD)], None)[0].record.fields["siren"] == MISREAD
    native = [doc("recepisse.pdf", "nda_receipt", siren=ORGANISATION), doc("cgv.pdf", "terms_of_sale", siren=MISREAD)]
    assert repair_ocr_sirens(native, None)[1].record.fields["siren"] == MISREAD


def test_no_correction_towards_another_organisation():
    other = "732829320"  # valid, but not one confusion away from the misread number
    documents = [doc("recepisse.pdf", "nda_receipt", siren=other), _scanned("bpf.pdf", "bpf", siren=MISREAD)]
    assert repair_ocr_sirens(documents, None)[1].record.fields["siren"] == MISREAD
