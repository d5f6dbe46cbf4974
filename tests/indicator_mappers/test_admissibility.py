"""Admissibility checks: each one in pass, fail and warning, with the phrases that name the documents
(their French: tests/reports/test_report_checks.py)."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.records import to_record
from indicator_mappers.admissibility import (
    assess_admissibility,
    check_bpf_arithmetic,
    check_bpf_present,
    check_completed_service,
    check_documents_readable,
    check_identity_consistent,
    check_manifest_valid,
    check_nda_receipt_present,
    check_nda_valid,
    check_siren_valid,
    names_match,
    nda_warnings,
    siren_is_valid,
)
from schemas import DossierDocument, DossierManifest, ExtractedDocument, ManifestOrganization, PageText, Scope
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import facts, kinds, the

ON = date(2026, 11, 23)
SIREN = "904123783"  # Luhn-valid, synthetic (documents.md §1.6)
NDA = "84691234569"


def receipt(**fields):
    values = {"nda_number": NDA, "siren": SIREN, "organization_name": "FORMATIONS RHÔNE CONSEIL (SAS)"} | fields
    return doc("recepisse_nda.pdf", "nda_receipt", "Récépissé de déclaration d'activité", **values)


def bpf(year=2025, **fields):
    return doc(f"bpf_{year}.pdf", "bpf", "Bilan pédagogique et financier", fiscal_year=year, **fields)


# --- nda_receipt_present ------------------------------------------------------------------------


def test_nda_receipt_present_pass_fail_warning():
    assert check_nda_receipt_present([receipt()]).status == "pass"
    missing = check_nda_receipt_present([bpf()])
    assert missing.status == "fail" and kinds(missing) == [P.NDA_RECEIPT_ABSENT]
    unreadable = check_nda_receipt_present([doc("nda_scan.pdf", "nda_receipt", error="PDF chiffré")])
    assert unreadable.status == "warning" and the(unreadable, P.NDA_RECEIPT_UNREADABLE) == {"paths": ["nda_scan.pdf"]}


# --- nda_valid ----------------------------------------------------------------------------------


def test_nda_valid_pass():
    check = check_nda_valid([receipt()], None)
    assert check.status == "pass" and the(check, P.NDA_USUAL) == {"values": {NDA: ["recepisse_nda.pdf"]}}


def test_nda_with_spaces_in_the_manifest_is_the_same_number():
    manifest = DossierManifest(organization=ManifestOrganization(nda="84 69 12345 69"))
    assert check_nda_valid([receipt()], manifest).status == "pass"


def test_nda_wrong_length_fails_naming_its_source():
    check = check_nda_valid([receipt(nda_number="8469123456")], None)
    assert check.status == "fail" and the(check, P.NDA_WRONG_LENGTH) == {
        "value": "8469123456", "sources": ["recepisse_nda.pdf"], "digits": 10, "expected": 11
    }


@pytest.mark.parametrize(
    ("nda", "expected"),
    [("11751234575", 0), ("82691234569", 0), ("99691234569", 1), ("84691234575", 1), ("99011234575", 2)],
)
def test_nda_structure_warnings(nda, expected):
    assert len(nda_warnings(nda, ["recepisse_nda.pdf"])) == expected


def test_nda_unusual_structure_is_only_a_warning():
    check = check_nda_valid([receipt(nda_number="99 69 12345 70")], None)
    assert check.status == "warning" and the(check, P.NDA_UNKNOWN_REGION)["region"] == "99"


def test_nda_missing_everywhere_fails_but_unread_on_a_receipt_warns():
    assert check_nda_valid([bpf()], None).status == "fail"
    assert check_nda_valid([receipt(nda_number=None)], None).status == "warning"


# --- siren_valid --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("732829320", True),
        ("73282932000074", True),
        ("552081317", True),
        ("356000000", True),
        ("35600000000048", True),
        ("35600000049837", True),
        ("123456789", False),
        ("12345678912345", False),
        ("90412378", False),
    ],
)
def test_siren_and_siret_keys(number, valid):
    assert siren_is_valid(number) is valid


def test_siren_valid_pass_fail_warning():
    assert check_siren_valid([receipt()], None).status == "pass"
    bad = check_siren_valid([receipt()], DossierManifest(organization=ManifestOrganization(siren="123456789")))
    assert bad.status == "fail" and the(bad, P.SIREN_INVALID) == {"values": {"123456789": ["dossier.yaml"]}}
    assert check_siren_valid([receipt(siren=None)], None).status == "warning"
    assert check_siren_valid([doc("prog.pdf", "programme", "x")], None).status == "fail"


def test_siret_printed_with_spaces_gives_the_siren():
    check = check_siren_valid([bpf(siren="904 123 783 00014")], None)
    assert check.status == "pass"


# --- identity_consistent ------------------------------------------------------------------------


def test_identity_consistent_across_legal_forms_accents_and_case():
    manifest = DossierManifest(organization=ManifestOrganization(name="Formations Rhone-Conseil", siren=SIREN, nda=NDA))
    check = check_identity_consistent([receipt(), bpf(siren="90412378300014", organization_name="S.A.S. FORMATIONS RHÔNE CONSEIL")], manifest)
    assert check.status == "pass", check.phrases
    assert the(check, P.IDENTITY_CONSISTENT)["sources"] == ["dossier.yaml", "recepisse_nda.pdf", "bpf_2025.pdf"]


def test_identity_siren_mismatch_fails_naming_both_sources():
    check = check_identity_consistent([receipt(), bpf(siren="732829320")], None)
    assert check.status == "fail"
    assert the(check, P.IDENTIFIERS_DIFFER) == {
        "identifier": "SIREN", "values": {SIREN: ["recepisse_nda.pdf"], "732829320": ["bpf_2025.pdf"]}
    }


def test_identity_nda_mismatch_fails():
    check = check_identity_consistent([receipt(), bpf(nda_number="11751234575")], None)
    assert check.status == "fail" and the(check, P.IDENTIFIERS_DIFFER)["identifier"] == "NDA"


def test_identifiers_on_other_documents_only_warn():
    agreement = doc("convention_client.pdf", "training_agreement", "Convention", siren="732829320")
    check = check_identity_consistent([receipt(), bpf(), agreement], None)
    assert check.status == "warning" and kinds(check)[0] is P.IDENTITY_DOUBT and "convention_client.pdf" in facts(check)
    invalid = check_siren_valid([receipt(), doc("cgv.pdf", "terms_of_sale", "CGV", siren="123456789")], None)
    assert invalid.status == "warning" and the(invalid, P.SIREN_INVALID) == {"values": {"123456789": ["cgv.pdf"]}}


def test_identity_other_name_is_a_warning():
    check = check_identity_consistent([receipt(), bpf(organization_name="Atlantique Compétences SARL")], None)
    assert check.status == "warning" and the(check, P.NAMED_SOURCE) == {
        "name": "Atlantique Compétences SARL", "source": "bpf_2025.pdf"
    }


def test_identity_single_source_warns():
    assert check_identity_consistent([receipt()], None).status == "warning"


def test_names_match_tolerates_word_order_and_legal_forms():
    assert names_match("SARL Conseil Formation Rhône", "Rhône Conseil Formation")
    assert not names_match("Formations Rhône Conseil", "Formations Loire Océan")


# --- bpf_present --------------------------------------------------------------------------------


def test_bpf_recent_passes_old_fails():
    assert check_bpf_present([bpf(2025)], Scope(), None, ON).status == "pass"
    assert check_bpf_present([bpf(2024)], Scope(), None, ON).status == "pass"
    old = check_bpf_present([bpf(2021)], Scope(), None, ON)
    assert old.status == "fail" and the(old, P.BPF_OUTDATED) == {"path": "bpf_2021.pdf", "year": 2021, "expected_year": 2024}


def test_latest_bpf_is_the_one_judged():
    assert check_bpf_present([bpf(2020), bpf(2025)], Scope(), None, ON).status == "pass"


def test_bpf_missing_fails_except_for_a_new_entrant_citing_declared_revenue():
    assert check_bpf_present([receipt()], Scope(), None, ON).status == "fail"
    manifest = DossierManifest(new_entrant=True, declared_revenue_eur=45000)
    check = check_bpf_present([receipt()], Scope(new_entrant=True), manifest, ON)
    assert check.status == "warning" and the(check, P.DECLARED_REVENUE) == {"amount": 45000}


def test_bpf_unreadable_or_without_year():
    broken = doc("bpf.pdf", "bpf", error="Fichier corrompu")
    check = check_bpf_present([broken], Scope(), None, ON)
    assert check.status == "fail" and the(check, P.BPF_UNREADABLE) == {"paths": ["bpf.pdf"]}
    no_year = doc("bpf_scan.pdf", "bpf", "Bilan pédagogique")
    assert check_bpf_present([no_year], Scope(), None, ON).status == "warning"


# --- bpf_arithmetic -----------------------------------------------------------------------------

HELD = {
    "arithmetic_revenue_lines": "held",
    "arithmetic_trainee_lines": "held",
    "arithmetic_objectives_total": "held",
    "arithmetic_specialities_total": "not_made",
}


def test_bpf_arithmetic_disagreement_warns_in_french_naming_the_sums():
    check = check_bpf_arithmetic([bpf(2025, **HELD | {"arithmetic_objectives_total": "failed"})])
    assert check.status == "warning" and kinds(check) == [P.BPF_TOTALS_DISAGREE, P.BPF_TOTALS_UNCHECKED]
    disagree = the(check, P.BPF_TOTALS_DISAGREE)
    assert disagree["path"] == "bpf_2025.pdf" and any("total F-1 = total F-3" in r for r in disagree["rules"])
    # the sum that could not be made is named too
    assert any("total F-1 = total F-4" in r for r in the(check, P.BPF_TOTALS_UNCHECKED)["rules"])
    contradicted = bpf(2025, **HELD | {"arithmetic_revenue_lines": "failed"})
    admissibility = assess_admissibility([receipt(), contradicted], None, [], Scope(), ON)
    assert [c.status for c in admissibility.checks if c.id == "bpf_arithmetic"] == ["warning"]


def test_bpf_arithmetic_agreement_passes_and_is_judged_on_the_latest_bpf():
    old_failed = bpf(2023, arithmetic_revenue_lines="failed")
    check = check_bpf_arithmetic([old_failed, bpf(2025, **HELD)])
    agree = the(check, P.BPF_TOTALS_AGREE)
    assert check.status == "pass" and agree["path"] == "bpf_2025.pdf"
    assert any("somme des lignes 1 à 11" in r for r in agree["rules"])


def test_no_bpf_arithmetic_check_when_no_sum_could_be_made():
    assert check_bpf_arithmetic([bpf(2025, arithmetic_revenue_lines="not_made")]) is None
    assert check_bpf_arithmetic([bpf(2025)]) is None
    assert check_bpf_arithmetic([receipt()]) is None


# --- completed_service --------------------------------------------------------------------------


def test_completed_service_single_category_any_proof():
    sheet = doc("emargement_mars.pdf", "attendance_sheet", "Feuille d'émargement - matin - après-midi")
    check = check_completed_service([sheet], Scope(categories=["AF"]))
    assert check.status == "pass" and the(check, P.PROOF) == {"path": "emargement_mars.pdf"}


def test_completed_service_names_categories_without_proof():
    certificate = doc(
        "certificat.pdf",
        "completion_certificate",
        "Certificat de réalisation\n☒ action de formation ☐ bilan de compétences\nqui s'est déroulée du 02/03 au 04/03",
    )
    check = check_completed_service([certificate], Scope(categories=["AF", "BC"]))
    assert check.status == "fail"
    assert the(check, P.SERVICE_MISSING) == {"categories": ["BC"]}
    assert the(check, P.CATEGORY_PROOFS)["category"] == "AF" and "certificat.pdf" in facts(check)


def test_completed_service_bpf_activity_counts_as_equivalent():
    bpf_text = "F-3\ne. Bilans de compétences   12   288\n"
    check = check_completed_service([doc("bpf.pdf", "bpf", bpf_text)], Scope(categories=["BC"]))
    assert check.status == "pass" and the(check, P.PROOF_BPF_ACTIVITY) == {"path": "bpf.pdf"}


def test_completed_service_new_cfa_with_an_apprenticeship_contract():
    contract = doc("cerfa_10103.pdf", "training_agreement", "CONTRAT D'APPRENTISSAGE — date de début d'exécution du contrat")
    assert check_completed_service([contract], Scope(categories=["CFA"])).status == "pass"


def test_a_qualiopi_certificate_is_no_proof_of_a_completed_service():
    # Read and classified as the pipeline does: the certificate lists categories and dates, and its
    # certifier « atteste que », yet it proves no delivered service.
    text = (
        "Certificat n° 4417-2\nQualinord atteste que les prestations de Formations Dupont ont été évaluées et jugées"
        " conformes au référentiel national qualité (décret n° 2019-565).\nAu titre de la catégorie d'actions"
        " suivante :\nL.6313-1 – 1° Actions de formation\nDébut de validité : 02/02/2026\nFin de validité : 01/02/2029"
    )
    extracted = ExtractedDocument(path="scan.pdf", sha256="0" * 64, pages=[PageText(number=1, text=text)])
    record = to_record(extracted)
    assert record.doc_type == "qualiopi_certificate"
    document = DossierDocument(record=record, pages=extracted.pages)
    assert check_completed_service([document], Scope(categories=["AF"])).status == "fail"


def test_completed_service_without_any_proof_fails():
    assert check_completed_service([receipt(), bpf()], Scope(categories=["VAE"])).status == "fail"


# --- documents_readable / manifest_valid --------------------------------------------------------


def test_documents_readable_pass_warning_fail():
    assert check_documents_readable([receipt()]).status == "pass"
    broken = doc("cgv.docx", "unknown", error="Fichier Word corrompu")
    warning = check_documents_readable([receipt(), broken])
    assert warning.status == "warning"
    assert the(warning, P.UNREADABLE_DOCUMENT) == {"path": "cgv.docx", "error": "Fichier Word corrompu"}
    assert check_documents_readable([broken]).status == "fail"
    assert check_documents_readable([]).status == "fail"


def test_manifest_valid_only_when_there_are_problems():
    assert check_manifest_valid([]) is None
    check = check_manifest_valid(["clé inconnue « categorie »", "siren : 8 chiffres"])
    assert check.status == "warning"
    assert [p.params["text"] for p in the(check, P.MANIFEST_PROBLEMS)["problems"]] == [
        "clé inconnue « categorie »",
        "siren : 8 chiffres",
    ]


# --- whole --------------------------------------------------------------------------------------


def _complete_dossier():
    return [
        receipt(),
        bpf(siren="90412378300014", nda_number=NDA, organization_name="Formations Rhône Conseil"),
        doc("attestation.pdf", "completion_certificate", "Attestation de fin de formation"),
    ]


def test_complete_dossier_is_admissible_in_contract_order():
    admissibility = assess_admissibility(_complete_dossier(), None, [], Scope(categories=["AF"]), ON)
    assert admissibility.admissible, admissibility.checks
    assert [c.id for c in admissibility.checks] == [
        "nda_receipt_present",
        "nda_valid",
        "siren_valid",
        "identity_consistent",
        "bpf_present",
        "completed_service",
        "documents_readable",
    ]


def test_warnings_keep_admissibility_a_fail_removes_it():
    documents = _complete_dossier()
    with_warning = assess_admissibility(documents, None, ["clé inconnue"], Scope(categories=["AF"]), ON)
    assert with_warning.admissible and with_warning.checks[-1].id == "manifest_valid"
    without_bpf = assess_admissibility(documents[:1] + documents[2:], None, [], Scope(categories=["AF"]), ON)
    assert not without_bpf.admissible


def test_the_identity_shown_follows_the_one_order_of_identity_documents(monkeypatch):
    # The report's identity, the French identity of a foreign organisation and the SIREN check follow
    # admissibility_rules.yaml's order of identity documents: reversing it there reverses them all.
    from indicator_mappers import admissibility_rules
    from indicator_mappers.assess import organization_of
    from tests.indicator_mappers.conftest import make_doc

    receipt = make_doc("recepisse.pdf", "nda_receipt", "x", fields={"siren": "904123783"})
    bpf = make_doc("bpf.pdf", "bpf", "x", fields={"siren": "552100554"})
    assert organization_of([bpf, receipt], None).siren == "904123783"
    rules = admissibility_rules.load_admissibility_rules()
    reversed_order = rules.identity.model_copy(update={"primary_doc_types": ["bpf", "nda_receipt"]})
    monkeypatch.setattr(
        admissibility_rules, "load_admissibility_rules", lambda: rules.model_copy(update={"identity": reversed_order})
    )
    assert organization_of([receipt, bpf], None).siren == "552100554"
