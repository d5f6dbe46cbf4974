"""`ExtractedDocument` -> `DocumentRecord`."""

from __future__ import annotations

from extractors.records import to_record
from schemas.contract import DocumentRecord
from schemas.extraction import ExtractedDocument, PageText

SHA = "ab" * 32
RECEIPT = (
    "RÉCÉPISSÉ DE DÉCLARATION D'ACTIVITÉ\nLa déclaration d'activité de : FORMATIONS RHÔNE CONSEIL (SAS)\n"
    "SIRET : 904 123 783 00014\nest enregistrée sous le numéro : 84 69 12345 69\n"
    "Cet enregistrement ne vaut pas agrément de l'État.\nFait à Lyon, le 28/03/2024"
)


def test_readable_document_is_classified_with_fields_and_reason():
    extracted = ExtractedDocument(path="admin/recepisse.pdf", sha256=SHA, pages=[PageText(number=1, text=RECEIPT)])
    record = to_record(extracted)
    assert isinstance(record, DocumentRecord)
    assert record.path == "admin/recepisse.pdf" and record.sha256 == SHA
    assert record.doc_type == "nda_receipt" and record.status == "ok" and record.error is None
    assert record.pages == 1 and record.ocr is False and record.ocr_confidence is None
    assert record.fields["nda_number"] == "84691234569"
    assert record.fields["declaration_date"] == "2024-03-28"
    assert record.classification_reason.startswith("Classé")


def test_ocr_facts_are_copied():
    pages = [
        PageText(number=1, text=RECEIPT, ocr=True, ocr_confidence=81.26),
        PageText(number=2, text="", ocr=True, ocr_confidence=70.0),
        PageText(number=3, text="page texte"),
    ]
    record = to_record(ExtractedDocument(path="scan.pdf", sha256=SHA, pages=pages))
    assert record.ocr is True and record.pages == 3
    assert record.ocr_confidence == 75.6


def test_unreadable_document_keeps_its_error_and_is_not_classified():
    extracted = ExtractedDocument(
        path="bpf_2025.pdf", sha256=SHA, error="Document chiffré : mot de passe requis.", error_kind="encrypted"
    )
    record = to_record(extracted)
    assert record.status == "error"
    assert record.error == "Document chiffré : mot de passe requis."
    assert record.doc_type == "unknown" and record.fields == {} and record.pages == 0
    assert "illisible" in record.classification_reason


def test_unknown_document_still_reports_identity_fields():
    text = "Attestation sur l'honneur\nSIRET : 904 123 783 00014\nN° de déclaration : 84 69 12345 69"
    record = to_record(ExtractedDocument(path="divers.pdf", sha256=SHA, pages=[PageText(number=1, text=text)]))
    assert record.doc_type == "unknown"
    assert record.fields["siren"] == "904123783" and record.fields["nda_number"] == "84691234569"


def test_record_serialises_to_the_contract_json():
    record = to_record(ExtractedDocument(path="r.pdf", sha256=SHA, pages=[PageText(number=1, text=RECEIPT)]))
    again = DocumentRecord.model_validate_json(record.model_dump_json())
    assert again == record
