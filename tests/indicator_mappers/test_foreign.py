"""Foreign organisations applying through a representative in France (issue 18): the declaration read,
the undeclared case flagged with its evidence, identity notes, and the check `representative_in_france`.

Documents are built as text and read by the real field extractor, so the evidence is what a document
prints, not a field set by hand."""

from __future__ import annotations

from datetime import date

from extractors.fields import extract_fields
from extractors.manifest import parse_manifest
from indicator_mappers.admissibility import check_identity_consistent
from indicator_mappers.assess import assess_dossier
from indicator_mappers.foreign import foreign_context
from indicator_mappers.representation import check_representative_in_france
from schemas import DocumentRecord, DossierDocument, PageText
from schemas.checks import PhraseKind as P
from schemas.contract import DocType
from tests.support.checks import facts, kinds, the

ON = date(2026, 11, 23)
SIREN = "904123783"  # Luhn-valid, synthetic
NDA = "84691234569"
REPRESENTATIVE = "Conseil Formation Rhône"
FOREIGN = "Northbridge Learning Ltd"

RECEIPT = (
    "Récépissé de déclaration d'activité\nLa déclaration d'activité de CONSEIL FORMATION RHÔNE (SAS),"
    " SIREN 904 123 783,\nest enregistrée sous le numéro 84 69 12345 69 auprès du préfet de la région"
    " Auvergne-Rhône-Alpes."
)
BPF = "Bilan pédagogique et financier\nExercice comptable 2025\nSIREN 904 123 783\nN° de déclaration 84691234569"
TERMS = (
    "Terms and conditions of sale\nNorthbridge Learning Ltd, 221 Baker Street, London NW1 6XE, United Kingdom\n"
    "Registered in England and Wales, company number 04567890.\n"
    "Représentant en France : Conseil Formation Rhône, SIREN 904 123 783, NDA 84 69 12345 69."
)
MANDATE = (
    "Mandat de représentation\nNorthbridge Learning Ltd, company number 04567890, London NW1 6XE, United Kingdom,\n"
    "désigne Conseil Formation Rhône (SAS), SIREN 904 123 783, 12 rue de la République, 69002 Lyon,\n"
    "comme son représentant domicilié en France au sens de l'article R. 6351-3 du Code du travail."
)


def document(path: str, doc_type: DocType, text: str) -> DossierDocument:
    pages = [PageText(number=1, text=text)]
    record = DocumentRecord(path=path, doc_type=doc_type, sha256="0" * 64, pages=1, fields=extract_fields(doc_type, pages))
    return DossierDocument(record=record, pages=pages)


def manifest(text: str):
    parsed, problems = parse_manifest(text.encode())
    assert problems == []
    return parsed


DECLARED = f"""
organization: {{name: {FOREIGN}}}
foreign: true
representative: {{name: {REPRESENTATIVE}, siren: "{SIREN}", nda: "{NDA}"}}
"""


def dossier(*extra: DossierDocument) -> list[DossierDocument]:
    return [document("recepisse.pdf", "nda_receipt", RECEIPT), document("bpf_2025.pdf", "bpf", BPF), *extra]


def test_the_manifest_declares_a_foreign_organisation_and_its_representative():
    parsed = manifest(DECLARED)
    assert parsed.foreign is True
    assert (parsed.representative.name, parsed.representative.siren, parsed.representative.nda) == (
        REPRESENTATIVE, SIREN, NDA,
    )
    organization = assess_dossier(dossier(), parsed, [], ON).organization
    assert organization.foreign and organization.name == FOREIGN
    assert (organization.siren, organization.nda) == (SIREN, NDA)
    assert organization.representative.name == REPRESENTATIVE


def test_an_undeclared_foreign_registration_beside_a_french_siren_is_flagged_with_its_evidence():
    documents = dossier(document("terms.pdf", "terms_of_sale", TERMS))
    report = assess_dossier(documents, None, [], ON)
    assert report.organization.possibly_foreign and not report.organization.foreign
    found = {(r.kind, r.value, r.source) for r in report.organization.foreign_registrations}
    assert ("gb_company", "04567890", "terms.pdf") in found
    check = next(c for c in report.admissibility.checks if c.id == "representative_in_france")
    assert check.status == "warning"
    assert kinds(check)[0] is P.POSSIBLY_FOREIGN
    flagged = {(r.kind, r.value, r.source) for r in the(check, P.POSSIBLY_FOREIGN)["registrations"]}
    assert ("gb_company", "04567890", "terms.pdf") in flagged


def test_a_french_dossier_is_not_flagged():
    report = assess_dossier(dossier(), None, [], ON)
    assert not report.organization.possibly_foreign and report.organization.foreign_registrations == []
    assert all(c.id != "representative_in_france" for c in report.admissibility.checks)


def test_a_foreign_registration_without_any_french_identity_is_not_a_representation_question():
    assert not foreign_context([document("terms.pdf", "terms_of_sale", TERMS.split("\nReprésentant")[0])], None).applies


# --- identity --------------------------------------------------------------------------------------


def test_a_declared_foreign_organisation_is_identified_by_its_representative_and_the_mismatch_is_a_note():
    documents = dossier(document("terms.pdf", "terms_of_sale", TERMS))
    check = check_identity_consistent(documents, manifest(DECLARED))
    assert check.status == "pass"
    assert the(check, P.REPRESENTATIVE_DECLARED) == {"name": REPRESENTATIVE, "siren": SIREN, "nda": NDA}
    assert {"04567890", "terms.pdf"} <= facts(the(check, P.FOREIGN_DECLARED)["registrations"])


def test_without_the_declaration_the_foreign_name_differs_from_the_receipt():
    undeclared = manifest(f"organization: {{name: {FOREIGN}, siren: '{SIREN}', nda: '{NDA}'}}")
    check = check_identity_consistent(dossier(document("terms.pdf", "terms_of_sale", TERMS)), undeclared)
    assert check.status == "warning" and kinds(check)[0] is P.NAMES_DIFFER
    assert P.FOREIGN_POSSIBLY in kinds(check)


def test_other_identity_checks_are_unchanged_for_a_foreign_organisation():
    other_receipt = document("recepisse.pdf", "nda_receipt", RECEIPT.replace("84 69 12345 69", "84 69 99999 69"))
    check = check_identity_consistent([other_receipt, document("bpf_2025.pdf", "bpf", BPF)], manifest(DECLARED))
    assert check.status == "fail" and the(check, P.IDENTIFIERS_DIFFER)["identifier"] == "NDA"


# --- representative_in_france ----------------------------------------------------------------------


def test_a_mandate_naming_everything_passes_and_is_cited():
    context = foreign_context(dossier(), manifest(DECLARED))
    check = check_representative_in_france([*dossier(), document("mandate.pdf", "unknown", MANDATE)], context)
    assert check.status == "pass" and the(check, P.MANDATE_PROVIDED) == {"path": "mandate.pdf", "doc_type": "unknown"}


def test_without_a_mandate_the_officer_is_told_what_to_ask_for():
    context = foreign_context(dossier(), manifest(DECLARED))
    check = check_representative_in_france(dossier(), context)
    assert check.status == "fail"
    assert kinds(check) == [P.NO_MANDATE]


def test_a_mandate_without_the_french_address_and_siren_fails_naming_what_it_lacks():
    partial = MANDATE.replace("SIREN 904 123 783, 12 rue de la République, 69002 Lyon,", "")
    context = foreign_context(dossier(), manifest(DECLARED))
    check = check_representative_in_france([*dossier(), document("mandate.pdf", "unknown", partial)], context)
    assert check.status == "fail"
    assert the(check, P.MANDATE_INCOMPLETE) == {"path": "mandate.pdf", "missing": ["siren", "address"]}


def test_the_representative_identity_comes_from_the_receipt_when_the_manifest_omits_it():
    declared = manifest(f"organization: {{name: {FOREIGN}}}\nforeign: true")
    context = foreign_context(dossier(), declared)
    assert (context.representative.siren, context.representative.nda) == (SIREN, NDA)
    check = check_representative_in_france([*dossier(), document("mandate.pdf", "unknown", MANDATE)], context)
    assert check.status == "pass"


def test_a_possibly_foreign_dossier_checks_the_mandate_against_the_french_identity_of_its_receipt():
    documents = [*dossier(document("terms.pdf", "terms_of_sale", TERMS)), document("mandate.pdf", "unknown", MANDATE)]
    check = check_representative_in_france(documents, foreign_context(documents, None))
    assert check.status == "warning" and kinds(check)[0] is P.POSSIBLY_FOREIGN
    assert the(check, P.MANDATE_PROVIDED)["path"] == "mandate.pdf"
