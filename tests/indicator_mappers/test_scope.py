"""infer_scope: manifest scope, inferred categories and flags, negations, checkboxes, OCR noise."""

from __future__ import annotations

from datetime import date

from indicator_mappers.scope import categories_of_document, infer_scope
from reports.checks import phrase_fr
from schemas import DossierManifest
from schemas.checks import PhraseKind as P
from tests.indicator_mappers.dossier_builders import doc
from tests.support.checks import facts, the

ON = date(2026, 11, 23)

BPF_ALL_ZERO_BUT_TRAINING = """BILAN PEDAGOGIQUE ET FINANCIER  Cerfa 10443*17
C. Bilan financier hors taxes
1. des entreprises pour la formation de leurs salariés      62 400
a. des contrats d'apprentissage     0
b. des contrats de professionnalisation   0
c. de la promotion ou de la reconversion par alternance  0
F-1 Type de stagiaires
a. Salariés d'employeurs privés hors apprentis   88   1 240
b. Apprentis   0   0
F-2 Dont activité sous-traitée de l'organisme
Total (2)   0   0
F-3 Objectif général des prestations dispensées
a. Formations visant un diplôme, un titre à finalité professionnelle
ou un certificat de qualification professionnelle enregistré au RNCP   0   0
d. Autres formations professionnelles   88   1 240
e. Bilans de compétences   0   0
f. Actions d'accompagnement à la validation des acquis de l'expérience   0   0
"""


def _decided(*documents, manifest=None, on=ON):
    return infer_scope(list(documents), manifest, on)


def _scope(*documents, manifest=None, on=ON):
    return _decided(*documents, manifest=manifest, on=on).scope


def test_default_is_af_when_nothing_speaks_of_a_category():
    decision = _decided(doc("notes.txt", "unknown", "Compte rendu de réunion d'équipe."))
    scope = decision.scope
    assert scope.categories == ["AF"] and scope.source == "inferred"
    assert [r.kind for r in decision.reasons] == [P.SCOPE_INFERRED, P.DEFAULT_AF]


def test_bpf_printed_lines_at_zero_prove_nothing_but_training():
    scope = _scope(doc("bpf.pdf", "bpf", BPF_ALL_ZERO_BUT_TRAINING, fiscal_year=2025))
    assert scope.categories == ["AF"]
    assert not (scope.alternance or scope.subcontracting or scope.certifying)


def test_cfa_from_bpf_fields():
    decision = _decided(doc("bilan.pdf", "bpf", "", apprentices=14, apprenticeship_revenue_eur=84500.0))
    assert decision.scope.categories == ["CFA"]
    found = the(decision.reasons[1], P.CATEGORY_FOUND)
    assert found["category"] == "CFA" and the(found["cited"], P.CITED_DOCUMENT)["path"] == "bilan.pdf"
    assert any(f.kind is P.SEEN_FIELD and f.params["value"] == 14 for f in the(found["cited"], P.CITED_DOCUMENT)["seen"])


def test_cfa_and_bc_from_bpf_lines_with_figures():
    text = BPF_ALL_ZERO_BUT_TRAINING.replace("b. Apprentis   0   0", "b. Apprentis   14   6 300").replace(
        "e. Bilans de compétences   0   0", "e. Bilans de compétences   9   216"
    )
    scope = _scope(doc("bpf_2025.pdf", "bpf", text))
    assert scope.categories == ["AF", "BC", "CFA"]


def test_wrapped_bpf_label_reads_figures_on_the_next_line():
    text = "F-3\na. Formations visant un diplôme, un titre à finalité\nprofessionnelle enregistré au RNCP (RNCP)   12   840\n"
    scope = _scope(doc("bpf.pdf", "bpf", text))
    assert scope.certifying


def test_empty_bpf_line_does_not_borrow_the_next_items_figures():
    text = "a. des contrats d'apprentissage\nb. des contrats de professionnalisation   12 000\n"
    scope = _scope(doc("bpf.pdf", "bpf", text))
    assert scope.categories == ["AF"] and scope.alternance


def test_bc_from_an_agreement_in_capitals_with_ocr_noise():
    scope = _scope(doc("conv.pdf", "training_agreement", "CONVENTION DE BI1AN DE COMPÉTENCES\nEntre les soussignés"))
    assert scope.categories == ["BC"]


def test_vae_support_service_but_not_a_certification_reachable_by_vae():
    reachable = doc("prog.pdf", "programme", "Titre professionnel accessible par la voie de la VAE et par la validation des acquis de l'expérience.")
    assert _scope(reachable).categories == ["AF"]
    support = doc("vae.docx", "programme", "Programme d'accompagnement à la validation des acquis de l'expérience (24 h)")
    assert _scope(support).categories == ["VAE"]


def test_unchecked_boxes_on_a_certificate_model_do_not_count():
    certificate = doc(
        "certif.pdf",
        "completion_certificate",
        "CERTIFICAT DE RÉALISATION\nNature de l'action :\n☐ action de formation\n☒ bilan de compétences\n"
        "☐ action permettant de faire valider les acquis de l'expérience\n☐ action de formation par apprentissage",
    )
    assert categories_of_document(certificate) == ["BC"]


def test_plain_training_documents_mean_af():
    sheet = doc("emargement.xlsx", "attendance_sheet", "Feuille d'émargement — Excel perfectionnement — Matin / Après-midi")
    assert categories_of_document(sheet) == ["AF"]


def test_apprentices_in_a_welcome_booklet():
    scope = _scope(doc("livret.pdf", "welcome_booklet", "Bienvenue à nos apprenties et apprentis ! Votre maître d'apprentissage..."))
    assert scope.categories == ["CFA"]


def test_negated_mentions_do_not_count():
    programme = doc(
        "prog.pdf",
        "programme",
        "Cette formation n'est pas proposée en alternance.\nSous-traitance : non\nAucun apprenti n'est accueilli.",
    )
    scope = _scope(programme)
    assert scope.categories == ["AF"]
    assert not scope.alternance and not scope.subcontracting


def test_hyphenated_non_is_not_a_negation():
    programme = doc("prog.pdf", "programme", "Public : salariés, non-salariés, apprentis et demandeurs d'emploi")
    assert _scope(programme).categories == ["CFA"]


def test_certifying_from_field_code_or_text():
    assert _scope(doc("p1.pdf", "programme", "Programme", rncp_code="RNCP36004")).certifying
    assert _scope(doc("p2.pdf", "programme", "Certification inscrite au Répertoire spécifique : RS 5678")).certifying
    assert _scope(doc("p3.pdf", "programme", "Fiche RNCP n° 35671 — titre de niveau 5")).certifying
    assert not _scope(doc("p4.pdf", "programme", "Formation non certifiante, durée 14 heures")).certifying


def test_alternance_from_professionalisation_contract():
    scope = _scope(doc("conv.pdf", "training_agreement", "Formation suivie dans le cadre d'un contrat de professionnalisation"))
    assert scope.alternance and scope.categories == ["AF"]


def test_methods_alternating_theory_and_practice_are_not_work_study():
    scope = _scope(doc("prog.pdf", "programme", "Méthodes : alternance d'apports théoriques et d'exercices pratiques."))
    assert not scope.alternance


def test_subcontracting_from_a_contract_but_not_from_a_reservation_in_the_terms_of_sale():
    cgv = doc("cgv.pdf", "terms_of_sale", "Le prestataire se réserve le droit de faire appel à des sous-traitants.")
    assert not _scope(cgv).subcontracting
    contract = doc("st.pdf", "training_agreement", "CONTRAT DE SOUS-TRAITANCE\nLe donneur d'ordre confie au sous-traitant...")
    decision = _decided(cgv, contract)
    assert decision.scope.subcontracting
    flag = next(r for r in decision.reasons if r.kind is P.FLAG_FOUND)
    assert flag.params["flag"] == "subcontracting" and "st.pdf" in facts(flag)


def test_unreadable_documents_are_ignored():
    broken = doc("apprentis.pdf", "training_agreement", error="Fichier chiffré")
    assert _scope(broken).categories == ["AF"]


def test_manifest_categories_win_and_undeclared_evidence_is_reported():
    manifest = DossierManifest(categories=["AF"])
    booklet = doc("livret.pdf", "welcome_booklet", "Information des apprentis sur leurs droits")
    decision = _decided(booklet, manifest=manifest)
    assert decision.scope.source == "manifest" and decision.scope.categories == ["AF"]
    assert the(decision.reasons[1], P.UNDECLARED_CATEGORY_MENTIONED)["category"] == "CFA"


def test_manifest_flags_override_inferred_ones_with_a_warning_on_contradiction():
    contract = doc("st.pdf", "training_agreement", "Contrat de sous-traitance")
    decision = _decided(contract, manifest=DossierManifest(categories=["AF"], subcontracting=False, certifying=True))
    assert not decision.scope.subcontracting and decision.scope.certifying
    excluded = next(r for r in decision.reasons if r.kind is P.FLAG_EXCLUDED_BUT_SEEN)
    assert excluded.params["flag"] == "subcontracting" and "st.pdf" in facts(excluded)


def test_manifest_flags_apply_even_when_categories_are_inferred():
    scope = _scope(doc("prog.pdf", "programme", "Programme"), manifest=DossierManifest(alternance=True))
    assert scope.source == "inferred" and scope.alternance


def test_new_entrant_from_a_recent_declaration_of_activity():
    receipt = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2026-03-02")
    assert _scope(receipt).new_entrant
    old = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2019-03-02")
    assert not _scope(old).new_entrant
    assert not _scope(receipt, manifest=DossierManifest(new_entrant=False)).new_entrant


def test_new_entrant_from_the_filing_day_when_the_receipt_prints_its_own_day_apart():
    receipt = doc(
        "nda.pdf", "nda_receipt", "Récépissé", declaration_filed_date="2026-03-02", receipt_date="2026-03-27"
    )
    assert _scope(receipt).new_entrant


def test_a_declared_new_entrant_is_named_in_french():
    receipt = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2026-03-02")
    decision = _decided(receipt, manifest=DossierManifest(new_entrant=True))
    declared = next(r for r in decision.reasons if r.kind is P.FLAG_DECLARED)
    assert phrase_fr(declared) == "« Nouvel entrant » déclaré dans dossier.yaml."


# --- evidence, not mentions (blind corpora: categories and certifying over-inferred) -----------


def test_a_completion_certificate_listing_the_natures_of_action_only_mentions_them():
    model = (
        "CERTIFICAT DE RÉALISATION\nNature de l'action : action de formation  bilan de compétences  "
        "action de VAE  action de formation par apprentissage\nJe soussigné atteste que Mme Durand a suivi…"
    )
    decision = _decided(doc("certificat.pdf", "completion_certificate", model), doc("programme.pdf", "programme", "Excel"))
    assert decision.scope.categories == ["AF"]
    assert P.CATEGORY_MENTIONED_ONLY in [r.kind for r in decision.reasons]


def test_a_completion_certificate_of_one_bilan_is_evidence_of_bc():
    text = "CERTIFICAT DE RÉALISATION\nNature de l'action : bilan de compétences\nJe soussigné atteste…"
    assert _scope(doc("certificat.pdf", "completion_certificate", text)).categories == ["BC"]


def test_a_category_named_in_terms_of_sale_or_a_cv_is_only_mentioned():
    decision = _decided(
        doc("cgv.pdf", "terms_of_sale", "Les actions de VAE et les contrats d'apprentissage sont facturés…"),
        doc("cv.pdf", "trainer_cv", "Accompagnement VAE depuis 2015"),
        doc("programme.pdf", "programme", "Excel avancé"),
    )
    assert decision.scope.categories == ["AF"]
    mentioned = [r.params["category"] for r in decision.reasons if r.kind is P.CATEGORY_MENTIONED_ONLY]
    assert "VAE" in mentioned


def test_the_categories_a_qualiopi_certificate_certifies_count_not_its_recital():
    certificate = doc(
        "certificat.pdf", "qualiopi_certificate",
        "Certificat Qualiopi au titre des catégories : actions de formation, bilans de compétences, VAE, apprentissage",
        categories=["AF", "VAE"],
    )
    assert _scope(certificate).categories == ["AF", "VAE"]


def test_numbers_inside_a_bpf_label_are_not_its_figures():
    bpf = BPF_ALL_ZERO_BUT_TRAINING.replace(
        "a. Formations visant un diplôme, un titre à finalité professionnelle\n"
        "ou un certificat de qualification professionnelle enregistré au RNCP   0   0",
        "a. Formations visant un diplôme, un titre ou un CQP enregistré au RNCP\ndont de niveau 6 à 8   0   0",
    )
    assert "dont de niveau" in bpf
    assert _scope(doc("bpf.pdf", "bpf", bpf)).certifying is False


def test_rs_trainings_of_the_bpf_are_for_the_officer_to_confirm():
    bpf = BPF_ALL_ZERO_BUT_TRAINING.replace(
        "d. Autres formations professionnelles   88   1 240",
        "b. Formations visant une certification (dont CQP) ou une habilitation enregistrée au répertoire spécifique (RS)   12   84\n"
        "d. Autres formations professionnelles   76   1 156",
    )
    decision = _decided(doc("bpf.pdf", "bpf", bpf))
    assert decision.scope.certifying is False
    mentioned = next(r for r in decision.reasons if r.kind is P.FLAG_MENTIONED_ONLY)
    assert mentioned.params["flag"] == "certifying"
    assert the(mentioned, P.SEEN_BPF_LINE) == {"label": "cadre F-3 ligne b (certifications ou habilitations RS)"}
