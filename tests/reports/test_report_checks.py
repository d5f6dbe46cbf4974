"""A check's French message is written by the report from its structured result: one template per
phrase kind in labels_fr.yaml, and a few golden renderings per stage (admissibility, audit cycle,
foreign organisation, audit duration)."""

from __future__ import annotations

import string
from datetime import date

from indicator_mappers.admissibility import (
    check_documents_readable,
    check_identity_consistent,
    check_manifest_valid,
    check_nda_valid,
)
from indicator_mappers.audit_cycle import CycleContext, check_certificate_valid, decide_audit_type
from indicator_mappers.audit_duration import estimate_audit, load_audit_table
from indicator_mappers.foreign import ForeignContext
from indicator_mappers.representation import check_representative_in_france
from indicator_mappers.scope import infer_scope
from indicator_mappers.versions import select_referential
from reports.checks import TEXT, admissibility_fr, audit_fr, message_fr, phrase_fr, scope_fr
from schemas import DossierManifest, ManifestOrganization, Scope
from schemas.checks import AuditPhrases, CheckedAdmissibility, PhraseKind, check, phrase
from schemas.contract import CheckId, ForeignRegistration, Representative
from tests.indicator_mappers.dossier_builders import doc

ON = date(2026, 11, 23)
SIREN = "904123783"
NDA = "84691234569"


def test_every_phrase_has_its_template_and_every_template_its_phrase():
    assert set(TEXT) == {kind.value for kind in PhraseKind}


def test_every_template_names_its_params_with_a_known_spec():
    from reports.checks import _SPECS

    for key, template in TEXT.items():
        for _, name, spec, _ in string.Formatter().parse(template):
            known = not spec or spec in _SPECS or spec.startswith(("or=", "labels="))
            assert name is None or known, (key, name, spec)


def test_nda_warnings_golden():
    receipt = doc("recepisse.pdf", "nda_receipt", "x", nda_number="99691234570", siren=SIREN)
    assert message_fr(check_nda_valid([receipt], None)) == (
        "NDA à 11 chiffres mais de structure inhabituelle (convention observée, pas une règle) :"
        " 99691234570 (recepisse.pdf) : le préfixe 99 n'est pas un code de région connu (actuel ou d'avant 2016) ;"
        " 99691234570 (recepisse.pdf) : les chiffres 3-4 (69) diffèrent des chiffres 10-11 (70), contrairement à"
        " l'usage observé."
    )


def test_documents_readable_golden():
    broken = doc("cgv.docx", "unknown", error="Fichier Word corrompu.")
    check = check_documents_readable([doc("a.pdf", "programme", "x"), broken])
    assert message_fr(check) == "1 pièce(s) illisible(s) sur 2 — cgv.docx : Fichier Word corrompu."


def test_identity_with_a_declared_foreign_organisation_golden():
    receipt = doc("recepisse.pdf", "nda_receipt", "x", nda_number=NDA, siren=SIREN)
    manifest = DossierManifest.model_validate(
        {
            "organization": {"name": "Northbridge Ltd"},
            "foreign": True,
            "representative": {"name": "Conseil Rhône", "siren": SIREN, "nda": NDA},
        }
    )
    check = check_identity_consistent([receipt], manifest)
    assert message_fr(check) == (
        "SIREN, NDA et raison sociale concordants entre : dossier.yaml, recepisse.pdf. Note : organisme établi hors"
        " de France, son identité française est celle du représentant en France « Conseil Rhône » (SIREN 904123783,"
        " NDA 84691234569)."
    )


def test_representation_golden():
    context = ForeignContext(
        declared=False,
        possibly=True,
        registrations=[
            ForeignRegistration(kind="gb_company", value="04567890", country="GB", source="cgv.pdf"),
            ForeignRegistration(kind="address", value="1 Baker St", country="GB", source="cgv.pdf"),
            ForeignRegistration(kind="gb_company", value="04567890", country="GB", source="livret.pdf"),
        ],
        representative=Representative(name=None, siren=SIREN, nda=NDA),
    )
    check = check_representative_in_france([doc("cgv.pdf", "terms_of_sale", "x")], context)
    assert message_fr(check) == (
        "Organisme possiblement étranger (immatriculation étrangère relevée : GB 04567890 (cgv.pdf, livret.pdf) ;"
        " adresse GB « 1 Baker St » (cgv.pdf)) : à confirmer. Aucun mandat de représentation parmi les pièces."
        " Demander le mandat, la lettre de désignation ou la convention de représentation du représentant domicilié"
        " en France (art. R. 6351-3 du Code du travail), nommant le représentant, son adresse en France et son SIREN,"
        " et l'organisme étranger."
    )


def test_audit_type_and_certificate_golden():
    certificate = doc(
        "certificat.pdf",
        "qualiopi_certificate",
        "x",
        valid_from="2025-01-10",
        valid_until="2028-01-09",
        categories=["AF"],
        siren=SIREN,
        nda_number=NDA,
    )
    on = date(2026, 6, 15)
    manifest = DossierManifest(organization=ManifestOrganization(siren=SIREN, nda=NDA), audit_date=on)
    decision = decide_audit_type([certificate], manifest, Scope(categories=["AF", "BC"]), on)
    assert phrase_fr(decision.reasons[0]) == (
        "Date d'audit (15/06/2026) dans la fenêtre de surveillance (10/03/2026 – 10/11/2026) du certificat"
        " certificat.pdf valable du 10/01/2025 au 09/01/2028. Catégories du périmètre absentes du certificat : BC"
        " (extension)."
    )
    context = CycleContext(
        documents=[certificate], manifest=manifest, scope=Scope(categories=["AF", "VAE"]), decision=decision, on=on
    )
    assert message_fr(check_certificate_valid(context)) == (
        "Certificat Qualiopi certificat.pdf : il ne couvre pas : actions de VAE (VAE) (une catégorie s'ajoute par un"
        " audit d'extension)."
    )


def test_revenue_check_golden():
    bpf = doc("bpf_2025.pdf", "bpf", "x", fiscal_year=2025, total_revenue_eur=182_340)
    check = estimate_audit([bpf], DossierManifest(declared_revenue_eur=120_000), Scope()).revenue_check
    assert message_fr(check) == (
        "Le chiffre d'affaires déclaré dans dossier.yaml (120 000 €, tranche « CA < 150 000 € ») ne correspond pas"
        " à celui du bilan pédagogique et financier (bpf_2025.pdf, 182 340 €, tranche « 150 000 € ≤ CA < 750 000 € »)"
        " : la durée d'audit dépend de la tranche, à vérifier."
    )


def test_the_contract_checks_carry_the_written_messages_in_order():
    checks = [
        check_manifest_valid(["a", "b"]),
        check(CheckId.DOCUMENTS_READABLE, "pass", phrase(PhraseKind.ALL_READ, count=3)),
    ]
    written = admissibility_fr(CheckedAdmissibility(admissible=True, checks=checks))
    assert [(c.id, c.status, c.message) for c in written.checks] == [
        ("manifest_valid", "warning", "dossier.yaml comporte des problèmes : a ; b."),
        ("documents_readable", "pass", "Les 3 pièces ont été lues."),
    ]


def test_audit_notes_golden():
    bpf = doc("bpf_2025.pdf", "bpf", "x", fiscal_year=2025, total_revenue_eur=300_000)
    duration = estimate_audit([bpf], None, Scope(categories=["AF", "BC"]), "surveillance", True)
    phrases = AuditPhrases(type_reasons=[], note=duration.note, days_note=duration.days_note)
    audit = audit_fr(duration.estimate, phrases)
    assert audit.note == (
        "Chiffre d'affaires retenu : 300 000 € (bilan pédagogique et financier, bpf_2025.pdf), tranche"
        " « 150 000 € ≤ CA < 750 000 € ». Durée sourcée pour une seule catégorie (1,5 jour) ; pour 2 catégories la"
        " durée est plus longue : l'estimation base + 0,5 jour par catégorie (2 jours) n'a pas été vérifiée dans le"
        f" texte ({load_audit_table().legal_source_fr}). Ajouter 0,5 jour par site secondaire échantillonné."
    )
    assert audit.days_note == (
        "Durée à confirmer : la ligne « surveillance » du barème n'a pas été lue dans le texte ; seule est sourcée la"
        " demi-journée d'un organisme à une catégorie et un site sous 150 000 € de chiffre d'affaires, plus 0,5 jour"
        " pour un ancien nouvel entrant."
    )
    assert audit.reviewed_indicators_note is None and audit.type_reasons == []


def test_scope_reasons_golden():
    contracts = [doc(f"st{i}.pdf", "training_agreement", "Contrat de sous-traitance") for i in range(5)]
    decision = infer_scope([*contracts, doc("bilan.pdf", "bpf", "", apprentices=14)], DossierManifest(new_entrant=True), ON)
    assert scope_fr(decision.scope, decision.reasons).reasons == [
        "Périmètre déduit des pièces (dossier.yaml ne déclare pas de catégories).",
        "Actions de formation (AF), d'après st0.pdf : document de formation ; st1.pdf : document de formation ;"
        " st2.pdf : document de formation ; et 2 autre(s) pièce(s).",
        "Actions de formation par apprentissage (CFA), d'après bilan.pdf : apprentis déclarés au BPF : 14.",
        "« Sous-traitance ou portage salarial », d'après st0.pdf : « contrat de sous-traitance » ; st1.pdf :"
        " « contrat de sous-traitance » ; st2.pdf : « contrat de sous-traitance » ; et 2 autre(s) pièce(s).",
        "« Nouvel entrant » déclaré dans dossier.yaml.",
    ]


def test_referential_warnings_golden():
    manifest = DossierManifest(referential="rnq-v11", audit_date=date(2018, 1, 10))
    _, warnings = select_referential(manifest, date(2026, 11, 23))
    # Each listed sentence leaves its full stop to the one that lists them (no « date. ; » nor « utilisée.. »).
    assert message_fr(check_manifest_valid(["clé inconnue « site »"], warnings)) == (
        "dossier.yaml comporte des problèmes : clé inconnue « site » ; Version de référentiel « rnq-v11 » inconnue"
        " dans dossier.yaml (versions connues : rnq-v9, rnq-2026) : la version est choisie d'après la date ; Aucune"
        " version du référentiel n'est en vigueur à la date d'audit prévue (10/01/2018) : la plus ancienne connue"
        " (rnq-v9) est utilisée."
    )


def test_a_manifest_problem_ending_its_sentence_is_listed_without_its_full_stop():
    message = message_fr(check_manifest_valid(["dossier.yaml : clé inconnue « site » ignorée.", "valeur invalide."]))
    assert message == (
        "dossier.yaml comporte des problèmes : dossier.yaml : clé inconnue « site » ignorée ; valeur invalide."
    )


def test_scope_reasons_capitalise_their_first_letter_only():
    cited = phrase(PhraseKind.CITED, documents=[phrase(PhraseKind.CITED_DOCUMENT, path="a.pdf", seen=[])], more=None)
    reasons = [
        phrase(PhraseKind.FLAG_DECLARED, flag="certifying"),
        phrase(PhraseKind.FLAG_FOUND, flag="certifying", cited=cited),
        phrase(PhraseKind.CATEGORY_FOUND, category="VAE", cited=cited),
    ]
    written = [phrase_fr(reason) for reason in reasons]
    assert written[0] == "« Prestations certifiantes (RNCP/RS) » déclaré dans dossier.yaml."
    assert written[1].startswith("« Prestations certifiantes (RNCP/RS) », d'après a.pdf")
    assert written[2].startswith("Actions de VAE (VAE), d'après a.pdf")
