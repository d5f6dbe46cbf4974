"""assess_dossier: the whole dossier-level assessment on small dossiers worded unlike the samples."""

from __future__ import annotations

from datetime import date

from indicator_mappers.applicability import decide_applicability
from indicator_mappers.assess import assess_dossier, organization_of
from indicator_mappers.referential import referential_by_id
from reports.gap_report import gap_report
from schemas import DossierManifest, ManifestOrganization
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import facts, the

RUN = date(2026, 11, 23)


def _cfa_dossier():
    return [
        doc(
            "admin/Recepisse DREETS.pdf",
            "nda_receipt",
            "PRÉFECTURE DE LA RÉGION BRETAGNE\nRécépissé de déclaration d'activité\nAssociation Ker Apprentissage\n"
            "Déclaration enregistrée sous le n° 53 29 04417 29",
            nda_number="53290441729",
            siren="552081317",
            organization_name="Association Ker Apprentissage",
            declaration_date="2021-09-14",
        ),
        doc(
            "admin/bpf-exercice-2025.pdf",
            "bpf",
            "BILAN PEDAGOGIQUE ET FINANCIER\na. des contrats d'apprentissage   412 800\nb. Apprentis   57   24 100\n",
            fiscal_year=2025,
            total_revenue_eur=512_300.0,
            siren="55208131766522",
            nda_number="53290441729",
            organization_name="KER APPRENTISSAGE",
        ),
        doc(
            "pedagogie/livret apprenti.docx",
            "welcome_booklet",
            "Livret de l'apprenti : droits et devoirs, santé et sécurité, référent handicap, médiateur de l'apprentissage.",
        ),
        doc(
            "preuves/emargement_promo_BP.xlsx",
            "attendance_sheet",
            "Feuille de présence des apprentis — BP coiffure — semaine 12 — matin / après-midi",
        ),
        doc("preuves/photo_tableau.jpg", "unknown", error="Image illisible (résolution trop faible)"),
    ]


def test_inferred_cfa_dossier_end_to_end():
    assessment = assess_dossier(_cfa_dossier(), None, [], RUN)

    assert assessment.referential.id == "rnq-2026" and assessment.referential.indicator_count == 33
    assert assessment.scope.source == "inferred" and assessment.scope.categories == ["CFA"]
    assert assessment.organization.siren == "552081317" and assessment.organization.nda == "53290441729"
    assert assessment.organization.name == "Association Ker Apprentissage"

    checks = {c.id: c for c in assessment.admissibility.checks}
    assert checks["identity_consistent"].status == "pass", checks["identity_consistent"].phrases
    assert checks["completed_service"].status == "pass"
    assert checks["documents_readable"].status == "warning" and "preuves/photo_tableau.jpg" in facts(checks["documents_readable"])
    assert assessment.admissibility.admissible

    assert (assessment.audit.revenue_band, assessment.audit.initial_audit_days, assessment.audit.revenue_source) == (
        "150k-750k",
        1.5,
        "bpf",
    )
    assert [i.number for i in assessment.indicators] == list(range(1, 34))


def test_not_applicable_indicators_follow_the_applicability_rule():
    assessment = assess_dossier(_cfa_dossier(), DossierManifest(categories=["BC"]), [], RUN)
    referential = referential_by_id(assessment.referential.id)
    for result in assessment.indicators:
        applies = decide_applicability(referential.indicator(result.number), assessment.scope).applies
        assert (result.status == "not_applicable") == (not applies), result.number


def test_manifest_drives_version_scope_and_warnings():
    manifest = DossierManifest(
        organization=ManifestOrganization(name="Ker Apprentissage", siren="552081317"),
        categories=["CFA"],
        audit_date=date(2026, 10, 20),
        referential="rnq-v10",
        declared_revenue_eur=90_000,
    )
    assessment = assess_dossier(_cfa_dossier(), manifest, ["clé inconnue « site_web »"], RUN)

    assert assessment.referential.id == "rnq-v9" and len(assessment.indicators) == 32
    assert assessment.scope.source == "manifest"
    checks = {c.id: c for c in assessment.admissibility.checks}
    assert checks["manifest_valid"].status == "warning"
    assert the(checks["manifest_valid"], P.MANIFEST_PROBLEM) == {"text": "clé inconnue « site_web »"}
    assert the(checks["manifest_valid"], P.UNKNOWN_REFERENTIAL)["forced"] == "rnq-v10"
    assert checks["revenue_consistent"].status == "warning"
    assert assessment.organization.name == "Ker Apprentissage"


def test_empty_dossier_still_gets_a_full_report():
    assessment = assess_dossier([], None, [], RUN)
    assert not assessment.admissibility.admissible
    assert assessment.scope.categories == ["AF"]
    assert len(assessment.indicators) == 33
    assert assessment.audit.revenue_source == "none"
    report = gap_report("vide", assessment)
    assert all(check.message for check in report.admissibility.checks)


def test_organization_falls_back_from_receipt_to_bpf():
    documents = [
        doc("bpf.pdf", "bpf", "", siren="732829320", organization_name="Alpha Formation"),
        doc("nda.pdf", "nda_receipt", "", nda_number="11751234575", organization_name="ALPHA FORMATION SAS"),
    ]
    organization = organization_of(documents, DossierManifest())
    assert organization.name == "ALPHA FORMATION SAS"
    assert (organization.siren, organization.nda) == ("732829320", "11751234575")
