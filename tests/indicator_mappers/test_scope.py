"""infer_scope: manifest scope, inferred categories and flags, negations, checkboxes, OCR noise."""

from __future__ import annotations

from datetime import date

from indicator_mappers.scope import categories_of_document, infer_scope
from schemas import DossierManifest
from tests.indicator_mappers.dossier_builders import doc

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


def _scope(*documents, manifest=None, on=ON):
    return infer_scope(list(documents), manifest, on)


def test_default_is_af_when_nothing_speaks_of_a_category():
    scope = _scope(doc("notes.txt", "unknown", "Compte rendu de réunion d'équipe."))
    assert scope.categories == ["AF"] and scope.source == "inferred"
    assert any("par défaut" in r for r in scope.reasons)


def test_bpf_printed_lines_at_zero_prove_nothing_but_training():
    scope = _scope(doc("bpf.pdf", "bpf", BPF_ALL_ZERO_BUT_TRAINING, fiscal_year=2025))
    assert scope.categories == ["AF"]
    assert not (scope.alternance or scope.subcontracting or scope.certifying)


def test_cfa_from_bpf_fields():
    scope = _scope(doc("bilan.pdf", "bpf", "", apprentices=14, apprenticeship_revenue_eur=84500.0))
    assert scope.categories == ["CFA"]
    assert any("bilan.pdf" in r and "apprentis" in r for r in scope.reasons)


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
    scope = _scope(cgv, contract)
    assert scope.subcontracting and any("st.pdf" in r for r in scope.reasons)


def test_unreadable_documents_are_ignored():
    broken = doc("apprentis.pdf", "training_agreement", error="Fichier chiffré")
    assert _scope(broken).categories == ["AF"]


def test_manifest_categories_win_and_undeclared_evidence_is_reported():
    manifest = DossierManifest(categories=["AF"])
    booklet = doc("livret.pdf", "welcome_booklet", "Information des apprentis sur leurs droits")
    scope = _scope(booklet, manifest=manifest)
    assert scope.source == "manifest" and scope.categories == ["AF"]
    assert any("CFA" in r and "non déclarées" in r for r in scope.reasons)


def test_manifest_flags_override_inferred_ones_with_a_warning_on_contradiction():
    contract = doc("st.pdf", "training_agreement", "Contrat de sous-traitance")
    scope = _scope(contract, manifest=DossierManifest(categories=["AF"], subcontracting=False, certifying=True))
    assert not scope.subcontracting and scope.certifying
    assert any("Attention" in r and "sous-traitance" in r for r in scope.reasons)


def test_manifest_flags_apply_even_when_categories_are_inferred():
    scope = _scope(doc("prog.pdf", "programme", "Programme"), manifest=DossierManifest(alternance=True))
    assert scope.source == "inferred" and scope.alternance


def test_new_entrant_from_a_recent_declaration_of_activity():
    receipt = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2026-03-02")
    assert _scope(receipt).new_entrant
    old = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2019-03-02")
    assert not _scope(old).new_entrant
    assert not _scope(receipt, manifest=DossierManifest(new_entrant=False)).new_entrant


def test_a_declared_new_entrant_is_named_in_french():
    receipt = doc("nda.pdf", "nda_receipt", "Récépissé", declaration_date="2026-03-02")
    scope = _scope(receipt, manifest=DossierManifest(new_entrant=True))
    assert "« Nouvel entrant » déclaré dans dossier.yaml." in scope.reasons


# --- evidence, not mentions (blind corpora: categories and certifying over-inferred) -----------


def test_a_completion_certificate_listing_the_natures_of_action_only_mentions_them():
    model = (
        "CERTIFICAT DE RÉALISATION\nNature de l'action : action de formation  bilan de compétences  "
        "action de VAE  action de formation par apprentissage\nJe soussigné atteste que Mme Durand a suivi…"
    )
    scope = _scope(doc("certificat.pdf", "completion_certificate", model), doc("programme.pdf", "programme", "Excel"))
    assert scope.categories == ["AF"]
    assert any("à confirmer" in reason for reason in scope.reasons)


def test_a_completion_certificate_of_one_bilan_is_evidence_of_bc():
    text = "CERTIFICAT DE RÉALISATION\nNature de l'action : bilan de compétences\nJe soussigné atteste…"
    assert _scope(doc("certificat.pdf", "completion_certificate", text)).categories == ["BC"]


def test_a_category_named_in_terms_of_sale_or_a_cv_is_only_mentioned():
    scope = _scope(
        doc("cgv.pdf", "terms_of_sale", "Les actions de VAE et les contrats d'apprentissage sont facturés…"),
        doc("cv.pdf", "trainer_cv", "Accompagnement VAE depuis 2015"),
        doc("programme.pdf", "programme", "Excel avancé"),
    )
    assert scope.categories == ["AF"]
    assert any("VAE" in reason and "à confirmer" in reason for reason in scope.reasons)


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
    scope = _scope(doc("bpf.pdf", "bpf", bpf))
    assert scope.certifying is False
    assert any("RS" in reason and "à confirmer" in reason for reason in scope.reasons)
