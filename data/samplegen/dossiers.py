"""The sample dossiers ("archetypes"): who the organisation is, what it declares, which files it sends.

Each archetype builds a `DossierPlan` from a `Style`. In the default variant names, places and file
names are the canonical ones; a fresh variant draws another organisation, other trainings, other file
names and, where it makes sense, another file format, while keeping what the dossier evidences (so its
indicator expectations in `expectations.yaml` stay true).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

from data.samplegen.builders.bpf import Activity, BpfFacts, bpf_facts, build_bpf
from data.samplegen.builders.certificate import (
    AuditFinding,
    CertificateFacts,
    build_audit_report,
    build_qualiopi_certificate,
    certificate_facts,
)
from data.samplegen.builders.common import Built, DossierContext, People, Training, catalogue
from data.samplegen.builders.delivery import (
    COMPANIES,
    AgreementOptions,
    build_attendance_sheet,
    build_completion_certificate,
    build_positioning_test,
    build_training_agreement,
    session_days,
)
from data.samplegen.builders.feedback import (
    SurveyOptions,
    build_council_minutes,
    build_satisfaction_summary,
    build_satisfaction_workbook,
    build_trainer_cv,
    build_watch_document,
    build_watch_workbook,
    survey_sheet_for_bilan,
)
from data.samplegen.builders.foreign import (
    ForeignOrganisation,
    build_complaints_procedure_en,
    build_programme_en,
    build_representation_mandate,
    build_trainer_cv_en,
    foreign_organisation,
    short_name,
)
from data.samplegen.builders.identity_docs import build_nda_receipt
from data.samplegen.builders.policies import (
    BookletOptions,
    RulesOptions,
    build_complaints_procedure,
    build_improvement_plan,
    build_internal_rules,
    build_terms_of_sale,
    build_welcome_booklet,
)
from data.samplegen.builders.programme import ProgrammeOptions, build_programme
from data.samplegen.identity import (
    PLACES,
    Organisation,
    Person,
    broken_siren,
    make_organisation,
    person,
    siren_with_key,
)
from data.samplegen.style import Style


@dataclass
class FileSpec:
    key: str  # stable id: seeds the document's style, names it in the ground truth
    names: tuple[str, ...]  # relative paths; the default variant uses the first
    doc_type: str
    build: Callable[[Style], Built]
    formats: tuple[str, ...]  # pdf, pdf2col, docx, txt, xlsx, csv, scan, photo; default first
    encoding: str | None = None  # csv / txt
    damage: str | None = None  # "truncate": an unreadable file on purpose
    note: str = ""


@dataclass
class DossierPlan:
    archetype: str
    folder: str
    ctx: DossierContext
    manifest: dict[str, Any] | str | None  # dict -> dossier.yaml, str -> raw (invalid) text, None -> no manifest
    files: list[FileSpec]
    notes: list[str] = field(default_factory=list)
    foreign: ForeignOrganisation | None = None  # established abroad: `ctx.org` is its French representative
    # NCs of the previous audit that a document of the dossier lists (its report, an NC action plan).
    previous_findings: tuple[AuditFinding, ...] = ()


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def distinct_people(style: Style, count: int, avoid: list[Person] | None = None) -> list[Person]:
    """`count` people with different last names, none sharing a last name with `avoid`."""
    taken = {other.last for other in avoid or []}
    people: list[Person] = []
    while len(people) < count:
        candidate = person(style)
        if candidate.last not in taken:
            people.append(candidate)
            taken.add(candidate.last)
    return people


def staff(ctx: DossierContext) -> list[Person]:
    people = ctx.people
    return [
        people.handicap_referent,
        people.pedagogical_referent,
        people.admin_contact,
        people.quality_manager,
        *people.trainers,
        ctx.org.director,
    ]


def make_people(style: Style, trainers: int = 2) -> People:
    chosen = distinct_people(style, 4 + trainers)
    return People(
        handicap_referent=chosen[0],
        pedagogical_referent=chosen[1],
        admin_contact=chosen[2],
        quality_manager=chosen[3],
        trainers=chosen[4:],
    )


def pick_training(style: Style, pool: str, fresh: bool, index: int, exclude: tuple[str, ...] = ()) -> Training:
    pool_entries = catalogue()[pool]
    entry = style.pick([e for e in pool_entries if e["key"] not in exclude]) if fresh else pool_entries[index]
    title = style.pick(entry["titles"]) if fresh else entry["titles"][0]
    price = entry.get("price")
    if fresh and price:
        price = round(price * style.rng.uniform(0.85, 1.2) / 10) * 10
    return Training.from_catalogue(entry, title, price)


def organisation(
    style: Style,
    fresh: bool,
    *,
    default_name: str,
    default_place: str,
    patterns: list[str],
    legal_forms: list[str],
    domain_hint: str,
    director_title: str = "Président",
    exclude_cities: tuple[str, ...] = (),
) -> Organisation:
    if fresh:
        place = style.pick([p for p in PLACES if p.city not in exclude_cities and p.city != default_place])
        last = style.pick(["Marchand", "Lemoine", "Perrin", "Chevalier", "Masson", "Duval"])
        of_city = f"d'{place.city}" if place.city[0] in "AEIOUÉÈ" else f"de {place.city}"
        name = style.pick(patterns).format(city=place.city, last=last, of_city=of_city)
        legal_form = style.pick(legal_forms)
        domain = slug(name)[:28].rstrip("-") + style.pick([".fr", ".com", "-formation.fr"])
    else:
        place = next(p for p in PLACES if p.city == default_place)
        name, legal_form, domain = default_name, legal_forms[0], domain_hint
    return make_organisation(
        style.fork("identity"),
        name=name,
        legal_form=legal_form,
        place=place,
        email_domain=domain,
        director_title=director_title,
    )


def _names(fresh_options: list[str], default: str) -> tuple[str, ...]:
    return (default, *fresh_options)


def _trainees(style: Style, ctx: DossierContext, count: int) -> tuple[list[Person], list[str]]:
    people = distinct_people(style.fork("trainees"), count, avoid=staff(ctx))
    companies = [style.pick(COMPANIES) for _ in people]
    return people, companies


# =================================================================================================
# 1. AF only, complete and good (rnq-2026)
# =================================================================================================
def plan_af_complete(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="Formations Rhône Conseil",
        default_place="Lyon",
        patterns=[
            "{city} Formation Conseil",
            "{last} Conseil & Formation",
            "Atelier des Compétences {city}",
            "Cap Talents {city}",
            "Institut {city} Management",
        ],
        legal_forms=["SAS", "SARL", "SASU"],
        domain_hint="rhone-conseil-formation.fr",
    )
    management = pick_training(style.fork("t1"), "management", fresh, 0)
    second = pick_training(style.fork("t2"), "management", fresh, 4, exclude=(management.key,))
    ctx = DossierContext(
        org=org,
        people=make_people(style.fork("people")),
        trainings=[management, second],
        reference_day=date(2026, 11, 20),
        founded=date(2019, 2, 11),
        vat_exempt=style.chance(0.5) if fresh else False,
    )
    year = 2025
    session = date(2025, 11, 24)
    trainees, companies = _trainees(style, ctx, 7)
    activities = [
        Activity("a", "d", management.nsf, management.nsf_label, 96, management.hours),
        Activity("a", "d", second.nsf, second.nsf_label, 88, second.hours),
        Activity("c", "d", management.nsf, management.nsf_label, 12, management.hours),
        Activity("d", "d", second.nsf, second.nsf_label, 18, second.hours),
    ]
    facts = bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(year, 1, 1),
        fiscal_end=date(year, 12, 31),
        revenue=182340 if not fresh else style.randint(150, 420) * 1000 + style.randint(0, 999),
        product_weights={"1": 0.53, "2h": 0.3, "7": 0.06, "9": 0.04, "11": 0.07},
        activities=activities,
        internal_staff=4,
        remote_share=0.2,
    )
    trainer = ctx.people.trainers[0]
    manifest = {
        "dossier_id": "D-2026-0042" if not fresh else f"D-2026-{style.randint(100, 999):04d}",
        "organization": {"name": org.name, "siren": org.siren, "nda": org.nda},
        "categories": ["AF"],
        "certifying": False,
        "alternance": False,
        "new_entrant": False,
        "declared_revenue_eur": facts.total_products,
        "subcontracting": False,
        "audit_date": date(2026, 12, 15),
    }
    signed = session_days(session, 3)[-1]
    files = [
        FileSpec(
            "bpf",
            _names(
                ["bpf_2025.pdf", "BPF-2025-cerfa10443.pdf", "Bilan pedagogique et financier 2025.pdf"],
                "BPF 2025 signé.pdf",
            ),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
        ),
        FileSpec(
            "nda",
            _names(["recepisse_nda.pdf", "Récépissé DREETS.pdf", "NDA.pdf"], "recepisse_DA.pdf"),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2019, 2, 11), registered=date(2019, 3, 14)),
            ("pdf",),
        ),
        FileSpec(
            "programme-1",
            _names(
                [
                    f"Programme {management.title[:28]}.pdf",
                    "programme_formation_1.pdf",
                    f"fiche-{slug(management.title)[:30]}.pdf",
                ],
                "Programme - Management d'équipe.pdf",
            ),
            "programme",
            lambda s: build_programme(ctx, s, management, ProgrammeOptions()),
            ("pdf", "docx"),
        ),
        FileSpec(
            "programme-2",
            _names(
                [f"Programme {second.title[:28]}.pdf", "catalogue_extrait.pdf", f"fiche-{slug(second.title)[:30]}.pdf"],
                "Programme - Excel perfectionnement.pdf",
            ),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(remote_modules="tracked")),
            ("pdf2col", "pdf"),
            note="two-column layout",
        ),
        FileSpec(
            "cgv",
            _names(["CGV.docx", "Conditions générales de vente.docx", "cgv_v3.docx"], "CGV_2026.docx"),
            "terms_of_sale",
            lambda s: build_terms_of_sale(ctx, s),
            ("docx",),
        ),
        FileSpec(
            "rules",
            _names(
                ["reglement_interieur.pdf", "RI stagiaires.pdf", "Règlement intérieur 2026.pdf"],
                "Règlement intérieur.pdf",
            ),
            "internal_rules",
            lambda s: build_internal_rules(ctx, s, RulesOptions(violence_procedure=True)),
            ("pdf", "docx"),
        ),
        FileSpec(
            "booklet",
            _names(
                ["livret_accueil.pdf", "Livret accueil 2026.pdf", "bienvenue.pdf"], "Livret d'accueil stagiaire.pdf"
            ),
            "welcome_booklet",
            lambda s: build_welcome_booklet(ctx, s, BookletOptions(violence_contact=True)),
            ("pdf",),
        ),
        FileSpec(
            "agreement",
            _names(
                [
                    f"Conventions/convention_{slug(companies[0])}.pdf",
                    "convention signée.pdf",
                    "Conventions/CONV-2025-118.pdf",
                ],
                f"Conventions/convention_{companies[0].replace(' ', '_')}_2025-11.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx,
                s,
                management,
                AgreementOptions("convention"),
                client=companies[0],
                learner=None,
                start=session,
                end=signed,
            ),
            ("pdf",),
        ),
        FileSpec(
            "attendance",
            _names(
                ["Sessions/emargement_photo.jpg", "IMG_20251126_174502.jpg", "Sessions/feuille_presence_novembre.jpg"],
                "Sessions/Management nov 2025/scan_emargement_session3.jpg",
            ),
            "attendance_sheet",
            lambda s: build_attendance_sheet(
                ctx,
                s,
                management,
                start=session,
                trainees=trainees,
                companies=companies,
                absent=(3, 2),
                session_label="— session 3",
            ),
            ("photo",),
            note="phone photo with an EXIF orientation tag",
        ),
        FileSpec(
            "certificate",
            _names(
                ["Sessions/Scan_0001.pdf", "numérisation_20251128.pdf", "doc04512320251128.pdf"],
                "Sessions/Management nov 2025/Scan_20251128_0001.pdf",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                management,
                trainee=trainees[0],
                company=companies[0],
                start=session,
                end=signed,
                kind="attestation",
                result="objectifs atteints (QCM final : 17/20)",
            ),
            ("scan",),
            note="misleading name: a scanned attestation de fin de formation",
        ),
        FileSpec(
            "cv",
            _names(
                [f"Équipe/CV {trainer.full}.pdf", f"cv_{slug(trainer.last)}.pdf", "Équipe/CV_formateur.pdf"],
                f"Équipe/CV_formateur_{trainer.first[0]}{trainer.last}.pdf",
            ),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, trainer, management),
            ("pdf", "docx"),
        ),
        FileSpec(
            "watch",
            _names(
                ["Qualité/tableau_veille.xlsx", "veille.xlsx", "Qualité/Registre de veille.xlsx"],
                "Qualité/veille_2025-2026.xlsx",
            ),
            "watch_log",
            lambda s: build_watch_workbook(ctx, s),
            ("xlsx",),
        ),
        FileSpec(
            "complaints",
            _names(
                ["Qualité/procedure_reclamations.pdf", "PR-QUA-03 Réclamations.pdf", "Qualité/reclamations.pdf"],
                "Qualité/Procédure réclamations.pdf",
            ),
            "complaints_procedure",
            lambda s: build_complaints_procedure(ctx, s),
            ("pdf", "docx"),
        ),
        FileSpec(
            "improvement",
            _names(
                ["Qualité/PAC.pdf", "plan amélioration 2026.pdf", "Qualité/actions_qualite.pdf"],
                "Qualité/plan_amelioration_continue.pdf",
            ),
            "improvement_plan",
            lambda s: build_improvement_plan(ctx, s, risk_analysis=True),
            ("pdf", "docx"),
        ),
        FileSpec(
            "survey",
            _names(
                [
                    "Qualité/export_questionnaires.csv",
                    "satisfaction_2025.csv",
                    "Qualité/reponses_evaluations_a_chaud.csv",
                ],
                "Qualité/questionnaire_satisfaction_a_chaud_2025.csv",
            ),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [management.title, second.title], SurveyOptions(scale="5", respondents=38)
            ),
            ("csv", "xlsx"),
            encoding="cp1252",
        ),
        FileSpec(
            "positioning",
            _names(
                ["positionnement.docx", "Questionnaire amont.docx", "test_entree.docx"],
                "test_positionnement_management.docx",
            ),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, management),
            ("docx", "pdf"),
        ),
    ]
    return DossierPlan("af_complete", "of-rhone-conseil" if not fresh else slug(org.name), ctx, manifest, files)


# =================================================================================================
# 2. AF + BC, certifying training, subcontracting (rnq-v9: audit held on 29 Oct 2026)
# =================================================================================================
BILAN = {
    "key": "bilan",
    "titles": ["Bilan de compétences"],
    "hours": 24,
    "days": None,
    "price": 1800,
    "nsf": "415",
    "nsf_label": "Développement des capacités d'orientation, d'insertion ou de réinsertion sociales et professionnelles",
    "audience": "Salariés, demandeurs d'emploi, indépendants et agents publics souhaitant faire le point sur leurs "
    "compétences et construire un projet professionnel",
    "prerequisites": "Aucun prérequis ; démarche volontaire du bénéficiaire",
    "objectives": [
        "analyser ses compétences personnelles et professionnelles, ses aptitudes et ses motivations",
        "définir un projet professionnel réaliste et, le cas échéant, un projet de formation",
        "établir un plan d'action",
    ],
    "modules": [
        {"title": "Phase préliminaire", "items": ["Analyse de la demande", "Définition du programme personnalisé"]},
        {"title": "Phase d'investigation", "items": ["Tests d'intérêts et de personnalité", "Enquêtes métiers"]},
        {"title": "Phase de conclusion", "items": ["Document de synthèse", "Entretien de suivi à 6 mois"]},
    ],
}


def plan_bc_certif(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="Bilans & Certifs Atlantique",
        default_place="Nantes",
        patterns=[
            "Parcours & Compétences {city}",
            "{last} Bilans Formation",
            "Trajectoires {city}",
            "Orientation Pro {city}",
            "Bilans et Certifications {city}",
        ],
        legal_forms=["SARL", "SAS", "EURL"],
        domain_hint="bilans-certifs-atlantique.fr",
        director_title="Gérant",
    )
    certifying = pick_training(style.fork("t1"), "certifying", fresh, 0)
    bilan = Training.from_catalogue(BILAN, "Bilan de compétences")
    people = make_people(style.fork("people"))
    ctx = DossierContext(
        org=org,
        people=people,
        trainings=[certifying, bilan],
        reference_day=date(2026, 9, 15),
        founded=date(2017, 5, 2),
        vat_exempt=True,
    )
    partner = make_organisation(
        style.fork("partner"),
        name=(
            style.pick(["FormaPaie Conseil", "Paie Expertise Formation", "RH & Paie Services"])
            if fresh
            else "FormaPaie Conseil"
        ),
        legal_form="SARL",
        place=org.place,
        email_domain="formapaie.fr",
    )
    activities = [
        Activity("a", "b", certifying.nsf, certifying.nsf_label, 36, certifying.hours),
        Activity("d", "b", certifying.nsf, certifying.nsf_label, 12, certifying.hours, subcontracted=False),
        Activity("a", "b", certifying.nsf, certifying.nsf_label, 14, certifying.hours, subcontracted=True),
        Activity("a", "e", bilan.nsf, bilan.nsf_label, 41, bilan.hours),
        Activity("d", "e", bilan.nsf, bilan.nsf_label, 23, bilan.hours),
    ]
    facts = bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(2025, 1, 1),
        fiscal_end=date(2025, 12, 31),
        revenue=246780 if not fresh else style.randint(180, 600) * 1000 + style.randint(0, 999),
        product_weights={"1": 0.28, "2e": 0.44, "2h": 0.16, "9": 0.12},
        activities=activities,
        internal_staff=3,
        external_staff=2,
        form="10443*16" if not fresh else style.pick(["10443*16", "10443*17"]),
    )
    psychologist, paie_trainer = people.trainers[0], people.trainers[1]
    beneficiary = distinct_people(style.fork("beneficiary"), 1, avoid=staff(ctx))[0]
    trainees, companies = _trainees(style, ctx, 6)
    session = date(2026, 3, 9)
    manifest = {
        "organization": {"name": org.name, "siren": org.siren, "nda": org.nda},
        "categories": ["AF", "BC"],
        "certifying": True,
        "alternance": False,
        "new_entrant": False,
        "declared_revenue_eur": facts.total_products,
        "subcontracting": True,
        "audit_date": date(2026, 10, 29),
    }
    end = session_days(session, 5)[-1]
    files = [
        FileSpec(
            "bpf",
            _names(["BPF 2025.pdf", "bilan_pedagogique_2025.pdf", "cerfa_10443_2025.pdf"], "BPF_2025.pdf"),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
        ),
        FileSpec(
            "nda",
            _names(
                ["scan_recepisse.pdf", "Récépissé NDA.pdf", "DA_prefecture.pdf"], "Récépissé déclaration activité.pdf"
            ),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2017, 5, 2), registered=date(2017, 5, 29)),
            ("scan",),
            note="image-only scan: needs OCR",
        ),
        FileSpec(
            "programme-cert",
            _names(
                [
                    f"Programme {certifying.extra['code'].replace(' ', '')}.pdf",
                    "fiche_certification.pdf",
                    f"{slug(certifying.title)[:32]}.pdf",
                ],
                f"Programme certifiant - {certifying.title.split(' - ')[0]} "
                f"{certifying.extra['code'].replace(' ', '')}.pdf",
            ),
            "programme",
            lambda s: build_programme(
                ctx, s, certifying, ProgrammeOptions(certification=True, results="bare"), trainer=paie_trainer
            ),
            ("pdf", "docx"),
        ),
        FileSpec(
            "programme-bc",
            _names(
                ["bilan_competences.docx", "Programme BC.docx", "Offre bilan de compétences.docx"],
                "Programme bilan de compétences.docx",
            ),
            "programme",
            lambda s: build_programme(ctx, s, bilan, ProgrammeOptions(results="bare", bilan=True)),
            ("docx", "pdf"),
        ),
        FileSpec(
            "cgv",
            _names(["CGV.pdf", "conditions_generales.pdf", "CGV 2026.pdf"], "CGV bilans et formations.pdf"),
            "terms_of_sale",
            lambda s: build_terms_of_sale(ctx, s, subcontracting_clause=True),
            ("pdf", "docx"),
        ),
        FileSpec(
            "rules",
            _names(["RI.pdf", "reglement-interieur.pdf", "Règlement intérieur.pdf"], "Règlement intérieur 2024.pdf"),
            "internal_rules",
            lambda s: build_internal_rules(ctx, s, RulesOptions()),
            ("pdf",),
        ),
        FileSpec(
            "subcontract",
            _names(
                [f"contrat_{slug(partner.name)}.pdf", "contrat sous-traitant.pdf", "Sous-traitance 2026.pdf"],
                "contrat_sous-traitance_FormaPaie.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx,
                s,
                certifying,
                AgreementOptions("subcontracting", quality_clauses=True),
                client=org.name,
                learner=None,
                start=date(2026, 1, 5),
                end=date(2026, 12, 18),
                partner=partner,
            ),
            ("pdf",),
        ),
        FileSpec(
            "bc-agreement",
            _names(
                ["convention_bilan.pdf", "Convention tripartite BC.pdf", "conv_bc_2026_07.pdf"],
                f"convention_bilan_{beneficiary.last}.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx,
                s,
                bilan,
                AgreementOptions("bilan"),
                client=companies[1],
                learner=beneficiary,
                start=date(2026, 5, 4),
                end=date(2026, 6, 26),
            ),
            ("pdf",),
        ),
        FileSpec(
            "survey",
            _names(
                ["satisfaction_bilans.xlsx", "Questionnaires BC 2025.xlsx", "enquete_fin_de_bilan.xlsx"],
                "Synthèse satisfaction bilans 2025.xlsx",
            ),
            "satisfaction_survey",
            lambda s: survey_sheet_for_bilan(ctx, s, [bilan.title], respondents=31, follow_up=17),
            ("xlsx",),
        ),
        FileSpec(
            "certificate",
            _names(
                ["attestation_paie.pdf", "Attestation de formation.pdf", "attestation_certif.pdf"],
                "attestation_fin_formation_paie.pdf",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                certifying,
                trainee=trainees[0],
                company=companies[0],
                start=session,
                end=end,
                kind="attestation",
                result=f"objectifs atteints ; certification {certifying.extra['code']} obtenue le "
                f"{(end + timedelta(days=21)).strftime('%d/%m/%Y')}",
            ),
            ("pdf",),
        ),
        FileSpec(
            "cv",
            _names(
                [f"CV {psychologist.full}.pdf", "cv_consultante.pdf", f"CV_{psychologist.last}.pdf"],
                f"CV - {psychologist.full} psychologue du travail.pdf",
            ),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, psychologist, bilan, profile="psychologist"),
            ("pdf",),
        ),
        FileSpec(
            "watch",
            _names(["notes_veille.txt", "veille 2026.txt", "journal_veille.txt"], "veille.txt"),
            "watch_log",
            lambda s: build_watch_document(ctx, s),
            ("txt",),
            encoding="utf-8",
        ),
        FileSpec(
            "improvement",
            _names(["document2.pdf", "Document sans titre.pdf", "export.pdf"], "document1.pdf"),
            "improvement_plan",
            lambda s: build_improvement_plan(ctx, s, risk_analysis=False),
            ("pdf",),
            note="misleading name: the improvement plan",
        ),
        FileSpec(
            "positioning",
            _names(
                ["grille_entretien_preliminaire.pdf", "Analyse de la demande.pdf", "phase_preliminaire.pdf"],
                "entretien_prealable_grille.pdf",
            ),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, bilan, kind="bilan"),
            ("pdf", "docx"),
        ),
        FileSpec(
            "attendance",
            _names(
                ["emargement_mars.pdf", "Feuilles de présence paie.pdf", "emargements.pdf"], "emargement_paie_mars.pdf"
            ),
            "attendance_sheet",
            lambda s: build_attendance_sheet(
                ctx,
                s,
                certifying,
                start=session,
                trainees=trainees,
                companies=companies,
                days=2,
                session_label="— jours 1 et 2",
                trainer=paie_trainer,
            ),
            ("pdf",),
        ),
        FileSpec(
            "complaints",
            _names(
                ["reclamations.docx", "Procédure réclamations.docx", "PQ-04.docx"],
                "Procedure_traitement_reclamations.docx",
            ),
            "complaints_procedure",
            lambda s: build_complaints_procedure(ctx, s),
            ("docx", "pdf"),
        ),
    ]
    return DossierPlan("bc_certif", "bilans-et-certifs" if not fresh else slug(org.name), ctx, manifest, files)


# =================================================================================================
# 3. CFA with V9-era evidence, audited under rnq-2026
# =================================================================================================
def plan_cfa_v9_era(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="CFA Bâtiment Avenir",
        default_place="Mérignac",
        patterns=[
            "CFA des Métiers du Bâtiment {of_city}",
            "Campus BTP {city}",
            "CFA {city} Bâtiment",
            "École des Métiers du Bâtiment {city}",
        ],
        legal_forms=["Association loi 1901", "SAS"],
        domain_hint="cfa-batiment-avenir.fr",
        director_title="Directeur",
    )
    first = pick_training(style.fork("t1"), "apprenticeship", fresh, 0)
    second = pick_training(style.fork("t2"), "apprenticeship", fresh, 1, exclude=(first.key,))
    people = make_people(style.fork("people"), trainers=3)
    ctx = DossierContext(
        org=org,
        people=people,
        trainings=[first, second],
        reference_day=date(2026, 6, 30),
        founded=date(2019, 12, 2),
        vat_exempt=True,
    )
    activities = [
        Activity("b", "a", first.nsf, first.nsf_label, 64, first.hours / 2, level=first.extra["level"]),
        Activity("b", "a", second.nsf, second.nsf_label, 38, second.hours / 2, level=second.extra["level"]),
        Activity("a", "d", "232", "Bâtiment - construction et couverture", 22, 35),
    ]
    facts = bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(2024, 9, 1),
        fiscal_end=date(2025, 8, 31),
        revenue=1243600 if not fresh else style.randint(800, 2400) * 1000 + style.randint(0, 999),
        product_weights={"2a": 0.88, "1": 0.03, "6": 0.05, "11": 0.04},
        activities=activities,
        internal_staff=14,
    )
    members = distinct_people(style.fork("council"), 6)
    apprentice = distinct_people(style.fork("apprentice"), 1, avoid=staff(ctx))[0]
    trainees, _ = _trainees(style, ctx, 8)
    companies = [
        style.pick(["Bâti-Rénov", "Maçonnerie Girard", "SARL Duval Construction", "Menuiserie Lemoine"])
        for _ in trainees
    ]
    manifest = {
        "organization": {"name": org.name, "siren": org.siren, "nda": org.nda},
        "categories": ["CFA"],
        "certifying": True,
        "alternance": True,
        "new_entrant": False,
        "declared_revenue_eur": facts.total_products,
        "subcontracting": False,
        "audit_date": date(2026, 11, 18),
    }
    week = date(2026, 3, 16)
    files = [
        FileSpec(
            "bpf",
            _names(["BPF 2024-2025.pdf", "bpf_exercice_2025.pdf", "Cerfa 10443 CFA.pdf"], f"BPF 2025 - {org.name}.pdf"),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
            note="fiscal year 01/09/2024-31/08/2025",
        ),
        FileSpec(
            "nda",
            _names(["recepisse.pdf", "NDA CFA.pdf", "Récépissé de déclaration.pdf"], "Recepisse NDA.pdf"),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2019, 12, 2), registered=date(2019, 12, 20)),
            ("pdf",),
        ),
        FileSpec(
            "programme-1",
            _names(
                [f"{first.title}.pdf", f"fiche_{slug(first.title)}.pdf", "Programme 1.pdf"],
                "Programme CAP Maçon apprentissage.pdf",
            ),
            "programme",
            lambda s: build_programme(
                ctx,
                s,
                first,
                ProgrammeOptions(
                    apprenticeship=True,
                    certification=True,
                    results="bare",
                    further_studies=False,
                    remote_modules="untracked",
                    satisfaction=(0.88, 71),
                ),
            ),
            ("pdf", "pdf2col"),
        ),
        FileSpec(
            "programme-2",
            _names(
                [f"{second.title}.docx", "Programme 2.docx", f"{slug(second.title)}.docx"],
                "Fiche formation BP Menuisier.docx",
            ),
            "programme",
            lambda s: build_programme(
                ctx,
                s,
                second,
                ProgrammeOptions(
                    apprenticeship=True,
                    certification=True,
                    results="bare",
                    further_studies=False,
                    satisfaction=(0.85, 40),
                ),
            ),
            ("docx", "pdf"),
        ),
        FileSpec(
            "rules",
            _names(
                ["RI_CFA.pdf", "reglement interieur apprentis.pdf", "Règlement intérieur.pdf"],
                "Règlement intérieur CFA.pdf",
            ),
            "internal_rules",
            lambda s: build_internal_rules(ctx, s, RulesOptions(apprentices=True, representation=True)),
            ("pdf",),
        ),
        FileSpec(
            "booklet",
            _names(
                ["livret_accueil.pdf", "Livret apprenti.pdf", "Guide de l'apprenti 2025.pdf"],
                "Livret d'accueil apprenti 2025-2026.pdf",
            ),
            "welcome_booklet",
            lambda s: build_welcome_booklet(ctx, s, BookletOptions(cfa=True)),
            ("pdf",),
        ),
        FileSpec(
            "council",
            _names(
                ["CR_CP_2025.pdf", "Conseil perf juin.pdf", "compte_rendu_conseil.pdf"],
                "CR conseil de perfectionnement juin 2025.pdf",
            ),
            "unknown",
            lambda s: build_council_minutes(ctx, s, members=members),
            ("pdf",),
            note="minutes of the conseil de perfectionnement: no contract doc_type fits",
        ),
        FileSpec(
            "agreement",
            _names(
                ["convention_entreprise.pdf", "Convention de formation apprentissage.pdf", "conv_apprenti.pdf"],
                "Convention CFA-entreprise - Bâti-Rénov.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx,
                s,
                first,
                AgreementOptions("apprenticeship"),
                client="Bâti-Rénov",
                learner=apprentice,
                start=date(2025, 9, 8),
                end=date(2027, 6, 30),
            ),
            ("pdf",),
        ),
        FileSpec(
            "survey",
            _names(
                ["satisfaction_apprentis.csv", "enquete_2025.csv", "export_enquete_apprentis.csv"],
                "Enquete satisfaction apprentis 2025.csv",
            ),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [first.title, second.title], SurveyOptions(scale="labels", respondents=57)
            ),
            ("csv",),
            encoding="utf-8-sig",
        ),
        FileSpec(
            "attendance",
            _names(["scan_emargement.pdf", "Emargement semaine 12.pdf", "SCAN0042.pdf"], "emargement_S12.pdf"),
            "attendance_sheet",
            lambda s: build_attendance_sheet(
                ctx,
                s,
                first,
                start=week,
                trainees=trainees,
                companies=companies,
                absent=(5, 0),
                days=2,
                session_label="— groupe CAP 1re année",
            ),
            ("scan",),
            note="image-only scan",
        ),
        FileSpec(
            "certificate",
            _names(
                ["certificat_realisation.pdf", "CR_apprenti.pdf", "certificat.pdf"],
                "certificat_realisation_apprenti.pdf",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                first,
                trainee=apprentice,
                company="Bâti-Rénov",
                start=date(2025, 9, 8),
                end=date(2026, 6, 26),
                nature="CFA",
                hours=first.hours / first.extra["years"],
            ),
            ("pdf",),
        ),
        FileSpec(
            "cv",
            _names(["CV équipe pédagogique.pdf", "cv_formateurs.pdf", "Formateurs.pdf"], "CV formateurs.pdf"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, people.trainers[0], first, profile="btp", second=people.trainers[1]),
            ("pdf",),
        ),
        FileSpec(
            "watch",
            _names(
                ["veille.xlsx", "Registre veille CFA.xlsx", "tableau_veille_2025.xlsx"], "Tableau de veille 2025.xlsx"
            ),
            "watch_log",
            lambda s: build_watch_workbook(ctx, s, sector="btp"),
            ("xlsx",),
        ),
        FileSpec(
            "complaints",
            _names(
                ["reclamations_aleas.pdf", "Procédure réclamations.pdf", "PQ_reclamations.pdf"],
                "Procédure réclamations et aléas.pdf",
            ),
            "complaints_procedure",
            lambda s: build_complaints_procedure(ctx, s, with_log=False),
            ("pdf",),
        ),
        FileSpec(
            "improvement",
            _names(
                ["plan_actions_qualite.pdf", "Amélioration continue 2025.pdf", "PAQ.pdf"],
                "Plan d'actions qualité 2025.pdf",
            ),
            "improvement_plan",
            lambda s: build_improvement_plan(ctx, s, risk_analysis=False),
            ("pdf",),
        ),
        FileSpec(
            "positioning",
            _names(
                ["positionnement_CAP.pdf", "Test entrée.pdf", "evaluation_entree.pdf"], "Test de positionnement CAP.pdf"
            ),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, first),
            ("pdf",),
        ),
    ]
    return DossierPlan("cfa_v9_era", "cfa-batiment-avenir" if not fresh else slug(org.name), ctx, manifest, files)


# =================================================================================================
# 4. New entrant with deliberate gaps
# =================================================================================================
def plan_new_entrant(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="Nouvel Élan Digital",
        default_place="Paris",
        patterns=[
            "Pixel & Code Formation",
            "Digital Skills {city}",
            "Studio Numérique {city}",
            "{last} Digital Academy",
        ],
        legal_forms=["SASU", "EURL", "SAS"],
        domain_hint="nouvel-elan-digital.fr",
    )
    first = pick_training(style.fork("t1"), "digital", fresh, 0)
    second = pick_training(style.fork("t2"), "digital", fresh, 1, exclude=(first.key,))
    people = make_people(style.fork("people"), trainers=1)
    ctx = DossierContext(
        org=org,
        people=people,
        trainings=[first, second],
        reference_day=date(2026, 11, 10),
        founded=date(2026, 3, 2),
        vat_exempt=style.chance(0.5) if fresh else True,
    )
    other = style.fork("other-siren")
    other_siren = siren_with_key(other.pick("3456789") + other.digits(7))
    learner = distinct_people(style.fork("learner"), 1, avoid=staff(ctx))[0]
    session = date(2026, 9, 14)
    end = session_days(session, 5)[-1]
    manifest = {
        "organization": {"name": org.name, "siren": other_siren, "nda": org.nda},
        "categories": ["AF"],
        "certifying": False,
        "alternance": False,
        "new_entrant": True,
        "declared_revenue_eur": 38000 if not fresh else style.randint(12, 60) * 1000,
        "subcontracting": False,
    }
    founder = people.trainers[0]
    files = [
        FileSpec(
            "nda",
            _names(
                ["recepisse.pdf", "Récépissé DA.pdf", "declaration_activite_recepisse.pdf"], "recepisse-declaration.pdf"
            ),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2026, 3, 2), registered=date(2026, 3, 27)),
            ("pdf",),
            note="its SIREN disagrees with the one declared in dossier.yaml",
        ),
        FileSpec(
            "programme-1",
            _names([f"programme_{first.key}.pdf", f"{first.title}.pdf", "programme.pdf"], "programme_react.pdf"),
            "programme",
            lambda s: build_programme(
                ctx, s, first, ProgrammeOptions(omit=frozenset({"access_delay", "accessibility"}), results=None)
            ),
            ("pdf", "docx"),
            note="lacks access_delay and accessibility",
        ),
        FileSpec(
            "programme-2",
            _names(
                [f"fiche_{second.key}.txt", "formation2.txt", f"{slug(second.title)}.txt"], "fiche_formation_seo.txt"
            ),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(results=None)),
            ("txt",),
            encoding="utf-8",
        ),
        FileSpec(
            "cgv",
            _names(["conditions-generales.pdf", "CGV v1.pdf", "cgv.pdf"], "CGV.pdf"),
            "terms_of_sale",
            lambda s: build_terms_of_sale(ctx, s, complaints_article=False),
            ("pdf", "docx"),
        ),
        FileSpec(
            "rules",
            _names(["RI.pdf", "Reglement interieur.pdf", "regles.pdf"], "reglement-interieur.pdf"),
            "internal_rules",
            lambda s: build_internal_rules(ctx, s, RulesOptions()),
            ("pdf",),
        ),
        FileSpec(
            "agreement",
            _names(
                ["contrat_stagiaire.pdf", "Contrat de formation.pdf", "contrat_particulier_sept.pdf"],
                "contrat_formation_particulier.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx,
                s,
                first,
                AgreementOptions("individual"),
                client=learner.full,
                learner=learner,
                start=session,
                end=end,
            ),
            ("pdf",),
        ),
        FileSpec(
            "certificate",
            _names(
                ["attestation.jpg", "IMG_0421.jpg", "photo_attestation.jpg"],
                f"Attestation_fin_formation_{learner.first}_{learner.last[0]}.jpg",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                first,
                trainee=learner,
                company=None,
                start=session,
                end=end,
                kind="attestation",
                result="objectifs atteints — projet final validé",
            ),
            ("photo",),
            note="phone photo with an EXIF orientation tag",
        ),
        FileSpec(
            "survey",
            _names(["satisfaction.csv", "retours.csv", "evaluations_septembre.csv"], "retours_formation_sept.csv"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [first.title], SurveyOptions(scale="5", respondents=9, period=(end, end + timedelta(days=12)))
            ),
            ("csv",),
            encoding="utf-8-sig",
        ),
        FileSpec(
            "positioning",
            _names(["quiz_entree.pdf", "positionnement.pdf", "Test de niveau.pdf"], "positionnement_quiz.pdf"),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, first),
            ("pdf",),
        ),
        FileSpec(
            "cv",
            _names([f"CV {founder.full}.pdf", "cv.pdf", "CV_fondateur.pdf"], f"CV_{founder.first}.pdf"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, founder, first, profile="founder"),
            ("pdf",),
        ),
        FileSpec(
            "broken",
            _names(["convention.pdf", "devis_accepte.pdf", "Contrat_signé.pdf"], "devis_signe.pdf"),
            "unknown",
            lambda s: build_training_agreement(
                ctx,
                s,
                second,
                AgreementOptions("convention"),
                client="Imprimerie Masson",
                learner=None,
                start=date(2026, 10, 5),
                end=date(2026, 10, 6),
            ),
            ("pdf",),
            damage="truncate",
            note="truncated PDF: unreadable on purpose (built as a training agreement)",
        ),
    ]
    return DossierPlan(
        "new_entrant",
        "nouvel-entrant-digital" if not fresh else slug(org.name),
        ctx,
        manifest,
        files,
        notes=[f"dossier.yaml declares SIREN {other_siren}; the NDA receipt shows {org.siren}"],
    )


# =================================================================================================
# 5. No dossier.yaml: scope must be inferred from the evidence
# =================================================================================================
def plan_no_manifest(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="Prévention Sécurité Nord Formation",
        default_place="Lille",
        patterns=["Prévention Plus {city}", "{last} Sécurité Formation", "Sécurité Travail {city}"],
        legal_forms=["SARL", "SAS"],
        domain_hint="prevention-securite-nord.fr",
        director_title="Gérant",
    )
    first = pick_training(style.fork("t1"), "securite", fresh, 1)
    second = pick_training(style.fork("t2"), "securite", fresh, 2, exclude=(first.key,))
    ctx = DossierContext(
        org=org,
        people=make_people(style.fork("people")),
        trainings=[first, second],
        reference_day=date(2026, 10, 1),
        founded=date(2014, 9, 1),
        vat_exempt=style.chance(0.5) if fresh else False,
    )
    activities = [
        Activity("a", "d", first.nsf, first.nsf_label, 180, first.hours),
        Activity("a", "d", second.nsf, second.nsf_label, 240, second.hours),
    ]
    facts = bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(2025, 1, 1),
        fiscal_end=date(2025, 12, 31),
        revenue=96450 if not fresh else style.randint(60, 140) * 1000 + style.randint(0, 999),
        product_weights={"1": 0.7, "2h": 0.25, "11": 0.05},
        activities=activities,
        internal_staff=2,
    )
    trainees, companies = _trainees(style, ctx, 8)
    session = date(2026, 3, 10)
    files = [
        FileSpec(
            "bpf",
            _names(["bpf.pdf", "BPF 2025.pdf", "Bilan 2025 DREETS.pdf"], "BPF2025.pdf"),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
        ),
        FileSpec(
            "nda",
            _names(["recepisse.pdf", "Déclaration activité.pdf", "DA.pdf"], "Récépissé.pdf"),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2014, 9, 1), registered=date(2014, 9, 22)),
            ("pdf",),
        ),
        FileSpec(
            "programme-1",
            _names([f"{first.title}.pdf", "programme_1.pdf", f"{slug(first.title)}.pdf"], "Gestes et postures.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, first, ProgrammeOptions(results="bare")),
            ("pdf2col", "pdf"),
        ),
        FileSpec(
            "programme-2",
            _names(
                [f"{second.title}.docx", "programme_2.docx", f"{slug(second.title)}.docx"],
                "Programme incendie EPI.docx",
            ),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(results="bare")),
            ("docx", "pdf"),
        ),
        FileSpec(
            "attendance",
            _names(
                ["emargement.pdf", "presence_mars.pdf", "Feuille de présence.pdf"],
                "feuille présence gestes postures mars.pdf",
            ),
            "attendance_sheet",
            lambda s: build_attendance_sheet(ctx, s, first, start=session, trainees=trainees, companies=companies),
            ("pdf",),
        ),
        FileSpec(
            "survey",
            _names(
                ["satisfaction.pdf", "Synthèse évaluations 2025.pdf", "bilan_satisfaction.pdf"],
                "Bilan satisfaction 2025.pdf",
            ),
            "satisfaction_survey",
            lambda s: build_satisfaction_summary(ctx, s, [first.title, second.title], respondents=312, sessions=41),
            ("pdf",),
        ),
        FileSpec(
            "cgv",
            _names(["CGV.pdf", "conditions.pdf", "CGV 2026.pdf"], "Conditions générales.pdf"),
            "terms_of_sale",
            lambda s: build_terms_of_sale(ctx, s, individuals=False),
            ("pdf",),
        ),
        FileSpec(
            "certificate",
            _names(
                ["attestations.pdf", "Attestation fin de formation.pdf", "attestation_mars.pdf"],
                "attestations_mars.pdf",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                first,
                trainee=trainees[1],
                company=companies[1],
                start=session,
                end=session,
                kind="attestation",
                result="objectifs atteints (mise en situation validée)",
            ),
            ("pdf",),
        ),
    ]
    return DossierPlan("no_manifest", "securite-sans-manifeste" if not fresh else slug(org.name), ctx, None, files)


# =================================================================================================
# 6. Invalid dossier.yaml: unknown category and unknown key
# =================================================================================================
def plan_invalid_manifest(style: Style, fresh: bool) -> DossierPlan:
    org = organisation(
        style,
        fresh,
        default_name="Langues Express Méditerranée",
        default_place="Marseille",
        patterns=["Lingua {city}", "Parlons Pro {city}", "{last} Langues Formation"],
        legal_forms=["SARL", "SAS"],
        domain_hint="langues-express.fr",
        director_title="Gérant",
    )
    first = pick_training(style.fork("t1"), "languages", fresh, 0)
    second = pick_training(style.fork("t2"), "languages", fresh, 1, exclude=(first.key,))
    ctx = DossierContext(
        org=org,
        people=make_people(style.fork("people")),
        trainings=[first, second],
        reference_day=date(2026, 11, 2),
        founded=date(2021, 1, 11),
        vat_exempt=True,
    )
    activities = [
        Activity("a", "d", first.nsf, first.nsf_label, 58, first.hours),
        Activity("d", "d", second.nsf, second.nsf_label, 17, second.hours),
    ]
    facts = bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(2025, 1, 1),
        fiscal_end=date(2025, 12, 31),
        revenue=131900 if not fresh else style.randint(80, 200) * 1000 + style.randint(0, 999),
        product_weights={"1": 0.4, "2e": 0.45, "9": 0.15},
        activities=activities,
        internal_staff=3,
        remote_share=0.5,
    )
    trainees, companies = _trainees(style, ctx, 6)
    siren_typo = broken_siren(org.siren)
    initials = "".join(word[0] for word in re.findall(r"[A-Za-zÀ-ÿ]+", org.name) if word[0].isupper())[:4]
    manifest = (
        f"dossier_id: {initials}-2026-{style.randint(1, 99) if fresh else 7:02d}\n"
        f'organization:\n  name: "{org.name}"\n  siren: "{siren_typo}"\n  nda: "{org.nda}"\n'
        f"categories: [AF, FOAD]\n"
        f"certifiant: non\n"
        f"audit_date: 2027-01-20\n"
    )
    files = [
        FileSpec(
            "bpf",
            _names(["bpf_2025.pdf", "BPF.pdf", "Cerfa BPF 2025.pdf"], "BPF 2025.pdf"),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
        ),
        FileSpec(
            "nda",
            _names(["recepisse_prefecture.pdf", "NDA récépissé.pdf", "recepisse.pdf"], "NDA.pdf"),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=date(2021, 1, 11), registered=date(2021, 2, 3)),
            ("pdf",),
        ),
        FileSpec(
            "programme-1",
            _names(
                [f"{first.title}.pdf", "programme_langue_1.pdf", "fiche_1.pdf"], "Programme Anglais professionnel.pdf"
            ),
            "programme",
            lambda s: build_programme(ctx, s, first, ProgrammeOptions(remote_modules="tracked")),
            ("pdf", "docx"),
        ),
        FileSpec(
            "programme-2",
            _names([f"{second.title}.pdf", "programme_langue_2.pdf", "fiche_2.pdf"], "Programme espagnol.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(omit=frozenset({"access_delay"}))),
            ("pdf2col", "pdf"),
            note="lacks access_delay",
        ),
        FileSpec(
            "positioning",
            _names(["test_niveau.pdf", "Positionnement langues.pdf", "test_entree.pdf"], "test_niveau_anglais.pdf"),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, first),
            ("pdf",),
        ),
        FileSpec(
            "survey",
            _names(
                ["avis.xlsx", "Satisfaction 2025.xlsx", "resultats_questionnaires.xlsx"], "avis_stagiaires_2025.xlsx"
            ),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [first.title, second.title], SurveyOptions(scale="labels", respondents=27)
            ),
            ("xlsx", "csv"),
            encoding="utf-8-sig",
        ),
        FileSpec(
            "attendance",
            _names(
                ["emargement.pdf", "presences_janvier.pdf", "Emargement anglais.pdf"], "emargement_anglais_janvier.pdf"
            ),
            "attendance_sheet",
            lambda s: build_attendance_sheet(
                ctx, s, first, start=date(2026, 1, 12), trainees=trainees, companies=companies, days=2
            ),
            ("pdf",),
        ),
        FileSpec(
            "cgv",
            _names(["conditions_generales_vente.docx", "CGV 2026.docx", "cgv.docx"], "CGV.docx"),
            "terms_of_sale",
            lambda s: build_terms_of_sale(ctx, s),
            ("docx",),
        ),
        FileSpec(
            "rules",
            _names(["RI.pdf", "reglement.pdf", "Règlement intérieur stagiaires.pdf"], "Règlement intérieur.pdf"),
            "internal_rules",
            lambda s: build_internal_rules(ctx, s, RulesOptions(violence_procedure=True)),
            ("pdf",),
        ),
    ]
    return DossierPlan(
        "invalid_manifest",
        "langues-manifeste-invalide" if not fresh else slug(org.name),
        ctx,
        manifest,
        files,
        notes=[
            f"dossier.yaml: unknown category FOAD, unknown key certifiant, SIREN "
            f"typo {siren_typo} (Luhn-invalid; the organisation's SIREN is {org.siren})"
        ],
    )


# =================================================================================================
# The certification cycle: surveillance, renewal and extension dossiers of certified organisations
# =================================================================================================
@dataclass(frozen=True)
class QualityEvidence:
    """The quality documents most dossiers hold, and the options that decide what they evidence."""

    rules: RulesOptions
    booklet: BookletOptions
    watch_exploited: bool = True
    risk_analysis: bool = True


QUALITY_NAMES: dict[str, tuple[str, ...]] = {
    "cgv": ("CGV.docx", "Conditions générales de vente.docx", "cgv_2026.docx", "CGV formations.pdf"),
    "rules": ("Règlement intérieur.pdf", "reglement_interieur.pdf", "RI stagiaires.pdf", "Règlement 2026.pdf"),
    "booklet": ("Livret d'accueil.pdf", "livret_accueil_stagiaire.pdf", "Bienvenue.pdf", "Livret stagiaire 2026.pdf"),
    "watch": ("Qualité/Veille.xlsx", "tableau_veille.xlsx", "Qualité/registre_veille.xlsx", "veille_2026.xlsx"),
    "complaints": (
        "Qualité/Procédure réclamations.pdf",
        "reclamations.pdf",
        "Qualité/PR-QUA-03.pdf",
        "Gestion des réclamations.pdf",
    ),
    "improvement": ("Qualité/Plan d'amélioration.pdf", "plan_actions_qualite.pdf", "Qualité/PAC.pdf", "PAQ 2026.pdf"),
    "positioning": ("Test de positionnement.docx", "positionnement.docx", "questionnaire_amont.docx", "quiz_entree.docx"),
}


def quality_files(
    ctx: DossierContext, evidence: QualityEvidence, defaults: dict[str, str], skip: tuple[str, ...] = ()
) -> list[FileSpec]:
    """CGV, internal rules, welcome booklet, watch log, complaints procedure, improvement plan, positioning
    test; `defaults` renames a file of the default variant, `skip` leaves a document to the dossier."""
    names = {key: (defaults.get(key, pool[0]), *pool[1:]) for key, pool in QUALITY_NAMES.items()}
    specs = [
        FileSpec("cgv", names["cgv"], "terms_of_sale", lambda s: build_terms_of_sale(ctx, s), ("docx", "pdf")),
        FileSpec(
            "rules", names["rules"], "internal_rules", lambda s: build_internal_rules(ctx, s, evidence.rules), ("pdf",)
        ),
        FileSpec(
            "booklet",
            names["booklet"],
            "welcome_booklet",
            lambda s: build_welcome_booklet(ctx, s, evidence.booklet),
            ("pdf",),
        ),
        FileSpec(
            "watch",
            names["watch"],
            "watch_log",
            lambda s: build_watch_workbook(ctx, s, exploited=evidence.watch_exploited),
            ("xlsx",),
        ),
        FileSpec(
            "complaints",
            names["complaints"],
            "complaints_procedure",
            lambda s: build_complaints_procedure(ctx, s),
            ("pdf", "docx"),
        ),
        FileSpec(
            "improvement",
            names["improvement"],
            "improvement_plan",
            lambda s: build_improvement_plan(ctx, s, risk_analysis=evidence.risk_analysis),
            ("pdf", "docx"),
        ),
        FileSpec(
            "positioning",
            names["positioning"],
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, ctx.trainings[0]),
            ("docx", "pdf"),
        ),
    ]
    return [spec for spec in specs if spec.key not in skip]


def certificate_file(ctx: DossierContext, facts: CertificateFacts, default: str, formats: tuple[str, ...]) -> FileSpec:
    return FileSpec(
        "qualiopi-certificate",
        _names(["certificat-qualiopi.pdf", "Certificat Qualiopi.pdf", "Qualité/certificat_RNQ.pdf"], default),
        "qualiopi_certificate",
        lambda s: build_qualiopi_certificate(ctx, s, facts),
        formats,
    )


@dataclass(frozen=True)
class Delivered:
    """One completed session: its agreement, attendance sheet and end-of-training attestation."""

    training: Training
    start: date
    client: str
    trainees: list[Person]
    companies: list[str]
    result: str


def delivery_files(ctx: DossierContext, done: Delivered, folder: str, formats: dict[str, tuple[str, ...]]) -> list[FileSpec]:
    """`formats` per key (agreement, attendance, certificate): how this dossier's organisation files them."""
    training = done.training
    end = session_days(done.start, training.days or 1)[-1]
    month = f"{done.start.year}-{done.start.month:02d}"
    return [
        FileSpec(
            "agreement",
            _names(
                [f"{folder}/convention_{slug(done.client)}.pdf", "convention signée.pdf", f"{folder}/CONV-{month}.pdf"],
                f"{folder}/Convention {done.client} {month}.pdf",
            ),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx, s, training, AgreementOptions("convention"), client=done.client, learner=None, start=done.start, end=end
            ),
            formats["agreement"],
        ),
        FileSpec(
            "attendance",
            _names(
                [f"{folder}/emargement.pdf", f"emargement_{month}.pdf", f"{folder}/Feuille de présence.pdf"],
                f"{folder}/Émargement {month}.pdf",
            ),
            "attendance_sheet",
            lambda s: build_attendance_sheet(
                ctx, s, training, start=done.start, trainees=done.trainees, companies=done.companies
            ),
            formats["attendance"],
        ),
        FileSpec(
            "certificate",
            _names(
                [f"{folder}/attestation.pdf", f"attestation_fin_formation_{month}.pdf", f"{folder}/Scan_0007.pdf"],
                f"{folder}/Attestation {done.trainees[0].last} {month}.pdf",
            ),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx,
                s,
                training,
                trainee=done.trainees[0],
                company=done.companies[0],
                start=done.start,
                end=end,
                kind="attestation",
                result=done.result,
            ),
            formats["certificate"],
        ),
    ]


def identity_files(
    ctx: DossierContext, facts: BpfFacts, *, received: date, registered: date, nda_formats: tuple[str, ...]
) -> list[FileSpec]:
    year = facts.fiscal_end.year
    return [
        FileSpec(
            "bpf",
            _names([f"bpf_{year}.pdf", f"BPF-{year}-cerfa10443.pdf", f"Bilan pédagogique {year}.pdf"], f"BPF {year}.pdf"),
            "bpf",
            lambda s: build_bpf(ctx, s, facts),
            ("pdf",),
        ),
        FileSpec(
            "nda",
            _names(["recepisse_nda.pdf", "Récépissé DREETS.pdf", "NDA.pdf"], "Récépissé déclaration d'activité.pdf"),
            "nda_receipt",
            lambda s: build_nda_receipt(ctx, s, received=received, registered=registered),
            nda_formats,
        ),
    ]


def _manifest(org: Organisation, facts: BpfFacts, categories: list[str], audit_date: date, **more: Any) -> dict:
    return {
        "organization": {"name": org.name, "siren": org.siren, "nda": org.nda},
        "categories": categories,
        "certifying": False,
        "alternance": False,
        "new_entrant": False,
        "declared_revenue_eur": facts.total_products,
        "subcontracting": False,
        "audit_date": audit_date,
        **more,
    }


def two_offers_context(
    style: Style,
    fresh: bool,
    org: Organisation,
    pool: str,
    indices: tuple[int, int],
    *,
    reference_day: date,
    founded: date,
    vat_exempt: bool,
) -> DossierContext:
    """An organisation selling two offers of a catalogue pool (the default variant: entries `indices`)."""
    first = pick_training(style.fork("t1"), pool, fresh, indices[0])
    second = pick_training(style.fork("t2"), pool, fresh, indices[1], exclude=(first.key,))
    return DossierContext(
        org=org,
        people=make_people(style.fork("people")),
        trainings=[first, second],
        reference_day=reference_day,
        founded=founded,
        vat_exempt=style.chance(0.5) if fresh else vat_exempt,
    )


def calendar_year_bpf(
    style: Style,
    fresh: bool,
    ctx: DossierContext,
    trainees: list[tuple[str, int]],
    *,
    revenue: int,
    fresh_thousands: tuple[int, int],
    weights: dict[str, float],
    staff: int,
    remote_share: float = 0.0,
) -> BpfFacts:
    """The BPF of the calendar year 2025: per offer of `ctx`, its F-1 line and number of trainees (F-3 d, other
    trainings); a fresh variant draws its revenue within `fresh_thousands`."""
    activities = [
        Activity(line, "d", offer.nsf, offer.nsf_label, count, offer.hours)
        for offer, (line, count) in zip(ctx.trainings, trainees)
    ]
    return bpf_facts(
        style.fork("bpf-facts"),
        fiscal_start=date(2025, 1, 1),
        fiscal_end=date(2025, 12, 31),
        revenue=revenue if not fresh else style.randint(*fresh_thousands) * 1000 + style.randint(0, 999),
        product_weights=weights,
        activities=activities,
        internal_staff=staff,
        remote_share=remote_share,
    )


def plan_surveillance(style: Style, fresh: bool) -> DossierPlan:
    """Surveillance audit of an organisation certified as a new entrant: its activity was declared less than
    a year before the certificate took effect, so every applicable indicator is reviewed for implementation."""
    org = organisation(
        style,
        fresh,
        default_name="Compétences Web Occitanie",
        default_place="Toulouse",
        patterns=["{city} Web Formation", "Numérique & Compétences {city}", "{last} Digital Formation"],
        legal_forms=["SAS", "SASU", "SARL"],
        domain_hint="competences-web-occitanie.fr",
    )
    ctx = two_offers_context(
        style, fresh, org, "digital", (2, 3), reference_day=date(2026, 11, 25), founded=date(2024, 9, 16), vat_exempt=False
    )
    first, second = ctx.trainings
    facts = calendar_year_bpf(
        style,
        fresh,
        ctx,
        [("a", 46), ("d", 15)],
        revenue=71480,
        fresh_thousands=(45, 140),
        weights={"1": 0.55, "2h": 0.3, "9": 0.15},
        staff=2,
        remote_share=0.3,
    )
    certificate = certificate_facts(style.fork("certificate"), valid_from=date(2025, 6, 23), categories=("AF",))
    trainees, companies = _trainees(style, ctx, 6)
    done = Delivered(first, date(2026, 10, 5), companies[0], trainees, companies, "objectifs atteints (site réalisé en atelier)")
    manifest = _manifest(org, facts, ["AF"], date(2026, 12, 9), audit_type="surveillance")
    evidence = QualityEvidence(
        RulesOptions(violence_procedure=True),
        BookletOptions(violence_contact=True, certificate_number=certificate.number),
        watch_exploited=False,
        risk_analysis=False,
    )
    trainer = ctx.people.trainers[0]
    # The initial audit's report: one minor NC the dossier now corrects (2: results published with their
    # calculation method), one it does not (23: the watch log is still not exploited).
    findings = (
        AuditFinding(2, "minor", "Taux de satisfaction publié sans indication de son mode de calcul."),
        AuditFinding(23, "minor", "Informations légales et réglementaires recensées sans suite donnée."),
    )
    files = [
        *identity_files(ctx, facts, received=date(2024, 9, 16), registered=date(2024, 10, 8), nda_formats=("scan", "pdf")),
        certificate_file(ctx, certificate, "Certificat Qualiopi 2025.pdf", ("pdf", "scan")),
        FileSpec(
            "audit-report",
            _names(
                ["rapport_audit_initial.pdf", "Qualité/RA-initial.pdf", "audit_2025.pdf"],
                "Qualité/Rapport d'audit initial.pdf",
            ),
            "unknown",
            lambda s: build_audit_report(ctx, s, certificate, date(2025, 5, 20), findings),
            ("pdf",),
        ),
        FileSpec(
            "programme-1",
            _names([f"programme_{first.key}.pdf", f"{first.title}.pdf", "fiche_1.pdf"], f"Programme {first.title}.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, first, ProgrammeOptions()),
            ("pdf", "docx"),
        ),
        FileSpec(
            "programme-2",
            _names([f"programme_{second.key}.docx", f"{second.title}.docx", "fiche_2.docx"], f"Fiche {second.key}.docx"),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(remote_modules="tracked")),
            ("docx", "pdf2col"),
        ),
        *delivery_files(
            ctx,
            done,
            "Sessions",
            {"agreement": ("pdf",), "attendance": ("pdf", "scan"), "certificate": ("pdf", "scan", "photo")},
        ),
        FileSpec(
            "cv",
            _names([f"CV {trainer.full}.pdf", "cv_formateur.pdf", "Équipe/CV.pdf"], f"Équipe/CV {trainer.last}.pdf"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, trainer, first),
            ("pdf", "docx"),
        ),
        FileSpec(
            "survey",
            _names(["Qualité/satisfaction.csv", "questionnaires_2026.csv", "export_avis.csv"], "Qualité/avis_stagiaires.csv"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(ctx, s, [first.title, second.title], SurveyOptions(respondents=29)),
            ("csv", "xlsx"),
            encoding="utf-8",
        ),
        *quality_files(ctx, evidence, {"watch": "Qualité/veille_2026.xlsx"}),
    ]
    return DossierPlan(
        "surveillance",
        "surveillance-ancien-entrant" if not fresh else slug(org.name),
        ctx,
        manifest,
        files,
        notes=[
            f"Activity declared on {ctx.founded.isoformat()}, certificate from {certificate.valid_from.isoformat()}: "
            "certified as a new entrant (less than a year of activity).",
            f"Audit date {manifest['audit_date'].isoformat()} in the surveillance window of the certificate.",
            "The initial audit's report lists a minor NC on indicator 2 (covered now: lifted) and one on 23 (still"
            " partial: not lifted, requalified as major).",
        ],
        previous_findings=findings,
    )


def plan_renewal(style: Style, fresh: bool) -> DossierPlan:
    """Renewal audit, type left to the evidence: a certificate near its expiry and sessions delivered after the
    surveillance window; no `audit_type` in dossier.yaml."""
    org = organisation(
        style,
        fresh,
        default_name="Cap Vente Formation",
        default_place="Rennes",
        patterns=["{city} Vente Formation", "{last} Commerce & Formation", "Académie Commerciale {city}"],
        legal_forms=["SARL", "SAS"],
        domain_hint="cap-vente-formation.fr",
        director_title="Gérant",
    )
    ctx = two_offers_context(
        style, fresh, org, "management", (3, 2), reference_day=date(2026, 11, 12), founded=date(2016, 4, 4), vat_exempt=True
    )
    first, second = ctx.trainings
    facts = calendar_year_bpf(
        style,
        fresh,
        ctx,
        [("a", 118), ("a", 74)],
        revenue=214600,
        fresh_thousands=(150, 480),
        weights={"1": 0.62, "2h": 0.28, "9": 0.1},
        staff=3,
    )
    certificate = certificate_facts(
        style.fork("certificate"), valid_from=date(2024, 2, 15), categories=("AF",), first_issued=date(2021, 2, 15)
    )
    trainees, companies = _trainees(style, ctx, 8)
    done = Delivered(first, date(2026, 9, 14), companies[0], trainees, companies, "objectifs atteints (jeu de rôle final évalué)")
    manifest = _manifest(org, facts, ["AF"], date(2026, 11, 24))
    evidence = QualityEvidence(RulesOptions(), BookletOptions(certificate_number=certificate.number))
    trainer = ctx.people.trainers[0]
    files = [
        *identity_files(ctx, facts, received=date(2016, 4, 4), registered=date(2016, 4, 27), nda_formats=("pdf",)),
        certificate_file(ctx, certificate, "Qualité/Certificat Qualiopi.pdf", ("scan", "pdf")),
        FileSpec(
            "programme-1",
            _names([f"{first.title}.pdf", "programme_1.pdf", f"fiche-{slug(first.title)[:30]}.pdf"], "Programme négociation.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, first, ProgrammeOptions(results="bare")),
            ("pdf2col", "pdf"),
        ),
        FileSpec(
            "programme-2",
            _names([f"{second.title}.pdf", "programme_2.pdf", f"fiche-{slug(second.title)[:30]}.pdf"], "Programme prise de parole.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, second, ProgrammeOptions(results="bare", remote_modules="tracked")),
            ("pdf", "docx"),
        ),
        *delivery_files(
            ctx,
            done,
            "Sessions 2026",
            {"agreement": ("pdf", "docx"), "attendance": ("pdf", "scan"), "certificate": ("pdf", "scan")},
        ),
        FileSpec(
            "cv",
            _names([f"CV_{trainer.last}.docx", "cv_formateur.docx", "Équipe/CV.docx"], f"CV {trainer.full}.docx"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, trainer, first),
            ("docx", "pdf"),
        ),
        FileSpec(
            "survey",
            _names(["satisfaction.xlsx", "Qualité/questionnaires.xlsx", "avis_2026.xlsx"], "Qualité/Questionnaires à chaud 2026.xlsx"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [first.title, second.title], SurveyOptions(scale="labels", respondents=41)
            ),
            ("xlsx", "csv"),
            encoding="utf-8-sig",
        ),
        *quality_files(ctx, evidence, {"cgv": "CGV 2026.docx"}),
    ]
    return DossierPlan(
        "renewal",
        "renouvellement-vente" if not fresh else slug(org.name),
        ctx,
        manifest,
        files,
        notes=[
            f"Certificate valid {certificate.valid_from.isoformat()} – {certificate.valid_until.isoformat()} (second "
            f"cycle, first issued {certificate.first_issued.isoformat()}); no audit_type declared: renewal follows "
            "from the audit date, after the surveillance window and before expiry.",
        ],
    )


def plan_extension(style: Style, fresh: bool) -> DossierPlan:
    """Extension audit: a certified AF organisation adds bilans de compétences, one bilan already completed."""
    org = organisation(
        style,
        fresh,
        default_name="Horizon Compétences Bourgogne",
        default_place="Dijon",
        patterns=["Horizon Compétences {city}", "{last} Évolution Pro", "Parcours Conseil {city}"],
        legal_forms=["SARL", "SAS", "EURL"],
        domain_hint="horizon-competences.fr",
        director_title="Directeur",
    )
    first = pick_training(style.fork("t1"), "management", fresh, 1)
    bilan = Training.from_catalogue(BILAN, "Bilan de compétences")
    people = make_people(style.fork("people"))
    ctx = DossierContext(
        org=org,
        people=people,
        trainings=[first, bilan],
        reference_day=date(2026, 11, 30),
        founded=date(2018, 6, 4),
        vat_exempt=True,
    )
    facts = calendar_year_bpf(
        style,
        fresh,
        ctx,
        [("a", 132)],
        revenue=128350,
        fresh_thousands=(80, 300),
        weights={"1": 0.6, "2h": 0.3, "9": 0.1},
        staff=3,
    )
    certificate = certificate_facts(style.fork("certificate"), valid_from=date(2025, 3, 10), categories=("AF",))
    trainees, companies = _trainees(style, ctx, 7)
    done = Delivered(first, date(2026, 10, 12), companies[0], trainees, companies, "objectifs atteints (plan d'action personnel validé)")
    beneficiary = distinct_people(style.fork("beneficiary"), 1, avoid=staff(ctx) + trainees)[0]
    psychologist, trainer = people.trainers[1], people.trainers[0]
    bilan_start, bilan_end = date(2026, 6, 8), date(2026, 7, 17)
    manifest = _manifest(
        org, facts, ["AF", "BC"], date(2026, 12, 14), audit_type="extension", extension_categories=["BC"]
    )
    evidence = QualityEvidence(
        RulesOptions(violence_procedure=True),
        BookletOptions(violence_contact=True, certificate_number=certificate.number),
    )
    files = [
        *identity_files(ctx, facts, received=date(2018, 6, 4), registered=date(2018, 6, 26), nda_formats=("pdf",)),
        certificate_file(ctx, certificate, "Certificat Qualiopi AF.pdf", ("pdf",)),
        FileSpec(
            "programme-1",
            _names([f"{first.title}.pdf", "programme_formation.pdf", f"fiche-{slug(first.title)[:30]}.pdf"], "Programme gestion du temps.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, first, ProgrammeOptions(remote_modules="tracked")),
            ("pdf", "docx"),
        ),
        FileSpec(
            "programme-bc",
            _names(["bilan_competences.pdf", "Offre bilan de compétences.pdf", "Programme BC.pdf"], "Programme bilan de compétences.pdf"),
            "programme",
            lambda s: build_programme(ctx, s, bilan, ProgrammeOptions(bilan=True, omit=frozenset({"access_delay"}))),
            ("pdf", "docx"),
            note="lacks access_delay",
        ),
        *delivery_files(
            ctx, done, "Formations", {"agreement": ("pdf",), "attendance": ("pdf", "scan"), "certificate": ("pdf", "photo")}
        ),
        FileSpec(
            "bc-agreement",
            _names(["Bilans/convention_bilan.pdf", "Convention tripartite BC.pdf", "Bilans/conv_bc_2026.pdf"], f"Bilans/Convention bilan {beneficiary.last}.pdf"),
            "training_agreement",
            lambda s: build_training_agreement(
                ctx, s, bilan, AgreementOptions("bilan"), client=companies[1], learner=beneficiary, start=bilan_start, end=bilan_end
            ),
            ("pdf",),
        ),
        FileSpec(
            "bc-certificate",
            _names(["Bilans/certificat_realisation.pdf", "CR bilan.pdf", "Bilans/Scan_0012.pdf"], f"Bilans/Certificat de réalisation {beneficiary.last}.pdf"),
            "completion_certificate",
            lambda s: build_completion_certificate(
                ctx, s, bilan, trainee=beneficiary, company=companies[1], start=bilan_start, end=bilan_end, nature="BC"
            ),
            ("scan", "pdf"),
            note="the completed service in the added category",
        ),
        FileSpec(
            "bc-positioning",
            _names(["Bilans/grille_entretien.pdf", "Analyse de la demande.pdf", "Bilans/phase_preliminaire.pdf"], "Bilans/Entretien préliminaire.pdf"),
            "positioning_test",
            lambda s: build_positioning_test(ctx, s, bilan, kind="bilan"),
            ("pdf",),
        ),
        FileSpec(
            "cv",
            _names([f"CV {trainer.full}.pdf", "cv_formateur.pdf", "Équipe/CV_formateur.pdf"], f"Équipe/CV {trainer.full}.pdf"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, trainer, first),
            ("pdf",),
        ),
        FileSpec(
            "cv-bc",
            _names([f"CV {psychologist.full}.pdf", "cv_consultant.pdf", "Équipe/CV_psychologue.pdf"], f"Équipe/CV {psychologist.full}.pdf"),
            "trainer_cv",
            lambda s: build_trainer_cv(ctx, s, psychologist, bilan, profile="psychologist"),
            ("pdf", "docx"),
        ),
        FileSpec(
            "survey",
            _names(["satisfaction_formations.csv", "Qualité/avis.csv", "questionnaires.csv"], "Qualité/satisfaction formations 2026.csv"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(ctx, s, [first.title], SurveyOptions(scale="5", respondents=33)),
            ("csv",),
            encoding="cp1252",
        ),
        FileSpec(
            "survey-bc",
            _names(["Bilans/satisfaction_bilans.xlsx", "enquete_bilans.xlsx", "Bilans/questionnaires_bc.xlsx"], "Bilans/Satisfaction bilans 2026.xlsx"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx,
                s,
                [bilan.title],
                SurveyOptions(scale="10", respondents=2, bilan=True, period=(bilan_end, ctx.reference_day)),
            ),
            ("xlsx",),
            note="end-of-bilan answers only: the first bilans' 6-month follow-up is not due yet",
        ),
        *quality_files(ctx, evidence, {"booklet": "Livret d'accueil 2026.pdf"}),
    ]
    return DossierPlan(
        "extension",
        "extension-bilans" if not fresh else slug(org.name),
        ctx,
        manifest,
        files,
        notes=[
            "Certificate for AF only; dossier.yaml adds BC (extension_categories) and one bilan was completed in "
            f"{bilan_end.year} (certificat de réalisation, nature BC)."
        ],
    )


def plan_foreign(style: Style, fresh: bool) -> DossierPlan:
    """Initial audit of a UK company applying through a French representative (art. R. 6351-3): French documents
    under the representative's SIREN and NDA, English ones under the company's name, and the mandate."""
    representative = organisation(
        style,
        fresh,
        default_name="Relais Formation International",
        default_place="Paris",
        patterns=["Relais Formation {city}", "{last} Représentation Formation", "Passerelle Formation {city}"],
        legal_forms=["SAS", "SARL"],
        domain_hint="relais-formation-international.fr",
    )
    english = pick_training(style.fork("t1"), "english", fresh, 0)
    french = pick_training(style.fork("t2"), "management", fresh, 2)
    people = make_people(style.fork("people"))
    ctx = DossierContext(
        org=representative,
        people=people,
        trainings=[english, french],
        reference_day=date(2026, 12, 1),
        founded=date(2022, 5, 9),
        vat_exempt=False,
    )
    foreign = foreign_organisation(
        style.fork("foreign"),
        name="Northbridge Learning Ltd" if not fresh else style.pick(["Harbourside Training Ltd", "Kestrel Skills Ltd"]),
        director=Person(style.pick(["Oliver", "Emma"]), style.pick(["Hughes", "Clarke", "Walsh"])),
        email_domain="northbridge-learning.co.uk" if not fresh else style.pick(["harbourside.co.uk", "kestrelskills.co.uk"]),
    )
    facts = calendar_year_bpf(
        style,
        fresh,
        ctx,
        [("a", 64), ("a", 38)],
        revenue=163900,
        fresh_thousands=(150, 400),
        weights={"1": 0.8, "2h": 0.2},
        staff=2,
    )
    trainees, companies = _trainees(style, ctx, 6)
    done = Delivered(english, date(2026, 9, 21), companies[0], trainees, companies, "objectifs atteints (quiz final : 16/20)")
    manifest = {
        **_manifest(representative, facts, ["AF"], date(2027, 1, 12)),
        "organization": {"name": foreign.name, "siren": representative.siren, "nda": representative.nda},
        "foreign": True,
        "representative": {"name": representative.name, "siren": representative.siren, "nda": representative.nda},
    }
    evidence = QualityEvidence(
        RulesOptions(violence_procedure=True), BookletOptions(violence_contact=True, qualiopi_certified=False)
    )
    trainer = people.trainers[0]
    brand = short_name(foreign.name)
    files = [
        *identity_files(ctx, facts, received=date(2022, 5, 9), registered=date(2022, 6, 2), nda_formats=("pdf",)),
        FileSpec(
            "mandate",
            _names(["mandat_representation.pdf", "Representation agreement.pdf", "Mandat R6351-3.pdf"], f"Mandat de représentation {brand}.pdf"),
            "unknown",
            lambda s: build_representation_mandate(ctx, s, foreign, signed=date(2022, 4, 25), bilingual=s.chance(0.5)),
            ("pdf", "scan"),
            note="representation mandate (art. R. 6351-3): no contract doc_type fits; the evidence of representative_in_france",
        ),
        FileSpec(
            "programme-en",
            _names([f"{english.title}.pdf", "course_outline.pdf", f"{slug(english.title)}.pdf"], f"Course outline - {english.title}.pdf"),
            "programme",
            lambda s: build_programme_en(ctx, s, english, foreign),
            ("pdf",),
            note="in English",
        ),
        FileSpec(
            "programme-fr",
            _names([f"{french.title}.pdf", "programme_fr.pdf", f"fiche-{slug(french.title)[:30]}.pdf"], "Programme prise de parole (FR).pdf"),
            "programme",
            lambda s: build_programme(ctx, s, french, ProgrammeOptions(remote_modules="tracked")),
            ("pdf2col", "pdf"),
        ),
        *delivery_files(
            ctx, done, "Sessions", {"agreement": ("pdf",), "attendance": ("pdf", "photo"), "certificate": ("pdf", "scan")}
        ),
        FileSpec(
            "cv-en",
            _names([f"CV {trainer.full}.pdf", "trainer_cv.pdf", f"Team/CV_{trainer.last}.pdf"], f"Team/CV {trainer.full}.docx"),
            "trainer_cv",
            lambda s: build_trainer_cv_en(ctx, s, trainer, english, foreign),
            ("docx", "pdf"),
            note="in English",
        ),
        FileSpec(
            "complaints-en",
            _names(["Quality/complaints_procedure.pdf", "Complaints.pdf", "Quality/QP-03.pdf"], "Quality/Complaints procedure.pdf"),
            "complaints_procedure",
            lambda s: build_complaints_procedure_en(ctx, s, foreign),
            ("pdf", "docx"),
            note="in English",
        ),
        FileSpec(
            "survey-en",
            _names(["Quality/feedback.xlsx", "course_evaluations.xlsx", "Quality/survey_2026.xlsx"], "Quality/End-of-course feedback 2026.xlsx"),
            "satisfaction_survey",
            lambda s: build_satisfaction_workbook(
                ctx, s, [english.title, french.title], SurveyOptions(scale="labels", respondents=26, english=True)
            ),
            ("xlsx",),
            note="in English (Very satisfied … Very dissatisfied)",
        ),
        *quality_files(ctx, evidence, {"cgv": "CGV France.docx"}, skip=("complaints",)),
    ]
    return DossierPlan(
        "foreign",
        "organisme-etranger-represente" if not fresh else slug(foreign.name),
        ctx,
        manifest,
        files,
        notes=[
            f"{foreign.name} ({foreign.registration}, VAT {foreign.vat}) applies through {representative.name}, whose "
            "SIREN and NDA the French documents carry; identity follows the representative."
        ],
        foreign=foreign,
    )


ARCHETYPES: dict[str, Callable[[Style, bool], DossierPlan]] = {
    "af_complete": plan_af_complete,
    "bc_certif": plan_bc_certif,
    "cfa_v9_era": plan_cfa_v9_era,
    "new_entrant": plan_new_entrant,
    "no_manifest": plan_no_manifest,
    "invalid_manifest": plan_invalid_manifest,
    "surveillance": plan_surveillance,
    "renewal": plan_renewal,
    "extension": plan_extension,
    "foreign": plan_foreign,
}
